/**
 * Cost budgets: the tag filter and the alert table of an AWS Budgets cost budget, and the limits
 * the `budget` config section holds them to. Pure data, unit-tested without Pulumi;
 * `components/costBudget.ts` creates the budget.
 */

/** AWS Budgets limits: notifications per budget, email subscribers per notification. */
export const BUDGET_LIMITS = { notifications: 10, emailSubscribers: 10 } as const;

/**
 * Sane bounds of a stack's monthly limit in USD. Below 1 every alert fires on the first NAT
 * gateway hour; above a million a typo (an extra digit or an exponent) passes silently. AWS sends
 * the amount as a decimal string, so it is kept to whole cents.
 */
export const MONTHLY_LIMIT_USD = { min: 1, max: 1_000_000 } as const;

/** True for an amount with at most two decimal places (floating-point noise aside). */
export function isWholeCents(amount: number): boolean {
    const cents = amount * 100;
    return Number.isFinite(cents) && Math.abs(cents - Math.round(cents)) < 1e-6;
}

/** The platform tags a budget may filter on; they must be activated as cost allocation tags. */
export const COST_ALLOCATION_TAGS = ["Stack", "CostCenter"] as const;
export type CostAllocationTagKey = (typeof COST_ALLOCATION_TAGS)[number];

/** Cost Explorer, which activates cost allocation tags, has its API in this region only. */
export const COST_EXPLORER_REGION = "us-east-1";

/** What AWS accepts as a tag key: 1-128 letters, digits, spaces and `_.:/=+-@`. */
export const COST_TAG_KEY = /^[\w .:/=+@-]{1,128}$/;

/** A cost filter on a user-defined cost allocation tag, in the API's `user:<key>$<value>` form. */
export function costTagFilter(key: string, value: string): { name: "TagKeyValue"; values: string[] } {
    if (!COST_TAG_KEY.test(key)) throw new Error(`"${key}" is not a tag key`);
    return { name: "TagKeyValue", values: [`user:${key}$${value}`] };
}

export interface BudgetAlertPlan {
    /** Alert when actual spend passes these percentages of the limit. */
    readonly actualPercent: readonly number[];
    /** Alert when the month's forecast passes these percentages of the limit. */
    readonly forecastedPercent: readonly number[];
}

export interface BudgetNotification<T> {
    comparisonOperator: "GREATER_THAN";
    notificationType: "ACTUAL" | "FORECASTED";
    threshold: number;
    thresholdType: "PERCENTAGE";
    subscriberEmailAddresses: string[];
    subscriberSnsTopicArns?: T[];
}

/** One notification per threshold, each to every email and to the topic when there is one. */
export function budgetNotifications<T>(plan: BudgetAlertPlan, emails: readonly string[], topicArn?: T): BudgetNotification<T>[] {
    const make = (notificationType: "ACTUAL" | "FORECASTED", threshold: number): BudgetNotification<T> => ({
        comparisonOperator: "GREATER_THAN",
        notificationType,
        threshold,
        thresholdType: "PERCENTAGE",
        subscriberEmailAddresses: [...emails],
        ...(topicArn === undefined ? {} : { subscriberSnsTopicArns: [topicArn] }),
    });
    return [
        ...plan.actualPercent.map((p) => make("ACTUAL", p)),
        ...plan.forecastedPercent.map((p) => make("FORECASTED", p)),
    ];
}
