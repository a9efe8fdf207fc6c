import { z } from "zod";
import { BUDGET_LIMITS, COST_ALLOCATION_TAGS, MONTHLY_LIMIT_USD, isWholeCents } from "../../lib/budget";
import { SettingsRule, refineWith } from "./rules";

/** Defaults of the `budget` key, exported so docs and code cannot drift. */
export const BUDGET_DEFAULTS = {
    actualThresholdsPercent: [80, 100],
    forecastedThresholdsPercent: [100],
    filterTag: "Stack",
    activateCostAllocationTags: false,
} as const;

const LIMIT_RANGE = `expected an amount from ${MONTHLY_LIMIT_USD.min} to ${MONTHLY_LIMIT_USD.max} USD`;

const percent = z
    .number()
    .gt(0, { message: "expected a percentage above 0" })
    .max(1000, { message: "expected a percentage up to 1000" });

const budgetFields = z.strictObject({
    monthlyLimitUsd: z
        .number()
        .min(MONTHLY_LIMIT_USD.min, { message: LIMIT_RANGE })
        .max(MONTHLY_LIMIT_USD.max, { message: LIMIT_RANGE })
        .refine(isWholeCents, { message: "expected whole cents: at most two decimal places, such as 250 or 99.95" })
        .describe(`Monthly cost limit of the stack's resources, in USD: ${MONTHLY_LIMIT_USD.min} to ${MONTHLY_LIMIT_USD.max}, in whole cents.`),
    alertEmails: z
        .array(z.email({ message: "expected an email address" }))
        .min(1, { message: "expected at least one email address" })
        .max(BUDGET_LIMITS.emailSubscribers, { message: `expected at most ${BUDGET_LIMITS.emailSubscribers} addresses (AWS Budgets limit per notification)` })
        .describe("Who receives the budget alerts (1-10 addresses); the operations topic receives them too."),
    actualThresholdsPercent: z
        .array(percent)
        .default([...BUDGET_DEFAULTS.actualThresholdsPercent])
        .describe("Alert when actual spend passes these percentages of the limit."),
    forecastedThresholdsPercent: z
        .array(percent)
        .default([...BUDGET_DEFAULTS.forecastedThresholdsPercent])
        .describe("Alert when the month's forecast passes these percentages of the limit."),
    filterTag: z
        .enum(COST_ALLOCATION_TAGS)
        .default(BUDGET_DEFAULTS.filterTag)
        .describe("Cost allocation tag that scopes the budget: Stack (this stack only) or CostCenter (everything of the cost centre)."),
    activateCostAllocationTags: z
        .boolean()
        .default(BUDGET_DEFAULTS.activateCostAllocationTags)
        .describe(
            "Activate Stack and CostCenter as cost allocation tags (account-wide; one primary stack in us-east-1 per account). Turn on once the keys appear in Billing, up to 24 hours after the first deploy tagged resources.",
        ),
});

/** The budget's settings, defaults filled in: what CostBudget takes besides its wiring. */
export type BudgetSettings = z.output<typeof budgetFields>;

/** The budget's rules across keys (AWS Budgets' limits), on the stack file and on CostBudget's args alike. */
export const BUDGET_RULES: ReadonlyArray<SettingsRule<BudgetSettings>> = [
    {
        path: ["actualThresholdsPercent"],
        check: (b) => (b.actualThresholdsPercent.length + b.forecastedThresholdsPercent.length === 0 ? "expected at least one actual or forecasted threshold" : undefined),
    },
    {
        path: ["actualThresholdsPercent"],
        check: (b) => {
            const count = b.actualThresholdsPercent.length + b.forecastedThresholdsPercent.length;
            return count > BUDGET_LIMITS.notifications ? `a budget holds at most ${BUDGET_LIMITS.notifications} notifications; actual and forecasted thresholds total ${count}` : undefined;
        },
    },
    { path: ["actualThresholdsPercent"], check: (b) => distinct(b.actualThresholdsPercent) },
    { path: ["forecastedThresholdsPercent"], check: (b) => distinct(b.forecastedThresholdsPercent) },
];

function distinct(percentages: readonly number[]): string | undefined {
    return new Set(percentages).size !== percentages.length ? "expected distinct percentages" : undefined;
}

export const budgetSchema = budgetFields.superRefine(refineWith(BUDGET_RULES)).describe("The stack's monthly AWS Budgets cost budget and its alerts.");

export type BudgetConfig = BudgetSettings;
