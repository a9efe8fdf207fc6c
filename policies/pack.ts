import type {
    PolicyPackArgs,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { PROD_ENVIRONMENTS, RESOURCE_RULES, RuleContext, STACK_RULES, providerDefaultTags } from "./rules";

/**
 * Wraps the plain rules of `rules.ts` as CrossGuard policies. Kept apart from `index.ts` (which
 * starts the policy server) so tests can exercise the wrappers without one.
 */

export const PACK_NAME = "startup-platform-baseline";

/** Per-policy config of `prod-deletion-protection` (`pulumi preview --policy-pack-config`). */
export interface DeletionProtectionConfig {
    /** `Environment` tag values that count as production. */
    readonly prodEnvironments?: string[];
}

/** The rule context of one resource as the engine describes it. */
export function contextOf(args: ResourceValidationArgs, prodEnvironments: readonly string[] = PROD_ENVIRONMENTS): RuleContext {
    return {
        providerDefaultTags: args.provider ? providerDefaultTags(args.provider.props) : undefined,
        protect: args.opts.protect,
        prodEnvironments,
    };
}

export function resourcePolicies(): ResourceValidationPolicy[] {
    return RESOURCE_RULES.map((spec) => ({
        name: spec.name,
        description: spec.description,
        enforcementLevel: "mandatory",
        ...(spec.name === "prod-deletion-protection"
            ? {
                  configSchema: {
                      properties: {
                          prodEnvironments: { type: "array", items: { type: "string" }, default: [...PROD_ENVIRONMENTS] },
                      },
                  },
              }
            : {}),
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            if (!spec.appliesTo(args.type)) args.notApplicable(`applies to other resource types`);
            const config = args.getConfig<DeletionProtectionConfig>();
            for (const message of spec.check(args.type, args.props, contextOf(args, config.prodEnvironments ?? PROD_ENVIRONMENTS))) {
                report(`${args.type} ${args.name}: ${message}`);
            }
        },
    }));
}

export function stackPolicies(): StackValidationPolicy[] {
    return STACK_RULES.map((spec) => ({
        name: spec.name,
        description: spec.description,
        enforcementLevel: "mandatory",
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const resources = args.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.props }));
            for (const violation of spec.check(resources)) report(violation.message, violation.urn);
        },
    }));
}

export function policyPackArgs(): PolicyPackArgs {
    return {
        description:
            "Security and operations baseline of the startup platform: encryption at rest, no public buckets, TLS, IMDSv2, CloudFront edge security, account guardrails, no SSH or RDP from the internet through network ACLs, production deletion protection, required tags, secret rotation, CloudTrail to CloudWatch Logs, S3 access logs, Object Lock on audit buckets, RDS event subscriptions, logged web ACLs, service trusts tied to the account, no wildcard or user IAM, logged Session Manager sessions.",
        enforcementLevel: "mandatory",
        policies: [...resourcePolicies(), ...stackPolicies()],
    };
}
