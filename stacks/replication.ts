import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BucketReplication } from "../components/bucketReplication";
import { BATCH_REPLICATION_PREFIX } from "../lib/replication";
import { ReplicableBucket } from "./config/dr";
import { ConfigError, PlatformConfig } from "./config/load";
import { AccountContext } from "./providers";

/** One of the primary's buckets and the DR bucket that receives its replicas. */
export interface ReplicatedBucketPair {
    /** The source bucket in the primary region (its name and ARN are the primary's exports). */
    readonly sourceBucketName: pulumi.Input<string>;
    readonly sourceBucketArn: pulumi.Input<string>;
    /** The DR bucket: versioned, SSE-KMS with the DR data key. */
    readonly destinationBucketArn: pulumi.Input<string>;
    /** What makes the destination ready (the component that owns its versioning). */
    readonly destination: pulumi.Resource;
    /** Class the replicas are written in (the destination bucket's `arrivalStorageClass`). @default - the source's */
    readonly destinationStorageClass?: string;
}

/**
 * S3 replication of the primary's data buckets listed in `dr.replicateBuckets` into their DR
 * buckets. The replication configuration belongs to the SOURCE bucket, in the primary region, but
 * it names the DR bucket, which exists only once this stack has run: the DR stack owns it, through
 * `primaryProvider`, so the primary never depends on DR's outputs and deploys first. Each bucket
 * also gets the role of its S3 Batch Replication jobs, which write under
 * `batch-replication/<bucket>/` of `source.reportBucketArn`.
 */
export function buildBucketReplications(
    cfg: PlatformConfig,
    account: AccountContext,
    primaryProvider: aws.Provider,
    source: {
        readonly region: pulumi.Input<string>;
        readonly dataKeyArn: pulumi.Input<string>;
        /**
         * A bucket of the primary's, in its region, that takes Batch Replication manifests and
         * reports; asked for only when a bucket is replicated (reading it requires its export).
         */
        readonly reportBucketArn: () => pulumi.Input<string>;
    },
    destinationKmsKeyArn: pulumi.Input<string>,
    pairs: Partial<Record<ReplicableBucket, ReplicatedBucketPair>>,
): Record<string, BucketReplication> {
    const dr = cfg.dr;
    if (dr === undefined) return {};
    const missing = dr.replicateBuckets.filter((role) => pairs[role] === undefined);
    if (missing.length > 0) {
        throw new ConfigError(cfg.file, [
            `startup-platform:dr.replicateBuckets: ${missing.join(", ")} has no bucket in this program to replicate; remove it`,
        ]);
    }
    const replications: Record<string, BucketReplication> = {};
    for (const role of dr.replicateBuckets) {
        const pair = pairs[role] as ReplicatedBucketPair;
        replications[role] = new BucketReplication(
            `${role}-replication`,
            {
                namePrefix: cfg.namePrefix,
                purpose: role,
                accountId: account.accountId,
                sourceBucketName: pair.sourceBucketName,
                sourceBucketArn: pair.sourceBucketArn,
                sourceKmsKeyArn: source.dataKeyArn,
                sourceRegion: source.region,
                destinationBucketArn: pair.destinationBucketArn,
                destinationKmsKeyArn,
                destinationRegion: cfg.region,
                timeControl: dr.replicationTimeControl,
                destinationStorageClass: pair.destinationStorageClass,
                waitFor: [pair.destination],
                batchReplication: { reportBucketArn: source.reportBucketArn(), reportPrefix: `${BATCH_REPLICATION_PREFIX}/${role}` },
            },
            { provider: primaryProvider },
        );
    }
    return replications;
}
