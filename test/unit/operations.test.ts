import { expect } from "chai";
import {
    AlarmSpec,
    DASHBOARD_WIDTH,
    STANDARD_ALARMS,
    alarmDefinitions,
    alarmProblems,
    alarmStatusWidget,
    dashboardBody,
    flowLogRejectsWidget,
    layoutWidgets,
    natGatewayWidgets,
    operationsTopicPolicy,
    textWidget,
    topicKeyServices,
} from "../../lib/operations";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:startup-prod-operations";

const spec = (overrides: Partial<AlarmSpec> = {}): AlarmSpec => ({
    name: "alb-5xx",
    description: "d",
    namespace: "AWS/ApplicationELB",
    metricName: "HTTPCode_ELB_5XX_Count",
    dimensions: { LoadBalancer: "app/x/1" },
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    threshold: 10,
    ...overrides,
});

describe("lib/operations", () => {
    describe("topic policy", () => {
        const doc = operationsTopicPolicy({ topicArn: TOPIC, accountId: "123456789012", partition: "aws", region: "us-east-1" });
        const bySid = (sid: string) => doc.Statement.find((s) => s.Sid === sid);

        it("lets this account's CloudWatch alarms in this region publish, and nothing else of CloudWatch", () => {
            expect(bySid("CloudWatchAlarmsPublish")).to.deep.equal({
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: TOPIC,
                Condition: {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*" },
                },
            });
        });

        it("lets this account's budgets publish, as AWS documents it, unless turned off", () => {
            expect(bySid("BudgetsPublish")?.Condition).to.deep.equal({
                StringEquals: { "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": "arn:aws:budgets::123456789012:*" },
            });
            const noBudgets = operationsTopicPolicy({ topicArn: TOPIC, accountId: "1", partition: "aws", region: "us-east-1", budgets: false });
            expect(noBudgets.Statement.map((s) => s.Sid)).to.not.include("BudgetsPublish");
            expect(topicKeyServices(false)).to.deep.equal(["cloudwatch.amazonaws.com"]);
            expect(topicKeyServices()).to.deep.equal(["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]);
        });

        it("keeps the account in control and denies publishing without TLS", () => {
            expect(bySid("AccountManagesTopic")?.Principal).to.deep.equal({ AWS: "arn:aws:iam::123456789012:root" });
            expect(bySid("DenyPublishWithoutTls")).to.deep.include({ Effect: "Deny", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
            const allows = doc.Statement.filter((s) => s.Effect === "Allow" && s.Principal !== undefined && s.Principal !== "*" && "Service" in s.Principal);
            expect(allows.every((s) => s.Condition !== undefined)).to.equal(true);
        });
    });

    describe("alarms", () => {
        it("fills the defaults and names alarms after the stack", () => {
            const [def] = alarmDefinitions("startup-prod", [spec()]);
            expect(def).to.deep.equal({
                key: "alb-5xx",
                name: "startup-prod-alb-5xx",
                alarmDescription: "d",
                namespace: "AWS/ApplicationELB",
                metricName: "HTTPCode_ELB_5XX_Count",
                dimensions: { LoadBalancer: "app/x/1" },
                statistic: "Sum",
                comparisonOperator: "GreaterThanThreshold",
                threshold: 10,
                period: 60,
                evaluationPeriods: 5,
                datapointsToAlarm: 5,
                treatMissingData: "notBreaching",
            });
        });

        it("reports every problem of a table at once", () => {
            const problems = alarmProblems(
                [
                    spec({ name: "Bad Name", periodSeconds: 45 }),
                    spec({ name: "dup", evaluationPeriods: 2, datapointsToAlarm: 3 }),
                    spec({ name: "dup", periodSeconds: 3600, evaluationPeriods: 25, threshold: Number.NaN }),
                ],
                new Set(["taken"]),
            );
            expect(problems).to.deep.equal([
                'alarm "Bad Name": name must be lower-case letters, digits and hyphens',
                'alarm "Bad Name": periodSeconds must be 10, 20, 30 or a multiple of 60, got 45',
                'alarm "dup": datapointsToAlarm must be 1-2 (evaluationPeriods), got 3',
                'alarm "dup": name is already used in this stack',
                'alarm "dup": periodSeconds × evaluationPeriods must be at most one day (86400 s), got 90000',
                'alarm "dup": threshold must be a finite number',
            ]);
            expect(alarmProblems([spec({ name: "taken" })], new Set(["taken"]))).to.deep.equal(['alarm "taken": name is already used in this stack']);
            expect(() => alarmDefinitions("p", [spec({ name: "x", evaluationPeriods: 0 })])).to.throw(/invalid alarms:\n {2}- alarm "x": evaluationPeriods must be a positive integer, got 0/);
        });

        it("ships valid standard tables with the dimensions CloudWatch expects", () => {
            const tables = [
                STANDARD_ALARMS.alb({ loadBalancer: "app/a/1", targetGroup: "targetgroup/t/2" }),
                STANDARD_ALARMS.aurora({ clusterIdentifier: "startup-prod-aurora" }),
                STANDARD_ALARMS.deadLetterQueue({ queueName: "jobs-dlq" }),
                STANDARD_ALARMS.firehose({ deliveryStreamName: "events" }),
                STANDARD_ALARMS.natGateway({ natGatewayId: "nat-1", zone: "a" }),
            ];
            const all = tables.flat();
            expect(alarmProblems(all)).to.deep.equal([]);
            expect(all.map((a) => `${a.namespace} ${a.metricName} ${Object.keys(a.dimensions).join("+")}`)).to.deep.equal([
                "AWS/ApplicationELB HTTPCode_ELB_5XX_Count LoadBalancer",
                "AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer",
                "AWS/ApplicationELB UnHealthyHostCount LoadBalancer+TargetGroup",
                "AWS/RDS CPUUtilization DBClusterIdentifier",
                "AWS/RDS ACUUtilization DBClusterIdentifier",
                "AWS/SQS ApproximateNumberOfMessagesVisible QueueName",
                "AWS/Firehose DeliveryToS3.DataFreshness DeliveryStreamName",
                "AWS/NATGateway ErrorPortAllocation NatGatewayId",
            ]);
            expect(STANDARD_ALARMS.deadLetterQueue({ queueName: "q" })[0]).to.include({ comparison: "GreaterThanThreshold", threshold: 0 });
        });
    });

    describe("dashboard", () => {
        it("lays widgets out left to right in rows of 24", () => {
            const placed = layoutWidgets([textWidget("# t"), ...natGatewayWidgets("us-east-1"), flowLogRejectsWidget("us-east-1", "/g"), alarmStatusWidget(["arn:a"])]);
            expect(placed.map((w) => [w.x, w.y, w.width])).to.deep.equal([
                [0, 0, 24],
                [0, 2, 12],
                [12, 2, 12],
                [0, 8, 12],
                [0, 14, 24],
            ]);
            expect(() => layoutWidgets([{ ...textWidget("x"), width: DASHBOARD_WIDTH + 1 }])).to.throw("widget 0: width must be 1-24, got 25");
        });

        it("graphs this VPC's NAT gateways by id, or the region's with a SEARCH expression", () => {
            const byId = natGatewayWidgets("us-east-1", ["nat-1", "nat-2"])[0].properties.metrics;
            expect(byId).to.deep.equal([
                ["AWS/NATGateway", "BytesOutToDestination", "NatGatewayId", "nat-1"],
                ["AWS/NATGateway", "BytesOutToDestination", "NatGatewayId", "nat-2"],
            ]);
            const search = JSON.stringify(natGatewayWidgets("us-east-1")[1].properties.metrics);
            expect(search).to.include("SEARCH('{AWS/NATGateway,NatGatewayId} MetricName=\\\"ErrorPortAllocation\\\"', 'Sum', 300)");
        });

        it("queries the flow log for rejected connections and renders valid JSON", () => {
            expect(flowLogRejectsWidget("us-west-2", "/startup-dr/vpc/flow-logs").properties).to.deep.include({
                region: "us-west-2",
                query: `SOURCE '/startup-dr/vpc/flow-logs' | filter action = "REJECT" | stats count(*) as rejected by bin(5m)`,
            });
            const body = JSON.parse(dashboardBody([textWidget("hi")])) as { widgets: Array<Record<string, unknown>> };
            expect(body.widgets[0]).to.deep.equal({ type: "text", width: 24, height: 2, x: 0, y: 0, properties: { markdown: "hi" } });
        });
    });
});
