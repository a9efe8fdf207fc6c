import type * as aws from "@pulumi/aws";
import { physicalName } from "./naming";

/**
 * The rule table of the application's regional web ACL, as plain data in the shape of
 * `aws.wafv2.WebAcl` rules. Rules run in priority order, lowest first.
 */

/** AWS managed rule groups (vendor AWS), each run with its own actions (`overrideAction: none`). */
export const MANAGED_RULE_GROUPS = [
    // OWASP-style core protections (XSS, path traversal, oversized bodies...).
    "AWSManagedRulesCommonRuleSet",
    // Request patterns known to exploit vulnerabilities (e.g. Log4j, Java deserialisation).
    "AWSManagedRulesKnownBadInputsRuleSet",
    // IP addresses Amazon threat intelligence flags as bots or attackers.
    "AWSManagedRulesAmazonIpReputationList",
] as const;

/** AWS WAF rate-based rules accept limits of 10 to 2,000,000,000 requests per evaluation window. */
export const RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;

/**
 * AWS WAF logs only to destinations whose name starts with this (AWS WAF Developer Guide, "Logging
 * web ACL traffic": CloudWatch Logs log groups, S3 buckets and Firehose streams alike).
 */
export const WAF_LOG_DESTINATION_PREFIX = "aws-waf-logs-";

/** CloudWatch Logs caps a log group's name at 512 characters. */
const LOG_GROUP_NAME_MAX = 512;

/**
 * The CloudWatch Logs group a web ACL logs to: `aws-waf-logs-<prefix>-<role>`, e.g.
 * `aws-waf-logs-startup-prod-app`. It lives in the web ACL's region and account (us-east-1 for a
 * web ACL of scope CLOUDFRONT).
 */
export function wafLogGroupName(prefix: string, role: string): string {
    return `${WAF_LOG_DESTINATION_PREFIX}${physicalName(prefix, role, LOG_GROUP_NAME_MAX - WAF_LOG_DESTINATION_PREFIX.length)}`;
}

export interface WebAclRuleArgs {
    /** Requests one client IP may send in 5 minutes before it is blocked. */
    readonly rateLimitPer5Minutes: number;
    /** Prefix of the CloudWatch metric names, e.g. the web ACL's name. */
    readonly metricPrefix: string;
}

function visibility(metricName: string): aws.types.input.wafv2.WebAclRuleVisibilityConfig {
    return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/**
 * Rate limit first (cheapest, and a flood should not be billed through every other rule), then
 * IP reputation, then the request-inspecting managed groups.
 */
export function webAclRules(args: WebAclRuleArgs): aws.types.input.wafv2.WebAclRule[] {
    const limit = args.rateLimitPer5Minutes;
    if (!Number.isInteger(limit) || limit < RATE_LIMIT_RANGE.min || limit > RATE_LIMIT_RANGE.max) {
        throw new Error(`rate limit must be a whole number from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max} requests per 5 minutes, got ${limit}`);
    }
    const ordered = [
        "AWSManagedRulesAmazonIpReputationList",
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
    ] as const satisfies ReadonlyArray<(typeof MANAGED_RULE_GROUPS)[number]>;
    return [
        {
            name: "rate-limit-per-ip",
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { limit, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
            visibilityConfig: visibility(`${args.metricPrefix}-rate-limit`),
        },
        ...ordered.map((group, i) => ({
            name: group,
            priority: i + 1,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: visibility(`${args.metricPrefix}-${group}`),
        })),
    ];
}
