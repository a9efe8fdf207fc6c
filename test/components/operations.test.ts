import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Operations, OperationsArgs } from "../../components/operations";
import { OperationsDashboard } from "../../components/operationsDashboard";
import { STANDARD_ALARMS, rdsEventSubscriptionSpecs, textWidget } from "../../lib/operations";
import { MOCK_ACCOUNT_ID, ancestors, all, one, policyOf, runComponent, some } from "../helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/ops";

function args(overrides: Partial<OperationsArgs> = {}): OperationsArgs {
    return {
        namePrefix: "startup-test",
        region: "us-east-1",
        accountId: MOCK_ACCOUNT_ID,
        partition: "aws",
        kmsKeyArn: KEY,
        alertEmails: ["oncall@example.com", "team@example.com"],
        ...overrides,
    };
}

describe("Operations", () => {
    it("creates a KMS-encrypted topic with email subscriptions", async () => {
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            const ops = new Operations("ops", args(), { provider });
            return { topicArn: ops.topicArn };
        });
        const topic = one(run, "aws:sns/topic:Topic");
        expect(topic.inputs).to.include({ name: "startup-test-operations", kmsMasterKeyId: KEY });
        expect(all(run, "aws:sns/topicSubscription:TopicSubscription").map((s) => [s.inputs.protocol, s.inputs.endpoint, s.inputs.topic])).to.deep.equal([
            ["email", "oncall@example.com", topic.state.arn],
            ["email", "team@example.com", topic.state.arn],
        ]);
        const policy = one(run, "aws:sns/topicPolicy:TopicPolicy");
        expect(policy.inputs.arn).to.equal(topic.state.arn);
        const publishers = policyOf(policy).Statement.filter((s) => s.Effect === "Allow").map((s) => JSON.stringify(s.Principal));
        expect(publishers).to.include.members(['{"Service":"cloudwatch.amazonaws.com"}', '{"Service":"budgets.amazonaws.com"}']);
        expect(run.outputs.topicArn).to.equal(topic.state.arn);
    });

    it("creates alarms from a table, wired to the topic on ALARM and OK, under the component", async () => {
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            const ops = new Operations("ops", args(), { provider });
            ops.addAlarms(STANDARD_ALARMS.deadLetterQueue({ queueName: pulumi.output("jobs-dlq") }));
            ops.addAlarms(STANDARD_ALARMS.alb({ loadBalancer: "app/a/1", targetGroup: "targetgroup/t/2" }));
            return { arns: ops.alarmArns };
        });
        const topic = one(run, "aws:sns/topic:Topic");
        const alarms = all(run, "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms.map((a) => a.inputs.name)).to.deep.equal([
            "startup-test-jobs-dlq-not-empty",
            "startup-test-alb-5xx",
            "startup-test-alb-target-5xx",
            "startup-test-alb-target-response-time",
            "startup-test-alb-unhealthy-hosts",
        ]);
        for (const alarm of alarms) {
            expect(alarm.inputs.alarmActions, alarm.name).to.deep.equal([topic.state.arn]);
            expect(alarm.inputs.okActions, alarm.name).to.deep.equal([topic.state.arn]);
            expect(ancestors(run, alarm).map((a) => a.type)).to.include("startup:ops:Operations");
        }
        expect(alarms[0].inputs).to.deep.include({ namespace: "AWS/SQS", dimensions: { QueueName: "jobs-dlq" }, period: 300, threshold: 0 });
        expect(run.outputs.arns).to.have.lengthOf(5);
    });

    it("refuses an alarm name used twice in the stack, and bad addresses", async () => {
        let error: Error | undefined;
        await runComponent(() => {
            const ops = new Operations("ops", args(), { provider: new aws.Provider("aws", { region: "us-east-1" }) });
            ops.addAlarms(STANDARD_ALARMS.aurora({ clusterIdentifier: "c", maxConnections: 90 }));
            try {
                ops.addAlarms(STANDARD_ALARMS.aurora({ clusterIdentifier: "c2", maxConnections: 90 }));
            } catch (err) {
                error = err as Error;
            }
            return {};
        });
        expect(error?.message).to.include('alarm "aurora-cpu": name is already used in this stack');
        expect(() => new Operations("bad", args({ alertEmails: ["oncall", "a@example.com", "a@example.com"] }))).to.throw(
            'Operations bad: alertEmails[0]: got "oncall"; expected an email address; alertEmails: got ["oncall","a@example.com","a@example.com"]; expected distinct addresses',
        );
    });

    it("leaves budgets out of the topic policy when asked", async () => {
        const run = await runComponent(() => {
            new Operations("ops", args({ allowBudgets: false, alertEmails: [] }), { provider: new aws.Provider("aws", { region: "us-east-1" }) });
            return {};
        });
        expect(policyOf(one(run, "aws:sns/topicPolicy:TopicPolicy")).Statement.map((s) => s.Sid)).to.not.include("BudgetsPublish");
        expect(some(run, "aws:sns/topicSubscription:TopicSubscription")).to.deep.equal([]);
    });
});

describe("Operations RDS event subscriptions", () => {
    const specs = rdsEventSubscriptionSpecs({ clusterIdentifier: "startup-test-aurora", instanceIdentifiers: ["startup-test-aurora-1"], parameterGroupNames: ["startup-test-aurora-instance"] });

    it("subscribes the topic to each row, named after the stack, and lets RDS publish to it", async () => {
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            const ops = new Operations("ops", args(), { provider });
            ops.addRdsEventSubscriptions(specs);
        });
        const topic = one(run, "aws:sns/topic:Topic");
        const subscriptions = all(run, "aws:rds/eventSubscription:EventSubscription");
        expect(subscriptions.map((s) => s.inputs.name)).to.deep.equal([
            "startup-test-db-cluster-events",
            "startup-test-db-instance-events",
            "startup-test-db-parameter-group-events",
            "startup-test-db-security-group-events",
        ]);
        expect(subscriptions[0].inputs).to.deep.include({ snsTopic: topic.state.arn, sourceType: "db-cluster", sourceIds: ["startup-test-aurora"], enabled: true });
        expect(subscriptions[3].inputs).to.not.have.property("sourceIds");
        for (const s of subscriptions) expect(ancestors(run, s)[0].type).to.equal("startup:ops:Operations");
        const rds = policyOf(one(run, "aws:sns/topicPolicy:TopicPolicy")).Statement.find((s) => s.Sid === "RdsEventsPublish");
        expect(rds?.Principal).to.deep.equal({ Service: "events.rds.amazonaws.com" });
    });

    it("refuses rows the topic cannot take or that repeat, before creating any", () => {
        const created: string[] = [];
        return runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            const closed = new Operations("closed", args({ allowRdsEvents: false }), { provider });
            expect(() => closed.addRdsEventSubscriptions(specs)).to.throw("the topic does not let RDS publish (allowRdsEvents: false)");
            const ops = new Operations("ops", args(), { provider });
            ops.addRdsEventSubscriptions(specs.slice(0, 1));
            expect(() => ops.addRdsEventSubscriptions(specs)).to.throw("RDS event subscription names already used: db-cluster-events");
            created.push("checked");
        }).then((run) => {
            expect(created).to.deep.equal(["checked"]);
            expect(some(run, "aws:rds/eventSubscription:EventSubscription")).to.have.lengthOf(1);
            expect(policyOf(one(run, "aws:sns/topicPolicy:TopicPolicy", "closed-topic-policy")).Statement.map((s) => s.Sid)).to.not.include("RdsEventsPublish");
        });
    });
});

describe("OperationsDashboard", () => {
    it("renders the widgets, laid out, into the dashboard body", async () => {
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            const d = new OperationsDashboard("dashboard", { namePrefix: "startup-test", widgets: pulumi.output([textWidget("# a"), textWidget("b", 12)]) }, { provider });
            return { name: d.dashboardName };
        });
        const dashboard = one(run, "aws:cloudwatch/dashboard:Dashboard");
        expect(dashboard.inputs.dashboardName).to.equal("startup-test-operations");
        const body = JSON.parse(String(dashboard.inputs.dashboardBody)) as { widgets: Array<{ x: number; y: number; type: string }> };
        expect(body.widgets.map((w) => [w.type, w.x, w.y])).to.deep.equal([
            ["text", 0, 0],
            ["text", 0, 2],
        ]);
    });
});
