import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ArchiveBucket } from "./archiveBucket";
import { PlatformKey } from "./platformKey";
import {
    CIS_METRIC_FILTERS,
    CIS_METRIC_NAMESPACE,
    CisMetricFilter,
    TRAIL_NAME,
    cloudTrailArn,
    cloudTrailBucketStatements,
    cloudTrailLogsTrustPolicy,
    cloudTrailLogsWritePolicy,
    trailLogGroupArnForCloudTrail,
} from "../lib/audit";
import { enabledObjectLock } from "../lib/bucketAudit";
import { NAME_LIMITS, bucketName, physicalName } from "../lib/naming";
import { CLOUDTRAIL_SERVICE } from "../lib/policy";
import { parseSettings } from "../stacks/config/rules";
import { auditTrailSettingsSchema } from "../stacks/config/security";

/** What the stack wires into the trail. */
export interface AuditTrailWiring {
    /** Prefix of AWS names (trail, bucket, key alias). */
    readonly namePrefix: string;
    /** Home Region of the trail: the provider's region, where its bucket and key live. */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /**
     * Key of the trail's CloudWatch Logs group (Security Hub CloudTrail.5), whose policy must let
     * logs.<region>.amazonaws.com use it (PlatformKey "logs"). Without it the trail delivers to S3
     * only, and `cisAlarms` must be off: the CIS metric filters are on that group. @default - S3 only
     */
    readonly logsKmsKeyArn?: pulumi.Input<string>;
    /** The stack's access-log bucket, for the log bucket's S3 server access logs. @default - none */
    readonly accessLogBucketName?: pulumi.Input<string>;
    /** Let `pulumi destroy` delete the log bucket while it holds logs (never in prod). @default false */
    readonly forceDestroy?: boolean;
    /** Protect the trail, its bucket and its key from deletion by Pulumi. @default false */
    readonly protect?: boolean;
    /**
     * Keep the security log groups in AWS when the stack is destroyed: prod environments (the
     * stack keeps the key that encrypts them too). Not `protect`, which a teardown turns off
     * first. @default false
     */
    readonly keepSecurityLogs?: boolean;
}

/**
 * The trail's keys of the `security` section (stacks/config/security.ts: trailLogRetentionDays,
 * cisAlarms, auditObjectLock) plus the wiring.
 */
export type AuditTrailArgs = z.input<typeof auditTrailSettingsSchema> & AuditTrailWiring;

export const AUDIT_TRAIL_DEFAULTS = { forceDestroy: false, protect: false } as const;

/**
 * The account's CloudTrail trail: multi-Region, with global service events (IAM, STS, CloudFront)
 * and log file validation, delivering log and digest files to an archive bucket (Object Lock as
 * `auditObjectLock` says) and, given a logs key, its events to a CloudWatch Logs group with the CIS
 * metric filters (`cisAlarms`). Both the files
 * and the bucket are encrypted with a key of its own, which only this trail may have CloudTrail use.
 * One trail per account is enough: create it from one stack only.
 */
export class AuditTrail extends pulumi.ComponentResource {
    public readonly trailArn: pulumi.Output<string>;
    public readonly trailName: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** The trail's CloudWatch Logs group, when it has one. */
    public readonly logGroupName?: pulumi.Output<string>;
    /** The metric filters created on that group. */
    public readonly metricFilters: readonly CisMetricFilter[];

    constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("AuditTrail", name, auditTrailSettingsSchema, args);
        const trailName = physicalName(args.namePrefix, "audit");
        const problems: string[] = [];
        if (!TRAIL_NAME.test(trailName)) {
            problems.push(`"${trailName}" is not a valid trail name; use a namePrefix of letters, digits and single hyphens`);
        }
        if (s.cisAlarms && args.logsKmsKeyArn === undefined) {
            problems.push("cisAlarms needs logsKmsKeyArn: the CIS metric filters are on the trail's CloudWatch Logs group");
        }
        if (problems.length > 0) throw new Error(`AuditTrail ${name}: ${problems.join("; ")}`);
        const logsKmsKeyArn = args.logsKmsKeyArn;
        const metricFilters = s.cisAlarms ? CIS_METRIC_FILTERS : [];
        super("startup:security:AuditTrail", name, {}, opts);
        const protect = args.protect ?? AUDIT_TRAIL_DEFAULTS.protect;
        const accountId = pulumi.output(args.accountId);
        // From the name, not the trail's output: the key and bucket policies must exist before the trail.
        const trailArn = pulumi
            .all([args.partition, accountId])
            .apply(([partition, account]) => cloudTrailArn(partition, args.region, account, trailName));

        const key = new PlatformKey(
            `${name}-key`,
            {
                purpose: "audit",
                namePrefix: args.namePrefix,
                accountId: args.accountId,
                partition: args.partition,
                region: args.region,
                services: [CLOUDTRAIL_SERVICE],
                cloudTrailArns: [trailArn],
                protect,
            },
            { parent: this },
        );
        const bucket = new ArchiveBucket(
            `${name}-logs`,
            {
                bucketName: accountId.apply((id) => bucketName(args.namePrefix, "audit-logs", id, args.region)),
                kmsKeyArn: key.keyArn,
                policyStatements: (arn) =>
                    pulumi.all([accountId, trailArn]).apply(([account, trail]) => cloudTrailBucketStatements({ bucketArn: arn, accountId: account, trailArn: trail })),
                objectLock: enabledObjectLock(s.auditObjectLock),
                // No Bucket Key: with one, CloudTrail needs kms:Decrypt on the trail's key too, and
                // the key policy grants it only GenerateDataKey* for its own trail's context.
                bucketKey: false,
                accessLogBucketName: args.accessLogBucketName,
                forceDestroy: args.forceDestroy ?? AUDIT_TRAIL_DEFAULTS.forceDestroy,
                protect,
            },
            { parent: this },
        );

        // CloudWatch Logs delivery: a KMS-encrypted log group and the role CloudTrail writes it with.
        const waitFor: pulumi.Resource[] = [bucket];
        let cloudWatch: { cloudWatchLogsGroupArn: pulumi.Output<string>; cloudWatchLogsRoleArn: pulumi.Output<string> } | undefined;
        if (logsKmsKeyArn !== undefined) {
            const group = new aws.cloudwatch.LogGroup(
                `${name}-log-group`,
                { name: `/aws/cloudtrail/${trailName}`, retentionInDays: s.trailLogRetentionDays, kmsKeyId: logsKmsKeyArn, tags: { Name: trailName } },
                { parent: this, protect, retainOnDelete: args.keepSecurityLogs === true },
            );
            const roleName = physicalName(args.namePrefix, "audit-cloudwatch-logs", NAME_LIMITS.iamRole);
            const role = new aws.iam.Role(
                `${name}-cloudwatch-role`,
                {
                    name: roleName,
                    description: `CloudTrail trail ${trailName} writes its events to ${trailName}'s log group`,
                    assumeRolePolicy: pulumi.all([accountId, trailArn]).apply(([account, trail]) => JSON.stringify(cloudTrailLogsTrustPolicy(account, trail))),
                    tags: { Name: roleName },
                },
                { parent: this },
            );
            const write = new aws.iam.RolePolicy(
                `${name}-cloudwatch-write`,
                {
                    role: role.id,
                    policy: pulumi.all([group.arn, accountId]).apply(([arn, account]) => JSON.stringify(cloudTrailLogsWritePolicy(arn, account))),
                },
                { parent: this },
            );
            for (const filter of metricFilters) {
                new aws.cloudwatch.LogMetricFilter(
                    `${name}-metric-${filter.metricName.toLowerCase()}`,
                    {
                        name: `${trailName}-${filter.metricName}`,
                        logGroupName: group.name,
                        pattern: filter.pattern,
                        metricTransformation: { name: filter.metricName, namespace: CIS_METRIC_NAMESPACE, value: "1" },
                    },
                    { parent: this },
                );
            }
            // CloudTrail assumes the role and writes a test event when the trail is created or updated.
            waitFor.push(write);
            cloudWatch = { cloudWatchLogsGroupArn: group.arn.apply(trailLogGroupArnForCloudTrail), cloudWatchLogsRoleArn: role.arn };
            this.logGroupName = group.name;
        }
        this.metricFilters = metricFilters;

        const trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: trailName,
                s3BucketName: bucket.bucketName,
                kmsKeyId: key.keyArn,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                enableLogging: true,
                ...(cloudWatch ?? {}),
                tags: { Name: trailName },
            },
            // CloudTrail checks it can write to the bucket when the trail is created: the bucket
            // policy (a child of the bucket component) must be in place first.
            { parent: this, protect, dependsOn: waitFor },
        );

        this.trailArn = trail.arn;
        this.trailName = trail.name;
        this.bucketName = bucket.bucketName;
        this.bucketArn = bucket.bucketArn;
        this.kmsKeyArn = key.keyArn;
        this.registerOutputs({
            trailArn: this.trailArn,
            trailName: this.trailName,
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            kmsKeyArn: this.kmsKeyArn,
            logGroupName: this.logGroupName,
        });
    }
}
