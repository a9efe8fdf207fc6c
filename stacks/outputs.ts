import * as pulumi from "@pulumi/pulumi";

/**
 * Names of the primary stack's outputs that the DR stack reads through its stack reference.
 * Defined once here: the primary exports under these names, the DR stack reads them with
 * `requireOutput`, and a test runs prod under mocks and fails if DR reads a name prod lacks.
 */
export const PRIMARY_EXPORTS = {
    region: "region",
    vpcCidr: "vpcCidr",
    namePrefix: "namePrefix",
    /** Aurora global cluster the DR secondary joins (prod only). */
    databaseGlobalClusterId: "databaseGlobalClusterId",
    /** Engine version the secondary must run, equal to the primary's. */
    databaseEngineVersion: "databaseEngineVersion",
    /** Multi-Region key of the primary cluster; DR creates its replica key from it. */
    databaseKmsKeyArn: "databaseKmsKeyArn",
    /** Primary cluster ARN (for switchover/failover runbooks and alarms). */
    databaseClusterArn: "databaseClusterArn",
    /** Master secret (every primary); on a global primary it is replicated to the DR region under the same name. */
    databaseSecretArn: "databaseSecretArn",
    /** Regions the master secret is replicated to; DR checks that its own region is one. */
    databaseSecretReplicaRegions: "databaseSecretReplicaRegions",
    /** The data key (multi-Region in prod) that encrypts the primary's buckets; S3 replication decrypts with it. */
    dataKeyArn: "dataKeyArn",
    /** Raw usage-events bucket, replicated into DR's own analytics bucket. */
    analyticsRawBucketName: "analyticsRawBucketName",
    analyticsRawBucketArn: "analyticsRawBucketArn",
    /** The app's ECR repository, which DR replicates images from. */
    imageRepositoryName: "imageRepositoryName",
    /** Health check of the primary's half of the app name's failover pair; the failover runbook inverts it. */
    appHealthCheckId: "appHealthCheckId",
    /** The primary fleet's `{ minSize, maxSize, desiredCapacity }`; the failover runbook scales DR to it. */
    fleetCapacity: "fleetCapacity",
    /** The primary's operations topic: the alarms DR keeps in the primary region notify it. */
    operationsTopicArn: "operationsTopicArn",
    // Identity lives in the primary region only; DR clients keep using these (docs/identity-and-notifications.md).
    userPoolId: "userPoolId",
    userPoolArn: "userPoolArn",
    userPoolDomain: "userPoolDomain",
    signInUrl: "signInUrl",
    mobileClientId: "mobileClientId",
    webClientId: "webClientId",
    identityPoolId: "identityPoolId",
    /**
     * The identity pool's authenticated role (every primary): DR puts a policy on it for its own
     * copies of the users' data. Its unique id changes when the role is replaced under the same name.
     */
    authenticatedRoleName: "authenticatedRoleName",
    authenticatedRoleUniqueId: "authenticatedRoleUniqueId",
    userDataTableName: "userDataTableName",
    /** The user-data table, which the DR stack adds a replica to (a global table); prod only. */
    userDataTableArn: "userDataTableArn",
    /**
     * The primary's load-balancer access-log bucket (SSE-S3, in its region): S3 Batch Replication
     * jobs of the DR stack's roles write their manifests and completion reports under `batch-replication/`.
     */
    accessLogBucketName: "accessLogBucketName",
    /** The users' uploads bucket, replicated into a DR bucket. */
    userUploadsBucketName: "userUploadsBucketName",
    userUploadsBucketArn: "userUploadsBucketArn",
    /**
     * The primary's account and the role it deploys with (`PrimaryDeployment`): the DR stack's
     * primary-region provider acts in that account, as that role.
     */
    deployment: "deployment",
} as const;

/** The primary's `deployment` export. */
export interface PrimaryDeployment {
    /** The account the primary deployed into (its caller identity). */
    readonly accountId: string;
    /** `startup-platform:deployment.assumeRoleArn` of the primary, when set. */
    readonly assumeRoleArn?: string;
    /** `startup-platform:deployment.externalId` of the primary, when set. */
    readonly externalId?: string;
}

export type PrimaryExportName = (typeof PRIMARY_EXPORTS)[keyof typeof PRIMARY_EXPORTS];

/**
 * One of the primary's exports, read through the DR stack's reference. `requireOutput` fails the
 * deployment, naming the output, when the primary does not export it.
 */
export function primaryOutput<T = string>(primary: pulumi.StackReference, name: PrimaryExportName): pulumi.Output<T> {
    return primary.requireOutput(name) as pulumi.Output<T>;
}

/** The primary's exports as plain values, read before the DR stack registers anything. */
export interface PrimaryExportValues {
    /** The value of each name read; undefined when the primary does not export it, or exports no value. */
    readonly values: Partial<Record<PrimaryExportName, unknown>>;
    /** The names the primary exports as secrets (their values are here too, for checks only). */
    readonly secret: ReadonlySet<PrimaryExportName>;
}

/**
 * Awaits each of `names` through the stack reference (`getOutputDetails`, which gives a secret
 * output's value as `secretValue`), so the DR stack can check prod's values and fail with one
 * clear error before it registers any resource.
 */
export async function readPrimaryExports(primary: pulumi.StackReference, names: readonly PrimaryExportName[]): Promise<PrimaryExportValues> {
    const details = await Promise.all(names.map((name) => primary.getOutputDetails(name)));
    const values: Partial<Record<PrimaryExportName, unknown>> = {};
    const secret = new Set<PrimaryExportName>();
    names.forEach((name, i) => {
        const { value, secretValue } = details[i];
        if (secretValue !== undefined) secret.add(name);
        values[name] = value ?? secretValue;
    });
    return { values, secret };
}

/**
 * Which of `names` the primary stack does not export, or exports without a value (a primary
 * without a global database has no `databaseGlobalClusterId`).
 */
export function missingPrimaryExports(read: PrimaryExportValues, names: readonly PrimaryExportName[]): PrimaryExportName[] {
    return names.filter((name) => read.values[name] === undefined);
}

/** The primary's setting without which it does not export a name. */
export const PRIMARY_EXPORT_CONDITIONS: Partial<Record<PrimaryExportName, string>> = {
    [PRIMARY_EXPORTS.databaseGlobalClusterId]: "database.globalDatabase: true",
    [PRIMARY_EXPORTS.databaseEngineVersion]: "database.globalDatabase: true",
    [PRIMARY_EXPORTS.databaseKmsKeyArn]: "database.globalDatabase: true",
    [PRIMARY_EXPORTS.databaseClusterArn]: "database.globalDatabase: true",
    [PRIMARY_EXPORTS.appHealthCheckId]: "dns.routing: failover",
    [PRIMARY_EXPORTS.userDataTableArn]: "identity.userDataReplicatedByDr: true",
};
