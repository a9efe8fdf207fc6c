import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { subnetLayout } from "../lib/cidr";
import { InterfaceEndpointService, endpointRole, interfaceEndpointServiceName } from "../lib/endpoints";
import { defaultNetworkAclRules } from "../lib/networkAcl";
import { physicalName } from "../lib/naming";
import { flowLogsTrustPolicy, flowLogsWritePolicy } from "../lib/policy";
import { NetworkSettings, networkSchema } from "../stacks/config/network";
import { parseSettings } from "../stacks/config/rules";

/** What the stack wires into the network; its settings are the `network` section. */
export interface VpcTierWiring {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the VPC; names its gateway and interface endpoints. */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    /** AWS partition, for the flow-log role's source ARN. */
    readonly partition: pulumi.Input<string>;
    /** KMS key that encrypts the flow-log group. */
    readonly logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Keep the security log groups in AWS when the stack is destroyed: prod environments (the
     * stack keeps the key that encrypts them too). Not `protect`, which a teardown turns off
     * first. @default false
     */
    readonly keepSecurityLogs?: boolean;
}

/**
 * The `network` settings (stacks/config/network.ts: the CIDR, laid out per zone by `subnetLayout`,
 * the zones, NAT, flow logs and interface endpoints; docs/config.md documents each key) plus the
 * wiring.
 */
export type VpcTierArgs = z.input<typeof networkSchema> & VpcTierWiring;

/**
 * The network of one stack: an awsx VPC with public, private and isolated subnets in each zone
 * (laid out by `lib/cidr.ts`), NAT per config, free S3 and DynamoDB gateway endpoints, optional
 * interface endpoints, encrypted flow logs, a default security group with every rule removed and a
 * default network ACL that keeps SSH and RDP out from the internet (`lib/networkAcl.ts`, EC2.21).
 * The public subnets (load balancer, NAT gateways) are excluded from VPC Block Public Access, so a
 * region that blocks internet gateway traffic (`AccountGuardrails`) still serves this VPC; the
 * private and isolated subnets stay under the block.
 */
export class VpcTier extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly cidrBlock: string;
    public readonly availabilityZones: readonly string[];
    /** ALB subnets. */
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    /** Application subnets (egress through NAT). */
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Database subnets (no route to the internet). */
    public readonly isolatedSubnetIds: pulumi.Output<string[]>;
    public readonly flowLogGroupName: pulumi.Output<string>;
    public readonly defaultSecurityGroupId: pulumi.Output<string>;
    /** The public subnets' Block Public Access exclusions; region-wide blocking waits for them. */
    public readonly blockPublicAccessExclusions: aws.ec2.VpcBlockPublicAccessExclusion[];
    /** Interface endpoint ids by service. */
    public readonly interfaceEndpointIds: Readonly<Partial<Record<InterfaceEndpointService, pulumi.Output<string>>>>;

    constructor(name: string, args: VpcTierArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("VpcTier", name, networkSchema, args);
        super("startup:network:VpcTier", name, {}, opts);
        const vpcName = physicalName(args.namePrefix, "vpc");

        const vpc = this.vpc(name, args, s, vpcName);
        // Without rules, the default security group denies everything; nothing may rely on it.
        const defaultSg = new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId: vpc.vpcId, ingress: [], egress: [], tags: { Name: `${vpcName}-default-locked` } },
            { parent: this },
        );
        this.defaultNetworkAcl(name, s, vpc, vpcName);
        const logGroup = this.flowLogs(name, args, s, vpc, vpcName);

        // Block Public Access exclusions may exist while the region's mode is off (AWS: "You can
        // create BPA exclusions ... even when BPA is not enabled"), so they are always here first.
        this.blockPublicAccessExclusions = s.availabilityZones.map(
            (az, i) =>
                new aws.ec2.VpcBlockPublicAccessExclusion(
                    `${name}-public-${i}-bpa-exclusion`,
                    {
                        subnetId: vpc.publicSubnetIds.apply((ids) => ids[i]),
                        internetGatewayExclusionMode: "allow-bidirectional",
                        tags: { Name: `${vpcName}-public-${az}` },
                    },
                    { parent: this },
                ),
        );
        this.interfaceEndpointIds = this.interfaceEndpoints(name, args, s, vpc, vpcName);

        this.vpcId = vpc.vpcId;
        this.cidrBlock = s.cidr;
        this.availabilityZones = s.availabilityZones;
        this.publicSubnetIds = vpc.publicSubnetIds;
        this.privateSubnetIds = vpc.privateSubnetIds;
        this.isolatedSubnetIds = vpc.isolatedSubnetIds;
        this.flowLogGroupName = logGroup.name;
        this.defaultSecurityGroupId = defaultSg.id;
        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            isolatedSubnetIds: this.isolatedSubnetIds,
            flowLogGroupName: this.flowLogGroupName,
            defaultSecurityGroupId: this.defaultSecurityGroupId,
        });
    }

    /** The awsx VPC: three subnet tiers per zone, NAT, and the free S3 and DynamoDB gateway endpoints. */
    private vpc(name: string, args: VpcTierArgs, s: NetworkSettings, vpcName: string): awsx.ec2.Vpc {
        const layout = subnetLayout(s.cidr, s.availabilityZones.length);
        return new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: s.cidr,
                availabilityZoneNames: [...s.availabilityZones],
                enableDnsHostnames: true,
                enableDnsSupport: true,
                subnetStrategy: "Auto",
                subnetNameTagStrategy: "AvailabilityZone",
                subnetSpecs: [
                    { type: "Public", name: "public", cidrBlocks: layout.public },
                    { type: "Private", name: "private", cidrBlocks: layout.private },
                    { type: "Isolated", name: "isolated", cidrBlocks: layout.isolated },
                ],
                natGateways: { strategy: s.natGateways === "onePerAz" ? "OnePerAz" : "Single" },
                // Gateway endpoints are free and keep S3 and DynamoDB traffic off the NAT gateways;
                // "Auto" attaches them to every route table the VPC creates.
                vpcEndpointStrategy: "Auto",
                vpcEndpointSpecs: [
                    { serviceName: `com.amazonaws.${args.region}.s3`, vpcEndpointType: "Gateway" },
                    { serviceName: `com.amazonaws.${args.region}.dynamodb`, vpcEndpointType: "Gateway" },
                ],
                tags: { Name: vpcName },
            },
            { parent: this },
        );
    }

    /**
     * The VPC's default network ACL, which every subnet uses (awsx creates no other ACL): the
     * provider adopts it, removes AWS's allow-all entries and sets `defaultNetworkAclRules`. Its
     * id is looked up by the EC2 filter `default=true` in the VPC: awsx's own `vpc` output is a
     * resource reference that the SDK turns back into a resource only when the aws package versions
     * match. All subnets are listed, or the provider would plan to remove the ones it finds
     * associated on every update.
     */
    private defaultNetworkAcl(name: string, s: NetworkSettings, vpc: awsx.ec2.Vpc, vpcName: string): aws.ec2.DefaultNetworkAcl {
        const rules = defaultNetworkAclRules(s.cidr);
        return new aws.ec2.DefaultNetworkAcl(
            `${name}-default-acl`,
            {
                defaultNetworkAclId: aws.ec2
                    .getNetworkAclsOutput({ vpcId: vpc.vpcId, filters: [{ name: "default", values: ["true"] }] }, { parent: this })
                    .apply(({ ids }) => {
                        if (ids.length !== 1) throw new Error(`VpcTier ${name}: expected the VPC's one default network ACL, found ${ids.length}`);
                        return ids[0];
                    }),
                ingress: rules.ingress,
                egress: rules.egress,
                subnetIds: pulumi.all([vpc.publicSubnetIds, vpc.privateSubnetIds, vpc.isolatedSubnetIds]).apply((tiers) => tiers.flat()),
                tags: { Name: `${vpcName}-default-acl` },
            },
            { parent: this },
        );
    }

    /** The encrypted flow-log group, the role VPC Flow Logs writes with, and the flow log. */
    private flowLogs(name: string, args: VpcTierArgs, s: NetworkSettings, vpc: awsx.ec2.Vpc, vpcName: string): aws.cloudwatch.LogGroup {
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            {
                name: `/${args.namePrefix}/vpc/flow-logs`,
                retentionInDays: s.flowLogRetentionDays,
                kmsKeyId: args.logsKmsKeyArn,
            },
            { parent: this, retainOnDelete: args.keepSecurityLogs === true },
        );
        const role = new aws.iam.Role(
            `${name}-flow-logs-role`,
            {
                name: physicalName(args.namePrefix, "vpc-flow-logs"),
                assumeRolePolicy: pulumi
                    .all([args.partition, args.accountId])
                    .apply(([partition, accountId]) => JSON.stringify(flowLogsTrustPolicy(partition, args.region, accountId))),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs-write`,
            { role: role.id, policy: logGroup.arn.apply((arn) => JSON.stringify(flowLogsWritePolicy(arn))) },
            { parent: this },
        );
        new aws.ec2.FlowLog(
            `${name}-flow-log`,
            {
                vpcId: vpc.vpcId,
                trafficType: s.flowLogTrafficType,
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 60,
                tags: { Name: `${vpcName}-flow-log` },
            },
            { parent: this },
        );
        return logGroup;
    }

    /** The asked-for interface endpoints, in the private subnets behind HTTPS from the VPC; their ids by service. */
    private interfaceEndpoints(
        name: string,
        args: VpcTierArgs,
        s: NetworkSettings,
        vpc: awsx.ec2.Vpc,
        vpcName: string,
    ): Partial<Record<InterfaceEndpointService, pulumi.Output<string>>> {
        const endpointIds: Partial<Record<InterfaceEndpointService, pulumi.Output<string>>> = {};
        if (s.interfaceEndpoints.length === 0) return endpointIds;
        const endpointSg = new aws.ec2.SecurityGroup(
            `${name}-endpoints-sg`,
            { name: `${vpcName}-endpoints`, description: "Interface endpoints: HTTPS from the VPC", vpcId: vpc.vpcId, tags: { Name: `${vpcName}-endpoints` } },
            { parent: this },
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-endpoints-https`,
            { securityGroupId: endpointSg.id, cidrIpv4: s.cidr, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "HTTPS from the VPC" },
            { parent: this },
        );
        for (const service of s.interfaceEndpoints) {
            const endpoint = new aws.ec2.VpcEndpoint(
                `${name}-${endpointRole(service)}-endpoint`,
                {
                    vpcId: vpc.vpcId,
                    serviceName: interfaceEndpointServiceName(args.region, service),
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: vpc.privateSubnetIds,
                    securityGroupIds: [endpointSg.id],
                    tags: { Name: `${vpcName}-${endpointRole(service)}` },
                },
                { parent: this },
            );
            endpointIds[service] = endpoint.id;
        }
        return endpointIds;
    }
}
