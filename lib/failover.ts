/**
 * The DR failover as an SSM Automation runbook (document schema 0.3), and the permissions of the
 * role it runs as. Pure, unit-tested without Pulumi; `components/failoverAutomation.ts` creates the
 * document and role in the DR region.
 */
import { SSM_AUTOMATION_DEFAULT_LOG_GROUP, automationLogGroupName } from "./guardrails";
import { PolicyDocument, policyDocument, serviceTrustPolicy } from "./policy";

export const FAILOVER_MODES = ["failover", "switchover"] as const;

/**
 * The primary's DNS record follows a CALCULATED Route 53 health check (the "DNS switch") whose one
 * child is the HTTPS check of the primary's load balancer. Its threshold is the switch: at
 * `follow` it is healthy exactly when the endpoint is; at `pinToDr`, more than its children, Route
 * 53 always considers it unhealthy (Route 53 API, `HealthThreshold`), so DNS answers with DR
 * whether the primary is down (failover) or healthy (switchover). Inverting the check instead would
 * turn a failing primary healthy and send traffic back to it.
 */
export const DNS_SWITCH = { children: 1, follow: 1, pinToDr: 2 } as const;
export type FailoverMode = (typeof FAILOVER_MODES)[number];

/** Capacity the DR fleet is scaled to when it takes over. */
export interface FleetCapacity {
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredCapacity: number;
}

export interface FailoverRunbookArgs {
    /** Role the automation assumes (`AutomationAssumeRole`). */
    readonly automationRoleArn: string;
    readonly globalClusterIdentifier: string;
    /** ARN of the DR secondary cluster, which becomes the writer. */
    readonly targetClusterArn: string;
    /** The DR fleet's Auto Scaling group. */
    readonly autoScalingGroupName: string;
    /** Capacity after failover (defaults of the runbook's parameters; prod's sizes). */
    readonly capacity: FleetCapacity;
    /** The primary's DNS switch: the Route 53 health check its failover record follows (DNS_SWITCH). */
    readonly primaryHealthCheckId: string;
    /** Seconds the automation waits for the global cluster to settle. @default 3600 */
    readonly databaseTimeoutSeconds?: number;
}

interface Parameter {
    type: "String" | "Integer" | "Boolean";
    description: string;
    default?: string | number | boolean;
    allowedValues?: string[];
}

/**
 * The check before DNS moves: DR's cluster must be the global database's writer. A switchover
 * that RDS cancels returns the global cluster to `available` with the old writer, which the wait
 * on the status alone would take for done; DNS would then send everyone to a read-only database.
 * Python in `aws:executeScript` rather than a property wait, because the writer is found by
 * matching a member's ARN, which a JSONPath property selector cannot be trusted to do.
 */
export const WRITER_CHECK_SCRIPT = `import time
import boto3

def check(events, context):
    rds = boto3.client("rds")
    deadline = time.time() + events["WaitSeconds"]
    while True:
        cluster = rds.describe_global_clusters(GlobalClusterIdentifier=events["GlobalClusterIdentifier"])["GlobalClusters"][0]
        members = cluster["GlobalClusterMembers"]
        if any(m["DBClusterArn"] == events["TargetDbClusterArn"] and m["IsWriter"] for m in members):
            return {"Writer": events["TargetDbClusterArn"]}
        if time.time() > deadline:
            writers = [m["DBClusterArn"] for m in members if m["IsWriter"]]
            raise Exception("DR's cluster is not the writer (writer: %s); DNS is not pinned to DR" % writers)
        time.sleep(15)
`;

/**
 * Seconds the writer check waits, within aws:executeScript's 600 s limit; the step runs on Python
 * 3.11, the runtime AWS moved script runbooks to (Systems Manager User Guide, "aws:executeScript").
 */
export const WRITER_CHECK_WAIT_SECONDS = 540;

/** The longest an aws:executeScript step may run. */
export const EXECUTE_SCRIPT_MAX_SECONDS = 600;

interface Step {
    name: string;
    action: string;
    description?: string;
    timeoutSeconds?: number;
    onFailure?: string;
    isCritical?: boolean;
    nextStep?: string;
    isEnd?: boolean;
    inputs: Record<string, unknown>;
}

/** An SSM Automation document (schema 0.3) as plain data; `JSON.stringify` it for `content`. */
export interface AutomationDocument {
    schemaVersion: "0.3";
    description: string;
    assumeRole: string;
    parameters: Record<string, Parameter>;
    mainSteps: Step[];
}

export const FAILOVER_RUNBOOK_DEFAULTS = { databaseTimeoutSeconds: 3600 } as const;

/** Every problem with the arguments, at once. */
export function failoverRunbookProblems(args: FailoverRunbookArgs): string[] {
    const { minSize, maxSize, desiredCapacity } = args.capacity;
    const problems: string[] = [];
    for (const [key, value] of Object.entries(args.capacity)) {
        if (!Number.isInteger(value) || value < 0) problems.push(`capacity.${key}: ${value} is not a whole number of instances`);
    }
    if (minSize < 1) problems.push(`capacity.minSize: ${minSize}; a fleet that takes over needs at least 1 instance`);
    if (!(minSize <= desiredCapacity && desiredCapacity <= maxSize)) {
        problems.push(`capacity: expected minSize <= desiredCapacity <= maxSize, got ${minSize}/${desiredCapacity}/${maxSize}`);
    }
    if (!/^arn:[a-z-]+:rds:[a-z0-9-]+:\d{12}:cluster:.+$/.test(args.targetClusterArn)) {
        problems.push(`targetClusterArn: "${args.targetClusterArn}" is not an RDS cluster ARN (the API wants the ARN, not the identifier)`);
    }
    const timeout = args.databaseTimeoutSeconds ?? FAILOVER_RUNBOOK_DEFAULTS.databaseTimeoutSeconds;
    if (!Number.isInteger(timeout) || timeout < 60) problems.push(`databaseTimeoutSeconds: ${timeout} must be a whole number of seconds, at least 60`);
    return problems;
}

/**
 * The failover, in the order that keeps writes safe: the database first (the DR secondary becomes
 * the writer: `SwitchoverGlobalCluster` when the primary region is healthy, no data loss;
 * `FailoverGlobalCluster` with `AllowDataLoss` when it is not), then the DR fleet scaled to
 * production size, then DNS pinned to DR by raising the threshold of the primary's DNS switch
 * (DNS_SWITCH), so that a recovering primary region (whose database is now a read-only secondary)
 * does not get traffic back before a deliberate failback. Runs in the DR region; every value is a
 * parameter with the stack's value as its default.
 */
export function failoverRunbookDocument(args: FailoverRunbookArgs): AutomationDocument {
    const problems = failoverRunbookProblems(args);
    if (problems.length > 0) throw new Error(`failover runbook: ${problems.join("; ")}`);
    const cluster = { GlobalClusterIdentifier: "{{ GlobalClusterIdentifier }}", TargetDbClusterIdentifier: "{{ TargetDbClusterArn }}" };
    return {
        schemaVersion: "0.3",
        description:
            "Fail over to the DR region: promote the Aurora secondary (switchover or failover), scale the DR fleet to production size, pin DNS to DR through the primary's Route 53 DNS switch. See docs/dr-runbook.md.",
        assumeRole: "{{ AutomationAssumeRole }}",
        parameters: {
            Mode: {
                type: "String",
                description:
                    "switchover: planned, the primary region is healthy, no data loss (SwitchoverGlobalCluster). failover: the primary region is impaired; writes not yet replicated are lost (FailoverGlobalCluster with AllowDataLoss).",
                allowedValues: [...FAILOVER_MODES],
                default: "failover",
            },
            AutomationAssumeRole: { type: "String", description: "Role the automation runs as.", default: args.automationRoleArn },
            GlobalClusterIdentifier: { type: "String", description: "The Aurora global database.", default: args.globalClusterIdentifier },
            TargetDbClusterArn: { type: "String", description: "ARN of the DR secondary cluster that becomes the writer.", default: args.targetClusterArn },
            AutoScalingGroupName: { type: "String", description: "The DR fleet.", default: args.autoScalingGroupName },
            MinSize: { type: "Integer", description: "Fleet minimum after failover.", default: args.capacity.minSize },
            MaxSize: { type: "Integer", description: "Fleet maximum after failover.", default: args.capacity.maxSize },
            DesiredCapacity: { type: "Integer", description: "Fleet size right after failover.", default: args.capacity.desiredCapacity },
            PrimaryHealthCheckId: {
                type: "String",
                description: `The primary's DNS switch (a CALCULATED Route 53 health check); its threshold is set to ${DNS_SWITCH.pinToDr} to keep DNS on DR.`,
                default: args.primaryHealthCheckId,
            },
        },
        mainSteps: [
            {
                name: "ChooseMode",
                action: "aws:branch",
                inputs: {
                    Choices: [{ NextStep: "SwitchoverGlobalCluster", Variable: "{{ Mode }}", StringEquals: "switchover" }],
                    Default: "FailoverGlobalCluster",
                },
            },
            {
                name: "SwitchoverGlobalCluster",
                action: "aws:executeAwsApi",
                description: "Planned: waits for the secondary to catch up, then swaps roles; the old primary becomes a secondary.",
                inputs: { Service: "rds", Api: "SwitchoverGlobalCluster", ...cluster },
                nextStep: "WaitForRoleChange",
            },
            {
                name: "FailoverGlobalCluster",
                action: "aws:executeAwsApi",
                description: "Unplanned: promotes the secondary at once; what the primary had not replicated is lost.",
                inputs: { Service: "rds", Api: "FailoverGlobalCluster", ...cluster, AllowDataLoss: true },
                nextStep: "WaitForRoleChange",
            },
            {
                name: "WaitForRoleChange",
                action: "aws:sleep",
                description: "Give the global cluster time to leave the available state before waiting for it.",
                inputs: { Duration: "PT1M" },
                nextStep: "WaitForGlobalCluster",
            },
            {
                name: "WaitForGlobalCluster",
                action: "aws:waitForAwsResourceProperty",
                timeoutSeconds: args.databaseTimeoutSeconds ?? FAILOVER_RUNBOOK_DEFAULTS.databaseTimeoutSeconds,
                inputs: {
                    Service: "rds",
                    Api: "DescribeGlobalClusters",
                    GlobalClusterIdentifier: "{{ GlobalClusterIdentifier }}",
                    PropertySelector: "$.GlobalClusters[0].Status",
                    DesiredValues: ["available"],
                },
                // Scale DR even when the global cluster does not settle in time (its old primary
                // unreachable); the writer check below still guards DNS. Not critical, so such a
                // timeout alone does not mark the whole run failed (AWS: "Handling timeouts").
                onFailure: "step:ScaleDrFleet",
                isCritical: false,
                nextStep: "ScaleDrFleet",
            },
            {
                name: "ScaleDrFleet",
                action: "aws:executeAwsApi",
                inputs: {
                    Service: "autoscaling",
                    Api: "UpdateAutoScalingGroup",
                    AutoScalingGroupName: "{{ AutoScalingGroupName }}",
                    MinSize: "{{ MinSize }}",
                    MaxSize: "{{ MaxSize }}",
                    DesiredCapacity: "{{ DesiredCapacity }}",
                },
                nextStep: "VerifyDrIsWriter",
            },
            {
                name: "VerifyDrIsWriter",
                action: "aws:executeScript",
                description: "DNS moves only once DR's cluster is the global database's writer: a cancelled switchover leaves the old writer in place.",
                timeoutSeconds: EXECUTE_SCRIPT_MAX_SECONDS,
                inputs: {
                    Runtime: "python3.11",
                    Handler: "check",
                    Script: WRITER_CHECK_SCRIPT,
                    InputPayload: {
                        GlobalClusterIdentifier: "{{ GlobalClusterIdentifier }}",
                        TargetDbClusterArn: "{{ TargetDbClusterArn }}",
                        WaitSeconds: WRITER_CHECK_WAIT_SECONDS,
                    },
                },
                nextStep: "PinDnsToDr",
            },
            {
                name: "PinDnsToDr",
                action: "aws:executeAwsApi",
                description:
                    "Makes the primary's DNS switch always unhealthy, so DNS answers with DR until failback, whatever the primary's state. Route 53's API is served from us-east-1: if it fails during a regional outage, DNS has already moved on the primary's failing check; run this step again when the API answers.",
                onFailure: "Continue",
                isCritical: false,
                inputs: { Service: "route53", Api: "UpdateHealthCheck", HealthCheckId: "{{ PrimaryHealthCheckId }}", HealthThreshold: DNS_SWITCH.pinToDr },
                isEnd: true,
            },
        ],
    };
}

export interface FailoverAutomationPolicyArgs {
    readonly partition: string;
    readonly accountId: string;
    /** Region of the DR fleet. */
    readonly region: string;
    readonly globalClusterIdentifier: string;
    /** The clusters of the global database (both regions): they change roles. */
    readonly clusterArns: readonly string[];
    readonly autoScalingGroupName: string;
    readonly primaryHealthCheckId: string;
    /** Prefix of the stack's names: its Automation log group (account guardrails). */
    readonly namePrefix: string;
}

/** ARN of an Aurora global cluster (global resources have no region). */
/**
 * Trust policy of the role the runbook runs as. Systems Manager documents both keys for Automation
 * service roles ("Cross-service confused deputy prevention"): this account, and only its
 * automation executions.
 */
export function automationTrustPolicy(partition: string, accountId: string): PolicyDocument {
    return serviceTrustPolicy("ssm.amazonaws.com", accountId, { sourceArn: `arn:${partition}:ssm:*:${accountId}:automation-execution/*` });
}

export function globalClusterArn(partition: string, accountId: string, identifier: string): string {
    return `arn:${partition}:rds::${accountId}:global-cluster:${identifier}`;
}

/**
 * What the runbook's role may do: exactly the calls of its steps, each on the one resource it
 * changes (the global cluster and its two clusters, the DR group, the primary's health check).
 */
export function failoverAutomationPolicy(args: FailoverAutomationPolicyArgs): PolicyDocument {
    const globalCluster = globalClusterArn(args.partition, args.accountId, args.globalClusterIdentifier);
    return policyDocument(
        {
            Sid: "PromoteTheSecondary",
            Effect: "Allow",
            Action: ["rds:SwitchoverGlobalCluster", "rds:FailoverGlobalCluster"],
            Resource: [globalCluster, ...args.clusterArns],
        },
        { Sid: "WatchTheGlobalCluster", Effect: "Allow", Action: "rds:DescribeGlobalClusters", Resource: globalCluster },
        {
            Sid: "ScaleTheDrFleet",
            Effect: "Allow",
            Action: "autoscaling:UpdateAutoScalingGroup",
            Resource: `arn:${args.partition}:autoscaling:${args.region}:${args.accountId}:autoScalingGroup:*:autoScalingGroupName/${args.autoScalingGroupName}`,
        },
        {
            Sid: "PinDnsToDr",
            Effect: "Allow",
            Action: ["route53:UpdateHealthCheck", "route53:GetHealthCheck"],
            Resource: `arn:${args.partition}:route53:::healthcheck/${args.primaryHealthCheckId}`,
        },
        {
            // The writer check's output, where Automation logs scripts in this Region (SSM.6): the
            // stack's group, or Automation's default when no stack names one.
            Sid: "LogTheWriterCheck",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            Resource: [automationLogGroupName(args.namePrefix), SSM_AUTOMATION_DEFAULT_LOG_GROUP].flatMap((group) => [
                `arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:${group}`,
                `arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:${group}:*`,
            ]),
        },
        {
            // Listing log groups takes no single group.
            Sid: "FindTheLogGroup",
            Effect: "Allow",
            Action: "logs:DescribeLogGroups",
            Resource: `arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:*`,
        },
    );
}
