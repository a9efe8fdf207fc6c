import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuroraCluster, AuroraClusterWiring } from "../components/auroraCluster";
import { PlatformReplicaKey } from "../components/platformReplicaKey";
import { detachFromGlobalClusterCommand } from "../lib/aurora";
import { backupTags } from "./baseline";
import { PlatformConfig } from "./config/load";
import { Foundation, stackKeyArgs } from "./foundation";
import { AccountContext } from "./providers";

/**
 * What a primary and a secondary are wired to alike: names, the account, the VPC's isolated
 * subnets and zones, the clients, the logs key; changes apply at once outside prod.
 */
function clusterWiring(
    cfg: PlatformConfig,
    account: AccountContext,
    foundation: Foundation,
    clientSecurityGroupIds: readonly pulumi.Input<string>[],
): AuroraClusterWiring {
    return {
        namePrefix: cfg.namePrefix,
        region: cfg.region,
        accountId: account.accountId,
        partition: account.partition,
        vpcId: foundation.network.vpcId,
        subnetIds: foundation.network.isolatedSubnetIds,
        availabilityZones: cfg.network.availabilityZones,
        clientSecurityGroupIds,
        logsKmsKeyArn: foundation.logsKey.keyArn,
        applyImmediately: !cfg.isProd,
        protect: cfg.protect,
        keepSecurityLogs: cfg.keepSecurityLogs,
    };
}

/**
 * The primary stack's Aurora cluster: the `database` config section as it stands, wired to the
 * stack. `clientSecurityGroupIds` are the groups allowed to connect (the app fleet's). A global
 * primary rotates its own master secret in the private subnets: they reach the Secrets Manager API
 * through NAT or an interface endpoint, the isolated ones reach nothing.
 */
export function buildPrimaryDatabase(
    cfg: PlatformConfig,
    account: AccountContext,
    provider: aws.Provider,
    foundation: Foundation,
    clientSecurityGroupIds: readonly pulumi.Input<string>[],
): AuroraCluster {
    return new AuroraCluster(
        "database",
        {
            ...cfg.database,
            ...clusterWiring(cfg, account, foundation, clientSecurityGroupIds),
            rotationSubnetIds: foundation.network.privateSubnetIds,
            backupTags: backupTags(cfg),
            // A prod-environment primary keeps a snapshot of its data when deleted, even after
            // protect: false (the runbook's teardown); dev's goes without one.
            finalSnapshot: cfg.isProd,
        },
        { provider },
    );
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
        { ...stackKeyArgs(cfg, account, "database"), primaryKeyArn: source.kmsKeyArn },
        { provider },
    );
    // The database, its master user and password are the primary's.
    const { databaseName: _name, masterUsername: _user, masterPasswordVersion: _version, ...settings } = cfg.database;
    const cluster = new AuroraCluster(
        "database",
        {
            ...settings,
            ...clusterWiring(cfg, account, foundation, clientSecurityGroupIds),
            secondary: { globalClusterIdentifier: source.globalClusterIdentifier, sourceRegion: source.region },
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
