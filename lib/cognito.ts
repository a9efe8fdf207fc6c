/**
 * Facts and names of the Cognito user pool, as plain data and pure functions: Cognito's modes and
 * limits, the prefix-domain and redirect-URL grammar, and the default hosted-domain prefix. The
 * sign-in settings, their defaults and their rules are the `identity` section
 * (stacks/config/identity.ts).
 */
import { physicalName, shortHash } from "./naming";

export const FEATURE_PLANS = ["LITE", "ESSENTIALS", "PLUS"] as const;
export type FeaturePlan = (typeof FEATURE_PLANS)[number];

export const THREAT_PROTECTION_MODES = ["OFF", "AUDIT", "ENFORCED"] as const;
export type ThreatProtectionMode = (typeof THREAT_PROTECTION_MODES)[number];

export const MFA_MODES = ["OPTIONAL", "ON"] as const;
export type MfaMode = (typeof MFA_MODES)[number];

/** Inclusive ranges: Cognito's own limits, narrowed where the platform asks for more. */
export const COGNITO_LIMITS = {
    /** Cognito allows 6-99; the platform's floor is 12. */
    passwordMinimumLength: { min: 12, max: 99 },
    /** Cognito: 0-24 previous passwords; needs the Essentials or Plus plan when above 0. */
    passwordHistorySize: { min: 0, max: 24 },
    /** Cognito allows up to 365 days; a temporary password should not outlive a month. */
    temporaryPasswordValidityDays: { min: 1, max: 30 },
    /** Access and ID tokens: 5 minutes to 1 day. */
    accessTokenMinutes: { min: 5, max: 1440 },
    idTokenMinutes: { min: 5, max: 1440 },
    /** Refresh tokens: 60 minutes to 10 years; the platform counts in days. */
    refreshTokenDays: { min: 1, max: 3650 },
} as const;

/** Pattern of a user pool domain prefix (CreateUserPoolDomain API). */
export const DOMAIN_PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Words Cognito refuses in a prefix domain. */
export const RESERVED_DOMAIN_WORDS = ["aws", "amazon", "cognito"] as const;

/** What is wrong with a prefix for `<prefix>.auth.<region>.amazoncognito.com`; empty when fine. */
export function domainPrefixProblems(prefix: string): string[] {
    const problems: string[] = [];
    if (!DOMAIN_PREFIX_PATTERN.test(prefix)) {
        problems.push(`domain prefix "${prefix}" must be 1-63 lower-case letters, digits or hyphens, not starting or ending with a hyphen`);
    }
    const reserved = RESERVED_DOMAIN_WORDS.filter((word) => prefix.includes(word));
    if (reserved.length > 0) {
        problems.push(`domain prefix "${prefix}" must not contain ${reserved.map((w) => `"${w}"`).join(", ")} (reserved by Cognito)`);
    }
    return problems;
}

/**
 * The default prefix domain: the name prefix plus a hash of the DNS zone. Prefixes are unique per
 * region across all AWS accounts, so `startup-prod-auth` alone would likely be taken; the zone
 * hash makes the name the company's own while staying predictable from config.
 */
export function defaultDomainPrefix(namePrefix: string, zoneName: string): string {
    return physicalName(namePrefix, `auth-${shortHash(zoneName)}`, 63);
}

/**
 * Why Cognito would refuse a callback or sign-out URL, or undefined when it is fine: absolute,
 * no fragment, HTTPS except `http://localhost`, or an app scheme such as `myapp://callback`.
 */
export function redirectUrlProblem(url: string): string | undefined {
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^\s#]+)$/i.exec(url);
    if (match === null) return `"${url}" must be an absolute URL such as https://app.example.com/callback or myapp://callback, without a fragment`;
    const scheme = match[1].toLowerCase();
    if (scheme === "http" && !/^localhost(:\d+)?(\/|$)/.test(match[2])) {
        return `"${url}" uses http; Cognito accepts http only for localhost, use https`;
    }
    return undefined;
}
