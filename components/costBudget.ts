import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { COST_ALLOCATION_TAGS, budgetNotifications, costTagFilter } from "../lib/budget";
import { physicalName } from "../lib/naming";
import { budgetSchema } from "../stacks/config/budget";
import { parseSettings } from "../stacks/config/rules";

/** What the stack wires into the budget. */
export interface CostBudgetWiring {
    /** Prefix of the budget's name. */
    readonly namePrefix: string;
    /** The stack's value of the `filterTag` tag: only costs of resources carrying it count, e.g. `prod` for Stack. */
    readonly filterTagValue: string;
    /** SNS topic that also receives every alert (its policy must let budgets.amazonaws.com publish). @default - emails only */
    readonly alertTopicArn?: pulumi.Input<string>;
}

/**
 * The `budget` section (stacks/config/budget.ts: the monthly limit, who is told, the thresholds,
 * the filter tag and whether to activate the cost allocation tags) plus the wiring.
 * `activateCostAllocationTags` activates COST_ALLOCATION_TAGS account-wide through Cost Explorer,
 * whose API is in us-east-1: give this component a provider there. AWS refuses a key before it has
 * appeared in billing data, up to 24 hours after resources first carry it.
 */
export type CostBudgetArgs = z.input<typeof budgetSchema> & CostBudgetWiring;

/**
 * A monthly AWS Budgets cost budget for one environment, scoped by a cost allocation tag, alerting
 * by email (and to the operations topic) on actual and forecasted spend. The tag must be activated
 * as a cost allocation tag before the filter sees any cost: here with `activateCostAllocationTags`,
 * or in the Billing console.
 */
export class CostBudget extends pulumi.ComponentResource {
    public readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: CostBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("CostBudget", name, budgetSchema, args);
        const plan = { actualPercent: s.actualThresholdsPercent, forecastedPercent: s.forecastedThresholdsPercent };
        const filter = costTagFilter(s.filterTag, args.filterTagValue);
        super("startup:ops:CostBudget", name, {}, opts);
        // Account-wide switches: the budget sees cost by a tag only once it is active. Deleting one
        // sets the tag Inactive for the whole account (every stack's budget), so it is kept.
        for (const key of s.activateCostAllocationTags ? COST_ALLOCATION_TAGS : []) {
            new aws.costexplorer.CostAllocationTag(`${name}-tag-${key.toLowerCase()}`, { tagKey: key, status: "Active" }, { parent: this, retainOnDelete: true });
        }

        const budget = new aws.budgets.Budget(
            `${name}-budget`,
            {
                name: physicalName(args.namePrefix, "monthly-cost"),
                budgetType: "COST",
                timeUnit: "MONTHLY",
                limitAmount: s.monthlyLimitUsd.toFixed(2),
                limitUnit: "USD",
                costFilters: [filter],
                notifications: budgetNotifications(plan, s.alertEmails, args.alertTopicArn),
                tags: { Name: physicalName(args.namePrefix, "monthly-cost") },
            },
            { parent: this },
        );
        this.budgetName = budget.name;
        this.registerOutputs({ budgetName: this.budgetName });
    }
}
