import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { COST_TAG_KEY, MONTHLY_LIMIT_USD, budgetNotifications, budgetPlanProblems, costTagFilter, isWholeCents } from "../lib/budget";
import { physicalName } from "../lib/naming";

export interface CostBudgetArgs {
    /** Prefix of the budget's name. */
    readonly namePrefix: string;
    /** Monthly cost limit in USD. */
    readonly monthlyLimitUsd: number;
    /** Who is told when a threshold is passed (1-10 addresses). */
    readonly alertEmails: readonly string[];
    /** Only costs of resources with this cost allocation tag count, e.g. { key: "Stack", value: "prod" }. */
    readonly tagFilter: { readonly key: string; readonly value: string };
    /** Percentages of the limit that alert on actual spend. @default COST_BUDGET_DEFAULTS.actualThresholdsPercent */
    readonly actualThresholdsPercent?: readonly number[];
    /** Percentages of the limit that alert on the forecast. @default COST_BUDGET_DEFAULTS.forecastedThresholdsPercent */
    readonly forecastedThresholdsPercent?: readonly number[];
    /** SNS topic that also receives every alert (its policy must let budgets.amazonaws.com publish). @default - emails only */
    readonly alertTopicArn?: pulumi.Input<string>;
    /**
     * Tag keys to activate as cost allocation tags (account-wide, through Cost Explorer, whose API
     * is in us-east-1: give this component a provider there). AWS refuses a key before it has
     * appeared in billing data, up to 24 hours after resources first carry it. @default []
     */
    readonly activateTags?: readonly string[];
}

export const COST_BUDGET_DEFAULTS = {
    actualThresholdsPercent: [80, 100],
    forecastedThresholdsPercent: [100],
} as const;

/**
 * A monthly AWS Budgets cost budget for one environment, scoped by a cost allocation tag, alerting
 * by email (and to the operations topic) on actual and forecasted spend. The tag must be activated
 * as a cost allocation tag before the filter sees any cost: here with `activateTags`, or in the
 * Billing console.
 */
export class CostBudget extends pulumi.ComponentResource {
    public readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: CostBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        const plan = {
            actualPercent: args.actualThresholdsPercent ?? COST_BUDGET_DEFAULTS.actualThresholdsPercent,
            forecastedPercent: args.forecastedThresholdsPercent ?? COST_BUDGET_DEFAULTS.forecastedThresholdsPercent,
        };
        const problems = budgetPlanProblems(plan, args.alertEmails);
        const limit = args.monthlyLimitUsd;
        if (!(limit >= MONTHLY_LIMIT_USD.min && limit <= MONTHLY_LIMIT_USD.max && isWholeCents(limit))) {
            problems.push(`the monthly limit must be ${MONTHLY_LIMIT_USD.min} to ${MONTHLY_LIMIT_USD.max} USD in whole cents, got ${limit}`);
        }
        for (const key of args.activateTags ?? []) {
            if (!COST_TAG_KEY.test(key)) problems.push(`cannot activate tag key "${key}": expected 1-128 letters, digits, spaces or _.:/=+-@`);
        }
        if (problems.length > 0) throw new Error(`CostBudget ${name}: ${problems.join("; ")}`);
        const filter = costTagFilter(args.tagFilter.key, args.tagFilter.value);
        super("startup:ops:CostBudget", name, {}, opts);
        // Account-wide switches: the budget sees cost by a tag only once it is active. Deleting one
        // sets the tag Inactive for the whole account (every stack's budget), so it is kept.
        for (const key of args.activateTags ?? []) {
            new aws.costexplorer.CostAllocationTag(`${name}-tag-${key.toLowerCase()}`, { tagKey: key, status: "Active" }, { parent: this, retainOnDelete: true });
        }

        const budget = new aws.budgets.Budget(
            `${name}-budget`,
            {
                name: physicalName(args.namePrefix, "monthly-cost"),
                budgetType: "COST",
                timeUnit: "MONTHLY",
                limitAmount: args.monthlyLimitUsd.toFixed(2),
                limitUnit: "USD",
                costFilters: [filter],
                notifications: budgetNotifications(plan, args.alertEmails, args.alertTopicArn),
                tags: { Name: physicalName(args.namePrefix, "monthly-cost") },
            },
            { parent: this },
        );
        this.budgetName = budget.name;
        this.registerOutputs({ budgetName: this.budgetName });
    }
}
