import { expect } from "chai";
import { BUDGET_LIMITS, budgetNotifications, budgetPlanProblems, costTagFilter } from "../../lib/budget";

describe("lib/budget", () => {
    it("filters costs by a user-defined tag in the user:<key>$<value> form", () => {
        expect(costTagFilter("Stack", "prod")).to.deep.equal({ name: "TagKeyValue", values: ["user:Stack$prod"] });
        expect(costTagFilter("CostCenter", "eng-platform").values).to.deep.equal(["user:CostCenter$eng-platform"]);
        expect(() => costTagFilter("", "x")).to.throw('"" is not a tag key');
    });

    it("makes one notification per threshold, actual then forecasted, to every email", () => {
        const notes = budgetNotifications({ actualPercent: [80, 100], forecastedPercent: [100] }, ["a@example.com"]);
        expect(notes.map((n) => [n.notificationType, n.threshold])).to.deep.equal([
            ["ACTUAL", 80],
            ["ACTUAL", 100],
            ["FORECASTED", 100],
        ]);
        for (const n of notes) {
            expect(n).to.deep.include({ comparisonOperator: "GREATER_THAN", thresholdType: "PERCENTAGE", subscriberEmailAddresses: ["a@example.com"] });
            expect(n).to.not.have.property("subscriberSnsTopicArns");
        }
    });

    it("adds the topic as the one SNS subscriber when given", () => {
        const [note] = budgetNotifications({ actualPercent: [90], forecastedPercent: [] }, ["a@example.com"], "arn:aws:sns:us-east-1:1:ops");
        expect(note.subscriberSnsTopicArns).to.deep.equal(["arn:aws:sns:us-east-1:1:ops"]);
    });

    it("checks the plan against the AWS Budgets limits", () => {
        expect(budgetPlanProblems({ actualPercent: [80], forecastedPercent: [100] }, ["a@example.com"])).to.deep.equal([]);
        const emails = Array.from({ length: BUDGET_LIMITS.emailSubscribers + 1 }, (_, i) => `p${i}@example.com`);
        expect(budgetPlanProblems({ actualPercent: [], forecastedPercent: [] }, emails)).to.deep.equal([
            "at least one actual or forecasted threshold is needed",
            "a notification holds at most 10 email subscribers, got 11",
        ]);
        expect(budgetPlanProblems({ actualPercent: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], forecastedPercent: [100] }, ["a@example.com"])).to.deep.equal([
            "a budget holds at most 10 notifications, got 11 thresholds",
        ]);
        expect(budgetPlanProblems({ actualPercent: [0, 80, 80], forecastedPercent: [] }, [])).to.deep.equal([
            "actual thresholds must be percentages in (0, 1000], got 0, 80, 80",
            "actual thresholds repeat a value: 0, 80, 80",
            "at least one alert email is needed",
        ]);
    });
});
