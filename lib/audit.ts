/**
 * The audit trail as data: the trail's name rules and ARN, and the bucket-policy statements that
 * let CloudTrail deliver to an archive bucket. Pure functions, unit-tested without Pulumi;
 * `components/auditTrail.ts` creates the resources. The key-policy side is `kmsKeyPolicy` with
 * `cloudTrailArns` (lib/policy.ts).
 */
import { CLOUDTRAIL_SERVICE, PolicyStatement, logDeliveryBucketStatements } from "./policy";

/**
 * Trail names: 3-128 letters, digits, periods, underscores and hyphens, starting and ending with a
 * letter or digit, with no two separators in a row (AWS: CloudTrail trail naming requirements).
 */
export const TRAIL_NAME = /^(?=.{3,128}$)[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$/;

/**
 * The ARN of a trail, from its name and home Region. Built from the name rather than read from the
 * trail, so the key and bucket policies the trail itself depends on can name it without a cycle.
 */
export function cloudTrailArn(partition: string, region: string, accountId: string, trailName: string): string {
    if (!TRAIL_NAME.test(trailName)) {
        throw new Error(`"${trailName}" is not a trail name: use 3-128 letters, digits, ".", "_" or "-", starting and ending with a letter or digit`);
    }
    return `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}

export interface CloudTrailBucketArgs {
    /** ARN of the bucket the trail delivers to. */
    readonly bucketArn: string;
    /** Account whose trail delivers (log files land under `AWSLogs/<accountId>/`). */
    readonly accountId: string;
    /** The one trail allowed to deliver (`cloudTrailArn`). */
    readonly trailArn: string;
}

/**
 * Bucket-policy statements that let one trail deliver log and digest files (AWS: "Amazon S3 bucket
 * policy for CloudTrail"): CloudTrail reads the bucket ACL and puts objects under this account's
 * `AWSLogs/` path with the bucket-owner-full-control ACL, both only for the named trail
 * (aws:SourceArn). The bucket enforces bucket ownership, which still accepts that ACL.
 */
export function cloudTrailBucketStatements(args: CloudTrailBucketArgs): PolicyStatement[] {
    if (!/^arn:[a-z-]+:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/.test(args.trailArn)) throw new Error(`"${args.trailArn}" is not a trail ARN`);
    return logDeliveryBucketStatements({
        service: CLOUDTRAIL_SERVICE,
        bucketArn: args.bucketArn,
        accountId: args.accountId,
        keyPrefix: `AWSLogs/${args.accountId}`,
        condition: { "aws:SourceArn": args.trailArn },
        sids: { aclCheck: "CloudTrailAclCheck", write: "CloudTrailWrite" },
    });
}
