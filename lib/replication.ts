/**
 * S3 cross-region replication as data: the replication role's permissions and the one rule each
 * replicated bucket gets. Pure, unit-tested without Pulumi; `components/bucketReplication.ts`
 * creates the resources.
 */
import { PolicyDocument, policyDocument } from "./policy";

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
