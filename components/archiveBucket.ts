import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ARCHIVE_DEFAULTS,
    ArchivePolicy,
    ArchiveRuleArgs,
    archiveLifecycleRules,
    arrivalStorageClass,
    archiveRuleProblems,
    intelligentTieringRules,
} from "../lib/lifecycle";
import { ACCESS_LOG_EXEMPTION_TAG, ObjectLockSettings, accessLogPrefix, objectLockProblems, objectLockRule } from "../lib/bucketAudit";
import { PolicyStatement, denyInsecureTransport, policyDocument } from "../lib/policy";

export interface ArchiveBucketArgs {
    /**
     * Physical bucket name (see `bucketName` in lib/naming.ts); an Output when it is derived from
     * the account id.
     */
    readonly bucketName: pulumi.Input<string>;
    /**
     * KMS key for SSE-KMS with an S3 bucket key. Leave unset only for buckets a service can
     * deliver to with SSE-S3 alone (Elastic Load Balancing access logs).
     * @default - SSE-S3 (AES256)
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * S3 Bucket Keys for the SSE-KMS objects (fewer KMS requests). Off for CloudTrail's bucket:
     * CloudTrail then also needs `kms:Decrypt` to create or update the trail (CloudTrail User Guide,
     * "Configure AWS KMS key policies for CloudTrail"). @default true
     */
    readonly bucketKey?: boolean;
    /**
     * Why this bucket uses SSE-S3 instead of a KMS key; required exactly when `kmsKeyArn` is
     * unset. Carried as the bucket's `SseS3Reason` tag, which the policy pack accepts as the
     * documented exception to SSE-KMS.
     */
    readonly sseS3Reason?: string;
    /**
     * Why this bucket keeps ACLs enabled (object ownership `BucketOwnerPreferred` instead of
     * `BucketOwnerEnforced`): only for a service that delivers through an ACL grant, such as
     * CloudFront standard logging (legacy). Carried as the bucket's `AclsEnabledReason` tag.
     * @default - ACLs disabled
     */
    readonly aclsEnabledReason?: string;
    /**
     * How objects are archived: by age (lifecycle), by last access (Intelligent-Tiering with its
     * archive tiers), or `instant` (Intelligent-Tiering's millisecond tiers only, never archived
     * out of reach). @default "age"
     */
    readonly archivePolicy?: ArchivePolicy;
    /** Days until objects are archived; unused by `instant`. @default 180 */
    readonly archiveAfterDays?: number;
    /** Days until objects reach the deepest tier; `null` to stop at the first. @default 365 (none for `instant`) */
    readonly deepArchiveAfterDays?: number | null;
    /** Days replaced and deleted versions are kept. @default 90 */
    readonly noncurrentVersionExpirationDays?: number;
    /** Days before incomplete multipart uploads are removed. @default 7 */
    readonly abortIncompleteUploadDays?: number;
    /** Days after which current objects are deleted. @default - never */
    readonly expireAfterDays?: number;
    /**
     * Extra bucket-policy statements (for services that deliver into the bucket), given the
     * bucket's ARN; they may wait on other outputs (an account id, a distribution ARN).
     * @default - none
     */
    readonly policyStatements?: (bucketArn: string) => pulumi.Input<PolicyStatement[]>;
    /**
     * S3 Object Lock with a default retention for every new object version (audit evidence:
     * CloudTrail and AWS Config history). Enabled on the existing, versioned bucket by the lock
     * configuration, so turning it on does not replace the bucket; it can never be turned off.
     * Such a bucket cannot receive server access logs.
     * @default - no Object Lock
     */
    readonly objectLock?: ObjectLockSettings;
    /**
     * The stack's access-log bucket (same account and region), which receives this bucket's S3
     * server access logs under `s3/<bucket name>/`.
     * @default - none; then `accessLogExemption` must say why
     */
    readonly accessLogBucketName?: pulumi.Input<string>;
    /**
     * Why this bucket sends no server access logs (for the access-log bucket itself: a bucket
     * logging into itself logs its own log deliveries). Carried as the `AccessLogExemption` tag,
     * which the policy pack accepts as the documented exception.
     * @default - none
     */
    readonly accessLogExemption?: string;
    /** Let `pulumi destroy` delete a non-empty bucket (never in prod). @default false */
    readonly forceDestroy?: boolean;
    /** Protect the bucket from deletion by Pulumi. @default false */
    readonly protect?: boolean;
}

/**
 * The one way this platform makes a data bucket: versioned, encrypted (SSE-KMS with a bucket key),
 * all public access blocked, ACLs disabled (unless a delivering service needs them, said in
 * `aclsEnabledReason`), TLS-only by policy, and a lifecycle that archives objects after six
 * months, or keeps them instantly readable (see lib/lifecycle.ts for the policies).
 */
export class ArchiveBucket extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    /** KMS key ARN, or undefined for SSE-S3 buckets. */
    public readonly kmsKeyArn: pulumi.Output<string | undefined>;
    /** The versioning resource; replication configurations must depend on it. */
    public readonly versioning: aws.s3.BucketVersioning;
    /** The class objects should be written in by writers that choose one (replication); undefined for Standard. */
    public readonly arrivalStorageClass: string | undefined;

    constructor(name: string, args: ArchiveBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        const policy = args.archivePolicy ?? ARCHIVE_DEFAULTS.policy;
        const defaultDeep = policy === "instant" ? undefined : ARCHIVE_DEFAULTS.deepArchiveAfterDays;
        const rules: ArchiveRuleArgs = {
            policy,
            archiveAfterDays: args.archiveAfterDays ?? ARCHIVE_DEFAULTS.archiveAfterDays,
            deepArchiveAfterDays: args.deepArchiveAfterDays === null ? undefined : (args.deepArchiveAfterDays ?? defaultDeep),
            noncurrentVersionExpirationDays: args.noncurrentVersionExpirationDays ?? ARCHIVE_DEFAULTS.noncurrentVersionExpirationDays,
            abortIncompleteUploadDays: args.abortIncompleteUploadDays ?? ARCHIVE_DEFAULTS.abortIncompleteUploadDays,
            expireAfterDays: args.expireAfterDays,
        };
        const problems = archiveRuleProblems(rules);
        if (args.kmsKeyArn === undefined && !args.sseS3Reason) {
            problems.push("a bucket without kmsKeyArn must say why in sseS3Reason (SSE-KMS is the rule)");
        }
        if (args.kmsKeyArn !== undefined && args.sseS3Reason !== undefined) {
            problems.push("sseS3Reason only applies to a bucket without kmsKeyArn");
        }
        if (args.objectLock !== undefined) problems.push(...objectLockProblems(args.objectLock));
        if (args.accessLogBucketName !== undefined && args.accessLogExemption !== undefined) {
            problems.push("accessLogExemption only applies to a bucket without accessLogBucketName");
        }
        if (problems.length > 0) {
            const shown = typeof args.bucketName === "string" ? ` (${args.bucketName})` : "";
            throw new Error(`ArchiveBucket ${name}${shown}: ${problems.join("; ")}`);
        }
        super("startup:storage:ArchiveBucket", name, {}, opts);

        const bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            {
                bucket: args.bucketName,
                forceDestroy: args.forceDestroy ?? false,
                tags: {
                    Name: args.bucketName,
                    ...(args.sseS3Reason ? { SseS3Reason: args.sseS3Reason } : {}),
                    ...(args.accessLogExemption ? { [ACCESS_LOG_EXEMPTION_TAG]: args.accessLogExemption } : {}),
                    ...(args.aclsEnabledReason ? { AclsEnabledReason: args.aclsEnabledReason } : {}),
                },
            },
            { parent: this, protect: args.protect },
        );
        const ownership = new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket: bucket.id, rule: { objectOwnership: args.aclsEnabledReason ? "BucketOwnerPreferred" : "BucketOwnerEnforced" } },
            { parent: this },
        );
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            { parent: this },
        );
        this.versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [
                    args.kmsKeyArn === undefined
                        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
                        : {
                              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
                              bucketKeyEnabled: args.bucketKey ?? true,
                          },
                ],
            },
            { parent: this },
        );
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket: bucket.id,
                policy: bucket.arn.apply((arn) =>
                    pulumi
                        .output(args.policyStatements?.(arn) ?? [])
                        .apply((extra) => JSON.stringify(policyDocument(denyInsecureTransport(arn), ...extra))),
                ),
            },
            // A bucket policy put before the public-access block can be refused as "public".
            { parent: this, dependsOn: [publicAccess, ownership] },
        );
        // Lifecycle transitions apply to versions, so they wait for versioning to be on.
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            { bucket: bucket.id, rules: archiveLifecycleRules(rules) },
            { parent: this, dependsOn: [this.versioning] },
        );
        if (args.objectLock !== undefined) {
            // PutObjectLockConfiguration turns Object Lock on for an existing bucket once versioning
            // is enabled; the bucket's own objectLockEnabled argument would replace it instead.
            new aws.s3.BucketObjectLockConfiguration(
                `${name}-object-lock`,
                { bucket: bucket.id, objectLockEnabled: "Enabled", rule: objectLockRule(args.objectLock) },
                { parent: this, dependsOn: [this.versioning] },
            );
        }
        if (args.accessLogBucketName !== undefined) {
            new aws.s3.BucketLogging(
                `${name}-access-logs`,
                {
                    bucket: bucket.id,
                    targetBucket: args.accessLogBucketName,
                    targetPrefix: bucket.id.apply(accessLogPrefix),
                    // Date-partitioned keys (s3/<bucket>/<account>/<region>/<bucket>/yyyy/mm/dd/), for Athena.
                    targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
                },
                { parent: this },
            );
        }
        const tiers = intelligentTieringRules(rules);
        if (tiers.length > 0) {
            new aws.s3.BucketIntelligentTieringConfiguration(
                `${name}-tiering`,
                { bucket: bucket.id, name: "archive-unread-objects", status: "Enabled", tierings: tiers },
                { parent: this },
            );
        }

        this.arrivalStorageClass = arrivalStorageClass(policy);
        this.bucketName = bucket.id;
        this.bucketArn = bucket.arn;
        this.kmsKeyArn = pulumi.output(args.kmsKeyArn);
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, kmsKeyArn: this.kmsKeyArn });
    }
}
