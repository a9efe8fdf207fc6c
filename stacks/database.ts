import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuroraCluster, AuroraClusterArgs, AuroraSecretRotation } from "../components/auroraCluster";
import { SECRET_ROTATION_DAYS } from "../lib/aurora";
import { PlatformReplicaKey } from "../components/platformReplicaKey";
import { detachFromGlobalClusterCommand } from "../lib/aurora";
import { backupTags } from "./baseline";
import { PlatformConfig } from "./config/load";
import { Foundation } from "./foundation";
import { AccountContext } from "./providers";

/** The cluster settings a primary and a secondary take alike, from the stack's `database` config. */
function clusterArgs(
    cfg: PlatformConfig,
    account: AccountContext,
    foundation: Foundation,
    clientSecurityGroupIds: readonly pulumi.Input<string>[],
): Omit<AuroraClusterArgs, "mode"> {
    const db = cfg.database;
    return {
        namePrefix: cfg.namePrefix,
        region: cfg.region,
        accountId: account.accountId,
        partition: account.partition,
        vpcId: foundation.network.vpcId,
        subnetIds: foundation.network.isolatedSubnetIds,
        availabilityZones: cfg.network.availabilityZones,
        clientSecurityGroupIds,
        engineVersion: db.engineVersion,
        minCapacityAcu: db.minCapacityAcu,
        maxCapacityAcu: db.maxCapacityAcu,
        instances: db.instances,
        logsKmsKeyArn: foundation.logsKey.keyArn,
        logRetentionDays: db.logRetentionDays,
        backupRetentionDays: db.backupRetentionDays,
        preferredBackupWindow: db.preferredBackupWindow,
        preferredMaintenanceWindow: db.preferredMaintenanceWindow,
        performanceInsightsRetentionDays: db.performanceInsightsRetentionDays,
        monitoringIntervalSeconds: db.monitoringIntervalSeconds,
        applyImmediately: !cfg.isProd,
        protect: cfg.protect,
    };
}

/**
 * The primary stack's Aurora cluster, from the `database` config section. `clientSecurityGroupIds`
 * are the groups allowed to connect (the app fleet's); the proxy is configured per stack.
 */
export function buildPrimaryDatabase(
    cfg: PlatformConfig,
    account: AccountContext,
    provider: aws.Provider,
    foundation: Foundation,
    clientSecurityGroupIds: readonly pulumi.Input<string>[],
): AuroraCluster {
    const db = cfg.database;
    const { enabled: proxyEnabled, ...proxy } = db.proxy;
    return new AuroraCluster(
        "database",
        {
            ...clusterArgs(cfg, account, foundation, clientSecurityGroupIds),
            mode: { kind: "primary", global: db.globalDatabase },
            secondsUntilAutoPause: db.secondsUntilAutoPause,
            databaseName: db.databaseName,
            masterUsername: db.masterUsername,
            masterPasswordVersion: db.masterPasswordVersion,
            // A global database's secondary region holds a replica of this key.
            multiRegionKey: db.globalDatabase,
            proxy: proxyEnabled ? proxy : undefined,
            secretReplicaRegions: db.secretReplicaRegions,
            secretRotation: primarySecretRotation(cfg, foundation),
            backupTags: backupTags(cfg),
        },
        { provider },
    );
}

/**
 * Rotation of a global primary's own master secret, run in the private subnets (they reach the
 * Secrets Manager API through NAT or an interface endpoint; the isolated ones reach nothing);
 * none when the cluster is not global (RDS rotates its managed secret) or config turns it off.
 */
export function primarySecretRotation(cfg: PlatformConfig, foundation: Foundation): AuroraSecretRotation | undefined {
    const db = cfg.database;
    if (!db.globalDatabase) return undefined;
    const days = db.masterSecretRotationDays ?? SECRET_ROTATION_DAYS.default;
    return days === 0 ? undefined : { afterDays: days, subnetIds: foundation.network.privateSubnetIds };
}

/** What the DR stack reads from the primary to join its global database. */
export interface GlobalDatabaseSource {
    /** Global cluster to join. */
    readonly globalClusterIdentifier: pulumi.Input<string>;
    /** The primary cluster's multi-Region key; the secondary encrypts with its replica here. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Region of the primary cluster. */
    readonly region: pulumi.Input<string>;
}

/** What `buildSecondaryDatabase` builds. */
export interface SecondaryDatabase {
    /** DR's replica of the primary's multi-Region database key. */
    readonly key: PlatformReplicaKey;
    readonly cluster: AuroraCluster;
    /** The shell command that removes this secondary from the global database and waits for it. */
    readonly detachCommand: pulumi.Output<string>;
}

/**
 * The DR stack's Aurora cluster: a secondary of the primary's global database, encrypted with a
 * replica of the primary's multi-Region key, sized for standby by DR's own `database` config
 * (readers only; no proxy and no master secret until it is promoted, see docs/dr-runbook.md).
 * The engine version comes from DR's config; the DR stack checks at deploy time that it equals the
 * primary's.
 */
export function buildSecondaryDatabase(
    cfg: PlatformConfig,
    account: AccountContext,
    provider: aws.Provider,
    foundation: Foundation,
    source: GlobalDatabaseSource,
    clientSecurityGroupIds: readonly pulumi.Input<string>[],
): SecondaryDatabase {
    const key = new PlatformReplicaKey(
        "database-key",
        {
            purpose: "database",
            namePrefix: cfg.namePrefix,
            primaryKeyArn: source.kmsKeyArn,
            accountId: account.accountId,
            partition: account.partition,
            region: cfg.region,
            protect: cfg.protect,
        },
        { provider },
    );
    const cluster = new AuroraCluster(
        "database",
        {
            ...clusterArgs(cfg, account, foundation, clientSecurityGroupIds),
            mode: { kind: "secondary", globalClusterIdentifier: source.globalClusterIdentifier, sourceRegion: source.region },
            kmsKeyArn: key.keyArn,
        },
        { provider },
    );
    // The tested first step of tearing DR down (docs/dr-runbook.md, "Tearing down").
    const detachCommand = pulumi
        .all([source.globalClusterIdentifier, cluster.clusterArn])
        .apply(([globalClusterIdentifier, clusterArn]) => detachFromGlobalClusterCommand({ region: cfg.region, globalClusterIdentifier, clusterArn }));
    return { key, cluster, detachCommand };
}
