import { expect } from "chai";
import { drBaselineProblems, primaryBaselineProblems } from "../../stacks/baseline";
import { BUDGET_DEFAULTS } from "../../stacks/config/budget";
import { parsePlatformConfig } from "../../stacks/config/load";
import { readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, moveToRegion, problemsOf } from "../configHelpers";

const KEY = "startup-platform:budget";

function prodWith(budget: unknown): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("prod"));
    if (budget === undefined) delete raw[KEY];
    else raw[KEY] = budget;
    return raw;
}

describe("stack config: budget", () => {
    it("requires a limit and someone to tell, and fills the thresholds", () => {
        expect(problemsOf(prodWith(undefined))).to.deep.equal(["startup-platform:budget: is missing; expected a map of settings"]);
        expect(problemsOf(prodWith({ monthlyLimitUsd: 100 }))).to.deep.equal(["startup-platform:budget.alertEmails: is missing; expected a list"]);
        const cfg = parsePlatformConfig(prodWith({ monthlyLimitUsd: 100, alertEmails: ["a@example.com"] }), source);
        expect(cfg.budget).to.deep.equal({
            monthlyLimitUsd: 100,
            alertEmails: ["a@example.com"],
            actualThresholdsPercent: [...BUDGET_DEFAULTS.actualThresholdsPercent],
            forecastedThresholdsPercent: [...BUDGET_DEFAULTS.forecastedThresholdsPercent],
            filterTag: "Stack",
            activateCostAllocationTags: false,
        });
    });

    describe("activateCostAllocationTags", () => {
        const withActivation = (stack: string, region?: string) => {
            const raw = structuredClone(readStackConfigFile(stack));
            raw[KEY] = { ...(raw[KEY] as object), activateCostAllocationTags: true };
            if (region) moveToRegion(raw, region);
            return parsePlatformConfig(raw, { stack, file: `Pulumi.${stack}.yaml` });
        };

        it("is accepted on a primary stack in us-east-1, where Cost Explorer's API is", () => {
            expect(primaryBaselineProblems(withActivation("prod"))).to.deep.equal([]);
        });

        it("is refused elsewhere, naming the key, the region and what to do", () => {
            expect(primaryBaselineProblems(withActivation("prod", "eu-west-1"))).to.deep.equal([
                "startup-platform:budget.activateCostAllocationTags: Cost Explorer's API is served from us-east-1; activate the tags from a stack in us-east-1 (got eu-west-1) or in the Billing console",
            ]);
            expect(drBaselineProblems(withActivation("dr"))).to.include(
                "startup-platform:budget.activateCostAllocationTags: cost allocation tags are account-wide and the primary stack activates them; remove it from the DR stack",
            );
        });
    });

    it("rejects bad amounts, addresses and thresholds with what is expected", () => {
        const problems = problemsOf(prodWith({ monthlyLimitUsd: 0, alertEmails: ["finance"], actualThresholdsPercent: [0, 80], filterTag: "Team" }));
        expect(problems).to.include("startup-platform:budget.monthlyLimitUsd: got 0; expected an amount from 1 to 1000000 USD");
        expect(problems).to.include('startup-platform:budget.alertEmails[0]: got "finance"; expected an email address');
        expect(problems).to.include("startup-platform:budget.actualThresholdsPercent[0]: got 0; expected a percentage above 0");
        expect(problems).to.include('startup-platform:budget.filterTag: got "Team"; expected one of: "Stack", "CostCenter"');
        const eleven = Array.from({ length: 11 }, (_, i) => `p${i}@example.com`);
        expect(problemsOf(prodWith({ monthlyLimitUsd: 1, alertEmails: eleven }))).to.deep.equal([
            `startup-platform:budget.alertEmails: got ${JSON.stringify(eleven).slice(0, 77)}...; expected at most 10 addresses (AWS Budgets limit per notification)`,
        ]);
    });

    it("holds the AWS Budgets limits across thresholds", () => {
        expect(problemsOf(prodWith({ monthlyLimitUsd: 1, alertEmails: ["a@example.com"], actualThresholdsPercent: [], forecastedThresholdsPercent: [] }))).to.deep.equal([
            "startup-platform:budget.actualThresholdsPercent: expected at least one actual or forecasted threshold",
        ]);
        const many = Array.from({ length: 10 }, (_, i) => (i + 1) * 10);
        expect(problemsOf(prodWith({ monthlyLimitUsd: 1, alertEmails: ["a@example.com"], actualThresholdsPercent: many }))).to.deep.equal([
            "startup-platform:budget.actualThresholdsPercent: a budget holds at most 10 notifications; actual and forecasted thresholds total 11",
        ]);
        expect(problemsOf(prodWith({ monthlyLimitUsd: 1, alertEmails: ["a@example.com"], forecastedThresholdsPercent: [100, 100] }))).to.deep.equal([
            "startup-platform:budget.forecastedThresholdsPercent: expected distinct percentages",
        ]);
    });
});
