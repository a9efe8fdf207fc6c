import { z } from "zod";
import { LOG_RETENTION_DAYS } from "../../lib/constants";
import { regionProblem } from "../../lib/regions";
import { IssueFormat, dottedKey, formatIssue } from "./issues";

/**
 * Building blocks every config section shares. Kept apart from schema.ts, which imports the
 * sections: a section importing schema.ts back would see it half-loaded.
 */

/** An IAM role ARN in any partition: `arn:<partition>:iam::<12-digit account>:role/<path/name>`. */
export const IAM_ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** The account id of an ARN (its fifth field). */
export function arnAccount(arn: string): string {
    return arn.split(":")[4];
}

/**
 * Reports a rule that spans several keys. Marked so the error shows the rule, not the whole
 * config as the value given.
 */
export function crossFieldIssue(ctx: z.RefinementCtx, path: Array<string | number>, message: string): void {
    ctx.addIssue({ code: "custom", path, message, params: { crossField: true } });
}

/** One of a fixed list of numbers; the error lists them. */
export function numberLiterals<T extends number>(values: readonly T[]): z.ZodType<T> {
    return z.union(values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<T>, z.ZodLiteral<T>]) as unknown as z.ZodType<T>;
}

/** A CloudWatch Logs retention: one of the values CloudWatch accepts. */
export function logRetentionDays(): z.ZodType<(typeof LOG_RETENTION_DAYS)[number]> {
    return numberLiterals(LOG_RETENTION_DAYS);
}

/** An AWS Region of the commercial partition (lib/regions.ts); the error names the closest. */
export function awsRegion(): z.ZodString {
    return z.string().superRefine((value, ctx) => {
        const problem = regionProblem(value);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: value });
    });
}

/**
 * One rule of a domain's settings that spans several keys, as a row of the domain's table (in the
 * manner of aws-cdk's validate-database-cluster-props). The same table refines the config section
 * (`refineWith`) and validates the component's args (`parseSettings`), so a setting is checked
 * once, in one place, whether it comes from a stack file or from code.
 */
export interface SettingsRule<T> {
    /** The key the problem is reported on, below the section. */
    readonly path: ReadonlyArray<string | number>;
    /** What is wrong, or nothing: a message, or several (each reported on `path`). */
    readonly check: (settings: T) => string | readonly string[] | undefined;
}

/** Every problem a table finds, with its key. */
export function ruleProblems<T>(rules: ReadonlyArray<SettingsRule<T>>, settings: T): Array<{ path: Array<string | number>; message: string }> {
    return rules.flatMap((rule) => {
        const found = rule.check(settings);
        const messages = found === undefined ? [] : typeof found === "string" ? [found] : found;
        return messages.map((message) => ({ path: [...rule.path], message }));
    });
}

/** A `superRefine` that reports every problem of a rule table on its key. */
export function refineWith<T>(rules: ReadonlyArray<SettingsRule<T>>): (settings: T, ctx: z.RefinementCtx) => void {
    return (settings, ctx) => {
        for (const { path, message } of ruleProblems(rules, settings)) crossFieldIssue(ctx, path, message);
    };
}

/**
 * A component's settings, validated by its domain's config section: the args' keys the section
 * declares are parsed with it (field checks, defaults and the rule table), and any problem throws
 * one error naming the component and listing every problem, before the component registers
 * anything. Returns the settings with defaults filled in. `secret` names the keys whose values
 * must never appear in a message, as for the stack config.
 */
export function parseSettings<S extends z.ZodObject>(component: string, name: string, schema: S, args: object, secret?: IssueFormat["secret"]): z.output<S> {
    const values = args as Record<string, unknown>;
    const own = Object.fromEntries(Object.keys(schema.shape).filter((key) => key in values).map((key) => [key, values[key]]));
    const result = schema.safeParse(own, { reportInput: true });
    if (result.success) return result.data;
    const problems = result.error.issues.flatMap((issue) => formatIssue(issue, { key: dottedKey, root: schema, secret }));
    throw new Error(`${component} ${name}: ${problems.join("; ")}`);
}
