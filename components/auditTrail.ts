import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArchiveBucket } from "./archiveBucket";
import { PlatformKey } from "./platformKey";
import { TRAIL_NAME, cloudTrailArn, cloudTrailBucketStatements } from "../lib/audit";
import { bucketName, physicalName } from "../lib/naming";
import { CLOUDTRAIL_SERVICE } from "../lib/policy";

export interface AuditTrailArgs {
    /** Prefix of AWS names (trail, bucket, key alias). */
    readonly namePrefix: string;
    /** Home Region of the trail: the provider's region, where its bucket and key live. */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Let `pulumi destroy` delete the log bucket while it holds logs (never in prod). @default false */
    readonly forceDestroy?: boolean;
    /** Protect the trail, its bucket and its key from deletion by Pulumi. @default false */
    readonly protect?: boolean;
}

export const AUDIT_TRAIL_DEFAULTS = { forceDestroy: false, protect: false } as const;

/**
 * The account's CloudTrail trail: multi-Region, with global service events (IAM, STS, CloudFront)
 * and log file validation, delivering log and digest files to an archive bucket. Both the files
 * and the bucket are encrypted with a key of its own, which only this trail may have CloudTrail use.
 * One trail per account is enough: create it from one stack only.
 */
export class AuditTrail extends pulumi.ComponentResource {
    public readonly trailArn: pulumi.Output<string>;
    public readonly trailName: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly kmsKeyArn: pulumi.Output<string>;

    constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        const trailName = physicalName(args.namePrefix, "audit");
        if (!TRAIL_NAME.test(trailName)) {
            throw new Error(`AuditTrail ${name}: "${trailName}" is not a valid trail name; use a namePrefix of letters, digits and single hyphens`);
        }
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
        const logs = new ArchiveBucket(
            `${name}-logs`,
            {
                bucketName: accountId.apply((id) => bucketName(args.namePrefix, "audit-logs", id, args.region)),
                kmsKeyArn: key.keyArn,
                policyStatements: (arn) =>
                    pulumi.all([accountId, trailArn]).apply(([account, trail]) => cloudTrailBucketStatements({ bucketArn: arn, accountId: account, trailArn: trail })),
                forceDestroy: args.forceDestroy ?? AUDIT_TRAIL_DEFAULTS.forceDestroy,
                protect,
            },
            { parent: this },
        );
        const trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: trailName,
                s3BucketName: logs.bucketName,
                kmsKeyId: key.keyArn,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                enableLogging: true,
                tags: { Name: trailName },
            },
            // CloudTrail checks it can write to the bucket when the trail is created: the bucket
            // policy (a child of the bucket component) must be in place first.
            { parent: this, protect, dependsOn: [logs] },
        );

        this.trailArn = trail.arn;
        this.trailName = trail.name;
        this.bucketName = logs.bucketName;
        this.bucketArn = logs.bucketArn;
        this.kmsKeyArn = key.keyArn;
        this.registerOutputs({
            trailArn: this.trailArn,
            trailName: this.trailName,
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            kmsKeyArn: this.kmsKeyArn,
        });
    }
}
