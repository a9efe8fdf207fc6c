import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { AlarmSet } from "../../components/alarmSet";
import { primaryRegionAlarms } from "../../lib/drAlarms";
import { one, runComponent } from "../helpers";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:startup-prod-operations";
const ROWS = primaryRegionAlarms([{ role: "analytics", sourceBucket: "src", destinationBucket: "dst", ruleId: "to-dr-region" }]);

describe("AlarmSet", () => {
    it("creates each row as an alarm named <prefix>-<name> that notifies the given topic on ALARM and OK", async () => {
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws-primary", { region: "us-east-1" });
            new AlarmSet("primary-region-alarms", { namePrefix: "startup-dr", topicArn: TOPIC, alarms: ROWS }, { provider });
        });
        const alarm = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarm.name).to.equal("primary-region-alarms-analytics-replication-failed");
        expect(alarm.inputs).to.deep.include({
            name: "startup-dr-analytics-replication-failed",
            namespace: "AWS/S3",
            metricName: "OperationsFailedReplication",
            dimensions: { SourceBucket: "src", DestinationBucket: "dst", RuleId: "to-dr-region" },
            alarmActions: [TOPIC],
            okActions: [TOPIC],
        });
        expect(String(alarm.state.arn)).to.match(/^arn:aws:cloudwatch:us-east-1:/);
    });

    it("refuses invalid rows before creating anything", () => {
        expect(() => new AlarmSet("bad", { namePrefix: "p", topicArn: TOPIC, alarms: [{ ...ROWS[0], periodSeconds: 45 }] })).to.throw("periodSeconds must be 10, 20, 30 or a multiple of 60");
    });
});
