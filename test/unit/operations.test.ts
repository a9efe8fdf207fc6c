import { expect } from "chai";
import {
    AlarmSpec,
    DASHBOARD_WIDTH,
    AURORA_MYSQL_MAX_CONNECTIONS_LIMIT,
    STANDARD_ALARMS,
    alarmDefinitions,
    alarmProblems,
    alarmStatusWidget,
    dashboardBody,
    flowLogRejectsWidget,
    layoutWidgets,
    natGatewayWidgets,
    auroraMySqlMaxConnections,
    operationsTopicPolicy,
    proxyNameFromEndpoint,
    queueNameFromArn,
    textWidget,
    topicKeyServices,
    FSBP_RDS_EVENT_CATEGORIES,
    coversFsbpCategories,
    rdsEventSubscriptionSpecs,
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
            expect(topicKeyServices({ budgets: false, rdsEvents: false, eventRules: false })).to.deep.equal(["cloudwatch.amazonaws.com"]);
            expect(topicKeyServices()).to.deep.equal(["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "events.rds.amazonaws.com", "events.amazonaws.com"]);
        });

        it("lets RDS event subscriptions publish about this account's RDS resources in this region, unless turned off", () => {
            expect(bySid("RdsEventsPublish")).to.deep.equal({
                Sid: "RdsEventsPublish",
                Effect: "Allow",
                Principal: { Service: "events.rds.amazonaws.com" },
                Action: "sns:Publish",
                Resource: TOPIC,
                Condition: {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": "arn:aws:rds:us-east-1:123456789012:*" },
                },
            });
            const noRds = operationsTopicPolicy({ topicArn: TOPIC, accountId: "1", partition: "aws", region: "us-east-1", rdsEvents: false });
            expect(noRds.Statement.map((s) => s.Sid)).to.not.include("RdsEventsPublish");
            expect(topicKeyServices({ rdsEvents: false })).to.deep.equal(["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "events.amazonaws.com"]);
        });

        it("lets EventBridge rules of this account and region publish (failed backup jobs), and their KMS requests use the key", () => {
            expect(bySid("EventBridgeRulesPublish")).to.deep.equal({
                Sid: "EventBridgeRulesPublish",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sns:Publish",
                Resource: TOPIC,
                Condition: { ArnLike: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/*" } },
            });
            const noRules = operationsTopicPolicy({ topicArn: TOPIC, accountId: "1", partition: "aws", region: "us-east-1", eventRules: false });
            expect(noRules.Statement.map((s) => s.Sid)).to.not.include("EventBridgeRulesPublish");
            expect(topicKeyServices({ eventRules: false })).to.deep.equal(["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "events.rds.amazonaws.com"]);
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
                STANDARD_ALARMS.aurora({ clusterIdentifier: "startup-prod-aurora", maxConnections: 4000 }),
                STANDARD_ALARMS.rdsProxy({ proxyName: "startup-prod-aurora-proxy" }),
                STANDARD_ALARMS.deadLetterQueue({ queueName: "jobs-dlq" }),
                STANDARD_ALARMS.firehose({ deliveryStreamName: "events" }),
                STANDARD_ALARMS.natGateway({ natGatewayId: "nat-1", zone: "a" }),
            ];
            const all = tables.flat();
            expect(alarmProblems(all)).to.deep.equal([]);
            expect(all.map((a) => `${a.namespace} ${a.metricName} ${Object.keys(a.dimensions).join("+")}`)).to.deep.equal([
                "AWS/ApplicationELB HTTPCode_ELB_5XX_Count LoadBalancer",
                "AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer",
                "AWS/ApplicationELB TargetResponseTime LoadBalancer+TargetGroup",
                "AWS/ApplicationELB UnHealthyHostCount LoadBalancer+TargetGroup",
                "AWS/RDS CPUUtilization DBClusterIdentifier",
                "AWS/RDS ACUUtilization DBClusterIdentifier",
                "AWS/RDS DatabaseConnections DBClusterIdentifier",
                "AWS/RDS DatabaseConnectionsBorrowLatency ProxyName",
                "AWS/SQS ApproximateNumberOfMessagesVisible QueueName",
                "AWS/Firehose DeliveryToS3.DataFreshness DeliveryStreamName",
                "AWS/Firehose DeliveryToS3.Success DeliveryStreamName",
                "AWS/Firehose FailedConversion.Records DeliveryStreamName",
                "AWS/NATGateway ErrorPortAllocation NatGatewayId",
            ]);
            expect(new Set(all.map((a) => a.name)).size).to.equal(all.length);
            expect(STANDARD_ALARMS.deadLetterQueue({ queueName: "q" })[0]).to.include({ comparison: "GreaterThanThreshold", threshold: 0 });
        });

        it("alarms on slow answers: average target response time over a second for 5 minutes", () => {
            const [definition] = alarmDefinitions(
                "p",
                STANDARD_ALARMS.alb({ loadBalancer: "app/a/1", targetGroup: "targetgroup/t/2" }).filter((a) => a.name === "alb-target-response-time"),
            );
            expect(definition).to.deep.include({
                statistic: "Average",
                comparisonOperator: "GreaterThanThreshold",
                threshold: 1,
                period: 60,
                evaluationPeriods: 5,
                dimensions: { LoadBalancer: "app/a/1", TargetGroup: "targetgroup/t/2" },
            });
        });

        it("alarms on Aurora connections at 80 % of the instances' limit, per instance", () => {
            const connections = STANDARD_ALARMS.aurora({ clusterIdentifier: "c", maxConnections: 4000 }).find((a) => a.name === "aurora-connections");
            expect(connections).to.deep.include({ statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 3200 });
            expect(connections?.description).to.include("4000 connections");
            expect(() => STANDARD_ALARMS.aurora({ clusterIdentifier: "c", maxConnections: 0 })).to.throw("maxConnections must be a positive integer, got 0");
        });

        it("watches Aurora CPU and ACUs on the hottest instance: an average with an idle reader would hide a saturated writer", () => {
            const alarms = STANDARD_ALARMS.aurora({ clusterIdentifier: "c", maxConnections: 4000 });
            for (const name of ["aurora-cpu", "aurora-acu"]) {
                expect(alarms.find((a) => a.name === name), name).to.deep.include({ statistic: "Maximum", comparison: "GreaterThanThreshold", dimensions: { DBClusterIdentifier: "c" } });
            }
        });

        it("alarms when RDS Proxy makes clients wait over 100 ms (the metric is in microseconds)", () => {
            expect(STANDARD_ALARMS.rdsProxy({ proxyName: "px" })[0]).to.deep.include({
                namespace: "AWS/RDS",
                dimensions: { ProxyName: "px" },
                statistic: "Average",
                threshold: 100_000,
            });
        });

        it("alarms on failing deliveries for 15 minutes and on any record that failed conversion", () => {
            const [, failing, conversion] = alarmDefinitions("p", STANDARD_ALARMS.firehose({ deliveryStreamName: "events" }));
            expect(failing).to.deep.include({ statistic: "Average", comparisonOperator: "LessThanThreshold", threshold: 1, period: 300, evaluationPeriods: 3, treatMissingData: "notBreaching" });
            expect(conversion).to.deep.include({ statistic: "Sum", comparisonOperator: "GreaterThanThreshold", threshold: 0, period: 300, evaluationPeriods: 1 });
        });
    });

    describe("alarm dimensions", () => {
        it("estimates Aurora MySQL max_connections from the maximum ACUs (2 GiB each)", () => {
            // 64 ACUs = 128 GiB, like a db.r5.4xlarge (documented default 4000): log2(128 GiB / 8187281408) × 1000.
            expect(auroraMySqlMaxConnections(64)).to.equal(4069);
            // 4 ACUs = 8 GiB: the small-instance term wins, log2(8 GiB / 805306368) × 45.
            expect(auroraMySqlMaxConnections(4)).to.equal(153);
            expect(auroraMySqlMaxConnections(256)).to.be.at.most(AURORA_MYSQL_MAX_CONNECTIONS_LIMIT);
            expect(() => auroraMySqlMaxConnections(0.5)).to.throw("maximum capacity must be 1-256 ACUs, got 0.5");
        });

        it("takes the queue name from a queue ARN and the proxy name from its endpoint", () => {
            expect(queueNameFromArn("arn:aws:sqs:us-east-1:123456789012:startup-prod-jobs-dlq")).to.equal("startup-prod-jobs-dlq");
            expect(queueNameFromArn("arn:aws:sqs:us-east-1:123456789012:jobs.fifo")).to.equal("jobs.fifo");
            expect(() => queueNameFromArn("https://sqs.us-east-1.amazonaws.com/123456789012/jobs")).to.throw("is not an SQS queue ARN");
            expect(proxyNameFromEndpoint("startup-prod-aurora-proxy.proxy-c0ffee0mock.us-east-1.rds.amazonaws.com")).to.equal("startup-prod-aurora-proxy");
            expect(() => proxyNameFromEndpoint("ro.endpoint.proxy-c0ffee0mock.us-east-1.rds.amazonaws.com")).to.throw("is not the default endpoint of an RDS Proxy");
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

    describe("RDS event subscriptions", () => {
        const specs = rdsEventSubscriptionSpecs({ clusterIdentifier: "startup-prod-aurora", instanceIdentifiers: ["startup-prod-aurora-1", "startup-prod-aurora-2"], parameterGroupNames: ["startup-prod-aurora-instance"] });

        it("subscribes to this cluster's, its instances' and their parameter group's events, and to DB security groups", () => {
            expect(specs.map((s) => [s.name, s.sourceType, s.sourceIds])).to.deep.equal([
                ["db-cluster-events", "db-cluster", ["startup-prod-aurora"]],
                ["db-instance-events", "db-instance", ["startup-prod-aurora-1", "startup-prod-aurora-2"]],
                ["db-parameter-group-events", "db-parameter-group", ["startup-prod-aurora-instance"]],
                ["db-security-group-events", "db-security-group", []],
            ]);
        });

        it("asks for every category Security Hub's RDS.19-22 list, plus cluster failovers", () => {
            for (const spec of specs) expect(coversFsbpCategories(spec.sourceType, spec.eventCategories), spec.name).to.equal(true);
            expect(specs[0].eventCategories).to.deep.equal(["failure", "maintenance", "failover"]);
            expect(FSBP_RDS_EVENT_CATEGORIES["db-instance"]).to.deep.equal(["maintenance", "configuration change", "failure"]);
            expect(coversFsbpCategories("db-security-group", ["failure"])).to.equal(false);
            expect(coversFsbpCategories("db-parameter-group", [])).to.equal(true);
        });

        it("refuses a cluster without instances", () => {
            expect(() => rdsEventSubscriptionSpecs({ clusterIdentifier: "c", instanceIdentifiers: [], parameterGroupNames: ["p"] })).to.throw("without instances");
        });
    });
});
