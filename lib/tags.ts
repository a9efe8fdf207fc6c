/**
 * Tags. Every stack's AWS provider applies the platform tags through `defaultTags`, so resources
 * only add their `Name` and anything specific to them. One merge order everywhere:
 * `{ Name, ...baseTags, ...resourceTags }`, the fixed keys last so nothing overrides them.
 */

export interface TagContext {
    readonly project: string;
    readonly stack: string;
    readonly environment: string;
    readonly role: string;
    readonly owner: string;
    readonly costCenter: string;
}

/** The tags every resource of the stack carries (the provider's `defaultTags`). */
export function platformTags(ctx: TagContext): Record<string, string> {
    return {
        Project: ctx.project,
        Stack: ctx.stack,
        Environment: ctx.environment,
        Role: ctx.role,
        Owner: ctx.owner,
        CostCenter: ctx.costCenter,
        ManagedBy: "pulumi",
    };
}

/** Keys every resource must carry; the policy pack and the tests check them. */
export const REQUIRED_TAG_KEYS = ["Project", "Stack", "Environment", "Owner", "CostCenter", "ManagedBy"] as const;

/** `{ Name, ...base, ...extra }`. */
export function resourceTags(
    name: string,
    base: Record<string, string> = {},
    extra: Record<string, string> = {},
): Record<string, string> {
    return { Name: name, ...base, ...extra };
}
