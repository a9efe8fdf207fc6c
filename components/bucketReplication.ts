import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAME_LIMITS, physicalName } from "../lib/naming";
import { serviceTrustPolicy } from "../lib/policy";
import { REPLICATION_RULE_ID, bucketReplicationPolicy, replicationProblems, replicationRule } from "../lib/replication";

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
     * Resources that must exist before replication is configured, such as the destination's
     * versioning (S3 refuses a configuration whose destination is not versioned). @default []
     */
    readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

export const BUCKET_REPLICATION_DEFAULTS = { timeControl: true } as const;

/**
 * Replicates one versioned, SSE-KMS bucket into a bucket in another region: a role that S3 assumes,
 * allowed only what replication of these two buckets needs (lib/replication.ts), and one rule for
 * the whole bucket that replicates KMS-encrypted objects (re-encrypted with the destination key),
 * delete markers and tags, with replication metrics and, by default, Replication Time Control.
 * Created with a provider in the SOURCE bucket's region, where S3 keeps the configuration.
 */
export class BucketReplication extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    /** Id of the replication rule: the `RuleId` dimension of the S3 replication metrics. */
    public readonly ruleId: string;
    public readonly sourceBucketName: pulumi.Output<string>;
    public readonly destinationBucketArn: pulumi.Output<string>;

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
        if (problems.length > 0) throw new Error(`BucketReplication ${name}: ${problems.join("; ")}`);
        super("startup:storage:BucketReplication", name, {}, opts);
        const timeControl = args.timeControl ?? BUCKET_REPLICATION_DEFAULTS.timeControl;

        const roleName = physicalName(args.namePrefix, `${args.purpose}-replication`, NAME_LIMITS.iamRole);
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                name: roleName,
                description: `S3 replicates the ${args.purpose} bucket into ${args.destinationRegion}`,
                assumeRolePolicy: pulumi.output(args.accountId).apply((accountId) => JSON.stringify(serviceTrustPolicy("s3.amazonaws.com", accountId))),
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
        new aws.s3.BucketReplicationConfig(
            `${name}-config`,
            {
                bucket: args.sourceBucketName,
                role: role.arn,
                rules: [
                    replicationRule<pulumi.Input<string>>({
                        destinationBucketArn: args.destinationBucketArn,
                        destinationKmsKeyArn: args.destinationKmsKeyArn,
                        timeControl,
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
        this.registerOutputs({
            roleArn: this.roleArn,
            ruleId: this.ruleId,
            sourceBucketName: this.sourceBucketName,
            destinationBucketArn: this.destinationBucketArn,
        });
    }
}
