import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { FailoverAutomation, FailoverAutomationArgs } from "../../components/failoverAutomation";
import { AutomationDocument } from "../../lib/failover";
import { one, policyOf, runComponent } from "../helpers";

const ARGS: FailoverAutomationArgs = {
    namePrefix: "startup-dr",
    region: "us-west-2",
    accountId: "123456789012",
    partition: "aws",
    globalClusterIdentifier: "startup-prod-aurora-global",
    targetClusterArn: "arn:aws:rds:us-west-2:123456789012:cluster:startup-dr-aurora",
    primaryClusterArn: "arn:aws:rds:us-east-1:123456789012:cluster:startup-prod-aurora",
    autoScalingGroupName: "startup-dr-app",
    capacity: { minSize: 3, maxSize: 12, desiredCapacity: 3 },
    primaryHealthCheckId: "hc-primary",
};

function run(overrides: Partial<FailoverAutomationArgs> = {}) {
    return runComponent(
        () => {
            const provider = new aws.Provider("aws", { region: "us-west-2" });
            new FailoverAutomation("failover", { ...ARGS, ...overrides }, { provider });
        },
        { region: "us-west-2" },
    );
}

describe("FailoverAutomation", () => {
    it("creates an Automation document whose defaults are this stack's resources and whose role is its own", async () => {
        const result = await run();
        const document = one(result, "aws:ssm/document:Document");
        expect(document.inputs).to.include({ name: "startup-dr-failover", documentType: "Automation", documentFormat: "JSON" });
        const content = JSON.parse(String(document.inputs.content)) as AutomationDocument;
        expect(content.schemaVersion).to.equal("0.3");
        const role = one(result, "aws:iam/role:Role");
        expect(content.parameters.AutomationAssumeRole.default).to.equal(role.state.arn);
        expect(content.parameters.TargetDbClusterArn.default).to.equal(ARGS.targetClusterArn);
        expect(content.parameters.PrimaryHealthCheckId.default).to.equal("hc-primary");
        expect(content.mainSteps.map((s) => s.inputs.Api).filter(Boolean)).to.deep.equal([
            "SwitchoverGlobalCluster",
            "FailoverGlobalCluster",
            "DescribeGlobalClusters",
            "UpdateAutoScalingGroup",
            "UpdateHealthCheck",
        ]);
    });

    it("lets only SSM of this account assume the role, and scopes it to the global cluster, both clusters, the DR group and the health check", async () => {
        const result = await run();
        const role = one(result, "aws:iam/role:Role");
        expect(policyOf(role, "assumeRolePolicy").Statement).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Service: "ssm.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": "arn:aws:ssm:*:123456789012:automation-execution/*" },
                },
            },
        ]);
        const statements = policyOf(one(result, "aws:iam/rolePolicy:RolePolicy")).Statement;
        expect(statements.find((s) => s.Sid === "PromoteTheSecondary")?.Resource).to.deep.equal([
            "arn:aws:rds::123456789012:global-cluster:startup-prod-aurora-global",
            ARGS.targetClusterArn,
            ARGS.primaryClusterArn,
        ]);
        expect(statements.find((s) => s.Sid === "ScaleTheDrFleet")?.Resource).to.equal(
            "arn:aws:autoscaling:us-west-2:123456789012:autoScalingGroup:*:autoScalingGroupName/startup-dr-app",
        );
        expect(statements.find((s) => s.Sid === "PinDnsToDr")?.Resource).to.equal("arn:aws:route53:::healthcheck/hc-primary");
    });
});
