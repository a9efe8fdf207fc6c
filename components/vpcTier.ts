import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { subnetLayout } from "../lib/cidr";
import { InterfaceEndpointService, endpointRole, interfaceEndpointProblems, interfaceEndpointServiceName } from "../lib/endpoints";
import { physicalName } from "../lib/naming";
import { flowLogsTrustPolicy, flowLogsWritePolicy } from "../lib/policy";

export type NatGatewayMode = "single" | "onePerAz";

export interface VpcTierArgs {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the VPC; names its gateway endpoints. */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    /** AWS partition, for the flow-log role's source ARN. */
    readonly partition: pulumi.Input<string>;
    /** IPv4 CIDR of the VPC, /16 to /22. */
    readonly cidrBlock: string;
    /** Availability-zone names, in order; subnets are laid out per zone by `subnetLayout`. */
    readonly availabilityZones: readonly string[];
    /** One NAT gateway shared by all zones, or one per zone. */
    readonly natGateways: NatGatewayMode;
    /** KMS key that encrypts the flow-log group. */
    readonly logsKmsKeyArn: pulumi.Input<string>;
    /** Days flow logs are kept. */
    readonly flowLogRetentionDays: number;
    /** Which traffic the flow log records. @default "ALL" */
    readonly flowLogTrafficType?: "ALL" | "ACCEPT" | "REJECT";
    /**
     * AWS services to reach through interface endpoints (private DNS on, one network interface per
     * zone in the private subnets, HTTPS from the VPC only). Billed per zone and hour. @default []
     */
    readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
}

export const VPC_TIER_DEFAULTS = { flowLogTrafficType: "ALL" } as const;

/**
 * The network of one stack: an awsx VPC with public, private and isolated subnets in each zone
 * (laid out by `lib/cidr.ts`), NAT per config, free S3 and DynamoDB gateway endpoints, optional
 * interface endpoints, encrypted flow logs and a default security group with every rule removed.
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
        // Validate before registering anything: a bad layout throws with what to change.
        const layout = subnetLayout(args.cidrBlock, args.availabilityZones.length);
        const endpointProblems = interfaceEndpointProblems(args.interfaceEndpoints ?? []);
        if (endpointProblems.length > 0) throw new Error(`VpcTier ${name}: interfaceEndpoints: ${endpointProblems.join("; ")}`);
        super("startup:network:VpcTier", name, {}, opts);
        const vpcName = physicalName(args.namePrefix, "vpc");

        const vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidrBlock,
                availabilityZoneNames: [...args.availabilityZones],
                enableDnsHostnames: true,
                enableDnsSupport: true,
                subnetStrategy: "Auto",
                subnetNameTagStrategy: "AvailabilityZone",
                subnetSpecs: [
                    { type: "Public", name: "public", cidrBlocks: layout.public },
                    { type: "Private", name: "private", cidrBlocks: layout.private },
                    { type: "Isolated", name: "isolated", cidrBlocks: layout.isolated },
                ],
                natGateways: { strategy: args.natGateways === "onePerAz" ? "OnePerAz" : "Single" },
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

        // Without rules, the default security group denies everything; nothing may rely on it.
        const defaultSg = new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId: vpc.vpcId, ingress: [], egress: [], tags: { Name: `${vpcName}-default-locked` } },
            { parent: this },
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            {
                name: `/${args.namePrefix}/vpc/flow-logs`,
                retentionInDays: args.flowLogRetentionDays,
                kmsKeyId: args.logsKmsKeyArn,
            },
            { parent: this },
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
                trafficType: args.flowLogTrafficType ?? VPC_TIER_DEFAULTS.flowLogTrafficType,
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 60,
                tags: { Name: `${vpcName}-flow-log` },
            },
            { parent: this },
        );

        // Block Public Access exclusions may exist while the region's mode is off (AWS: "You can
        // create BPA exclusions ... even when BPA is not enabled"), so they are always here first.
        this.blockPublicAccessExclusions = args.availabilityZones.map(
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

        const endpointIds: Partial<Record<InterfaceEndpointService, pulumi.Output<string>>> = {};
        const services = args.interfaceEndpoints ?? [];
        if (services.length > 0) {
            const endpointSg = new aws.ec2.SecurityGroup(
                `${name}-endpoints-sg`,
                { name: `${vpcName}-endpoints`, description: "Interface endpoints: HTTPS from the VPC", vpcId: vpc.vpcId, tags: { Name: `${vpcName}-endpoints` } },
                { parent: this },
            );
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-endpoints-https`,
                { securityGroupId: endpointSg.id, cidrIpv4: args.cidrBlock, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "HTTPS from the VPC" },
                { parent: this },
            );
            for (const service of services) {
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
        }
        this.interfaceEndpointIds = endpointIds;

        this.vpcId = vpc.vpcId;
        this.cidrBlock = args.cidrBlock;
        this.availabilityZones = args.availabilityZones;
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
}
