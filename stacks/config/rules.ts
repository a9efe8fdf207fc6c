import { z } from "zod";
import { LOG_RETENTION_DAYS } from "../../lib/constants";
import { regionProblem } from "../../lib/regions";

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
