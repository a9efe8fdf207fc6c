import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { CostBudget, CostBudgetArgs } from "../../components/costBudget";
import { ancestors, one, runComponent, some } from "../helpers";

const BASE: CostBudgetArgs = { namePrefix: "startup-test", monthlyLimitUsd: 250, alertEmails: ["ops@example.com"], filterTagValue: "test" };

function runBudget(args: Partial<CostBudgetArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const b = new CostBudget("budget", { ...BASE, ...args }, { provider });
        return { name: b.budgetName };
    });
}

describe("CostBudget", () => {
    it("activates the platform's cost allocation tags when asked, and none by default", async () => {
        expect(some(await runBudget(), "aws:costexplorer/costAllocationTag:CostAllocationTag")).to.deep.equal([]);
        const run = await runBudget({ activateCostAllocationTags: true });
        const tags = some(run, "aws:costexplorer/costAllocationTag:CostAllocationTag");
        expect(tags.map((t) => t.inputs)).to.deep.equal([
            { tagKey: "Stack", status: "Active" },
            { tagKey: "CostCenter", status: "Active" },
        ]);
        for (const t of tags) {
            expect(ancestors(run, t).map((a) => a.type)).to.include("startup:ops:CostBudget");
            // Deleting one switches the tag off for the whole account: it is left as it is.
            expect(t.retainOnDelete, String(t.inputs.tagKey)).to.equal(true);
        }
    });

    it("creates a monthly USD cost budget filtered by the stack's value of the filter tag", async () => {
        const budget = one(await runBudget(), "aws:budgets/budget:Budget");
        expect(budget.inputs).to.deep.include({
            name: "startup-test-monthly-cost",
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: "250.00",
            limitUnit: "USD",
            costFilters: [{ name: "TagKeyValue", values: ["user:Stack$test"] }],
        });
        const byCostCenter = one(await runBudget({ filterTag: "CostCenter", filterTagValue: "eng", monthlyLimitUsd: 99.95 }), "aws:budgets/budget:Budget");
        expect(byCostCenter.inputs).to.deep.include({ limitAmount: "99.95", costFilters: [{ name: "TagKeyValue", values: ["user:CostCenter$eng"] }] });
    });

    it("alerts by email on actual and forecasted spend, and to the topic when given", async () => {
        const plain = one(await runBudget(), "aws:budgets/budget:Budget").inputs.notifications as Array<Record<string, unknown>>;
        expect(plain.map((n) => `${n.notificationType} ${n.threshold}`)).to.deep.equal(["ACTUAL 80", "ACTUAL 100", "FORECASTED 100"]);
        expect(plain[0]).to.not.have.property("subscriberSnsTopicArns");
        const topic = "arn:aws:sns:us-east-1:123456789012:ops";
        const withTopic = one(await runBudget({ alertTopicArn: topic }), "aws:budgets/budget:Budget").inputs.notifications as Array<Record<string, unknown>>;
        for (const n of withTopic) expect(n).to.deep.include({ subscriberEmailAddresses: ["ops@example.com"], subscriberSnsTopicArns: [topic] });
    });

    it("rejects a budget AWS would refuse in the words of the budget section (stacks/config/budget.ts), before registering anything", () => {
        expect(() => new CostBudget("b", { ...BASE, monthlyLimitUsd: 0, alertEmails: [] })).to.throw(
            "CostBudget b: monthlyLimitUsd: got 0; expected an amount from 1 to 1000000 USD; alertEmails: got []; expected at least one email address",
        );
        expect(() => new CostBudget("b", { ...BASE, actualThresholdsPercent: [], forecastedThresholdsPercent: [] })).to.throw(
            "CostBudget b: actualThresholdsPercent: expected at least one actual or forecasted threshold",
        );
    });
});
