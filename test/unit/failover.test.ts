import { expect } from "chai";
import {
    DNS_SWITCH,
    EXECUTE_SCRIPT_MAX_SECONDS,
    FailoverRunbookArgs,
    WRITER_CHECK_SCRIPT,
    WRITER_CHECK_WAIT_SECONDS,
    failoverAutomationPolicy,
    failoverRunbookDocument,
    failoverRunbookProblems,
    globalClusterArn,
} from "../../lib/failover";

const ARGS: FailoverRunbookArgs = {
    automationRoleArn: "arn:aws:iam::123456789012:role/startup-dr-failover-automation",
    globalClusterIdentifier: "startup-prod-aurora-global",
    targetClusterArn: "arn:aws:rds:us-west-2:123456789012:cluster:startup-dr-aurora",
    autoScalingGroupName: "startup-dr-app",
    capacity: { minSize: 3, maxSize: 12, desiredCapacity: 3 },
    primaryHealthCheckId: "0f1e2d3c-aaaa-bbbb-cccc-000000000001",
};

describe("lib/failover: the SSM Automation runbook", () => {
    const doc = failoverRunbookDocument(ARGS);
    const step = (name: string) => {
        const found = doc.mainSteps.find((s) => s.name === name);
        expect(found, name).to.not.equal(undefined);
        return found!;
    };

    it("is an Automation document, schema 0.3, running as its role", () => {
        expect(doc.schemaVersion).to.equal("0.3");
        expect(doc.assumeRole).to.equal("{{ AutomationAssumeRole }}");
        expect(doc.parameters.AutomationAssumeRole.default).to.equal(ARGS.automationRoleArn);
    });

    it("chooses switchover or failover from the Mode parameter, failover by default", () => {
        expect(doc.parameters.Mode).to.deep.include({ type: "String", allowedValues: ["failover", "switchover"], default: "failover" });
        expect(doc.mainSteps[0]).to.deep.equal({
            name: "ChooseMode",
            action: "aws:branch",
            inputs: {
                Choices: [{ NextStep: "SwitchoverGlobalCluster", Variable: "{{ Mode }}", StringEquals: "switchover" }],
                Default: "FailoverGlobalCluster",
            },
        });
    });

    it("promotes the DR secondary, by its ARN: SwitchoverGlobalCluster, or FailoverGlobalCluster allowing data loss", () => {
        expect(step("SwitchoverGlobalCluster")).to.deep.include({
            action: "aws:executeAwsApi",
            inputs: { Service: "rds", Api: "SwitchoverGlobalCluster", GlobalClusterIdentifier: "{{ GlobalClusterIdentifier }}", TargetDbClusterIdentifier: "{{ TargetDbClusterArn }}" },
            nextStep: "WaitForRoleChange",
        });
        expect(step("FailoverGlobalCluster")).to.deep.include({
            action: "aws:executeAwsApi",
            inputs: {
                Service: "rds",
                Api: "FailoverGlobalCluster",
                GlobalClusterIdentifier: "{{ GlobalClusterIdentifier }}",
                TargetDbClusterIdentifier: "{{ TargetDbClusterArn }}",
                AllowDataLoss: true,
            },
            nextStep: "WaitForRoleChange",
        });
        expect(doc.parameters.TargetDbClusterArn.default).to.equal(ARGS.targetClusterArn);
        expect(doc.parameters.GlobalClusterIdentifier.default).to.equal(ARGS.globalClusterIdentifier);
    });

    it("waits for the global cluster, then scales the DR fleet to the primary's size, then pins DNS to DR through the primary's DNS switch", () => {
        expect(step("WaitForGlobalCluster")).to.deep.include({
            action: "aws:waitForAwsResourceProperty",
            timeoutSeconds: 3600,
            nextStep: "ScaleDrFleet",
            // DR scales even if the global cluster never settles (its old primary unreachable),
            // and that timeout alone does not fail the run.
            onFailure: "step:ScaleDrFleet",
            isCritical: false,
        });
        expect(step("WaitForGlobalCluster").inputs).to.deep.include({ Api: "DescribeGlobalClusters", PropertySelector: "$.GlobalClusters[0].Status", DesiredValues: ["available"] });
        expect(step("ScaleDrFleet").inputs).to.deep.equal({
            Service: "autoscaling",
            Api: "UpdateAutoScalingGroup",
            AutoScalingGroupName: "{{ AutoScalingGroupName }}",
            MinSize: "{{ MinSize }}",
            MaxSize: "{{ MaxSize }}",
            DesiredCapacity: "{{ DesiredCapacity }}",
        });
        expect([doc.parameters.MinSize.default, doc.parameters.MaxSize.default, doc.parameters.DesiredCapacity.default]).to.deep.equal([3, 12, 3]);
        // A threshold above the switch's one child is always unhealthy: DR answers in either mode.
        // (Inverting the check would make a failing primary healthy again.)
        expect(DNS_SWITCH.pinToDr).to.be.greaterThan(DNS_SWITCH.children);
        expect(step("PinDnsToDr")).to.deep.include({
            inputs: { Service: "route53", Api: "UpdateHealthCheck", HealthCheckId: "{{ PrimaryHealthCheckId }}", HealthThreshold: 2 },
            isEnd: true,
        });
        expect(JSON.stringify(doc)).to.not.include("Inverted");
        // Route 53's API lives in us-east-1: failing to pin during its outage must not fail the
        // failover, whose database and fleet steps are done by then.
        expect(step("PinDnsToDr")).to.deep.include({ onFailure: "Continue", isCritical: false });
        expect(doc.mainSteps.map((s) => s.name)).to.deep.equal([
            "ChooseMode",
            "SwitchoverGlobalCluster",
            "FailoverGlobalCluster",
            "WaitForRoleChange",
            "WaitForGlobalCluster",
            "ScaleDrFleet",
            "VerifyDrIsWriter",
            "PinDnsToDr",
        ]);
    });

    it("moves DNS only once DR's cluster is the writer: a cancelled switchover leaves the old one, and the status alone looks done", () => {
        const verify = step("VerifyDrIsWriter");
        expect(verify).to.deep.include({ action: "aws:executeScript", timeoutSeconds: EXECUTE_SCRIPT_MAX_SECONDS, nextStep: "PinDnsToDr" });
        // Critical and aborting: without a new writer the automation fails before DNS moves.
        expect(verify).to.not.have.any.keys("onFailure", "isCritical");
        expect(verify.inputs).to.deep.include({ Runtime: "python3.11", Handler: "check", Script: WRITER_CHECK_SCRIPT });
        expect(verify.inputs.InputPayload).to.deep.equal({
            GlobalClusterIdentifier: "{{ GlobalClusterIdentifier }}",
            TargetDbClusterArn: "{{ TargetDbClusterArn }}",
            WaitSeconds: WRITER_CHECK_WAIT_SECONDS,
        });
        // The script matches the target by ARN among the members and waits within the step's limit.
        expect(WRITER_CHECK_SCRIPT).to.match(/^def check\(events, context\):$/m);
        expect(WRITER_CHECK_SCRIPT).to.include('m["DBClusterArn"] == events["TargetDbClusterArn"] and m["IsWriter"]');
        expect(WRITER_CHECK_WAIT_SECONDS).to.be.lessThan(EXECUTE_SCRIPT_MAX_SECONDS);
    });

    it("references only steps and parameters that exist", () => {
        const names = new Set(doc.mainSteps.map((s) => s.name));
        for (const s of doc.mainSteps) {
            if (s.nextStep !== undefined) expect(names.has(s.nextStep), `${s.name} -> ${s.nextStep}`).to.equal(true);
            if (s.onFailure?.startsWith("step:")) expect(names.has(s.onFailure.slice(5)), `${s.name} on failure -> ${s.onFailure}`).to.equal(true);
        }
        const placeholders = [...JSON.stringify(doc).matchAll(/\{\{ (\w+) \}\}/g)].map((m) => m[1]);
        for (const p of placeholders) expect(doc.parameters, p).to.have.property(p);
    });

    it("rejects capacities and identifiers the APIs would refuse", () => {
        expect(failoverRunbookProblems(ARGS)).to.deep.equal([]);
        expect(failoverRunbookProblems({ ...ARGS, capacity: { minSize: 0, maxSize: 2, desiredCapacity: 3 }, targetClusterArn: "startup-dr-aurora" })).to.deep.equal([
            "capacity.minSize: 0; a fleet that takes over needs at least 1 instance",
            "capacity: expected minSize <= desiredCapacity <= maxSize, got 0/3/2",
            'targetClusterArn: "startup-dr-aurora" is not an RDS cluster ARN (the API wants the ARN, not the identifier)',
        ]);
        expect(() => failoverRunbookDocument({ ...ARGS, capacity: { minSize: 1.5, maxSize: 2, desiredCapacity: 2 } })).to.throw("capacity.minSize: 1.5 is not a whole number");
    });
});

describe("lib/failover: the runbook role's permissions", () => {
    const policy = failoverAutomationPolicy({
        partition: "aws",
        accountId: "123456789012",
        region: "us-west-2",
        globalClusterIdentifier: "startup-prod-aurora-global",
        clusterArns: [ARGS.targetClusterArn, "arn:aws:rds:us-east-1:123456789012:cluster:startup-prod-aurora"],
        autoScalingGroupName: "startup-dr-app",
        primaryHealthCheckId: ARGS.primaryHealthCheckId,
        namePrefix: "startup-dr",
    });

    it("allows exactly the runbook's calls, each on its own resources", () => {
        expect(globalClusterArn("aws", "123456789012", "g")).to.equal("arn:aws:rds::123456789012:global-cluster:g");
        expect(policy.Statement).to.deep.equal([
            {
                Sid: "PromoteTheSecondary",
                Effect: "Allow",
                Action: ["rds:SwitchoverGlobalCluster", "rds:FailoverGlobalCluster"],
                Resource: [
                    "arn:aws:rds::123456789012:global-cluster:startup-prod-aurora-global",
                    ARGS.targetClusterArn,
                    "arn:aws:rds:us-east-1:123456789012:cluster:startup-prod-aurora",
                ],
            },
            { Sid: "WatchTheGlobalCluster", Effect: "Allow", Action: "rds:DescribeGlobalClusters", Resource: "arn:aws:rds::123456789012:global-cluster:startup-prod-aurora-global" },
            {
                Sid: "ScaleTheDrFleet",
                Effect: "Allow",
                Action: "autoscaling:UpdateAutoScalingGroup",
                Resource: "arn:aws:autoscaling:us-west-2:123456789012:autoScalingGroup:*:autoScalingGroupName/startup-dr-app",
            },
            {
                Sid: "PinDnsToDr",
                Effect: "Allow",
                Action: ["route53:UpdateHealthCheck", "route53:GetHealthCheck"],
                Resource: `arn:aws:route53:::healthcheck/${ARGS.primaryHealthCheckId}`,
            },
            {
                Sid: "LogTheWriterCheck",
                Effect: "Allow",
                Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                Resource: [
                    "arn:aws:logs:us-west-2:123456789012:log-group:/startup-dr/ssm/automation",
                    "arn:aws:logs:us-west-2:123456789012:log-group:/startup-dr/ssm/automation:*",
                    "arn:aws:logs:us-west-2:123456789012:log-group:/aws/ssm/automation/executeScript",
                    "arn:aws:logs:us-west-2:123456789012:log-group:/aws/ssm/automation/executeScript:*",
                ],
            },
            { Sid: "FindTheLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "arn:aws:logs:us-west-2:123456789012:log-group:*" },
        ]);
    });
});
