import * as pulumi from "@pulumi/pulumi";
import { addDatabaseEventSubscriptions, addStandardAlarms } from "./alarms";
import { analyticsOutputs, buildAnalytics } from "./analytics";
import { buildAppSettings, grantDatabaseLogin, primaryDatabaseConnection, publishAppSettings } from "./appSettings";
import { appTierConfigProblems, appTierOutputs, buildAppEndpoint, buildAppTier } from "./appTier";
import { baselineOutputs, buildDashboard, buildPrimaryBaseline, primaryBaselineProblems } from "./baseline";
import { PlatformConfig } from "./config/load";
import { buildPrimaryDatabase } from "./database";
import { buildFoundation } from "./foundation";
import { buildIdentity, identityOutputs } from "./identity";
import { buildNotifications, notificationsOutputs } from "./notifications";
import { PRIMARY_EXPORTS, PrimaryDeployment } from "./outputs";
import { accountContext, regionalProvider } from "./providers";

/** Rules across config sections of a primary stack; checked before any resource is registered. */
export function primaryConfigProblems(cfg: PlatformConfig): string[] {
    // Every primary stack has a user pool (the schema requires `identity`), so the ALB may use it.
    return [...appTierConfigProblems(cfg, true), ...primaryBaselineProblems(cfg)];
}

/** A primary stack (dev, prod): serves traffic in its own region. */
export function primaryStack(cfg: PlatformConfig): Record<string, pulumi.Input<unknown>> {
    const provider = regionalProvider(cfg, cfg.region);
    const account = accountContext(provider);
    const foundation = buildFoundation(cfg, account, provider);
    const { network } = foundation;
    const analytics = buildAnalytics(cfg, account, foundation, provider);
    // Signed-in users' credentials may put usage events to the analytics stream, and nothing more there.
    const identity = buildIdentity(cfg, account, foundation, provider, { additionalPolicyArns: [analytics.producerPolicyArn] });
    const notifications = buildNotifications(cfg, foundation, provider);
    const settings = buildAppSettings(cfg, account, provider);
    // The app instances put usage events, publish notifications, work the job queue and read their settings.
    const app = buildAppTier(cfg, account, provider, foundation, {
        cognitoAuth: cfg.fleet.cognitoAuth ? identity.pool.cognitoAuth : undefined,
        additionalPolicyArns: [analytics.producerPolicyArn, notifications.publishPolicyArn, notifications.workerPolicyArn],
        settings,
    });
    // Only the app instances (and the proxy) reach the database.
    const database = buildPrimaryDatabase(cfg, account, provider, foundation, [app.fleet.instanceSecurityGroupId]);
    const connection = primaryDatabaseConnection(cfg, database);
    grantDatabaseLogin(cfg, account, provider, app.fleet, connection);
    publishAppSettings(settings, {
        database: connection,
        notifications,
        analytics,
        userPoolId: identity.pool.userPoolId,
        identityPoolId: identity.pool.identityPoolId,
        userDataTableName: identity.userData.tableName,
        userUploadsBucketName: identity.userData.uploadsBucketName,
        metricNamespace: app.fleet.metricNamespace,
    });
    const baseline = buildPrimaryBaseline(cfg, account, provider, foundation);
    const endpoint = buildAppEndpoint(cfg, provider, app.fleet);
    addStandardAlarms(cfg, baseline.operations, { app, database, notifications, analytics, endpoint });
    addDatabaseEventSubscriptions(cfg, baseline.operations, database);

    // Built last: it shows what the stack built, alarms included.
    const dashboard = buildDashboard(cfg, foundation, baseline, provider);

    return {
        [PRIMARY_EXPORTS.region]: cfg.region,
        [PRIMARY_EXPORTS.vpcCidr]: network.cidrBlock,
        [PRIMARY_EXPORTS.namePrefix]: cfg.namePrefix,
        [PRIMARY_EXPORTS.dataKeyArn]: foundation.dataKey.keyArn,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        isolatedSubnetIds: network.isolatedSubnetIds,
        databaseWriterEndpoint: database.writerEndpoint,
        databaseReaderEndpoint: database.readerEndpoint,
        databasePort: database.port,
        ...(cfg.database.proxy.enabled ? { databaseProxyEndpoint: database.proxyEndpoint } : {}),
        ...(cfg.database.proxy.enabled && cfg.database.instances > 1
            ? { databaseProxyReadOnlyEndpoint: database.proxyReadOnlyEndpoint }
            : {}),
        // Always exported: on prod it is the secret (replicated to the DR region) that DR reads.
        [PRIMARY_EXPORTS.databaseSecretArn]: database.secretArn,
        [PRIMARY_EXPORTS.databaseSecretReplicaRegions]: cfg.database.secretReplicaRegions,
        databaseSecurityGroupId: database.securityGroupId,
        databaseClusterIdentifier: database.clusterIdentifier,
        // What a DR stack needs to join the global database; only a global primary (prod) has them.
        ...(cfg.database.globalDatabase
            ? {
                  [PRIMARY_EXPORTS.databaseGlobalClusterId]: database.globalClusterIdentifier,
                  [PRIMARY_EXPORTS.databaseEngineVersion]: database.engineVersion,
                  [PRIMARY_EXPORTS.databaseKmsKeyArn]: database.kmsKeyArn,
                  [PRIMARY_EXPORTS.databaseClusterArn]: database.clusterArn,
                  // Follows the writer to the DR region on switchover or failover; for operators and
                  // clients that reach both regions (DR's apps use DR's own cluster: no peering).
                  // Not one of PRIMARY_EXPORTS: the DR stack does not read it.
                  databaseGlobalWriterEndpoint: database.globalWriterEndpoint,
              }
            : {}),
        ...analyticsOutputs(analytics),
        ...appTierOutputs(app),
        appUrl: `https://${endpoint.fqdn}`,
        // The failover pair's PRIMARY half and the fleet size DR takes over with (prod).
        ...(endpoint.healthCheckId ? { [PRIMARY_EXPORTS.appHealthCheckId]: endpoint.healthCheckId } : {}),
        [PRIMARY_EXPORTS.fleetCapacity]: { minSize: cfg.fleet.minSize, maxSize: cfg.fleet.maxSize, desiredCapacity: cfg.fleet.desiredCapacity },
        // The account and role DR's primary-region provider must act as.
        [PRIMARY_EXPORTS.deployment]: account.accountId.apply(
            (accountId): PrimaryDeployment => ({
                accountId,
                ...(cfg.deployment?.assumeRoleArn !== undefined ? { assumeRoleArn: cfg.deployment.assumeRoleArn } : {}),
                ...(cfg.deployment?.externalId !== undefined ? { externalId: cfg.deployment.externalId } : {}),
            }),
        ),
        ...baselineOutputs(baseline, dashboard),
        ...identityOutputs(identity),
        ...notificationsOutputs(notifications),
    };
}
