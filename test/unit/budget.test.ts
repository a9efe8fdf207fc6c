import { expect } from "chai";
import { budgetNotifications, costTagFilter } from "../../lib/budget";

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
});
