import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAME_LIMITS, physicalName } from "../lib/naming";
import {
    BatchReplicationJob,
    REPLICATION_RULE_ID,
    batchOperationsTrustPolicy,
    batchReplicationJob,
    batchReplicationPolicy,
    batchReplicationPrefixProblems,
    bucketReplicationPolicy,
    replicationProblems,
    replicationRule,
    replicationTrustPolicy,
} from "../lib/replication";

/** Where S3 Batch Replication jobs of this bucket keep their manifests and completion reports. */
export interface BatchReplicationReportArgs {
    /** ARN of a bucket in the source's region, in the same account (a generated manifest must be there). */
    readonly reportBucketArn: pulumi.Input<string>;
    /** This bucket's key prefix in it; no leading or trailing "/". */
    readonly reportPrefix: string;
}

export interface BucketReplicationArgs {
    /** Prefix of AWS names (the replication role). */
    readonly namePrefix: string;
    /** What the bucket holds, e.g. "analytics"; names the role. */
    readonly purpose: string;
    /** Account of both buckets (the role trusts S3 for this account only). */
    readonly accountId: pulumi.Input<string>;
    /** Name of the source bucket (versioned), in the provider's region. */
    readonly sourceBucketName: pulumi.Input<string>;
    readonly sourceBucketArn: pulumi.Input<string>;
    /** Key of the source bucket's SSE-KMS default encryption. */
    readonly sourceKmsKeyArn: pulumi.Input<string>;
    /** Region of the source bucket: the provider's region. */
    readonly sourceRegion: pulumi.Input<string>;
    /** ARN of the destination bucket (versioned) in another region. */
    readonly destinationBucketArn: pulumi.Input<string>;
    /** Key in the destination region that encrypts the replicas. */
    readonly destinationKmsKeyArn: pulumi.Input<string>;
    readonly destinationRegion: string;
    /** S3 Replication Time Control (99.99% within 15 minutes, extra cost). @default true */
    readonly timeControl?: boolean;
    /**
     * Storage class the replicas are written in (the destination bucket's `arrivalStorageClass`),
     * so they land where the destination's policy keeps them. @default - the source object's class
     */
    readonly destinationStorageClass?: string;
    /**
     * Resources that must exist before replication is configured, such as the destination's
     * versioning (S3 refuses a configuration whose destination is not versioned). @default []
     */
    readonly waitFor?: pulumi.Input<pulumi.Resource>[];
    /**
     * Also create the role S3 Batch Replication jobs run as, to replicate the objects that predate
     * the rule (or failed): allowed only this bucket's objects and this prefix of the report bucket.
     * @default - no batch role
     */
    readonly batchReplication?: BatchReplicationReportArgs;
}

export const BUCKET_REPLICATION_DEFAULTS = { timeControl: true } as const;

/**
 * Replicates one versioned, SSE-KMS bucket into a bucket in another region: a role that S3 assumes,
 * allowed only what replication of these two buckets needs (lib/replication.ts), and one rule for
 * the whole bucket that replicates KMS-encrypted objects (re-encrypted with the destination key),
 * delete markers and tags, with replication metrics and, by default, Replication Time Control.
 * With `batchReplication`, also the role S3 Batch Replication jobs run as, for the objects the rule
 * does not reach (those written before it existed, or whose replication failed).
 * Created with a provider in the SOURCE bucket's region, where S3 keeps the configuration.
 */
export class BucketReplication extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    /** Id of the replication rule: the `RuleId` dimension of the S3 replication metrics. */
    public readonly ruleId: string;
    public readonly sourceBucketName: pulumi.Output<string>;
    public readonly destinationBucketArn: pulumi.Output<string>;
    /** The Batch Operations role for Batch Replication jobs, when `batchReplication` is given. */
    public readonly batchRoleArn?: pulumi.Output<string>;
    /** The `aws s3control create-job` arguments of a Batch Replication job of this bucket, when `batchReplication` is given. */
    public readonly batchJob?: pulumi.Output<BatchReplicationJob>;

    constructor(name: string, args: BucketReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        const known = (value: pulumi.Input<string>) => (typeof value === "string" ? value : undefined);
        const sourceRegion = known(args.sourceRegion);
        const problems =
            sourceRegion === undefined
                ? []
                : replicationProblems({
                      sourceRegion,
                      destinationRegion: args.destinationRegion,
                      sourceKmsKeyArn: known(args.sourceKmsKeyArn),
                      destinationKmsKeyArn: known(args.destinationKmsKeyArn),
                  });
        if (args.batchReplication !== undefined) problems.push(...batchReplicationPrefixProblems(args.batchReplication.reportPrefix));
        if (problems.length > 0) throw new Error(`BucketReplication ${name}: ${problems.join("; ")}`);
        super("startup:storage:BucketReplication", name, {}, opts);
        const timeControl = args.timeControl ?? BUCKET_REPLICATION_DEFAULTS.timeControl;

        const roleName = physicalName(args.namePrefix, `${args.purpose}-replication`, NAME_LIMITS.iamRole);
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                name: roleName,
                description: `S3 replicates the ${args.purpose} bucket into ${args.destinationRegion}`,
                assumeRolePolicy: pulumi.output(args.accountId).apply((accountId) => JSON.stringify(replicationTrustPolicy(accountId))),
                tags: { Name: roleName },
            },
            { parent: this },
        );
        const access = new aws.iam.RolePolicy(
            `${name}-access`,
            {
                role: role.name,
                policy: pulumi
                    .all([args.sourceBucketArn, args.sourceKmsKeyArn, args.sourceRegion, args.destinationBucketArn, args.destinationKmsKeyArn])
                    .apply(([sourceBucketArn, sourceKmsKeyArn, region, destinationBucketArn, destinationKmsKeyArn]) => {
                        // Checked again here for values that only exist at deploy time (another stack's outputs).
                        const late = replicationProblems({ sourceRegion: region, destinationRegion: args.destinationRegion, sourceKmsKeyArn, destinationKmsKeyArn });
                        if (late.length > 0) throw new Error(`BucketReplication ${name}: ${late.join("; ")}`);
                        return JSON.stringify(
                            bucketReplicationPolicy({
                                sourceBucketArn,
                                sourceKmsKeyArn,
                                sourceRegion: region,
                                destinationBucketArn,
                                destinationKmsKeyArn,
                                destinationRegion: args.destinationRegion,
                            }),
                        );
                    }),
            },
            { parent: this },
        );
        const config = new aws.s3.BucketReplicationConfig(
            `${name}-config`,
            {
                bucket: args.sourceBucketName,
                role: role.arn,
                rules: [
                    replicationRule<pulumi.Input<string>>({
                        destinationBucketArn: args.destinationBucketArn,
                        destinationKmsKeyArn: args.destinationKmsKeyArn,
                        timeControl,
                        storageClass: args.destinationStorageClass,
                    }),
                ],
            },
            // S3 checks the role when the configuration is put, and the destination's versioning.
            { parent: this, dependsOn: [access, ...(args.waitFor ?? [])] },
        );

        this.roleArn = role.arn;
        this.ruleId = REPLICATION_RULE_ID;
        this.sourceBucketName = pulumi.output(args.sourceBucketName);
        this.destinationBucketArn = pulumi.output(args.destinationBucketArn);
        if (args.batchReplication !== undefined) {
            const batch = this.batchRole(name, args, args.batchReplication, config.id);
            this.batchRoleArn = batch.roleArn;
            this.batchJob = batch.job;
        }
        this.registerOutputs({
            roleArn: this.roleArn,
            ruleId: this.ruleId,
            sourceBucketName: this.sourceBucketName,
            destinationBucketArn: this.destinationBucketArn,
            ...(this.batchJob ? { batchRoleArn: this.batchRoleArn, batchJob: this.batchJob } : {}),
        });
    }

    /**
     * The Batch Operations role of this bucket's Batch Replication jobs (lib/replication.ts), and
     * the job's arguments, which name exactly the prefixes the role may write.
     */
    private batchRole(
        name: string,
        args: BucketReplicationArgs,
        report: BatchReplicationReportArgs,
        configId: pulumi.Output<string>,
    ): { roleArn: pulumi.Output<string>; job: pulumi.Output<BatchReplicationJob> } {
        const roleName = physicalName(args.namePrefix, `${args.purpose}-batch-replication`, NAME_LIMITS.iamRole);
        const role = new aws.iam.Role(
            `${name}-batch-role`,
            {
                name: roleName,
                description: `S3 Batch Replication jobs copy the ${args.purpose} bucket's existing objects into ${args.destinationRegion}`,
                assumeRolePolicy: pulumi.output(args.accountId).apply((id) => JSON.stringify(batchOperationsTrustPolicy(id))),
                tags: { Name: roleName },
            },
            { parent: this },
        );
        const access = new aws.iam.RolePolicy(
            `${name}-batch-access`,
            {
                role: role.name,
                policy: pulumi
                    .all([args.sourceBucketArn, report.reportBucketArn])
                    .apply(([sourceBucketArn, reportBucketArn]) =>
                        JSON.stringify(batchReplicationPolicy({ sourceBucketArn, reportBucketArn, reportPrefix: report.reportPrefix })),
                    ),
            },
            { parent: this },
        );
        // Known once the role's policy and the replication configuration exist: a job started
        // before either would fail (Batch Replication replicates by the bucket's configuration).
        const job = pulumi
            .all([args.accountId, args.sourceRegion, role.arn, args.sourceBucketArn, report.reportBucketArn, access.id, configId])
            .apply(([accountId, region, roleArn, sourceBucketArn, reportBucketArn]) =>
                batchReplicationJob({ accountId, region, roleArn, sourceBucketArn, reportBucketArn, reportPrefix: report.reportPrefix }),
            );
        return { roleArn: role.arn, job };
    }
}
