/**
 * S3 lifecycle and Intelligent-Tiering rules for archive buckets, as plain data. Two ways to
 * archive what has not been needed for six months, and one that never archives out of reach:
 *
 * - `age`: objects move to S3 Glacier Instant Retrieval 180 days after they were written, and to
 *   Deep Archive later. Right for append-only data read mostly when fresh (logs, raw events,
 *   trails): predictable, no monitoring fee, and Glacier IR is still readable in milliseconds (so
 *   Athena keeps working on old partitions).
 * - `access`: objects go to S3 Intelligent-Tiering at once, and its archive tiers take those *not
 *   accessed* for 180 days. Right for data with unknown, uneven reads (user uploads): a read
 *   brings an object back, at a small per-object monitoring fee.
 * - `instant`: objects go to S3 Intelligent-Tiering at once and stay in its automatic tiers
 *   (Frequent, Infrequent Access after 30 days and Archive Instant Access after 90 days without a
 *   read), all read in milliseconds: the opt-in Archive Access and Deep Archive Access tiers,
 *   which need a restore, are never configured. Right for copies that must be readable the moment
 *   they are needed (the DR region's replicas of the users' uploads, read after a failover).
 */

export type ArchivePolicy = "age" | "access" | "instant";

/** The storage class of S3 Intelligent-Tiering, where `access` and `instant` buckets keep objects. */
export const TIERING_CLASS = "INTELLIGENT_TIERING";

export interface ArchiveRuleArgs {
    readonly policy: ArchivePolicy;
    /** Days after which objects are archived (age: since written; access: since last read; instant: unused). */
    readonly archiveAfterDays: number;
    /** Days after which archived objects go to the deepest tier; undefined to stop at the first (always, for instant). */
    readonly deepArchiveAfterDays?: number;
    /** Days a replaced or deleted version is kept. */
    readonly noncurrentVersionExpirationDays: number;
    /** Days before incomplete multipart uploads are removed. */
    readonly abortIncompleteUploadDays: number;
    /** Days after which current objects are deleted; undefined to keep them forever. */
    readonly expireAfterDays?: number;
}

/** One lifecycle rule, in the shape of `aws.s3.BucketLifecycleConfiguration` rules. */
export interface LifecycleRule {
    id: string;
    status: "Enabled";
    filter: Record<string, never>;
    transitions?: Array<{ days: number; storageClass: string }>;
    expiration?: { days?: number; expiredObjectDeleteMarker?: boolean };
    noncurrentVersionExpiration?: { noncurrentDays: number };
    abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

export interface TieringRule {
    accessTier: "ARCHIVE_ACCESS" | "DEEP_ARCHIVE_ACCESS";
    days: number;
}

export const ARCHIVE_DEFAULTS = {
    policy: "age",
    archiveAfterDays: 180,
    deepArchiveAfterDays: 365,
    noncurrentVersionExpirationDays: 90,
    abortIncompleteUploadDays: 7,
} as const;

/** Storage class `age` archiving moves objects to first. */
export const AGE_ARCHIVE_CLASS = "GLACIER_IR";

/** Checks the numbers against S3's limits; returns what is wrong, empty when fine. */
export function archiveRuleProblems(args: ArchiveRuleArgs): string[] {
    const problems: string[] = [];
    const deep = args.deepArchiveAfterDays;
    if (args.policy === "access") {
        // S3 Intelligent-Tiering: Archive Access 90-730 days, Deep Archive Access 180-730 days.
        if (args.archiveAfterDays < 90 || args.archiveAfterDays > 730) {
            problems.push(`archiveAfterDays must be 90-730 for Intelligent-Tiering archive access, got ${args.archiveAfterDays}`);
        }
        if (deep !== undefined && (deep < 180 || deep > 730 || deep <= args.archiveAfterDays)) {
            problems.push(`deepArchiveAfterDays must be 180-730 and after archiveAfterDays for Intelligent-Tiering, got ${deep}`);
        }
    } else if (args.policy === "instant") {
        if (deep !== undefined) {
            problems.push(`deepArchiveAfterDays must be unset for instant access: its objects never leave the millisecond tiers, got ${deep}`);
        }
    } else {
        if (!Number.isInteger(args.archiveAfterDays) || args.archiveAfterDays < 1) {
            problems.push(`archiveAfterDays must be a positive whole number, got ${args.archiveAfterDays}`);
        }
        // Glacier Instant Retrieval bills a 90-day minimum: moving on sooner only adds a charge.
        if (deep !== undefined && deep < args.archiveAfterDays + 90) {
            problems.push(`deepArchiveAfterDays must be at least archiveAfterDays + 90 (${args.archiveAfterDays + 90}), got ${deep}`);
        }
    }
    const lastStep = args.policy === "instant" ? 0 : (deep ?? args.archiveAfterDays);
    if (args.expireAfterDays !== undefined && args.expireAfterDays <= lastStep) {
        problems.push(`expireAfterDays (${args.expireAfterDays}) must come after the last archive step`);
    }
    if (args.noncurrentVersionExpirationDays < 1) problems.push("noncurrentVersionExpirationDays must be at least 1");
    if (args.abortIncompleteUploadDays < 1) problems.push("abortIncompleteUploadDays must be at least 1");
    return problems;
}

/** The lifecycle rules of an archive bucket. */
export function archiveLifecycleRules(args: ArchiveRuleArgs): LifecycleRule[] {
    const transitions =
        args.policy !== "age"
            ? [{ days: 0, storageClass: TIERING_CLASS }]
            : [
                  { days: args.archiveAfterDays, storageClass: AGE_ARCHIVE_CLASS },
                  ...(args.deepArchiveAfterDays !== undefined ? [{ days: args.deepArchiveAfterDays, storageClass: "DEEP_ARCHIVE" }] : []),
              ];
    const rules: LifecycleRule[] = [
        { id: "archive-inactive-objects", status: "Enabled", filter: {}, transitions },
        {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays },
            expiration: { expiredObjectDeleteMarker: true },
        },
        {
            id: "abort-incomplete-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: args.abortIncompleteUploadDays },
        },
    ];
    if (args.expireAfterDays !== undefined) {
        rules.push({ id: "expire-current-objects", status: "Enabled", filter: {}, expiration: { days: args.expireAfterDays } });
    }
    return rules;
}

/** Intelligent-Tiering's opt-in archive tiers, for the `access` policy only (never for `instant`). */
export function intelligentTieringRules(args: ArchiveRuleArgs): TieringRule[] {
    if (args.policy !== "access") return [];
    return [
        { accessTier: "ARCHIVE_ACCESS", days: args.archiveAfterDays },
        ...(args.deepArchiveAfterDays !== undefined ? [{ accessTier: "DEEP_ARCHIVE_ACCESS" as const, days: args.deepArchiveAfterDays }] : []),
    ];
}

/**
 * The storage class an object should arrive in, for writers that can choose it (S3 replication's
 * destination storage class): Intelligent-Tiering for `access` and `instant` buckets, which saves
 * the lifecycle transition of every object; none (S3 Standard, or the source's class for
 * replicas) for `age` buckets, whose lifecycle counts from the write.
 */
export function arrivalStorageClass(policy: ArchivePolicy): string | undefined {
    return policy === "age" ? undefined : TIERING_CLASS;
}
