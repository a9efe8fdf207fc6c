import { PROD_ENVIRONMENTS, RESOURCE_RULES, STACK_RULES, providerDefaultTags } from "../../policies/rules";
import { OfflineRun, RecordedResource } from "./run";

/** One policy violation found in an offline run. */
export interface PolicyFinding {
    readonly policy: string;
    /** `type name` of the resource at fault. */
    readonly resource: string;
    readonly message: string;
}

/**
 * Applies every rule of the policy pack to a stack run under mocks, as `pulumi preview
 * --policy-pack policies` would: resource rules see each resource's inputs and its provider's
 * default tags, stack rules see every resource's state (inputs plus mocked outputs, id included).
 */
export function policyFindings(run: OfflineRun, prodEnvironments: readonly string[] = PROD_ENVIRONMENTS): PolicyFinding[] {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const findings: PolicyFinding[] = [];
    const label = (r: RecordedResource) => `${r.type} ${r.name}`;
    for (const resource of run.resources) {
        const provider = resource.provider ? byUrn.get(resource.provider) : undefined;
        const context = {
            providerDefaultTags: provider ? providerDefaultTags(provider.inputs) : undefined,
            protect: resource.protect,
            prodEnvironments,
        };
        for (const rule of RESOURCE_RULES) {
            if (!rule.appliesTo(resource.type)) continue;
            for (const message of rule.check(resource.type, resource.inputs, context)) {
                findings.push({ policy: rule.name, resource: label(resource), message });
            }
        }
    }
    const stackView = run.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.state }));
    for (const rule of STACK_RULES) {
        for (const violation of rule.check(stackView)) {
            const at = byUrn.get(violation.urn);
            findings.push({ policy: rule.name, resource: at ? label(at) : violation.urn, message: violation.message });
        }
    }
    return findings;
}
