import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ARCHIVE_DEFAULTS,
    ArchivePolicy,
    ArchiveRuleArgs,
    archiveLifecycleRules,
    archiveRuleProblems,
    intelligentTieringRules,
} from "../lib/lifecycle";
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
    /** How objects are archived: by age (lifecycle) or by last access (Intelligent-Tiering). @default "age" */
    readonly archivePolicy?: ArchivePolicy;
    /** Days until objects are archived. @default 180 */
    readonly archiveAfterDays?: number;
    /** Days until objects reach the deepest tier; `null` to stop at the first. @default 365 */
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
    /** Let `pulumi destroy` delete a non-empty bucket (never in prod). @default false */
    readonly forceDestroy?: boolean;
    /** Protect the bucket from deletion by Pulumi. @default false */
    readonly protect?: boolean;
}

/**
 * The one way this platform makes a data bucket: versioned, encrypted (SSE-KMS with a bucket key),
 * all public access blocked, ACLs disabled (unless a delivering service needs them, said in
 * `aclsEnabledReason`), TLS-only by policy, and a lifecycle that archives
 * objects after six months (see lib/lifecycle.ts for the two archive policies).
 */
export class ArchiveBucket extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    /** KMS key ARN, or undefined for SSE-S3 buckets. */
    public readonly kmsKeyArn: pulumi.Output<string | undefined>;
    /** The versioning resource; replication configurations must depend on it. */
    public readonly versioning: aws.s3.BucketVersioning;

    constructor(name: string, args: ArchiveBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        const rules: ArchiveRuleArgs = {
            policy: args.archivePolicy ?? ARCHIVE_DEFAULTS.policy,
            archiveAfterDays: args.archiveAfterDays ?? ARCHIVE_DEFAULTS.archiveAfterDays,
            deepArchiveAfterDays:
                args.deepArchiveAfterDays === null ? undefined : (args.deepArchiveAfterDays ?? ARCHIVE_DEFAULTS.deepArchiveAfterDays),
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
                              bucketKeyEnabled: true,
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
        const tiers = intelligentTieringRules(rules);
        if (tiers.length > 0) {
            new aws.s3.BucketIntelligentTieringConfiguration(
                `${name}-tiering`,
                { bucket: bucket.id, name: "archive-unread-objects", status: "Enabled", tierings: tiers },
                { parent: this },
            );
        }

        this.bucketName = bucket.id;
        this.bucketArn = bucket.arn;
        this.kmsKeyArn = pulumi.output(args.kmsKeyArn);
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, kmsKeyArn: this.kmsKeyArn });
    }
}
