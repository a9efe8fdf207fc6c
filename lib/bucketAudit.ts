/**
 * Buckets that keep evidence: S3 Object Lock settings for audit buckets and the server access log
 * delivery of every bucket to the stack's access-log bucket. Pure functions, unit-tested without
 * Pulumi; `components/archiveBucket.ts` creates the resources.
 */
import { PolicyStatement } from "./policy";

// ---------------------------------------------------------------------------------------------
// Object Lock

export const OBJECT_LOCK_MODES = ["GOVERNANCE", "COMPLIANCE"] as const;
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];

/** Default retention of every new object version in a locked bucket. */
export interface ObjectLockSettings {
    /**
     * GOVERNANCE: nobody deletes or overwrites a locked version unless they hold
     * s3:BypassGovernanceRetention and say so on the request. COMPLIANCE: nobody at all, root
     * included, until the retention ends; the retention cannot be shortened either.
     */
    readonly mode: ObjectLockMode;
    /** Days each object version stays locked after it is written. */
    readonly retentionDays: number;
}

/** S3 accepts a default retention of at most 100 years. */
export const MAX_OBJECT_LOCK_DAYS = 36_500;

export const OBJECT_LOCK_DEFAULTS: ObjectLockSettings = { mode: "GOVERNANCE", retentionDays: 365 };

export function objectLockProblems(settings: ObjectLockSettings): string[] {
    const problems: string[] = [];
    if (!(OBJECT_LOCK_MODES as readonly string[]).includes(settings.mode)) {
        problems.push(`objectLock.mode must be one of ${OBJECT_LOCK_MODES.join(", ")}, got ${String(settings.mode)}`);
    }
    if (!Number.isInteger(settings.retentionDays) || settings.retentionDays < 1 || settings.retentionDays > MAX_OBJECT_LOCK_DAYS) {
        problems.push(`objectLock.retentionDays must be a whole number of days from 1 to ${MAX_OBJECT_LOCK_DAYS}, got ${settings.retentionDays}`);
    }
    return problems;
}

/** Object Lock as a switch and its settings (`security.auditObjectLock`). */
export interface ObjectLockSwitch extends ObjectLockSettings {
    readonly enabled: boolean;
}

/** The Object Lock an audit bucket gets from its switch: none when it is off. */
export function enabledObjectLock(lock: ObjectLockSwitch): ObjectLockSettings | undefined {
    return lock.enabled ? { mode: lock.mode, retentionDays: lock.retentionDays } : undefined;
}

/** The `rule` of an `aws.s3.BucketObjectLockConfiguration`. */
export function objectLockRule(settings: ObjectLockSettings): { defaultRetention: { mode: ObjectLockMode; days: number } } {
    const problems = objectLockProblems(settings);
    if (problems.length > 0) throw new Error(problems.join("; "));
    return { defaultRetention: { mode: settings.mode, days: settings.retentionDays } };
}

// ---------------------------------------------------------------------------------------------
// Server access logs

/** The S3 server access log delivery service principal. */
export const S3_LOGGING_SERVICE = "logging.s3.amazonaws.com";

/**
 * Tag a bucket carries when it does not send server access logs, saying why (ArchiveBucket's
 * `accessLogExemption`); the policy pack accepts it as the documented exception to S3.9.
 */
export const ACCESS_LOG_EXEMPTION_TAG = "AccessLogExemption";

/** Key prefix of one source bucket's logs in the access-log bucket: `s3/<bucket>/`. */
export function accessLogPrefix(sourceBucketName: string): string {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(sourceBucketName)) throw new Error(`"${sourceBucketName}" is not an S3 bucket name`);
    return `s3/${sourceBucketName}/`;
}

export interface AccessLogDeliveryArgs {
    /** ARN of the access-log bucket. */
    readonly bucketArn: string;
    /** Account whose buckets log here (server access logs go to a bucket of the same account). */
    readonly accountId: string;
    /**
     * Names of the source buckets, or a pattern with `*` (e.g. `startup-prod-*`): the buckets of
     * this stack, which all start with its name prefix.
     */
    readonly sourceBucketPattern: string;
    readonly partition: string;
}

/**
 * The bucket-policy statement that lets S3 deliver server access logs (AWS: "Permissions for log
 * delivery"): `logging.s3.amazonaws.com` may put objects under `s3/`, only for this account's
 * buckets of this stack (aws:SourceAccount, aws:SourceArn). With ACLs disabled (bucket owner
 * enforced) the policy is the only way to grant it.
 */
export function accessLogDeliveryStatement(args: AccessLogDeliveryArgs): PolicyStatement {
    if (!/^arn:[a-z-]+:s3:::[^/]+$/.test(args.bucketArn)) throw new Error(`"${args.bucketArn}" is not an S3 bucket ARN`);
    if (!/^\d{12}$/.test(args.accountId)) throw new Error(`"${args.accountId}" is not an AWS account id`);
    if (!/^[a-z0-9*][a-z0-9.*-]*$/.test(args.sourceBucketPattern)) throw new Error(`"${args.sourceBucketPattern}" is not a bucket name or pattern`);
    return {
        Sid: "S3ServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: S3_LOGGING_SERVICE },
        Action: "s3:PutObject",
        Resource: `${args.bucketArn}/s3/*`,
        Condition: {
            StringEquals: { "aws:SourceAccount": args.accountId },
            ArnLike: { "aws:SourceArn": `arn:${args.partition}:s3:::${args.sourceBucketPattern}` },
        },
    };
}
