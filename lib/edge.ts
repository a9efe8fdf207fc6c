/**
 * CloudFront edge facts and names as plain data: where CloudFront's certificates and web ACLs must
 * live, the viewer TLS policies the platform accepts, and the names the static-assets distribution
 * uses. Pure: unit-tested without mocks; the policy pack reads the same constants.
 */

/**
 * CloudFront only uses ACM certificates from us-east-1, and web ACLs of scope CLOUDFRONT are
 * created through the us-east-1 endpoint (AWS WAF and ACM developer guides).
 */
export const CLOUDFRONT_REGION = "us-east-1";

/**
 * The viewer security policies the platform accepts, oldest first: TLSv1.2_2021 and newer. All
 * negotiate TLS 1.2 or 1.3 only; the older TLSv1.2_2018/_2019 policies also speak TLS 1.2 but with
 * a wider, weaker cipher list. (AWS Config's cloudfront-security-policy-check only asks for
 * TLSv1.2_2018 or newer.) Each needs a custom certificate served with SNI: with the
 * *.cloudfront.net certificate CloudFront only accepts TLSv1.
 */
export const CLOUDFRONT_TLS_POLICIES = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"] as const;
export type CloudFrontTlsPolicy = (typeof CLOUDFRONT_TLS_POLICIES)[number];

/** Prefix of the log files CloudFront writes into the log bucket. */
export const CLOUDFRONT_LOG_PREFIX = "cloudfront/";

/** Default label of the assets name: `assets.<zone>` on a primary, `assets-dr.<zone>` on a DR stack. */
export const DEFAULT_ASSETS_LABELS = { primary: "assets", dr: "assets-dr" } as const;

/**
 * The assets' public name. A distribution's alternate domain name is unique across CloudFront, so
 * a DR stack sharing the primary's zone needs a label of its own.
 */
export function assetsDomainName(label: string, zoneName: string): string {
    return `${label}.${zoneName}`;
}

/** What CloudFront's `loggingConfig.bucket` takes: the bucket's global S3 domain name. */
export function logBucketDomain(bucketName: string): string {
    return `${bucketName}.s3.amazonaws.com`;
}

/** True when `policy` is one the platform accepts (CLOUDFRONT_TLS_POLICIES). */
export function isModernViewerPolicy(policy: unknown): policy is CloudFrontTlsPolicy {
    return typeof policy === "string" && (CLOUDFRONT_TLS_POLICIES as readonly string[]).includes(policy);
}
