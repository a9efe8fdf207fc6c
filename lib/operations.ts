/**
 * Operations as data: the operations topic's policy, alarm definitions built from small tables,
 * the standard alarms of the platform's components, and the dashboard's widgets and layout. Pure
 * functions, unit-tested without Pulumi; `components/operations.ts` and
 * `components/operationsDashboard.ts` create the resources.
 */
import { EVENTBRIDGE_SERVICE, PolicyDocument, PolicyStatement, RDS_EVENTS_SERVICE, policyDocument } from "./policy";

// ---------------------------------------------------------------------------------------------
// Topic policy

export interface TopicPolicyArgs {
    readonly topicArn: string;
    readonly accountId: string;
    readonly partition: string;
    readonly region: string;
    /** Let AWS Budgets publish budget alerts. @default true */
    readonly budgets?: boolean;
    /** Let RDS event subscriptions of this account and region publish. @default true */
    readonly rdsEvents?: boolean;
    /** Let EventBridge rules of this account and region publish (failed backup jobs). @default true */
    readonly eventRules?: boolean;
}

/** The service principal RDS event notifications publish as. */
export { RDS_EVENTS_SERVICE };

/**
 * Who may publish to the operations topic: this account (through IAM), CloudWatch alarms of this
 * account and region, AWS Budgets of this account (AWS: "Creating an Amazon SNS topic for budget
 * notifications"), RDS event notifications about this account's RDS resources in this region
 * (AWS: "Granting permissions to publish notifications to an Amazon SNS topic"), and EventBridge
 * rules of this account and region (failed AWS Backup jobs; no `RoleArn` on the target,
 * EventBridge publishes under this resource policy). Publishing without TLS is denied.
 */
export function operationsTopicPolicy(args: TopicPolicyArgs): PolicyDocument {
    const { topicArn, accountId, partition, region } = args;
    const statements: PolicyStatement[] = [
        {
            Sid: "AccountManagesTopic",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission", "sns:DeleteTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
            Resource: topicArn,
        },
        {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*` },
            },
        },
    ];
    if (args.budgets ?? true) {
        statements.push({
            Sid: "BudgetsPublish",
            Effect: "Allow",
            Principal: { Service: "budgets.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": `arn:${partition}:budgets::${accountId}:*` },
            },
        });
    }
    if (args.rdsEvents ?? true) {
        statements.push({
            Sid: "RdsEventsPublish",
            Effect: "Allow",
            Principal: { Service: RDS_EVENTS_SERVICE },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                // The RDS resource the event is about (cluster, instance, parameter group, ...).
                ArnLike: { "aws:SourceArn": `arn:${partition}:rds:${region}:${accountId}:*` },
            },
        });
    }
    if (args.eventRules ?? true) {
        statements.push({
            Sid: "EventBridgeRulesPublish",
            Effect: "Allow",
            Principal: { Service: EVENTBRIDGE_SERVICE },
            Action: "sns:Publish",
            Resource: topicArn,
            // The rule's ARN names this account and region.
            Condition: { ArnLike: { "aws:SourceArn": `arn:${partition}:events:${region}:${accountId}:rule/*` } },
        });
    }
    return policyDocument(...statements, {
        Sid: "DenyPublishWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
}

/** Service principals that must use the topic's KMS key to publish to it (see `kmsKeyPolicy` for EventBridge's). */
export function topicKeyServices(publishers: { budgets?: boolean; rdsEvents?: boolean; eventRules?: boolean } = {}): string[] {
    return [
        "cloudwatch.amazonaws.com",
        ...((publishers.budgets ?? true) ? ["budgets.amazonaws.com"] : []),
        ...((publishers.rdsEvents ?? true) ? [RDS_EVENTS_SERVICE] : []),
        ...((publishers.eventRules ?? true) ? [EVENTBRIDGE_SERVICE] : []),
    ];
}

// ---------------------------------------------------------------------------------------------
// RDS event subscriptions

export type RdsEventSourceType = "db-cluster" | "db-instance" | "db-parameter-group" | "db-security-group";

/**
 * The event categories Security Hub asks subscriptions to include, per source type (controls
 * RDS.19 to RDS.22 of the AWS Foundational Security Best Practices standard).
 */
export const FSBP_RDS_EVENT_CATEGORIES: Readonly<Record<RdsEventSourceType, readonly string[]>> = {
    "db-cluster": ["failure", "maintenance"],
    "db-instance": ["maintenance", "configuration change", "failure"],
    "db-parameter-group": ["configuration change"],
    "db-security-group": ["configuration change", "failure"],
};

/** One RDS event subscription as a table row. `D` is the source id type (strings or Pulumi inputs). */
export interface RdsEventSubscriptionSpec<D = string> {
    /** Short name, unique in the stack; the subscription is named `<prefix>-<name>`. */
    readonly name: string;
    readonly sourceType: RdsEventSourceType;
    readonly eventCategories: readonly string[];
    /** The sources; empty means every source of the type in the account and region. */
    readonly sourceIds: readonly D[];
}

/**
 * The subscriptions of one Aurora cluster: the cluster (FSBP's categories plus failover, which the
 * on-call wants to hear about), its instances and their parameter group, each limited to this
 * stack's sources so a stack sharing the account and region (dev beside prod) does not page the
 * other's topic. DB security groups are an EC2-Classic feature no VPC cluster uses; the
 * subscription has no source ids and exists for RDS.22.
 */
export function rdsEventSubscriptionSpecs<D>(d: { clusterIdentifier: D; instanceIdentifiers: readonly D[]; parameterGroupNames: readonly D[] }): RdsEventSubscriptionSpec<D>[] {
    if (d.instanceIdentifiers.length === 0) throw new Error("an Aurora cluster without instances has no instance events to subscribe to");
    return [
        { name: "db-cluster-events", sourceType: "db-cluster", eventCategories: [...FSBP_RDS_EVENT_CATEGORIES["db-cluster"], "failover"], sourceIds: [d.clusterIdentifier] },
        { name: "db-instance-events", sourceType: "db-instance", eventCategories: [...FSBP_RDS_EVENT_CATEGORIES["db-instance"]], sourceIds: [...d.instanceIdentifiers] },
        { name: "db-parameter-group-events", sourceType: "db-parameter-group", eventCategories: [...FSBP_RDS_EVENT_CATEGORIES["db-parameter-group"]], sourceIds: [...d.parameterGroupNames] },
        { name: "db-security-group-events", sourceType: "db-security-group", eventCategories: [...FSBP_RDS_EVENT_CATEGORIES["db-security-group"]], sourceIds: [] },
    ];
}

/** True when a subscription's categories include every category FSBP asks of its source type (none listed means all). */
export function coversFsbpCategories(sourceType: RdsEventSourceType, eventCategories: readonly string[] | undefined): boolean {
    if (eventCategories === undefined || eventCategories.length === 0) return true;
    return FSBP_RDS_EVENT_CATEGORIES[sourceType].every((c) => eventCategories.includes(c));
}

// ---------------------------------------------------------------------------------------------
// Alarms

export type ComparisonOperator =
    | "GreaterThanThreshold"
    | "GreaterThanOrEqualToThreshold"
    | "LessThanThreshold"
    | "LessThanOrEqualToThreshold";

export type AlarmStatistic = "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";

/** One alarm as a row of a table. `D` is the dimension value type (plain strings or Pulumi inputs). */
export interface AlarmSpec<D = string> {
    /** Short name, unique in the stack, e.g. "alb-5xx"; the alarm is named `<prefix>-<name>`. */
    readonly name: string;
    /** What it means and what to look at first. */
    readonly description: string;
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Readonly<Record<string, D>>;
    readonly statistic: AlarmStatistic;
    readonly comparison: ComparisonOperator;
    readonly threshold: number;
    /** Seconds per datapoint: 10, 20, 30 or a multiple of 60. @default 60 */
    readonly periodSeconds?: number;
    /** Datapoints looked at. @default 5 */
    readonly evaluationPeriods?: number;
    /** Of those, how many must breach. @default evaluationPeriods */
    readonly datapointsToAlarm?: number;
    /** @default "notBreaching" */
    readonly treatMissingData?: "missing" | "notBreaching" | "breaching" | "ignore";
}

export const ALARM_DEFAULTS = { periodSeconds: 60, evaluationPeriods: 5, treatMissingData: "notBreaching" } as const;

/** The inputs of one `aws.cloudwatch.MetricAlarm`, without its actions. */
export interface AlarmDefinition<D = string> {
    /** The spec's name, for the Pulumi logical name. */
    readonly key: string;
    readonly name: string;
    readonly alarmDescription: string;
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Record<string, D>;
    readonly statistic: AlarmStatistic;
    readonly comparisonOperator: ComparisonOperator;
    readonly threshold: number;
    readonly period: number;
    readonly evaluationPeriods: number;
    readonly datapointsToAlarm: number;
    readonly treatMissingData: string;
}

const ALARM_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Every problem with a table of alarms, in one pass. `taken` are names already used in the stack. */
export function alarmProblems(specs: ReadonlyArray<AlarmSpec<unknown>>, taken: ReadonlySet<string> = new Set()): string[] {
    const problems: string[] = [];
    const seen = new Set(taken);
    for (const spec of specs) {
        const at = `alarm "${spec.name}"`;
        if (!ALARM_NAME.test(spec.name)) problems.push(`${at}: name must be lower-case letters, digits and hyphens`);
        if (seen.has(spec.name)) problems.push(`${at}: name is already used in this stack`);
        seen.add(spec.name);
        const period = spec.periodSeconds ?? ALARM_DEFAULTS.periodSeconds;
        if (![10, 20, 30].includes(period) && !(period >= 60 && period % 60 === 0)) {
            problems.push(`${at}: periodSeconds must be 10, 20, 30 or a multiple of 60, got ${period}`);
        }
        const evaluations = spec.evaluationPeriods ?? ALARM_DEFAULTS.evaluationPeriods;
        if (!Number.isInteger(evaluations) || evaluations < 1) problems.push(`${at}: evaluationPeriods must be a positive integer, got ${evaluations}`);
        if (period >= 60 && evaluations * period > 86_400) {
            problems.push(`${at}: periodSeconds × evaluationPeriods must be at most one day (86400 s), got ${evaluations * period}`);
        }
        const datapoints = spec.datapointsToAlarm ?? evaluations;
        if (!Number.isInteger(datapoints) || datapoints < 1 || datapoints > evaluations) {
            problems.push(`${at}: datapointsToAlarm must be 1-${evaluations} (evaluationPeriods), got ${datapoints}`);
        }
        if (!Number.isFinite(spec.threshold)) problems.push(`${at}: threshold must be a finite number`);
        if (Object.keys(spec.dimensions).length > 30) problems.push(`${at}: at most 30 dimensions`);
    }
    return problems;
}

/** Turns a table of alarms into MetricAlarm inputs named `<prefix>-<name>`; throws on any problem. */
export function alarmDefinitions<D>(namePrefix: string, specs: ReadonlyArray<AlarmSpec<D>>, taken?: ReadonlySet<string>): AlarmDefinition<D>[] {
    const problems = alarmProblems(specs, taken);
    if (problems.length > 0) throw new Error(`invalid alarms:\n  - ${problems.join("\n  - ")}`);
    return specs.map((spec) => {
        const evaluationPeriods = spec.evaluationPeriods ?? ALARM_DEFAULTS.evaluationPeriods;
        return {
            key: spec.name,
            name: `${namePrefix}-${spec.name}`,
            alarmDescription: spec.description,
            namespace: spec.namespace,
            metricName: spec.metricName,
            dimensions: { ...spec.dimensions },
            statistic: spec.statistic,
            comparisonOperator: spec.comparison,
            threshold: spec.threshold,
            period: spec.periodSeconds ?? ALARM_DEFAULTS.periodSeconds,
            evaluationPeriods,
            datapointsToAlarm: spec.datapointsToAlarm ?? evaluationPeriods,
            treatMissingData: spec.treatMissingData ?? ALARM_DEFAULTS.treatMissingData,
        };
    });
}

/** Route 53 publishes its health-check metrics in this region only. */
export const ROUTE53_METRICS_REGION = "us-east-1";

/**
 * Alarm tables for the platform's components, for the integrator to pass to
 * `Operations.addAlarms` once the component exists. Dimension values are what CloudWatch expects:
 * an ALB's and target group's `arnSuffix`, an Aurora cluster identifier, an RDS Proxy name, a queue
 * name, a delivery stream name, a NAT gateway id.
 */
export const STANDARD_ALARMS = {
    alb<D>(d: { loadBalancer: D; targetGroup: D }): AlarmSpec<D>[] {
        return [
            {
                name: "alb-5xx",
                description: "The load balancer itself returns 5XX (no healthy target, or it is overloaded). Check target health first.",
                namespace: "AWS/ApplicationELB",
                metricName: "HTTPCode_ELB_5XX_Count",
                dimensions: { LoadBalancer: d.loadBalancer },
                statistic: "Sum",
                comparison: "GreaterThanThreshold",
                threshold: 10,
            },
            {
                name: "alb-target-5xx",
                description: "The application returns 5XX through the load balancer. Check the app's logs and the database.",
                namespace: "AWS/ApplicationELB",
                metricName: "HTTPCode_Target_5XX_Count",
                dimensions: { LoadBalancer: d.loadBalancer },
                statistic: "Sum",
                comparison: "GreaterThanThreshold",
                threshold: 25,
            },
            {
                name: "alb-target-response-time",
                description: "The app takes more than a second on average to answer for 5 minutes. Check the Aurora and proxy alarms first, then the app's logs; scale out if instance CPU is high.",
                namespace: "AWS/ApplicationELB",
                metricName: "TargetResponseTime",
                dimensions: { LoadBalancer: d.loadBalancer, TargetGroup: d.targetGroup },
                statistic: "Average",
                comparison: "GreaterThanThreshold",
                threshold: 1,
            },
            {
                name: "alb-unhealthy-hosts",
                description: "Targets fail their health check; the Auto Scaling group should replace them. Check instance refresh and the app's health endpoint.",
                namespace: "AWS/ApplicationELB",
                metricName: "UnHealthyHostCount",
                dimensions: { LoadBalancer: d.loadBalancer, TargetGroup: d.targetGroup },
                statistic: "Maximum",
                comparison: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
            },
        ];
    },
    /**
     * The health check this stack's half of the DNS failover pair follows (for the primary, its
     * DNS switch): unhealthy means DNS answers with the other half. Route 53 publishes
     * `HealthCheckStatus` in us-east-1 only (ROUTE53_METRICS_REGION), so the alarm must live there.
     */
    dnsHealthCheck<D>(d: { healthCheckId: D }): AlarmSpec<D>[] {
        return [
            {
                name: "dns-health-check",
                description: "For 3 minutes DNS has not answered with this stack: Route 53's checkers find the app unhealthy, or the failover runbook pinned DNS to DR. Check the ALB alarms and the app; follow docs/dr-runbook.md.",
                namespace: "AWS/Route53",
                metricName: "HealthCheckStatus",
                dimensions: { HealthCheckId: d.healthCheckId },
                statistic: "Minimum",
                comparison: "LessThanThreshold",
                threshold: 1,
                evaluationPeriods: 3,
            },
        ];
    },
    /** `maxConnections`: the instances' max_connections (see `auroraMySqlMaxConnections`). */
    aurora<D>(d: { clusterIdentifier: D; maxConnections: number }): AlarmSpec<D>[] {
        if (!Number.isInteger(d.maxConnections) || d.maxConnections < 1) throw new Error(`maxConnections must be a positive integer, got ${d.maxConnections}`);
        return [
            {
                name: "aurora-cpu",
                description: "An Aurora instance's CPU is high for 10 minutes. Check slow queries in Performance Insights.",
                namespace: "AWS/RDS",
                metricName: "CPUUtilization",
                dimensions: { DBClusterIdentifier: d.clusterIdentifier },
                // The hottest instance: every instance reports under the cluster's dimension, and an
                // average with an idle reader would hide a saturated writer.
                statistic: "Maximum",
                comparison: "GreaterThanThreshold",
                threshold: 80,
                evaluationPeriods: 10,
            },
            {
                name: "aurora-acu",
                description: "An Aurora Serverless v2 instance runs near its maximum ACUs. Raise the capacity range or tune queries.",
                namespace: "AWS/RDS",
                metricName: "ACUUtilization",
                dimensions: { DBClusterIdentifier: d.clusterIdentifier },
                // Per instance, like CPU: ACUs scale (and run out) per instance.
                statistic: "Maximum",
                comparison: "GreaterThanThreshold",
                threshold: 90,
                evaluationPeriods: 10,
            },
            {
                name: "aurora-connections",
                description: `An Aurora instance holds over 80 % of its ${d.maxConnections} connections. Check for connection leaks in the app; raise the maximum ACUs (max_connections follows them) or route through RDS Proxy.`,
                namespace: "AWS/RDS",
                metricName: "DatabaseConnections",
                dimensions: { DBClusterIdentifier: d.clusterIdentifier },
                // Per instance: max_connections is an instance limit.
                statistic: "Maximum",
                comparison: "GreaterThanThreshold",
                threshold: Math.floor(d.maxConnections * 0.8),
            },
        ];
    },
    rdsProxy<D>(d: { proxyName: D }): AlarmSpec<D>[] {
        return [
            {
                name: "db-proxy-borrow-latency",
                description: "Clients wait over 100 ms on average for a pooled connection from RDS Proxy: the pool is full. Raise proxy.maxConnectionsPercent or the maximum ACUs, or shorten transactions.",
                namespace: "AWS/RDS",
                // Microseconds, per proxy (AWS: "Monitoring RDS Proxy metrics with Amazon CloudWatch").
                metricName: "DatabaseConnectionsBorrowLatency",
                dimensions: { ProxyName: d.proxyName },
                statistic: "Average",
                comparison: "GreaterThanThreshold",
                threshold: 100_000,
            },
        ];
    },
    deadLetterQueue<D>(d: { queueName: D }): AlarmSpec<D>[] {
        return [
            {
                name: "jobs-dlq-not-empty",
                description: "Background jobs failed and landed in the dead-letter queue. Inspect and redrive them.",
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: d.queueName },
                statistic: "Maximum",
                comparison: "GreaterThanThreshold",
                threshold: 0,
                periodSeconds: 300,
                evaluationPeriods: 1,
            },
        ];
    },
    firehose<D>(d: { deliveryStreamName: D }): AlarmSpec<D>[] {
        return [
            {
                name: "events-delivery-stale",
                description: "Usage events wait more than 15 minutes for delivery to S3. Check the stream's error logs and the bucket's key policy.",
                namespace: "AWS/Firehose",
                metricName: "DeliveryToS3.DataFreshness",
                dimensions: { DeliveryStreamName: d.deliveryStreamName },
                statistic: "Maximum",
                comparison: "GreaterThanThreshold",
                threshold: 900,
                periodSeconds: 300,
                evaluationPeriods: 3,
            },
            {
                name: "events-delivery-failing",
                description: "Puts of usage events to S3 fail for 15 minutes (the metric is the share of successful puts). Check the stream's error logs, the Firehose role and the bucket's key policy.",
                namespace: "AWS/Firehose",
                metricName: "DeliveryToS3.Success",
                dimensions: { DeliveryStreamName: d.deliveryStreamName },
                statistic: "Average",
                comparison: "LessThanThreshold",
                threshold: 1,
                periodSeconds: 300,
                evaluationPeriods: 3,
            },
            {
                name: "events-conversion-failed",
                description: "Usage events failed Parquet conversion and went to the error prefix: they do not match the Glue table's schema. Fix the producer or the schema, then reprocess the errors.",
                namespace: "AWS/Firehose",
                metricName: "FailedConversion.Records",
                dimensions: { DeliveryStreamName: d.deliveryStreamName },
                statistic: "Sum",
                comparison: "GreaterThanThreshold",
                threshold: 0,
                periodSeconds: 300,
                evaluationPeriods: 1,
            },
        ];
    },
    natGateway<D>(d: { natGatewayId: D; zone: string }): AlarmSpec<D>[] {
        return [
            {
                name: `nat-port-allocation-${d.zone}`,
                description: "The NAT gateway ran out of source ports; outbound connections fail. Spread traffic or reuse connections.",
                namespace: "AWS/NATGateway",
                metricName: "ErrorPortAllocation",
                dimensions: { NatGatewayId: d.natGatewayId },
                statistic: "Sum",
                comparison: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: 3,
            },
        ];
    },
};

/** The QueueName dimension of a queue, from its ARN (`arn:<partition>:sqs:<region>:<account>:<name>`). */
export function queueNameFromArn(arn: string): string {
    const match = /^arn:[a-z-]+:sqs:[a-z0-9-]+:\d{12}:([A-Za-z0-9_-]{1,80}(\.fifo)?)$/.exec(arn);
    if (!match) throw new Error(`"${arn}" is not an SQS queue ARN`);
    return match[1];
}

/**
 * The ProxyName dimension of an RDS Proxy, from its default endpoint
 * (`<proxy name>.proxy-<id>.<region>.rds.amazonaws.com`).
 */
export function proxyNameFromEndpoint(endpoint: string): string {
    const match = /^([a-z][a-z0-9-]{0,62})\.proxy-[a-z0-9]+\.[a-z0-9-]+\.rds\.amazonaws\.com(\.cn)?$/.exec(endpoint);
    if (!match) throw new Error(`"${endpoint}" is not the default endpoint of an RDS Proxy`);
    return match[1];
}

/** Most connections an Aurora MySQL instance accepts (the parameter's ceiling). */
export const AURORA_MYSQL_MAX_CONNECTIONS_LIMIT = 16_000;

/**
 * The default max_connections of an Aurora MySQL Serverless v2 instance, estimated. AWS derives it
 * from the memory of the maximum capacity, about 2 GiB per ACU, with the Aurora MySQL formula
 * GREATEST({log(DBInstanceClassMemory/805306368)*45}, {log(DBInstanceClassMemory/8187281408)*1000})
 * (log base 2; AWS: "Maximum connections to an Aurora MySQL DB instance"). DBInstanceClassMemory is
 * a little below the nominal memory, so the real value can be slightly lower than this estimate.
 */
export function auroraMySqlMaxConnections(maxCapacityAcu: number): number {
    if (!Number.isFinite(maxCapacityAcu) || maxCapacityAcu < 1 || maxCapacityAcu > 256) {
        throw new Error(`maximum capacity must be 1-256 ACUs, got ${maxCapacityAcu}`);
    }
    const memory = maxCapacityAcu * 2 * 1024 ** 3;
    const estimate = Math.max(Math.log2(memory / 805_306_368) * 45, Math.log2(memory / 8_187_281_408) * 1000);
    return Math.min(Math.floor(estimate), AURORA_MYSQL_MAX_CONNECTIONS_LIMIT);
}

// ---------------------------------------------------------------------------------------------
// Dashboard

export interface DashboardWidget {
    readonly type: "metric" | "log" | "text" | "alarm";
    readonly width: number;
    readonly height: number;
    readonly properties: Readonly<Record<string, unknown>>;
}

export interface PlacedWidget extends DashboardWidget {
    readonly x: number;
    readonly y: number;
}

/** The dashboard grid is 24 units wide. */
export const DASHBOARD_WIDTH = 24;

/** Places widgets left to right in rows of 24 units, in order; throws on a widget that cannot fit. */
export function layoutWidgets(widgets: readonly DashboardWidget[]): PlacedWidget[] {
    const placed: PlacedWidget[] = [];
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    for (const [i, w] of widgets.entries()) {
        if (!Number.isInteger(w.width) || w.width < 1 || w.width > DASHBOARD_WIDTH) throw new Error(`widget ${i}: width must be 1-${DASHBOARD_WIDTH}, got ${w.width}`);
        if (!Number.isInteger(w.height) || w.height < 1 || w.height > 1000) throw new Error(`widget ${i}: height must be 1-1000, got ${w.height}`);
        if (x + w.width > DASHBOARD_WIDTH) {
            x = 0;
            y += rowHeight;
            rowHeight = 0;
        }
        placed.push({ ...w, x, y });
        x += w.width;
        rowHeight = Math.max(rowHeight, w.height);
    }
    return placed;
}

/** The `dashboardBody` JSON of `aws.cloudwatch.Dashboard`. */
export function dashboardBody(widgets: readonly DashboardWidget[]): string {
    return JSON.stringify({ widgets: layoutWidgets(widgets) });
}

export function textWidget(markdown: string, width = DASHBOARD_WIDTH, height = 2): DashboardWidget {
    return { type: "text", width, height, properties: { markdown } };
}

/**
 * NAT gateway traffic and errors. With the gateways' ids the graphs show exactly this VPC's
 * gateways; without them a SEARCH expression shows every NAT gateway of the region.
 */
export function natGatewayWidgets(region: string, natGatewayIds?: readonly string[]): DashboardWidget[] {
    const graph = (title: string, metricName: string): DashboardWidget => ({
        type: "metric",
        width: 12,
        height: 6,
        properties: {
            title,
            region,
            view: "timeSeries",
            stat: "Sum",
            period: 300,
            metrics:
                natGatewayIds === undefined
                    ? [[{ expression: `SEARCH('{AWS/NATGateway,NatGatewayId} MetricName="${metricName}"', 'Sum', 300)`, id: "e1", label: "" }]]
                    : natGatewayIds.map((id) => ["AWS/NATGateway", metricName, "NatGatewayId", id]),
        },
    });
    return [graph("NAT gateways: bytes out to the internet", "BytesOutToDestination"), graph("NAT gateways: port allocation errors", "ErrorPortAllocation")];
}

/** Rejected connections recorded by the VPC flow log, from CloudWatch Logs Insights. */
export function flowLogRejectsWidget(region: string, logGroupName: string): DashboardWidget {
    return {
        type: "log",
        width: 12,
        height: 6,
        properties: {
            title: "VPC flow log: rejected connections",
            region,
            view: "timeSeries",
            query: `SOURCE '${logGroupName}' | filter action = "REJECT" | stats count(*) as rejected by bin(5m)`,
        },
    };
}

/** The state of the given alarms. */
export function alarmStatusWidget(alarmArns: readonly string[]): DashboardWidget {
    return { type: "alarm", width: DASHBOARD_WIDTH, height: 4, properties: { title: "Alarms", alarms: [...alarmArns] } };
}
