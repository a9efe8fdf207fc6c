import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AnalyticsExport } from "../components/analyticsExport";
import { PlatformConfig } from "./config/load";
import { Foundation } from "./foundation";
import { PRIMARY_EXPORTS } from "./outputs";
import { AccountContext } from "./providers";

/**
 * Usage analytics of a stack, from its `analytics` config and the foundation's keys. The DR stack
 * builds it too, so events keep flowing to its own region after a failover; its raw-events bucket
 * receives prod's events (S3 replication) and never moves them to Deep Archive, so after a
 * failover Athena reads the whole history there at once.
 */
export function buildAnalytics(cfg: PlatformConfig, account: AccountContext, foundation: Foundation, provider: aws.Provider): AnalyticsExport {
    return new AnalyticsExport(
        "analytics",
        {
            ...cfg.analytics,
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            partition: account.partition,
            dataKmsKeyArn: foundation.dataKey.keyArn,
            logsKmsKeyArn: foundation.logsKey.keyArn,
            rawDeepArchive: cfg.role !== "dr",
            accessLogBucketName: foundation.accessLogs.bucketName,
            forceDestroy: !cfg.protect,
            protect: cfg.protect,
        },
        { provider },
    );
}

/** Stack outputs of the analytics slice; the integrator attaches `analyticsProducerPolicyArn` to producer roles. */
export function analyticsOutputs(analytics: AnalyticsExport): Record<string, pulumi.Input<unknown>> {
    return {
        analyticsStreamName: analytics.streamName,
        analyticsStreamArn: analytics.streamArn,
        // Under the names the DR stack reads from prod, to replicate the bucket.
        [PRIMARY_EXPORTS.analyticsRawBucketName]: analytics.rawBucketName,
        [PRIMARY_EXPORTS.analyticsRawBucketArn]: analytics.rawBucketArn,
        analyticsGlueDatabaseName: analytics.glueDatabaseName,
        analyticsGlueTableName: analytics.glueTableName,
        analyticsWorkgroupName: analytics.workgroupName,
        analyticsDashboardName: analytics.dashboardName,
        analyticsProducerPolicyArn: analytics.producerPolicyArn,
        analyticsQueryPolicyArn: analytics.queryPolicyArn,
    };
}
