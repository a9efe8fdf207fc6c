import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AnalyticsExport } from "../components/analyticsExport";
import { AuroraCluster } from "../components/auroraCluster";
import { Notifications } from "../components/notifications";
import { Operations } from "../components/operations";
import { PublicEndpoint } from "../components/publicEndpoint";
import {
    AlarmSpec,
    ROUTE53_METRICS_REGION,
    STANDARD_ALARMS,
    auroraMySqlMaxConnections,
    proxyNameFromEndpoint,
    queueNameFromArn,
    rdsEventSubscriptionSpecs,
} from "../lib/operations";
import { AppTier } from "./appTier";
import { PlatformConfig } from "./config/load";

/** The components of a stack that have alarms: a primary's, or the DR stack's own copies. */
export interface AlarmedComponents {
    readonly app: AppTier;
    readonly database: AuroraCluster;
    readonly notifications: Notifications;
    readonly analytics: AnalyticsExport;
    readonly endpoint: PublicEndpoint;
}

/**
 * The standard alarms of a stack, with each dimension taken from the component it watches, all
 * notifying the stack's operations topic on ALARM and OK. Every stack calls it, the DR stack with
 * its own load balancer, Aurora secondary, queue and stream, so a failed-over DR is watched like
 * prod (the DR stack adds its posture alarms, lib/drAlarms.ts, on top). Call it before
 * `buildDashboard`, whose alarm widget shows the alarms added so far.
 */
export function addStandardAlarms(cfg: PlatformConfig, operations: Operations, c: AlarmedComponents): aws.cloudwatch.MetricAlarm[] {
    const specs: AlarmSpec<pulumi.Input<string>>[] = [
        ...STANDARD_ALARMS.alb({ loadBalancer: c.app.fleet.albArnSuffix, targetGroup: c.app.fleet.targetGroupArnSuffix }),
        ...STANDARD_ALARMS.aurora({
            clusterIdentifier: c.database.clusterIdentifier,
            maxConnections: auroraMySqlMaxConnections(cfg.database.maxCapacityAcu),
        }),
        ...(cfg.database.proxy.enabled
            ? STANDARD_ALARMS.rdsProxy({
                  // AuroraCluster exposes the proxy's endpoint, which starts with its name.
                  proxyName: c.database.proxyEndpoint.apply((endpoint) => {
                      if (endpoint === undefined) throw new Error("database.proxy is enabled but the cluster has no proxy endpoint");
                      return proxyNameFromEndpoint(endpoint);
                  }),
              })
            : []),
        ...STANDARD_ALARMS.deadLetterQueue({ queueName: c.notifications.deadLetterQueueArn.apply(queueNameFromArn) }),
        ...STANDARD_ALARMS.firehose({ deliveryStreamName: c.analytics.streamName }),
        // Route 53's metrics exist only in us-east-1, where CloudWatch can alarm on them only
        // towards a topic in that region: this stack's own when it runs there (docs/operations.md).
        ...(c.endpoint.healthCheckId && cfg.region === ROUTE53_METRICS_REGION ? STANDARD_ALARMS.dnsHealthCheck({ healthCheckId: c.endpoint.healthCheckId }) : []),
    ];
    return operations.addAlarms(specs);
}

/**
 * RDS event subscriptions of the stack's Aurora cluster to the operations topic (Security Hub
 * RDS.19 to RDS.22): the cluster, its instances, their parameter group, and DB security groups.
 * None when `operations.databaseEvents` is false.
 */
export function addDatabaseEventSubscriptions(cfg: PlatformConfig, operations: Operations, database: AuroraCluster): aws.rds.EventSubscription[] {
    if (!cfg.operations.databaseEvents) return [];
    return operations.addRdsEventSubscriptions(
        rdsEventSubscriptionSpecs<pulumi.Input<string>>({
            clusterIdentifier: database.clusterIdentifier,
            instanceIdentifiers: database.instanceIdentifiers,
            parameterGroupNames: [database.instanceParameterGroupName],
        }),
    );
}
