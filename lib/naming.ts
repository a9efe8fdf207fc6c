/**
 * Physical (AWS) names. Pulumi logical names stay `${component}-${role}`; the AWS-visible name is
 * derived here once, so every resource follows the same pattern and fits the service's limit.
 */

/** Name-length limits of the services that have short ones. */
export const NAME_LIMITS = {
    /** Application Load Balancer and target group names. */
    loadBalancer: 32,
    /** IAM role names. */
    iamRole: 64,
    /** S3 bucket names. */
    s3Bucket: 63,
    /** RDS cluster, instance and proxy identifiers. */
    rds: 63,
    /** EventBridge rule names. */
    eventRule: 64,
    /** Default for services without a tighter limit. */
    default: 128,
} as const;

/** A short, stable hash (FNV-1a, base 36) used to keep truncated names unique. */
export function shortHash(text: string, length = 6): string {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(36).padStart(length, "0").slice(-length);
}

/**
 * `${prefix}-${role}` in lower-case kebab form, cut to `maxLength` with a hash suffix when too long
 * so two long names never collide after truncation.
 */
export function physicalName(prefix: string, role: string, maxLength: number = NAME_LIMITS.default): string {
    const full = `${prefix}-${role}`
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "");
    if (full.length <= maxLength) return full;
    const suffix = shortHash(full);
    return `${full.slice(0, maxLength - suffix.length - 1).replace(/-$/, "")}-${suffix}`;
}

/**
 * The CloudWatch namespace of the app's own metrics, `<prefix>/app`: the instances may put metrics
 * in it and nowhere else (`instanceTelemetryPolicy`). Namespaces starting with `AWS/` are AWS's.
 */
export function appMetricNamespace(prefix: string): string {
    const namespace = `${prefix}/app`;
    if (!/^[A-Za-z0-9._/#:-]{1,255}$/.test(namespace) || namespace.startsWith("AWS/")) throw new Error(`"${namespace}" is not a custom CloudWatch namespace`);
    return namespace;
}

/**
 * S3 bucket names are global: the account id and region make them unique per account and region
 * without random suffixes, so a name is predictable from config alone.
 */
export function bucketName(prefix: string, role: string, accountId: string, region: string): string {
    return physicalName(`${prefix}-${role}`, `${accountId}-${region}`, NAME_LIMITS.s3Bucket);
}
