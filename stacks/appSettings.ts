import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AppDatabaseAccess, AppDatabaseLogin } from "../components/appDatabaseAccess";
import { AppFleet } from "../components/appFleet";
import { AppSettings } from "../components/appSettings";
import { AuroraCluster } from "../components/auroraCluster";
import { AnalyticsExport } from "../components/analyticsExport";
import { Notifications } from "../components/notifications";
import { PlatformConfig } from "./config/load";
import { DATABASE_MODES, DatabaseMode } from "../lib/appSettings";
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

/**
 * Where and how the app reaches its database. One object feeds both the settings the app reads and
 * the login its role is granted (`grantDatabaseLogin`), so the two cannot disagree.
 */
export interface AppDatabaseConnection {
    /** In this stack's VPC: the app reaches no other region's database (there is no peering). */
    readonly writerHost: pulumi.Input<string>;
    readonly readerHost: pulumi.Input<string>;
    readonly port: pulumi.Input<number>;
    /** Whether the writer takes writes now, or only once this region's cluster is promoted (DR). */
    readonly mode: DatabaseMode;
    /** An IAM auth token for one user through RDS Proxy, or a secret's user and password. */
    readonly login: AppDatabaseLogin;
}

/** What every stack's app needs to know, wherever its database endpoints come from. */
export interface AppSettingValues {
    readonly database: AppDatabaseConnection;
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
    const db = v.database;
    settings.publish({
        DATABASE_WRITER_HOST: db.writerHost,
        DATABASE_READER_HOST: db.readerHost,
        DATABASE_PORT: pulumi.output(db.port).apply(String),
        DATABASE_MODE: db.mode,
        // iam: connect as DATABASE_USER with an IAM auth token (rds-db:connect); secret: with the
        // username and password of DATABASE_SECRET_ARN. The role may do that one thing only.
        DATABASE_AUTH: db.login.kind,
        ...(db.login.kind === "iam" ? { DATABASE_USER: db.login.dbUser } : { DATABASE_SECRET_ARN: db.login.secretArn }),
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

const defined = (what: string) => (value: string | undefined): string => {
    if (value === undefined) throw new Error(`the primary database has no ${what}`);
    return value;
};

/**
 * A primary's connection. With RDS Proxy, every connection goes through it: the writer through its
 * default endpoint, readers through its read-only endpoint when the cluster has readers, else
 * through the default endpoint too (a one-instance cluster's reader endpoint is its writer, and a
 * direct connection would bypass the proxy's IAM authentication). Without a proxy, the cluster
 * endpoints. The login is an IAM token as the proxy's user when the proxy requires IAM
 * authentication, else the master secret (encrypted with the cluster's key).
 */
export function primaryDatabaseConnection(cfg: PlatformConfig, database: AuroraCluster): AppDatabaseConnection {
    const proxy = cfg.database.proxy;
    const login: AppDatabaseLogin =
        proxy.enabled && proxy.iamAuth === "REQUIRED"
            ? { kind: "iam", proxyArn: database.proxyArn.apply(defined("RDS Proxy")), dbUser: defined("master user")(database.masterUsername) }
            : { kind: "secret", secretArn: database.secretArn.apply(defined("master secret")), kmsKeyArn: database.kmsKeyArn };
    const mode = DATABASE_MODES.primary;
    if (!proxy.enabled) return { writerHost: database.writerEndpoint, readerHost: database.readerEndpoint, port: database.port, mode, login };
    const writerHost = database.proxyEndpoint.apply(defined("RDS Proxy endpoint"));
    return {
        writerHost,
        mode,
        readerHost: cfg.database.instances > 1 ? database.proxyReadOnlyEndpoint.apply(defined("read-only RDS Proxy endpoint")) : writerHost,
        port: database.port,
        login,
    };
}

/**
 * A DR stack's connection: its own Aurora secondary, in its own VPC, read-only until promoted. Not
 * the global writer endpoint: before promotion that names the primary's writer in the primary's
 * VPC, which DR's instances cannot reach; after a switchover or failover it names this cluster,
 * whose endpoint this already is. The login is the primary's master secret, replicated here.
 */
export function secondaryDatabaseConnection(cluster: AuroraCluster, login: AppDatabaseLogin): AppDatabaseConnection {
    return {
        writerHost: cluster.writerEndpoint,
        readerHost: cluster.readerEndpoint,
        port: cluster.port,
        mode: DATABASE_MODES.standby,
        login,
    };
}

/** Gives the app instances' role the login its settings name, once the database exists. */
export function grantDatabaseLogin(
    cfg: PlatformConfig,
    account: AccountContext,
    provider: aws.Provider,
    fleet: AppFleet,
    connection: AppDatabaseConnection,
): AppDatabaseAccess {
    return new AppDatabaseAccess(
        "app-database-access",
        {
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            partition: account.partition,
            roleName: fleet.instanceRoleName,
            login: connection.login,
        },
        { provider },
    );
}
