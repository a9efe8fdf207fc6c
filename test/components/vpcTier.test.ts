import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { VpcTier, VpcTierArgs } from "../../components/vpcTier";
import { subnetLayout } from "../../lib/cidr";
import { shortHash } from "../../lib/naming";
import { defaultNetworkAclRules } from "../../lib/networkAcl";
import { MOCK_ACCOUNT_ID, all, ancestors, one, policyOf, runComponent, some } from "../helpers";

function args(overrides: Partial<VpcTierArgs> = {}): VpcTierArgs {
    return {
        namePrefix: "startup-test",
        region: "us-east-1",
        accountId: MOCK_ACCOUNT_ID,
        partition: "aws",
        cidr: "10.40.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
        natGateways: "onePerAz",
        logsKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs",
        flowLogRetentionDays: 30,
        ...overrides,
    };
}

function runVpc(overrides: Partial<VpcTierArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const tier = new VpcTier("network", args(overrides), { provider });
        return { vpcId: tier.vpcId, privateSubnetIds: tier.privateSubnetIds };
    });
}

describe("VpcTier", () => {
    it("lays out public, private and isolated subnets in each zone from lib/cidr", async () => {
        const run = await runVpc();
        const vpc = one(run, "awsx:ec2:Vpc");
        expect(vpc.inputs.availabilityZoneNames).to.deep.equal(["us-east-1a", "us-east-1b", "us-east-1c"]);
        const layout = subnetLayout("10.40.0.0/16", 3);
        const specs = vpc.inputs.subnetSpecs as Array<{ type: string; cidrBlocks: string[] }>;
        expect(specs.map((s) => s.type)).to.deep.equal(["Public", "Private", "Isolated"]);
        expect(specs[0].cidrBlocks).to.deep.equal(layout.public);
        expect(specs[1].cidrBlocks).to.deep.equal(layout.private);
        expect(specs[2].cidrBlocks).to.deep.equal(layout.isolated);
        expect(run.outputs.privateSubnetIds).to.have.lengthOf(3);
    });

    it("puts a NAT gateway in every zone when asked, and one otherwise", async () => {
        expect(one(await runVpc(), "awsx:ec2:Vpc").inputs.natGateways).to.deep.equal({ strategy: "OnePerAz" });
        expect(one(await runVpc({ natGateways: "single" }), "awsx:ec2:Vpc").inputs.natGateways).to.deep.equal({ strategy: "Single" });
    });

    it("adds S3 and DynamoDB gateway endpoints wired to the route tables", async () => {
        const vpc = one(await runVpc(), "awsx:ec2:Vpc");
        expect(vpc.inputs.vpcEndpointStrategy).to.equal("Auto");
        expect(vpc.inputs.vpcEndpointSpecs).to.deep.equal([
            { serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" },
            { serviceName: "com.amazonaws.us-east-1.dynamodb", vpcEndpointType: "Gateway" },
        ]);
    });

    it("writes encrypted flow logs with the configured retention through a scoped role", async () => {
        const run = await runVpc({ flowLogRetentionDays: 365, flowLogTrafficType: "REJECT" });
        const group = one(run, "aws:cloudwatch/logGroup:LogGroup");
        expect(group.inputs).to.include({ retentionInDays: 365, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/logs" });
        const flowLog = one(run, "aws:ec2/flowLog:FlowLog");
        expect(flowLog.inputs).to.include({ trafficType: "REJECT", logDestinationType: "cloud-watch-logs", logDestination: group.state.arn });
        const role = one(run, "aws:iam/role:Role");
        const trust = policyOf(role, "assumeRolePolicy").Statement[0];
        expect(trust.Principal).to.deep.equal({ Service: "vpc-flow-logs.amazonaws.com" });
        // AWS documents both keys for this role: this account, and only its flow logs.
        expect(trust.Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
            ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${MOCK_ACCOUNT_ID}:vpc-flow-log/*` },
        });
        const write = policyOf(one(run, "aws:iam/rolePolicy:RolePolicy")).Statement[0];
        expect(write.Resource).to.deep.equal([group.state.arn, `${String(group.state.arn)}:*`]);
        expect(write.Action).to.not.include("logs:*");
    });

    it("strips every rule from the default security group", async () => {
        const sg = one(await runVpc(), "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        expect(sg.inputs.ingress).to.deep.equal([]);
        expect(sg.inputs.egress).to.deep.equal([]);
    });

    it("manages the VPC's own default network ACL on every subnet, SSH and RDP from the internet denied (EC2.21)", async () => {
        const run = await runVpc();
        const vpc = one(run, "awsx:ec2:Vpc");
        const acl = one(run, "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl");
        // This VPC's default ACL, looked up by the EC2 filter default=true (the mocks answer only that,
        // with an id made from the VPC id they were asked about).
        expect(acl.inputs.defaultNetworkAclId).to.equal(`acl-0${shortHash(`${String(vpc.state.vpcId)}-default-acl`, 16)}`);
        expect(acl.inputs.ingress).to.deep.equal(defaultNetworkAclRules("10.40.0.0/16").ingress);
        expect(acl.inputs.egress).to.deep.equal(defaultNetworkAclRules("10.40.0.0/16").egress);
        // Every subnet of all three tiers, or the provider would plan to remove the unlisted ones.
        const subnets = [vpc.state.publicSubnetIds, vpc.state.privateSubnetIds, vpc.state.isolatedSubnetIds].flat();
        expect(acl.inputs.subnetIds).to.have.members(subnets as string[]).and.have.lengthOf(9);
        expect(acl.inputs.tags).to.deep.equal({ Name: "startup-test-vpc-default-acl" });
        expect(ancestors(run, acl).map((a) => a.name)).to.include("network");
        // The VPC's CIDR is the one trusted entry: another CIDR gives another first rule.
        const other = one(await runVpc({ cidr: "10.50.0.0/16" }), "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl");
        expect((other.inputs.ingress as Array<{ cidrBlock: string }>)[0].cidrBlock).to.equal("10.50.0.0/16");
    });

    it("excludes each public subnet from VPC Block Public Access, both ways, and nothing else", async () => {
        const run = await runVpc();
        const vpc = one(run, "awsx:ec2:Vpc");
        const exclusions = all(run, "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion");
        expect(exclusions.map((e) => e.inputs.subnetId)).to.deep.equal(vpc.state.publicSubnetIds);
        for (const e of exclusions) {
            expect(e.inputs.internetGatewayExclusionMode, e.name).to.equal("allow-bidirectional");
            expect(e.inputs, e.name).to.not.have.property("vpcId");
        }
        expect(exclusions.map((e) => (e.inputs.tags as Record<string, string>).Name)).to.deep.equal([
            "startup-test-vpc-public-us-east-1a",
            "startup-test-vpc-public-us-east-1b",
            "startup-test-vpc-public-us-east-1c",
        ]);
    });

    it("creates no interface endpoint unless asked", async () => {
        const run = await runVpc();
        expect(some(run, "aws:ec2/vpcEndpoint:VpcEndpoint")).to.deep.equal([]);
        expect(run.resources.filter((r) => r.name === "network-endpoints-sg")).to.deep.equal([]);
    });

    it("puts asked-for interface endpoints in every private subnet with private DNS, behind HTTPS from the VPC only", async () => {
        const run = await runVpc({ interfaceEndpoints: ["ec2", "ecr.api"] });
        const vpc = one(run, "awsx:ec2:Vpc");
        const sg = one(run, "aws:ec2/securityGroup:SecurityGroup", "network-endpoints-sg");
        const endpoints = all(run, "aws:ec2/vpcEndpoint:VpcEndpoint");
        expect(endpoints.map((e) => [e.name, e.inputs.serviceName])).to.deep.equal([
            ["network-ec2-endpoint", "com.amazonaws.us-east-1.ec2"],
            ["network-ecr-api-endpoint", "com.amazonaws.us-east-1.ecr.api"],
        ]);
        for (const e of endpoints) {
            expect(e.inputs, e.name).to.deep.include({ vpcEndpointType: "Interface", privateDnsEnabled: true, subnetIds: vpc.state.privateSubnetIds, securityGroupIds: [sg.state.id] });
        }
        const ingress = all(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === sg.state.id);
        expect(ingress.map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort])).to.deep.equal([["10.40.0.0/16", 443, 443]]);
        expect(some(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.inputs.securityGroupId === sg.state.id)).to.deep.equal([]);
    });

    it("parents every resource under the component", async () => {
        const run = await runVpc();
        for (const r of run.resources.filter((x) => x.name.startsWith("network-"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:network:VpcTier");
        }
    });

    it("rejects bad settings in the words of the network section (stacks/config/network.ts), before registering anything", () => {
        // A field check: the key, the value given and what is expected, as for a stack file.
        expect(() => new VpcTier("bad", args({ cidr: "10.0.0.0/24", natGateways: "many" as "single" }))).to.throw(
            /^VpcTier bad: cidr: got "10\.0\.0\.0\/24"; expected a prefix between \/16 and \/22 .*; natGateways: got "many"; expected one of: "single", "onePerAz"$/,
        );
        // The section's own check of a list: each service once.
        expect(() => new VpcTier("bad", args({ interfaceEndpoints: ["ssm", "ec2", "ssm"] }))).to.throw('VpcTier bad: interfaceEndpoints: got ["ssm","ec2","ssm"]; ssm is listed twice');
    });
});
