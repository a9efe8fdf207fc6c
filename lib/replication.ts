/**
 * S3 cross-region replication as data: the replication role's permissions and the one rule each
 * replicated bucket gets. Pure, unit-tested without Pulumi; `components/bucketReplication.ts`
 * creates the resources.
 */
import { PolicyDocument, policyDocument, serviceTrustPolicy } from "./policy";

/**
 * S3 Replication Time Control: its only threshold is 15 minutes, and it needs replication metrics
 * with the same event threshold (S3 API `ReplicationTime` / `Metrics`).
 */
export const RTC_MINUTES = 15;

/** The id of the rule, which is also the `RuleId` dimension of the replication metrics. */
export const REPLICATION_RULE_ID = "to-dr-region";

export interface BucketReplicationPolicyArgs {
    readonly sourceBucketArn: string;
    /** Key of the source bucket's default encryption (SSE-KMS). */
    readonly sourceKmsKeyArn: string;
    readonly sourceRegion: string;
    readonly destinationBucketArn: string;
    /** Key in the destination region that encrypts the replicas. */
    readonly destinationKmsKeyArn: string;
    readonly destinationRegion: string;
}

/**
 * What the role S3 assumes to replicate one bucket may do, and nothing more: read the source
 * bucket's replication configuration and object versions, write replicas, delete markers and tags
 * to the destination, decrypt with the source key and encrypt with the destination key, each only
 * through S3 in that key's region and for that bucket (AWS S3 User Guide: "Replicating encrypted
 * objects"). With S3 Bucket Keys the encryption context is the bucket ARN rather than the object
 * ARN, so both are allowed.
 */
export function bucketReplicationPolicy(args: BucketReplicationPolicyArgs): PolicyDocument {
    const { sourceBucketArn: src, destinationBucketArn: dst } = args;
    return policyDocument(
        {
            Sid: "ReadSourceReplicationConfiguration",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: src,
        },
        {
            Sid: "ReadSourceObjectVersions",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: `${src}/*`,
        },
        {
            Sid: "WriteReplicas",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: `${dst}/*`,
        },
        {
            Sid: "DecryptSourceObjects",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.sourceKmsKeyArn,
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${args.sourceRegion}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [src, `${src}/*`] },
            },
        },
        {
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: "kms:Encrypt",
            Resource: args.destinationKmsKeyArn,
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${args.destinationRegion}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [dst, `${dst}/*`] },
            },
        },
    );
}

/** `S` is the type of the ARNs: plain strings, or Pulumi inputs. */
export interface ReplicationRuleArgs<S = string> {
    readonly destinationBucketArn: S;
    /** Key in the destination region that encrypts the replicas. */
    readonly destinationKmsKeyArn: S;
    /** Replication Time Control (15-minute SLA); replication metrics are on either way. */
    readonly timeControl: boolean;
    /**
     * Storage class of the replicas (S3 `Destination.StorageClass`); S3 uses the source object's
     * class when unset. @default - the source object's class
     */
    readonly storageClass?: string;
}

/** The rule, in the shape of `aws.s3.BucketReplicationConfig`'s `rules[]` input. */
export interface ReplicationRule<S = string> {
    id: string;
    status: "Enabled";
    priority: number;
    filter: Record<string, never>;
    deleteMarkerReplication: { status: "Enabled" };
    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } };
    destination: {
        bucket: S;
        storageClass?: string;
        encryptionConfiguration: { replicaKmsKeyId: S };
        metrics: { status: "Enabled"; eventThreshold?: { minutes: number } };
        replicationTime?: { status: "Enabled"; time: { minutes: number } };
    };
}

/**
 * One rule for the whole bucket. An empty `filter` makes it a V2 rule, the only kind that may
 * replicate delete markers; SSE-KMS objects are replicated only when selected and given a key in
 * the destination region. Metrics are always on (they feed the DR alarms); with RTC they carry its
 * 15-minute event threshold.
 */
export function replicationRule<S>(args: ReplicationRuleArgs<S>): ReplicationRule<S> {
    return {
        id: REPLICATION_RULE_ID,
        status: "Enabled",
        priority: 1,
        filter: {},
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
            bucket: args.destinationBucketArn,
            ...(args.storageClass !== undefined ? { storageClass: args.storageClass } : {}),
            encryptionConfiguration: { replicaKmsKeyId: args.destinationKmsKeyArn },
            ...(args.timeControl
                ? {
                      metrics: { status: "Enabled", eventThreshold: { minutes: RTC_MINUTES } },
                      replicationTime: { status: "Enabled", time: { minutes: RTC_MINUTES } },
                  }
                : { metrics: { status: "Enabled" } }),
        },
    };
}

/** The region of an ARN (`arn:partition:service:region:...`), or undefined for global ones. */
export function arnRegion(arn: string): string | undefined {
    const region = arn.split(":")[3];
    return region === undefined || region === "" ? undefined : region;
}

/**
 * Problems with a replication's endpoints that AWS would only report at deploy time: keys must
 * live in their bucket's region, and a cross-region replication must cross regions.
 */
export function replicationProblems(args: { sourceRegion: string; destinationRegion: string; sourceKmsKeyArn?: string; destinationKmsKeyArn?: string }): string[] {
    const problems: string[] = [];
    if (args.sourceRegion === args.destinationRegion) {
        problems.push(`destination region ${args.destinationRegion} is the source's region; cross-region replication needs another region`);
    }
    for (const [which, arn, region] of [
        ["source", args.sourceKmsKeyArn, args.sourceRegion],
        ["destination", args.destinationKmsKeyArn, args.destinationRegion],
    ] as const) {
        const keyRegion = arn === undefined ? undefined : arnRegion(arn);
        if (keyRegion !== undefined && keyRegion !== region) {
            problems.push(`${which} KMS key ${arn} is in ${keyRegion}; it must be in the ${which} bucket's region ${region}`);
        }
    }
    return problems;
}

// ---------------------------------------------------------------------------------------------
// S3 Batch Replication: live replication copies only objects written after its rule exists; the
// objects already in the bucket (and those whose replication failed) are replicated on demand by
// an S3 Batch Operations job with the `S3ReplicateObject` operation, run as its own role.

/** The service principal S3 Batch Operations assumes job roles with. */
export const BATCH_OPERATIONS_SERVICE = "batchoperations.s3.amazonaws.com";

/** Top-level key prefix of Batch Replication manifests and reports in the report bucket. */
export const BATCH_REPLICATION_PREFIX = "batch-replication";

/** Where one replicated bucket's jobs write, under its prefix in the report bucket. */
export interface BatchReplicationLocations {
    /** Completion reports: S3 writes `<reports>/job-<id>/report.json` and the CSV results. */
    readonly reports: string;
    /** Manifests S3 generates from the replication configuration. */
    readonly manifests: string;
}

export function batchReplicationLocations(prefix: string): BatchReplicationLocations {
    return { reports: `${prefix}/reports`, manifests: `${prefix}/manifests` };
}

/** Problems with a key prefix for a bucket's Batch Replication jobs; empty when it is usable. */
export function batchReplicationPrefixProblems(prefix: string): string[] {
    // S3's safe key characters, less `*` and `'`, which an IAM resource or a shell would read.
    if (!/^[A-Za-z0-9!\-_.()]+(\/[A-Za-z0-9!\-_.()]+)*$/.test(prefix)) {
        return [`report prefix "${prefix}" must be non-empty path segments of letters, digits and !-_.() separated by single "/", with no leading or trailing "/"`];
    }
    // A report prefix may be 512 characters (S3 Control JobReport.Prefix); the longer subfolder counts.
    const longest = Math.max(...Object.values(batchReplicationLocations(prefix)).map((p) => p.length));
    return longest > 512 ? [`report prefix "${prefix}" is too long: its subfolders must stay within 512 characters`] : [];
}

/**
 * The trust policy of a Batch Operations job role. AWS documents it ("Granting permissions for
 * Batch Operations") with the service principal only, no aws:SourceAccount or aws:SourceArn
 * context, and a required condition on a key the service does not send would deny every job. So
 * the account is checked only when the key is present (`ifPresent`); the role's permissions
 * (below) are what bound it.
 */
export function batchOperationsTrustPolicy(accountId: string): PolicyDocument {
    return serviceTrustPolicy(BATCH_OPERATIONS_SERVICE, accountId, { sourceContext: "ifPresent" });
}

/**
 * The trust policy of a live replication role. AWS's "Setting up permissions for live replication"
 * shows `s3.amazonaws.com` alone, so, as for Batch Operations, the account is checked when present.
 */
export function replicationTrustPolicy(accountId: string): PolicyDocument {
    return serviceTrustPolicy("s3.amazonaws.com", accountId, { sourceContext: "ifPresent" });
}

export interface BatchReplicationPolicyArgs {
    /** The replicated bucket: it must have a replication configuration. */
    readonly sourceBucketArn: string;
    /** Bucket in the source's region that takes generated manifests and completion reports. */
    readonly reportBucketArn: string;
    /** This bucket's key prefix in the report bucket (see `batchReplicationLocations`). */
    readonly reportPrefix: string;
}

/**
 * What a Batch Replication job may do (S3 User Guide, "Configuring an IAM role for S3 Batch
 * Replication", policy for an S3-generated and stored manifest): start the replication of the source
 * bucket's objects, generate the manifest from its replication configuration, read that manifest
 * back, and write it and the completion report, both only under this bucket's prefix. The objects
 * are copied by the replication configuration's own role, which holds the KMS permissions: this one
 * needs none (completion reports are always written with SSE-S3).
 */
export function batchReplicationPolicy(args: BatchReplicationPolicyArgs): PolicyDocument {
    const problems = batchReplicationPrefixProblems(args.reportPrefix);
    if (problems.length > 0) throw new Error(`batchReplicationPolicy: ${problems.join("; ")}`);
    const { sourceBucketArn: src, reportBucketArn: report } = args;
    const where = batchReplicationLocations(args.reportPrefix);
    return policyDocument(
        {
            Sid: "InitiateReplicationOfSourceObjects",
            Effect: "Allow",
            Action: "s3:InitiateReplication",
            Resource: `${src}/*`,
        },
        {
            Sid: "GenerateManifestFromReplicationConfiguration",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:PutInventoryConfiguration"],
            Resource: src,
        },
        {
            Sid: "ReadManifests",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: `${report}/${where.manifests}/*`,
        },
        {
            Sid: "WriteManifestsAndReports",
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: [`${report}/${where.reports}/*`, `${report}/${where.manifests}/*`],
        },
    );
}

/** An object's replication status, as a Batch Replication job filters on it (S3 Control `ObjectReplicationStatuses`). */
export type ObjectReplicationStatus = "NONE" | "FAILED" | "COMPLETED" | "REPLICA";

/**
 * Objects a job replicates by default: those never replicated (they predate the rule) and those
 * whose replication failed. COMPLETED and REPLICA would copy again what DR already has.
 */
export const BATCH_REPLICATION_STATUSES: readonly ObjectReplicationStatus[] = ["NONE", "FAILED"];

export interface BatchReplicationJobArgs extends BatchReplicationPolicyArgs {
    /** Account that owns the source and report buckets, and the job. */
    readonly accountId: string;
    /** The source bucket's region: the job runs there. */
    readonly region: string;
    /** The Batch Operations role the job runs as. */
    readonly roleArn: string;
}

/**
 * The arguments of `aws s3control create-job` for one bucket, in the S3 Control API shapes
 * (`JobReport`, `JobManifestGenerator`): a job in the source's region whose manifest S3 generates
 * from the bucket's replication configuration and stores, SSE-S3, under the manifests prefix, and
 * whose report covers every task. `--operation '{"S3ReplicateObject":{}}'` and `--priority` complete it.
 */
export interface BatchReplicationJob {
    readonly accountId: string;
    readonly region: string;
    readonly roleArn: string;
    readonly report: {
        readonly Bucket: string;
        readonly Prefix: string;
        readonly Format: "Report_CSV_20180820";
        readonly Enabled: true;
        readonly ReportScope: "AllTasks";
    };
    readonly manifestGenerator: {
        readonly S3JobManifestGenerator: {
            readonly ExpectedBucketOwner: string;
            readonly SourceBucket: string;
            readonly EnableManifestOutput: true;
            readonly ManifestOutputLocation: {
                readonly ExpectedManifestBucketOwner: string;
                readonly Bucket: string;
                readonly ManifestPrefix: string;
                readonly ManifestEncryption: { readonly SSES3: Record<string, never> };
                readonly ManifestFormat: "S3InventoryReport_CSV_20211130";
            };
            readonly Filter: { readonly EligibleForReplication: true; readonly ObjectReplicationStatuses: readonly ObjectReplicationStatus[] };
        };
    };
}

export function batchReplicationJob(args: BatchReplicationJobArgs): BatchReplicationJob {
    const problems = batchReplicationPrefixProblems(args.reportPrefix);
    if (problems.length > 0) throw new Error(`batchReplicationJob: ${problems.join("; ")}`);
    const where = batchReplicationLocations(args.reportPrefix);
    return {
        accountId: args.accountId,
        region: args.region,
        roleArn: args.roleArn,
        report: { Bucket: args.reportBucketArn, Prefix: where.reports, Format: "Report_CSV_20180820", Enabled: true, ReportScope: "AllTasks" },
        manifestGenerator: {
            S3JobManifestGenerator: {
                ExpectedBucketOwner: args.accountId,
                SourceBucket: args.sourceBucketArn,
                EnableManifestOutput: true,
                ManifestOutputLocation: {
                    ExpectedManifestBucketOwner: args.accountId,
                    Bucket: args.reportBucketArn,
                    ManifestPrefix: where.manifests,
                    ManifestEncryption: { SSES3: {} },
                    ManifestFormat: "S3InventoryReport_CSV_20211130",
                },
                Filter: { EligibleForReplication: true, ObjectReplicationStatuses: [...BATCH_REPLICATION_STATUSES] },
            },
        },
    };
}
