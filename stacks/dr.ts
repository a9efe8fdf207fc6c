import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmSet } from "../components/alarmSet";
import { AnalyticsExport } from "../components/analyticsExport";
import { AppSettings } from "../components/appSettings";
import { ArchiveBucket } from "../components/archiveBucket";
import { BucketReplication } from "../components/bucketReplication";
import { FailoverAutomation } from "../components/failoverAutomation";
import { GlobalTableReplica } from "../components/globalTableReplica";
import { ImageReplication } from "../components/imageReplication";
import { Notifications } from "../components/notifications";
import { Operations } from "../components/operations";
import { OperationsDashboard } from "../components/operationsDashboard";
import { PublicEndpoint } from "../components/publicEndpoint";
import { UserDataReplicaAccess } from "../components/userDataReplicaAccess";
import { cidrsOverlap } from "../lib/cidr";
import { ReplicatedBucketMetrics, bucketNameOfArn, drRegionAlarms, primaryRegionAlarms } from "../lib/drAlarms";
import { FleetCapacity } from "../lib/failover";
import { bucketName } from "../lib/naming";
import { AlarmedComponents, addDatabaseEventSubscriptions, addStandardAlarms } from "./alarms";
import { analyticsOutputs, buildAnalytics } from "./analytics";
import { Baseline, baselineOutputs, buildDashboard, buildDrBaseline, drBaselineProblems } from "./baseline";
import { DrConfig } from "./config/dr";
import { ConfigError, PlatformConfig } from "./config/load";
import { SecondaryDatabase, buildSecondaryDatabase } from "./database";
import { buildAppSettings, grantDatabaseLogin, publishAppSettings, secondaryDatabaseConnection } from "./appSettings";
import { AppTier, appTierConfigProblems, appTierOutputs, buildAppEndpoint, buildAppTier } from "./appTier";
import { Foundation, buildFoundation } from "./foundation";
import { buildNotifications, notificationsOutputs } from "./notifications";
import {
    PRIMARY_EXPORTS,
    PRIMARY_EXPORT_CONDITIONS,
    PrimaryDeployment,
    PrimaryExportName,
    PrimaryExportValues,
    missingPrimaryExports,
    primaryOutput,
    readPrimaryExports,
} from "./outputs";
import { AccountContext, accountContext, primaryRegionIdentity, primaryRegionProvider, regionalProvider } from "./providers";
import { buildBucketReplications } from "./replication";

/** The primary's values the DR stack checks before it builds anything (drDeployTimeProblems). */
export interface PrimaryFacts {
    readonly region: string;
    readonly vpcCidr: string;
    readonly databaseEngineVersion: string;
    readonly databaseSecretReplicaRegions: readonly string[];
    /** The primary's account and deploy role. */
    readonly deployment: PrimaryDeployment;
}

/**
 * The facts in the primary's exports, or what is wrong with their shape (a primary deployed by an
 * older or foreign program). Names here are all in every `drRequiredExports`.
 */
export function primaryFacts(cfg: PlatformConfig, read: PrimaryExportValues): { facts?: PrimaryFacts; problems: string[] } {
    const stack = cfg.dr?.primaryStack ?? "the primary";
    const problems: string[] = [];
    const text = (name: PrimaryExportName): string => {
        const value = read.values[name];
        if (typeof value === "string" && value.length > 0) return value;
        problems.push(`startup-platform:dr.primaryStack: ${stack} exports ${name} as ${typeof value}, expected a non-empty string; redeploy the primary with this program`);
        return "";
    };
    const list = (name: PrimaryExportName): string[] => {
        const value = read.values[name];
        if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
        problems.push(`startup-platform:dr.primaryStack: ${stack} exports ${name} as ${typeof value}, expected a list of region names; redeploy the primary with this program`);
        return [];
    };
    const deployment = (): PrimaryDeployment => {
        const value = read.values[PRIMARY_EXPORTS.deployment] as Partial<PrimaryDeployment> | undefined;
        if (value !== null && typeof value === "object" && typeof value.accountId === "string" && /^\d{12}$/.test(value.accountId)) return value as PrimaryDeployment;
        problems.push(`startup-platform:dr.primaryStack: ${stack} exports ${PRIMARY_EXPORTS.deployment} without an accountId of 12 digits; redeploy the primary with this program`);
        return { accountId: "" };
    };
    const facts: PrimaryFacts = {
        region: text(PRIMARY_EXPORTS.region),
        vpcCidr: text(PRIMARY_EXPORTS.vpcCidr),
        databaseEngineVersion: text(PRIMARY_EXPORTS.databaseEngineVersion),
        databaseSecretReplicaRegions: list(PRIMARY_EXPORTS.databaseSecretReplicaRegions),
        deployment: deployment(),
    };
    return problems.length > 0 ? { problems } : { facts, problems };
}

/**
 * Problems only visible once the primary's outputs are read; the DR stack fails on any, before it
 * registers a cloud resource. `accountId` is the account the DR stack's own provider acts in (its
 * caller identity). A value the primary exports as a secret is not repeated in the message.
 */
export function drDeployTimeProblems(cfg: PlatformConfig, primary: PrimaryFacts, accountId: string, secret: ReadonlySet<string> = new Set()): string[] {
    const shown = (name: PrimaryExportName, value: string): string => (secret.has(name) ? `(prod's secret output ${name})` : value);
    const problems: string[] = [];
    if (accountId !== primary.deployment.accountId) {
        // KMS multi-Region replicas and Secrets Manager replicas stay in their primary's account.
        const theirs = shown(PRIMARY_EXPORTS.deployment, primary.deployment.accountId);
        problems.push(
            `startup-platform:deployment: the DR stack deploys into ${accountId}, but its primary is in ${theirs}; a warm standby holds replicas of the primary's multi-Region keys and database secret and the secondary of its global database, which live in the primary's account: deploy DR into ${theirs}`,
        );
    }
    if (primary.region === cfg.region) {
        problems.push(`aws:region: the DR stack must run in another region than its primary (${shown(PRIMARY_EXPORTS.region, primary.region)}); got ${cfg.region}`);
    }
    if (cidrsOverlap(primary.vpcCidr, cfg.network.cidr)) {
        problems.push(
            `startup-platform:network.cidr: ${cfg.network.cidr} overlaps the primary's VPC ${shown(PRIMARY_EXPORTS.vpcCidr, primary.vpcCidr)}; pick a disjoint block`,
        );
    }
    if (primary.databaseEngineVersion !== cfg.database.engineVersion) {
        problems.push(
            `startup-platform:database.engineVersion: a global database's secondary runs the primary's engine version; set it to ${shown(PRIMARY_EXPORTS.databaseEngineVersion, primary.databaseEngineVersion)} (got ${cfg.database.engineVersion})`,
        );
    }
    if (!primary.databaseSecretReplicaRegions.includes(cfg.region)) {
        problems.push(
            `the primary does not replicate its database secret to ${cfg.region}: add ${cfg.region} to startup-platform:database.secretReplicaRegions in the primary's stack file and deploy it first`,
        );
    }
    return problems;
}

/** Whether this DR stack holds copies of the users' own data (the table's replica, the uploads). */
export function replicatesUserData(dr: DrConfig): boolean {
    return dr.replicateUserDataTable || dr.replicateBuckets.includes("uploads");
}

/**
 * The primary's exports this DR stack reads: all of PRIMARY_EXPORTS but those of data its config
 * does not replicate. The stack checks them all before it registers anything.
 */
export function drRequiredExports(dr: DrConfig): PrimaryExportName[] {
    const replicates: Partial<Record<PrimaryExportName, boolean>> = {
        [PRIMARY_EXPORTS.analyticsRawBucketName]: dr.replicateBuckets.includes("analytics"),
        [PRIMARY_EXPORTS.analyticsRawBucketArn]: dr.replicateBuckets.includes("analytics"),
        [PRIMARY_EXPORTS.userUploadsBucketName]: dr.replicateBuckets.includes("uploads"),
        [PRIMARY_EXPORTS.userUploadsBucketArn]: dr.replicateBuckets.includes("uploads"),
        [PRIMARY_EXPORTS.userDataTableArn]: dr.replicateUserDataTable,
        // Batch Replication reports land in the primary's access-log bucket.
        [PRIMARY_EXPORTS.accessLogBucketName]: dr.replicateBuckets.length > 0,
        // Signed-in users get access to DR's copies of their data, when there are any.
        [PRIMARY_EXPORTS.authenticatedRoleName]: replicatesUserData(dr),
        [PRIMARY_EXPORTS.authenticatedRoleUniqueId]: replicatesUserData(dr),
    };
    return Object.values(PRIMARY_EXPORTS).filter((name) => replicates[name] ?? true);
}

/** Rules across config sections of a DR stack; checked before any resource is registered. */
export function drConfigProblems(cfg: PlatformConfig): string[] {
    // DR has no user pool of its own: its load balancer cannot sign users in through Cognito.
    const problems = [...appTierConfigProblems(cfg, false), ...drBaselineProblems(cfg)];
    if (cfg.fleet.minSize < 1) {
        problems.push(`startup-platform:fleet.minSize: a warm standby keeps at least one instance running (and healthy behind its load balancer); got ${cfg.fleet.minSize}`);
    }
    return problems;
}

/** The primary as the DR stack reads it, checked before anything else is registered. */
interface Primary {
    readonly facts: PrimaryFacts;
    /** Names of the exports the primary marks secret (never repeated in a message). */
    readonly secret: ReadonlySet<string>;
    /** One of the primary's exports; only names in drRequiredExports, which were all checked. */
    read<T = string>(name: PrimaryExportName): pulumi.Output<T>;
}

/**
 * The stack reference `primary` and its exports, awaited and checked before anything else is
 * registered: a bad value stops the run here with every problem listed, not deep inside a
 * resource after ~175 others were registered.
 */
async function readPrimary(cfg: PlatformConfig, dr: DrConfig): Promise<Primary> {
    const reference = new pulumi.StackReference("primary", { name: dr.primaryStack });
    const required = drRequiredExports(dr);
    const exported = await readPrimaryExports(reference, required);
    const missing = missingPrimaryExports(exported, required);
    if (missing.length > 0) {
        const settings = [...new Set(missing.flatMap((name) => PRIMARY_EXPORT_CONDITIONS[name] ?? []))];
        throw new ConfigError(cfg.file, [
            `startup-platform:dr.primaryStack: ${dr.primaryStack} does not export ${missing.join(", ")}; deploy the primary first (pulumi up -s <primary>)${settings.length > 0 ? `, with ${settings.join(", ")} in its config` : ""}`,
        ]);
    }
    const { facts, problems } = primaryFacts(cfg, exported);
    if (facts === undefined) throw new ConfigError(cfg.file, problems);
    return {
        facts,
        secret: exported.secret,
        // Only names checked above: anything else would fail deep inside a resource at deploy time.
        read: <T = string>(name: PrimaryExportName): pulumi.Output<T> => {
            if (!required.includes(name)) throw new Error(`the DR stack reads ${name}, which drRequiredExports does not list`);
            return primaryOutput<T>(reference, name);
        },
    };
}

/**
 * DR's provider for its own region, once the account it acts in (its caller identity, asked
 * before anything but the providers is registered) and every rule that needs the primary's values
 * hold (drDeployTimeProblems).
 */
async function checkedDrProvider(cfg: PlatformConfig, primary: Primary): Promise<aws.Provider> {
    const provider = regionalProvider(cfg, cfg.region);
    const { accountId } = await aws.getCallerIdentity({}, { provider });
    const problems = drDeployTimeProblems(cfg, primary.facts, accountId, primary.secret);
    if (problems.length > 0) throw new ConfigError(cfg.file, problems);
    return provider;
}

/** What every builder of the DR stack works with. */
interface DrContext {
    readonly cfg: PlatformConfig;
    readonly dr: DrConfig;
    readonly primary: Primary;
    /** DR's own region. */
    readonly provider: aws.Provider;
    /**
     * The primary's region and account, for the primary-region halves of cross-region wiring
     * only (see drStack); nothing in DR's own region may depend on what it creates.
     */
    readonly primaryProvider: aws.Provider;
    readonly account: AccountContext;
    readonly foundation: Foundation;
}

/** Sign-in stays with the primary's Cognito pools (no cross-region replication): DR clients use them. */
function primaryIdentityOf(primary: Primary) {
    return {
        region: primary.facts.region,
        userPoolId: primary.read(PRIMARY_EXPORTS.userPoolId),
        identityPoolId: primary.read(PRIMARY_EXPORTS.identityPoolId),
        signInUrl: primary.read(PRIMARY_EXPORTS.signInUrl),
        mobileClientId: primary.read(PRIMARY_EXPORTS.mobileClientId),
    };
}

/**
 * The same app tier as the primary, sized for standby by DR's `fleet` config, running images
 * from a repository of the primary's name that ECR replication fills, and its public endpoint.
 * Its instances put usage events, publish notifications and work the job queue of this region,
 * like the primary's.
 */
function buildDrAppTier(ctx: DrContext, analytics: AnalyticsExport, notifications: Notifications): { settings: AppSettings; app: AppTier; endpoint: PublicEndpoint } {
    const { cfg, account, provider, primary } = ctx;
    const repositoryName = primary.read(PRIMARY_EXPORTS.imageRepositoryName);
    const settings = buildAppSettings(cfg, account, provider);
    const app = buildAppTier(cfg, account, provider, ctx.foundation, {
        additionalPolicyArns: [analytics.producerPolicyArn, notifications.publishPolicyArn, notifications.workerPolicyArn],
        repositoryName,
        settings,
    });
    // Registry-wide, in the primary's registry; after the DR repository exists, so images land in it.
    new ImageReplication(
        "app-image-replication",
        {
            accountId: account.accountId,
            sourceRegion: primary.facts.region,
            destinationRegions: [cfg.region],
            repositoryPrefixes: [repositoryName],
            waitFor: [app.repository],
        },
        { provider: ctx.primaryProvider },
    );
    const endpoint = buildAppEndpoint(cfg, provider, app.fleet);
    return { settings, app, endpoint };
}

/** The secondary of the primary's global database: only the DR app instances reach it (and, once promoted, the writer). */
function buildDrDatabase(ctx: DrContext, app: AppTier): SecondaryDatabase {
    const { cfg, primary } = ctx;
    return buildSecondaryDatabase(
        cfg,
        ctx.account,
        ctx.provider,
        ctx.foundation,
        {
            globalClusterIdentifier: primary.read(PRIMARY_EXPORTS.databaseGlobalClusterId),
            kmsKeyArn: primary.read(PRIMARY_EXPORTS.databaseKmsKeyArn),
            region: primary.facts.region,
        },
        [app.fleet.instanceSecurityGroupId],
    );
}

/**
 * The primary replicates its database master secret to DR's region under the same name (checked
 * before anything is built): the same ARN but the region.
 */
function replicatedSecretArn(ctx: DrContext): pulumi.Output<string> {
    return pulumi
        .all([ctx.primary.read(PRIMARY_EXPORTS.databaseSecretArn), ctx.primary.facts.region])
        .apply(([arn, region]) => arn.replace(`:secretsmanager:${region}:`, `:secretsmanager:${ctx.cfg.region}:`));
}

/** DR's copies of the users' own data, those its config asks for. */
interface UserDataCopies {
    /** The user-data table's replica (a global table). */
    readonly table?: GlobalTableReplica;
    /** The bucket prod's uploads replicate into. */
    readonly uploads?: ArchiveBucket;
}

/**
 * The users' data: a replica of the user-data table, and a DR bucket that prod's uploads
 * replicate into. Unlike the source (archived by last access), every copy here stays readable in
 * milliseconds: after a failover, an upload nobody opened for months must still open, not answer
 * InvalidObjectState.
 */
function buildUserDataCopies(ctx: DrContext): UserDataCopies {
    const { cfg, dr, account, provider, foundation } = ctx;
    const table = dr.replicateUserDataTable
        ? new GlobalTableReplica(
              "user-data-replica",
              { globalTableArn: ctx.primary.read(PRIMARY_EXPORTS.userDataTableArn), region: cfg.region, kmsKeyArn: foundation.dataKey.keyArn, protect: cfg.protect },
              { provider },
          )
        : undefined;
    const uploads = dr.replicateBuckets.includes("uploads")
        ? new ArchiveBucket(
              "user-uploads-replica",
              {
                  bucketName: account.accountId.apply((id) => bucketName(cfg.namePrefix, "user-uploads", id, cfg.region)),
                  kmsKeyArn: foundation.dataKey.keyArn,
                  archivePolicy: "instant",
                  accessLogBucketName: foundation.accessLogs.bucketName,
                  forceDestroy: !cfg.protect,
                  protect: cfg.protect,
              },
              { provider },
          )
        : undefined;
    return { table, uploads };
}

/**
 * The app's login to the secondary and its runtime settings. It reads from the local secondary,
 * and writes once it is promoted (docs/dr.md), with the primary's database secret replicated
 * here, encrypted with this region's AWS managed key aws/secretsmanager (the replica names no
 * key), which needs no KMS grant.
 */
function connectDrApp(
    ctx: DrContext,
    tier: { settings: AppSettings; app: AppTier },
    data: {
        database: SecondaryDatabase;
        databaseSecretArn: pulumi.Output<string>;
        copies: UserDataCopies;
        notifications: Notifications;
        analytics: AnalyticsExport;
        identity: ReturnType<typeof primaryIdentityOf>;
    },
): void {
    const connection = secondaryDatabaseConnection(data.database.cluster, { kind: "secret", secretArn: data.databaseSecretArn });
    grantDatabaseLogin(ctx.cfg, ctx.account, ctx.provider, tier.app.fleet, connection);
    publishAppSettings(tier.settings, {
        database: connection,
        notifications: data.notifications,
        analytics: data.analytics,
        userPoolId: data.identity.userPoolId,
        identityPoolId: data.identity.identityPoolId,
        userDataTableName: ctx.primary.read(PRIMARY_EXPORTS.userDataTableName),
        // This region's copy of the uploads, which signed-in users may reach (UserDataReplicaAccess).
        userUploadsBucketName: data.copies.uploads?.bucketName,
        metricNamespace: tier.app.fleet.metricNamespace,
    });
}

/**
 * After a failover the apps reach DR's copies of the users' data with credentials from the
 * primary's identity pool: its authenticated role gets the same own-data policy on DR's ARNs and
 * key. None without copies.
 */
function grantUserDataAccess(ctx: DrContext, copies: UserDataCopies): UserDataReplicaAccess | undefined {
    const { cfg, primary } = ctx;
    if (!replicatesUserData(ctx.dr)) return undefined;
    return new UserDataReplicaAccess(
        "user-data-replica-access",
        {
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            roleName: primary.read(PRIMARY_EXPORTS.authenticatedRoleName),
            roleUniqueId: primary.read(PRIMARY_EXPORTS.authenticatedRoleUniqueId),
            tableArn: copies.table?.replicaArn,
            bucketArn: copies.uploads?.bucketArn,
            kmsKeyArn: ctx.foundation.dataKey.keyArn,
        },
        { provider: ctx.provider },
    );
}

/**
 * S3 replication of the primary's buckets that `dr.replicateBuckets` lists into DR's: the raw
 * analytics events into DR's own raw-events bucket (after a failover DR's Athena table sees
 * prod's history), the uploads into their replica bucket.
 */
function replicateDrBuckets(ctx: DrContext, analytics: AnalyticsExport, uploads: ArchiveBucket | undefined): Record<string, BucketReplication> {
    const { cfg, dr, account, primary } = ctx;
    return buildBucketReplications(
        cfg,
        account,
        ctx.primaryProvider,
        {
            region: primary.facts.region,
            dataKeyArn: primary.read(PRIMARY_EXPORTS.dataKeyArn),
            // Batch Replication's manifests and reports go to an existing bucket of the primary's
            // region: its access-log bucket, SSE-S3 like the reports themselves (S3 bucket ARNs
            // carry neither region nor account).
            reportBucketArn: () => pulumi.interpolate`arn:${account.partition}:s3:::${primary.read(PRIMARY_EXPORTS.accessLogBucketName)}`,
        },
        ctx.foundation.dataKey.keyArn,
        {
            ...(dr.replicateBuckets.includes("analytics")
                ? {
                      analytics: {
                          sourceBucketName: primary.read(PRIMARY_EXPORTS.analyticsRawBucketName),
                          sourceBucketArn: primary.read(PRIMARY_EXPORTS.analyticsRawBucketArn),
                          destinationBucketArn: analytics.rawBucketArn,
                          destination: analytics,
                      },
                  }
                : {}),
            ...(uploads
                ? {
                      uploads: {
                          sourceBucketName: primary.read(PRIMARY_EXPORTS.userUploadsBucketName),
                          sourceBucketArn: primary.read(PRIMARY_EXPORTS.userUploadsBucketArn),
                          destinationBucketArn: uploads.bucketArn,
                          destination: uploads,
                          destinationStorageClass: uploads.arrivalStorageClass,
                      },
                  }
                : {}),
        },
    );
}

/** The runbook's failover: promotes the secondary and scales the fleet to the primary's capacity. */
function buildFailover(ctx: DrContext, database: SecondaryDatabase, app: AppTier): FailoverAutomation {
    const { cfg, account, primary } = ctx;
    return new FailoverAutomation(
        "failover",
        {
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            partition: account.partition,
            globalClusterIdentifier: primary.read(PRIMARY_EXPORTS.databaseGlobalClusterId),
            targetClusterArn: database.cluster.clusterArn,
            primaryClusterArn: primary.read(PRIMARY_EXPORTS.databaseClusterArn),
            autoScalingGroupName: app.fleet.autoScalingGroupName,
            capacity: primary.read<FleetCapacity>(PRIMARY_EXPORTS.fleetCapacity),
            primaryHealthCheckId: primary.read(PRIMARY_EXPORTS.appHealthCheckId),
        },
        { provider: ctx.provider },
    );
}

/**
 * The same alarms as prod, from the same table, on DR's own load balancer, Aurora secondary,
 * queue and stream: after a failover DR serves the traffic and is watched like prod was. Then the
 * posture alarms: those on metrics published here go to DR's operations topic; S3 reports failed
 * replications in the source's region, so those alarms live there and tell prod's.
 */
function addDrAlarms(ctx: DrContext, operations: Operations, watched: AlarmedComponents, replications: Record<string, BucketReplication>): void {
    const { cfg, dr } = ctx;
    addStandardAlarms(cfg, operations, watched);
    const bucketMetrics: ReplicatedBucketMetrics<pulumi.Input<string>>[] = Object.entries(replications).map(([role, r]) => ({
        role,
        sourceBucket: r.sourceBucketName,
        destinationBucket: r.destinationBucketArn.apply(bucketNameOfArn),
        ruleId: r.ruleId,
    }));
    addDatabaseEventSubscriptions(cfg, operations, watched.database);
    operations.addAlarms(
        drRegionAlarms({
            databaseClusterIdentifier: watched.database.clusterIdentifier,
            databaseReplicationLagSeconds: dr.alarms.databaseReplicationLagSeconds,
            loadBalancer: watched.app.fleet.albArnSuffix,
            targetGroup: watched.app.fleet.targetGroupArnSuffix,
            buckets: bucketMetrics,
            bucketReplicationLatencySeconds: dr.alarms.bucketReplicationLatencySeconds,
        }),
    );
    if (bucketMetrics.length > 0) {
        new AlarmSet(
            "primary-region-alarms",
            { namePrefix: cfg.namePrefix, topicArn: ctx.primary.read(PRIMARY_EXPORTS.operationsTopicArn), alarms: primaryRegionAlarms(bucketMetrics) },
            { provider: ctx.primaryProvider },
        );
    }
}

/** Everything the DR stack built that its outputs show. */
interface DrParts {
    readonly app: AppTier;
    readonly endpoint: PublicEndpoint;
    readonly database: SecondaryDatabase;
    readonly databaseSecretArn: pulumi.Output<string>;
    readonly copies: UserDataCopies;
    readonly userDataAccess?: UserDataReplicaAccess;
    readonly replications: Record<string, BucketReplication>;
    readonly failover: FailoverAutomation;
    readonly analytics: AnalyticsExport;
    readonly baseline: Baseline;
    readonly dashboard?: OperationsDashboard;
    readonly identity: ReturnType<typeof primaryIdentityOf>;
    readonly notifications: Notifications;
}

/** The DR stack's outputs. */
function drOutputs(ctx: DrContext, parts: DrParts): Record<string, pulumi.Input<unknown>> {
    const { network } = ctx.foundation;
    const { app, endpoint, database, replications, copies, userDataAccess } = parts;
    return {
        region: ctx.cfg.region,
        primaryRegion: ctx.primary.facts.region,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        isolatedSubnetIds: network.isolatedSubnetIds,
        ...appTierOutputs(app),
        appUrl: `https://${endpoint.fqdn}`,
        appHealthCheckId: endpoint.healthCheckId,
        databaseClusterIdentifier: database.cluster.clusterIdentifier,
        databaseClusterArn: database.cluster.clusterArn,
        // The cluster endpoint takes writes once this cluster is promoted.
        databaseWriterEndpoint: database.cluster.writerEndpoint,
        databaseReaderEndpoint: database.cluster.readerEndpoint,
        databaseKmsKeyArn: database.key.keyArn,
        // Step 2 of tearing DR down (docs/dr-runbook.md): detach the secondary, then destroy.
        databaseDetachCommand: database.detachCommand,
        databaseSecretArn: parts.databaseSecretArn,
        replicatedBuckets: Object.fromEntries(
            Object.entries(replications).map(([role, r]) => [role, { source: r.sourceBucketName, destination: r.destinationBucketArn, ruleId: r.ruleId }]),
        ),
        // Per replicated bucket, the `aws s3control create-job` arguments of an S3 Batch Replication
        // job (docs/dr-runbook.md): role, account, region, report and manifest generator.
        batchReplicationJobs: Object.fromEntries(Object.entries(replications).map(([role, r]) => [role, r.batchJob])),
        ...(copies.table ? { userDataReplicaArn: copies.table.replicaArn } : {}),
        ...(copies.uploads ? { userUploadsReplicaBucketName: copies.uploads.bucketName } : {}),
        ...(userDataAccess ? { userDataAccessPolicy: { roleName: userDataAccess.roleName, policyName: userDataAccess.policyName } } : {}),
        failoverDocumentName: parts.failover.documentName,
        failoverRoleArn: parts.failover.roleArn,
        ...analyticsOutputs(parts.analytics),
        ...baselineOutputs(parts.baseline, parts.dashboard),
        primaryIdentity: parts.identity,
        ...notificationsOutputs(parts.notifications),
    };
}

/**
 * The DR stack: a warm standby of the primary in another region. It reads everything it needs
 * from the primary through a stack reference (names in stacks/outputs.ts) and never the other way
 * round, so the primary deploys first and on its own. The few resources that must live in the
 * primary region but name DR resources (S3 and ECR replication, alarms on metrics S3 publishes
 * there) are created here with a provider for the primary region: they change the primary's
 * account, so that provider is pinned to it and acts as the primary's role, and nothing in DR's
 * own region may depend on them (an outage of the primary region must not block DR's updates).
 * The order below is the order of registration.
 */
export async function drStack(cfg: PlatformConfig): Promise<Record<string, pulumi.Input<unknown>>> {
    if (cfg.dr === undefined) throw new ConfigError(cfg.file, ["startup-platform:dr: is required when role is dr"]);
    const dr = cfg.dr;
    const primary = await readPrimary(cfg, dr);
    const provider = await checkedDrProvider(cfg, primary);
    const primaryProvider = primaryRegionProvider(cfg, primary.facts.region, primaryRegionIdentity(cfg, primary.facts.deployment));
    const account = accountContext(provider);
    const foundation = buildFoundation(cfg, account, provider);
    const ctx: DrContext = { cfg, dr, primary, provider, primaryProvider, account, foundation };

    const analytics = buildAnalytics(cfg, account, foundation, provider);
    const baseline = buildDrBaseline(cfg, account, provider, foundation);
    // SNS and SQS are regional: the standby fleet gets its own fan-out.
    const notifications = buildNotifications(cfg, foundation, provider);
    const identity = primaryIdentityOf(primary);
    const { settings, app, endpoint } = buildDrAppTier(ctx, analytics, notifications);
    const database = buildDrDatabase(ctx, app);
    const copies = buildUserDataCopies(ctx);
    const databaseSecretArn = replicatedSecretArn(ctx);
    connectDrApp(ctx, { settings, app }, { database, databaseSecretArn, copies, notifications, analytics, identity });
    const userDataAccess = grantUserDataAccess(ctx, copies);
    const replications = replicateDrBuckets(ctx, analytics, copies.uploads);
    const failover = buildFailover(ctx, database, app);
    addDrAlarms(ctx, baseline.operations, { app, database: database.cluster, notifications, analytics, endpoint }, replications);
    // Built last: it shows what the stack built.
    const dashboard = buildDashboard(cfg, foundation, baseline, provider);

    return drOutputs(ctx, { app, endpoint, database, databaseSecretArn, copies, userDataAccess, replications, failover, analytics, baseline, dashboard, identity, notifications });
}
