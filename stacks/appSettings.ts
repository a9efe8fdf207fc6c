import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AppSettings } from "../components/appSettings";
import { AuroraCluster } from "../components/auroraCluster";
import { AnalyticsExport } from "../components/analyticsExport";
import { Notifications } from "../components/notifications";
import { PlatformConfig } from "./config/load";
import { AccountContext } from "./providers";

/**
 * The app's runtime settings (see components/appSettings.ts): created before the app tier so the
 * instances get the path and the read policy, published once the resources they name exist.
 */
export function buildAppSettings(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider): AppSettings {
    return new AppSettings(
        "app-settings",
        { namePrefix: cfg.namePrefix, region: cfg.region, accountId: account.accountId, partition: account.partition },
        { provider },
    );
}

/** What every stack's app needs to know, wherever its database endpoints come from. */
export interface AppSettingValues {
    readonly databaseWriterHost: pulumi.Input<string>;
    readonly databaseReaderHost: pulumi.Input<string>;
    readonly databasePort: pulumi.Input<number>;
    readonly databaseSecretArn: pulumi.Input<string>;
    readonly notifications: Notifications;
    readonly analytics: AnalyticsExport;
    readonly userPoolId: pulumi.Input<string>;
    /** The identity pool signed-in clients get AWS credentials from (the primary's, in DR too). */
    readonly identityPoolId: pulumi.Input<string>;
    readonly userDataTableName: pulumi.Input<string>;
    /**
     * The users' uploads bucket in this stack's region, which clients upload to directly with
     * their identity-pool credentials; absent on a DR stack that does not replicate uploads.
     */
    readonly userUploadsBucketName?: pulumi.Input<string>;
    /** The only CloudWatch namespace the app may put metrics in (the app fleet's). */
    readonly metricNamespace: string;
}

export function publishAppSettings(settings: AppSettings, v: AppSettingValues): void {
    settings.publish({
        DATABASE_WRITER_HOST: v.databaseWriterHost,
        DATABASE_READER_HOST: v.databaseReaderHost,
        DATABASE_PORT: pulumi.output(v.databasePort).apply(String),
        DATABASE_SECRET_ARN: v.databaseSecretArn,
        JOBS_QUEUE_URL: v.notifications.jobQueueUrl,
        NOTIFICATIONS_TOPIC_ARN: v.notifications.topicArn,
        EVENTS_STREAM_NAME: v.analytics.streamName,
        USER_POOL_ID: v.userPoolId,
        IDENTITY_POOL_ID: v.identityPoolId,
        USER_DATA_TABLE: v.userDataTableName,
        METRICS_NAMESPACE: v.metricNamespace,
        ...(v.userUploadsBucketName === undefined ? {} : { USER_UPLOADS_BUCKET: v.userUploadsBucketName }),
    });
}

/**
 * A primary's database hosts: through RDS Proxy when it runs (readers through its read-only
 * endpoint when there are readers), else the cluster endpoints.
 */
export function primaryDatabaseHosts(cfg: PlatformConfig, database: AuroraCluster): { writer: pulumi.Output<string>; reader: pulumi.Output<string> } {
    const proxy = cfg.database.proxy.enabled;
    const proxyReaders = proxy && cfg.database.instances > 1;
    return {
        writer: proxy ? pulumi.all([database.proxyEndpoint, database.writerEndpoint]).apply(([p, w]) => p ?? w) : database.writerEndpoint,
        reader: proxyReaders
            ? pulumi.all([database.proxyReadOnlyEndpoint, database.readerEndpoint]).apply(([p, r]) => p ?? r)
            : database.readerEndpoint,
    };
}
