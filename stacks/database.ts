import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuroraCluster } from "../components/auroraCluster";
import { backupTags } from "./baseline";
import { PlatformConfig } from "./config/load";
import { Foundation } from "./foundation";
import { AccountContext } from "./providers";

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
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            partition: account.partition,
            mode: { kind: "primary", global: db.globalDatabase },
            vpcId: foundation.network.vpcId,
            subnetIds: foundation.network.isolatedSubnetIds,
            availabilityZones: cfg.network.availabilityZones,
            clientSecurityGroupIds,
            engineVersion: db.engineVersion,
            minCapacityAcu: db.minCapacityAcu,
            maxCapacityAcu: db.maxCapacityAcu,
            secondsUntilAutoPause: db.secondsUntilAutoPause,
            instances: db.instances,
            databaseName: db.databaseName,
            masterUsername: db.masterUsername,
            masterPasswordVersion: db.masterPasswordVersion,
            // A global database's secondary region holds a replica of this key.
            multiRegionKey: db.globalDatabase,
            logsKmsKeyArn: foundation.logsKey.keyArn,
            logRetentionDays: db.logRetentionDays,
            backupRetentionDays: db.backupRetentionDays,
            preferredBackupWindow: db.preferredBackupWindow,
            preferredMaintenanceWindow: db.preferredMaintenanceWindow,
            performanceInsightsRetentionDays: db.performanceInsightsRetentionDays,
            monitoringIntervalSeconds: db.monitoringIntervalSeconds,
            proxy: proxyEnabled ? proxy : undefined,
            secretReplicaRegions: db.secretReplicaRegions,
            applyImmediately: !cfg.isProd,
            backupTags: backupTags(cfg),
            protect: cfg.protect,
        },
        { provider },
    );
}
