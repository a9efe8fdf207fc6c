import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { subnetLayout } from "../../lib/cidr";
import { shortHash } from "../../lib/naming";

/**
 * Pulumi runtime mocks shared by the offline plan and the tests. `newResource` returns realistic
 * ids, ARNs and the computed outputs other resources read (endpoints, DNS names); `call` answers
 * only the data-source tokens listed in CALLS and throws on anything else, so a new lookup is
 * never silently answered with nothing.
 */

export const MOCK_ACCOUNT_ID = "123456789012";

export interface MockContext {
    readonly region: string;
    readonly accountId: string;
    /**
     * The Region whose IAM Identity Center instance the organization enabled (its home Region);
     * `getInstances` finds it there and nowhere else, as AWS does. @default "us-east-1"
     */
    readonly identityCenterRegion?: string;
    /** Outputs of the stacks a StackReference may read, by fully qualified stack name. */
    readonly stackOutputs: Record<string, Record<string, unknown>>;
    /** Tags every ECR repository holds (`aws.ecr.getImages`). @default [] - no image pushed yet */
    readonly imageTags?: readonly string[];
    /** Which of those outputs the referenced stack marks secret, by stack name. @default none */
    readonly stackSecretOutputs?: Record<string, readonly string[]>;
}

type StateFn = (args: pulumi.runtime.MockResourceArgs, ctx: MockContext, id: string) => Record<string, unknown>;
type CallFn = (inputs: Record<string, unknown>, ctx: MockContext) => Record<string, unknown>;

/** Region of a resource: the mocks see provider references as `urn::id`; the id is unused here. */
function regionOf(args: pulumi.runtime.MockResourceArgs, ctx: MockContext): string {
    return typeof args.inputs.region === "string" ? args.inputs.region : ctx.region;
}

/** `aws:ec2/securityGroup:SecurityGroup` -> { service: "ec2", kind: "security-group" }. */
function splitType(type: string): { pkg: string; service: string; kind: string } {
    const [pkg, module = "", kindName = ""] = type.split(":");
    const service = module.split("/")[0];
    const kind = kindName.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    return { pkg, service, kind };
}

/** Ids shaped like the real ones for the types whose id format others parse or display. */
const ID_PREFIX: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
    "aws:ec2/launchTemplate:LaunchTemplate": "lt",
    "aws:cloudfront/distribution:Distribution": "E",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:kms/key:Key": "mrk",
};

/** Resources whose id is one the program chose or passed in: RDS identifiers, the adopted default ACL. */
const ID_FROM_INPUT: Record<string, string> = {
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": "defaultNetworkAclId",
    "aws:rds/cluster:Cluster": "clusterIdentifier",
    "aws:rds/clusterInstance:ClusterInstance": "identifier",
    "aws:rds/globalCluster:GlobalCluster": "globalClusterIdentifier",
};

/** A stable lower-case hex string derived from `text`, for ids shaped like UUIDs. */
function hexOf(text: string, length: number): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Ids with a shape of their own that the program passes on (Cognito pools and clients). */
const SHAPED_ID: Record<string, (args: pulumi.runtime.MockResourceArgs, region: string) => string> = {
    // us-east-1_AbC123xyz
    "aws:cognito/userPool:UserPool": (args, region) => `${region}_${shortHash(args.name, 9)}`,
    // us-east-1:0f1e2d3c-...; the identity id format of the same pool is alike.
    "aws:cognito/identityPool:IdentityPool": (args, region) => {
        const h = hexOf(args.name, 32);
        return `${region}:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
    // 26 lower-case letters and digits
    "aws:cognito/userPoolClient:UserPoolClient": (args) => `${shortHash(args.name, 9)}${shortHash(`${args.name}#`, 9)}${shortHash(`${args.name}##`, 8)}`,
};

export function mockId(args: pulumi.runtime.MockResourceArgs, region = "us-east-1"): string {
    const idInput = ID_FROM_INPUT[args.type];
    if (idInput !== undefined && typeof args.inputs[idInput] === "string") return args.inputs[idInput] as string;
    const shaped = SHAPED_ID[args.type];
    if (shaped) return shaped(args, region);
    const prefix = ID_PREFIX[args.type];
    const hash = shortHash(`${args.type}::${args.name}`, 8) + shortHash(args.name, 9);
    if (prefix === "mrk") return `${args.inputs.multiRegion ? "mrk-" : ""}${hash}${hash}`.slice(0, 36);
    if (prefix === "E") return `E${hash.toUpperCase()}`.slice(0, 14);
    if (prefix) return `${prefix}-0${hash}`.slice(0, prefix.length + 18);
    if (args.type === "aws:s3/bucket:Bucket" && typeof args.inputs.bucket === "string") return args.inputs.bucket;
    if (typeof args.inputs.name === "string" && args.inputs.name.length > 0) return args.inputs.name;
    return `${args.name}-id`;
}

export function mockArn(args: pulumi.runtime.MockResourceArgs, ctx: MockContext, id: string): string {
    const { service, kind } = splitType(args.type);
    const region = regionOf(args, ctx);
    const name = typeof args.inputs.name === "string" ? args.inputs.name : id;
    switch (service) {
        case "s3":
            return `arn:aws:s3:::${typeof args.inputs.bucket === "string" ? args.inputs.bucket : name}`;
        case "iam":
            return `arn:aws:iam::${ctx.accountId}:${kind.replace(/-policy$/, "") === "role" ? "role" : kind}/${name}`;
        case "cloudwatch":
            return kind === "log-group"
                ? `arn:aws:logs:${region}:${ctx.accountId}:log-group:${name}`
                : `arn:aws:cloudwatch:${region}:${ctx.accountId}:${kind}:${name}`;
        case "kms":
            return kind === "alias"
                ? `arn:aws:kms:${region}:${ctx.accountId}:${name}`
                : `arn:aws:kms:${region}:${ctx.accountId}:key/${id}`;
        default:
            return `arn:aws:${service}:${region}:${ctx.accountId}:${kind}/${id}`;
    }
}

/** Role names IAM gives service-linked roles, by service principal. */
const SERVICE_LINKED_ROLE_NAMES: Record<string, string> = { "config.amazonaws.com": "AWSServiceRoleForConfig" };

/** Outputs that AWS computes and the program reads, per resource type. */
export const EXTRA_STATE: Record<string, StateFn> = {
    // awsx's VPC is a remote component: its subnets, NAT gateways and route tables are created by
    // the awsx plugin, which the mocks stand in for. The ids follow the layout the program asked for.
    "awsx:ec2:Vpc": (args) => {
        const azs = (args.inputs.availabilityZoneNames as string[] | undefined) ?? [];
        const layout = subnetLayout(args.inputs.cidrBlock as string, Math.max(azs.length, 1));
        const ids = (tier: string) => azs.map((az, i) => `subnet-${tier}${shortHash(`${args.name}-${tier}-${az}`, 8)}${i}`);
        return {
            vpcId: `vpc-0${shortHash(args.name, 16)}`,
            publicSubnetIds: ids("pub"),
            privateSubnetIds: ids("prv"),
            isolatedSubnetIds: ids("iso"),
            subnetLayout: [
                ...layout.public.map((cidrBlock) => ({ type: "Public", cidrBlock })),
                ...layout.private.map((cidrBlock) => ({ type: "Private", cidrBlock })),
                ...layout.isolated.map((cidrBlock) => ({ type: "Isolated", cidrBlock })),
            ],
        };
    },
    "aws:kms/key:Key": (_args, _ctx, id) => ({ keyId: id }),
    // AROA and 17 characters; a role replaced under the same name gets a new one.
    "aws:iam/role:Role": (args) => ({ uniqueId: `AROA${hexOf(`role::${args.name}`, 17).toUpperCase()}` }),
    // IAM names a service-linked role after its service and puts it under aws-service-role/.
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": (args, ctx) => {
        const service = String(args.inputs.awsServiceName);
        const name = SERVICE_LINKED_ROLE_NAMES[service] ?? `AWSServiceRoleFor${service.split(".")[0]}`;
        return { name, path: `/aws-service-role/${service}/`, arn: `arn:aws:iam::${ctx.accountId}:role/aws-service-role/${service}/${name}` };
    },
    // A global table's replica has the table's name and ARN, in its own region.
    "aws:dynamodb/tableReplica:TableReplica": (args, ctx) => ({
        arn: String(args.inputs.globalTableArn).replace(/^(arn:[^:]+:dynamodb:)[^:]+:/, `$1${regionOf(args, ctx)}:`),
    }),
    // A multi-Region replica shares its primary's key id; only the region in the ARN differs.
    "aws:kms/replicaKey:ReplicaKey": (args, ctx) => {
        const primary = String(args.inputs.primaryKeyArn).split(":");
        const keyId = primary[5]?.replace(/^key\//, "") ?? `mrk-${shortHash(args.name, 32)}`;
        return { keyId, arn: `arn:aws:kms:${regionOf(args, ctx)}:${ctx.accountId}:key/${keyId}`, keyRotationEnabled: true };
    },
    "aws:s3/bucket:Bucket": (args, ctx, id) => ({
        bucket: id,
        bucketDomainName: `${id}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${id}.s3.${regionOf(args, ctx)}.amazonaws.com`,
        region: regionOf(args, ctx),
    }),
    "aws:cloudwatch/logGroup:LogGroup": (args) => ({ name: args.inputs.name ?? `${args.name}-log-group` }),
    // EventBridge rules are under the cloudwatch module but have events ARNs: arn:aws:events:<region>:<account>:rule/<name>.
    "aws:cloudwatch/eventRule:EventRule": (args, ctx, id) => ({
        arn: `arn:aws:events:${regionOf(args, ctx)}:${ctx.accountId}:rule/${typeof args.inputs.name === "string" ? args.inputs.name : id}`,
    }),
    // The dashboard's alarm widget lists alarms by ARN: arn:aws:cloudwatch:<region>:<account>:alarm:<name>.
    "aws:cloudwatch/metricAlarm:MetricAlarm": (args, ctx, id) => ({
        arn: `arn:aws:cloudwatch:${regionOf(args, ctx)}:${ctx.accountId}:alarm:${typeof args.inputs.name === "string" ? args.inputs.name : id}`,
    }),
    // RDS ARNs use `:` before the identifier; endpoints carry a per-account-and-region hash.
    "aws:rds/cluster:Cluster": (args, ctx, id) => {
        const region = regionOf(args, ctx);
        const host = `${id}.cluster-c0ffee0mock.${region}.rds.amazonaws.com`;
        return {
            clusterIdentifier: id,
            arn: `arn:aws:rds:${region}:${ctx.accountId}:cluster:${id}`,
            endpoint: host,
            readerEndpoint: host.replace(".cluster-", ".cluster-ro-"),
            port: args.inputs.port ?? 3306,
            engineVersionActual: args.inputs.engineVersion,
            clusterResourceId: `cluster-${shortHash(id, 26).toUpperCase()}`,
            // RDS creates the secret only when it manages the master password.
            masterUserSecrets:
                args.inputs.manageMasterUserPassword === true
                    ? [
                          {
                              secretArn: `arn:aws:secretsmanager:${region}:${ctx.accountId}:secret:rds!cluster-${shortHash(id, 8)}-0000-4000-8000-${shortHash(`${id}-secret`, 12)}-Ab12Cd`,
                              kmsKeyId: args.inputs.masterUserSecretKmsKeyId,
                              secretStatus: "active",
                          },
                      ]
                    : [],
        };
    },
    "aws:rds/clusterInstance:ClusterInstance": (args, ctx, id) => ({
        arn: `arn:aws:rds:${regionOf(args, ctx)}:${ctx.accountId}:db:${id}`,
        endpoint: `${id}.c0ffee0mock.${regionOf(args, ctx)}.rds.amazonaws.com`,
        writer: false,
    }),
    "aws:rds/globalCluster:GlobalCluster": (args, ctx, id) => ({
        arn: `arn:aws:rds::${ctx.accountId}:global-cluster:${id}`,
        endpoint: `${id}.global-${shortHash(id, 10)}.global.rds.amazonaws.com`,
        globalClusterResourceId: `cluster-${shortHash(id, 26).toUpperCase()}`,
        engineVersionActual: args.inputs.engineVersion,
    }),
    "aws:rds/proxy:Proxy": (args, ctx) => ({
        arn: `arn:aws:rds:${regionOf(args, ctx)}:${ctx.accountId}:db-proxy:prx-0${shortHash(args.name, 16)}`,
        endpoint: `${args.inputs.name}.proxy-c0ffee0mock.${regionOf(args, ctx)}.rds.amazonaws.com`,
    }),
    "aws:rds/proxyEndpoint:ProxyEndpoint": (args, ctx) => ({
        arn: `arn:aws:rds:${regionOf(args, ctx)}:${ctx.accountId}:db-proxy-endpoint:prx-endpoint-0${shortHash(args.name, 16)}`,
        endpoint: `${args.inputs.dbProxyEndpointName}.endpoint.proxy-c0ffee0mock.${regionOf(args, ctx)}.rds.amazonaws.com`,
        isDefault: false,
    }),
    "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": () => ({ name: "default" }),
    // A Serverless Application Repository stack exposes its template's outputs; AWS's rotation
    // applications output the function's ARN.
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": (args, ctx) => {
        const fn = String((args.inputs.parameters as Record<string, unknown> | undefined)?.functionName ?? args.name);
        return { outputs: { RotationLambdaARN: `arn:aws:lambda:${regionOf(args, ctx)}:${ctx.accountId}:function:${fn}` } };
    },
    "aws:secretsmanager/secret:Secret": (args, ctx, id) => ({
        arn: `arn:aws:secretsmanager:${regionOf(args, ctx)}:${ctx.accountId}:secret:${id}-Ab12Cd`,
    }),
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (args, ctx, id) => {
        const name = typeof args.inputs.name === "string" ? args.inputs.name : id;
        return { name, arn: `arn:aws:firehose:${regionOf(args, ctx)}:${ctx.accountId}:deliverystream/${name}` };
    },
    "aws:glue/catalogDatabase:CatalogDatabase": (args, ctx, id) => {
        const name = typeof args.inputs.name === "string" ? args.inputs.name : id;
        return { name, catalogId: ctx.accountId, arn: `arn:aws:glue:${regionOf(args, ctx)}:${ctx.accountId}:database/${name}` };
    },
    "aws:glue/catalogTable:CatalogTable": (args, ctx, id) => {
        const name = typeof args.inputs.name === "string" ? args.inputs.name : id;
        const database = String(args.inputs.databaseName);
        return {
            name,
            catalogId: ctx.accountId,
            arn: `arn:aws:glue:${regionOf(args, ctx)}:${ctx.accountId}:table/${database}/${name}`,
        };
    },
    "aws:athena/workgroup:Workgroup": (args, ctx, id) => {
        const name = typeof args.inputs.name === "string" ? args.inputs.name : id;
        return { name, arn: `arn:aws:athena:${regionOf(args, ctx)}:${ctx.accountId}:workgroup/${name}` };
    },
    "aws:quicksight/dataSource:DataSource": (args, ctx) => ({
        arn: `arn:aws:quicksight:${regionOf(args, ctx)}:${ctx.accountId}:datasource/${String(args.inputs.dataSourceId)}`,
    }),
    // Application tier. ELB ARNs end in the suffix CloudWatch metrics use: app/<name>/<id>.
    "aws:lb/loadBalancer:LoadBalancer": (args, ctx) => {
        const name = String(args.inputs.name ?? args.name);
        const suffix = `app/${name}/${shortHash(args.name, 16)}`;
        const region = regionOf(args, ctx);
        return {
            arn: `arn:aws:elasticloadbalancing:${region}:${ctx.accountId}:loadbalancer/${suffix}`,
            arnSuffix: suffix,
            dnsName: `${name}-${shortHash(args.name, 9)}.${region}.elb.amazonaws.com`,
            // The Route 53 zone of ALBs in us-east-1; real stacks read it from the load balancer.
            zoneId: "Z35SXDOTRQ7X7K",
        };
    },
    "aws:lb/targetGroup:TargetGroup": (args, ctx) => {
        const name = String(args.inputs.name ?? args.name);
        const suffix = `targetgroup/${name}/${shortHash(args.name, 16)}`;
        return { arn: `arn:aws:elasticloadbalancing:${regionOf(args, ctx)}:${ctx.accountId}:${suffix}`, arnSuffix: suffix, name };
    },
    "aws:lb/listener:Listener": (args, ctx, id) => ({
        arn: `arn:aws:elasticloadbalancing:${regionOf(args, ctx)}:${ctx.accountId}:listener/app/${shortHash(String(args.inputs.loadBalancerArn), 12)}/${id}`,
    }),
    "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1, defaultVersion: 1 }),
    "aws:ecr/repository:Repository": (args, ctx) => {
        const name = String(args.inputs.name);
        const region = regionOf(args, ctx);
        return {
            arn: `arn:aws:ecr:${region}:${ctx.accountId}:repository/${name}`,
            registryId: ctx.accountId,
            repositoryUrl: `${ctx.accountId}.dkr.ecr.${region}.amazonaws.com/${name}`,
        };
    },
    // Web ACLs of scope CLOUDFRONT live in us-east-1 and say `global` in their ARN.
    "aws:wafv2/webAcl:WebAcl": (args, ctx) => ({
        arn: `arn:aws:wafv2:${regionOf(args, ctx)}:${ctx.accountId}:${args.inputs.scope === "CLOUDFRONT" ? "global" : "regional"}/webacl/${String(args.inputs.name)}/${shortHash(args.name, 12)}`,
    }),
    // CloudFront is global: its ARNs have no region.
    "aws:cloudfront/distribution:Distribution": (args, ctx, id) => ({
        arn: `arn:aws:cloudfront::${ctx.accountId}:distribution/${id}`,
        domainName: `d${shortHash(args.name, 13)}.cloudfront.net`,
        hostedZoneId: "Z2FDTNDATAQYW2",
    }),
    "aws:acm/certificate:Certificate": (args, ctx) => {
        const domain = String(args.inputs.domainName);
        return {
            arn: `arn:aws:acm:${regionOf(args, ctx)}:${ctx.accountId}:certificate/${shortHash(domain, 8)}-0000-4000-8000-${shortHash(args.name, 12)}`,
            domainValidationOptions: [
                {
                    domainName: domain,
                    resourceRecordName: `_${shortHash(`${domain}-name`, 16)}.${domain}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: `_${shortHash(`${domain}-value`, 16)}.mhbtsbpdnt.acm-validations.aws.`,
                },
            ],
        };
    },
    "aws:route53/record:Record": (args) => ({ fqdn: String(args.inputs.name).replace(/\.$/, "") }),
    "aws:acm/certificateValidation:CertificateValidation": (args) => ({ certificateArn: args.inputs.certificateArn }),
    "aws:cognito/userPool:UserPool": (args, ctx, id) => ({
        arn: `arn:aws:cognito-idp:${regionOf(args, ctx)}:${ctx.accountId}:userpool/${id}`,
        endpoint: `cognito-idp.${regionOf(args, ctx)}.amazonaws.com/${id}`,
    }),
    "aws:cognito/identityPool:IdentityPool": (args, ctx, id) => ({
        arn: `arn:aws:cognito-identity:${regionOf(args, ctx)}:${ctx.accountId}:identitypool/${id}`,
    }),
    "aws:cognito/userPoolDomain:UserPoolDomain": (args) => ({
        cloudfrontDistribution: `d${shortHash(String(args.inputs.domain), 12)}.cloudfront.net`,
        cloudfrontDistributionZoneId: "Z2FDTNDATAQYW2",
    }),
    "aws:dynamodb/table:Table": (args, ctx, id) => {
        const arn = `arn:aws:dynamodb:${regionOf(args, ctx)}:${ctx.accountId}:table/${id}`;
        return { arn, streamArn: `${arn}/stream/2026-01-01T00:00:00.000`, streamLabel: "2026-01-01T00:00:00.000" };
    },
    "aws:sns/topic:Topic": (args, ctx, id) => ({ arn: `arn:aws:sns:${regionOf(args, ctx)}:${ctx.accountId}:${id}` }),
    "aws:sns/platformApplication:PlatformApplication": (args, ctx, id) => ({
        arn: `arn:aws:sns:${regionOf(args, ctx)}:${ctx.accountId}:app/${String(args.inputs.platform)}/${id}`,
    }),
    "aws:sqs/queue:Queue": (args, ctx, id) => ({
        arn: `arn:aws:sqs:${regionOf(args, ctx)}:${ctx.accountId}:${id}`,
        url: `https://sqs.${regionOf(args, ctx)}.amazonaws.com/${ctx.accountId}/${id}`,
    }),
    // Identity Center ARNs are global and name the instance: permissionSet/ssoins-.../ps-<16 hex>.
    "aws:ssoadmin/permissionSet:PermissionSet": (args) => {
        const instance = String(args.inputs.instanceArn).split("/").pop();
        return { arn: `arn:aws:sso:::permissionSet/${instance}/ps-${hexOf(`ps-${args.name}`, 16)}`, createdDate: "2026-01-01T00:00:00Z" };
    },
    "pulumi:pulumi:StackReference": (args, ctx) => {
        const name = String(args.inputs.name);
        const outputs = ctx.stackOutputs[name];
        if (outputs === undefined) {
            throw new Error(`no outputs mocked for stack reference ${name}; known: ${Object.keys(ctx.stackOutputs).join(", ") || "none"}`);
        }
        return { name, outputs, secretOutputNames: [...(ctx.stackSecretOutputs?.[name] ?? [])] };
    },
};

/** The only data-source calls the program may make; any other token throws. */
export const CALLS: Record<string, CallFn> = {
    "aws:index/getCallerIdentity:getCallerIdentity": (_inputs, ctx) => ({
        accountId: ctx.accountId,
        arn: `arn:aws:iam::${ctx.accountId}:user/offline-plan`,
        userId: "AIDAOFFLINEPLAN",
        id: ctx.accountId,
    }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
    // A fixed stand-in; the real call asks Secrets Manager for a fresh random string.
    "aws:secretsmanager/getRandomPassword:getRandomPassword": (inputs) => ({
        randomPassword: "OfflinePlaceholderPassword0123456789abcd".slice(0, Number(inputs.passwordLength ?? 32)),
        id: "offline-random-password",
    }),
    // The public SSM parameters that name the latest Amazon Linux 2023 AMIs.
    "aws:ssm/getParameter:getParameter": (inputs, ctx) => {
        const name = String(inputs.name);
        if (!name.startsWith("/aws/service/ami-amazon-linux-latest/al2023-ami-")) {
            throw new Error(`no mocked value for SSM parameter ${name}`);
        }
        const value = name.endsWith("arm64") ? "ami-0a1b2c3d4e5f60718" : "ami-0f9e8d7c6b5a40312";
        return {
            arn: `arn:aws:ssm:${ctx.region}::parameter${name}`,
            id: name,
            name,
            type: "String",
            value,
            insecureValue: value,
            version: 97,
            withDecryption: true,
        };
    },
    // What the stack's repository holds: one image per tag, with a digest derived from the tag.
    "aws:ecr/getImages:getImages": (inputs, ctx) => ({
        repositoryName: inputs.repositoryName,
        registryId: ctx.accountId,
        region: ctx.region,
        imageIds: (ctx.imageTags ?? []).map((imageTag) => ({ imageTag, imageDigest: `sha256:${hexOf(`image::${imageTag}`, 64)}` })),
        id: String(inputs.repositoryName),
    }),
    // The organization's Identity Center instance exists in its home Region only.
    "aws:ssoadmin/getInstances:getInstances": (inputs, ctx) => {
        const region = (inputs.region as string | undefined) ?? ctx.region;
        const home = region === (ctx.identityCenterRegion ?? "us-east-1");
        return {
            arns: home ? [`arn:aws:sso:::instance/ssoins-${hexOf(`instance-${ctx.accountId}`, 16)}`] : [],
            identityStoreIds: home ? [`d-${hexOf(`store-${ctx.accountId}`, 10)}`] : [],
            id: region,
            region,
        };
    },
    // The network ACLs of a VPC; with the filter default=true, the one AWS made with the VPC.
    "aws:ec2/getNetworkAcls:getNetworkAcls": (inputs) => {
        const vpcId = String(inputs.vpcId);
        const filters = (inputs.filters as Array<{ name: string; values: string[] }> | undefined) ?? [];
        if (!filters.some((f) => f.name === "default" && f.values.includes("true"))) {
            throw new Error(`getNetworkAcls is mocked only for a VPC's default ACL (filter default=true), got ${JSON.stringify(filters)}`);
        }
        return { id: vpcId, vpcId, ids: [`acl-0${shortHash(`${vpcId}-default-acl`, 16)}`], filters };
    },
    "aws:index/getRegion:getRegion": (inputs, ctx) => ({
        name: (inputs.region as string | undefined) ?? ctx.region,
        region: (inputs.region as string | undefined) ?? ctx.region,
        id: ctx.region,
    }),
};

/** The provider's resource name in a provider reference (`<urn>::<id>`), for AWS providers. */
function awsProviderName(reference: string | undefined): string | undefined {
    if (reference === undefined) return undefined;
    const parts = reference.split("::");
    return parts.length >= 3 && parts[parts.length - 3].endsWith("pulumi:providers:aws") ? parts[parts.length - 2] : undefined;
}

/**
 * The account a provider acts in: the one it is pinned to (`allowedAccountIds`), else its role's;
 * undefined when it uses the ambient credentials. Structured provider inputs may arrive as JSON.
 */
export function providerAccount(inputs: Record<string, unknown>): string | undefined {
    const parse = (value: unknown): unknown => {
        if (typeof value !== "string") return value;
        try {
            return JSON.parse(value) as unknown;
        } catch {
            return value;
        }
    };
    const allowed = parse(inputs.allowedAccountIds);
    if (Array.isArray(allowed) && typeof allowed[0] === "string") return allowed[0];
    const roles = parse(inputs.assumeRoles);
    const roleArn = Array.isArray(roles) ? (roles[0] as { roleArn?: unknown } | undefined)?.roleArn : undefined;
    return typeof roleArn === "string" ? roleArn.split(":")[4] : undefined;
}

export function createMocks(ctx: MockContext): pulumi.runtime.Mocks {
    // A stack may use providers in other regions (the DR stack's primary-region provider): a
    // resource's region is its provider's, so its ARN and endpoints name the right region. A
    // provider pinned to an account or assuming a role acts in that account.
    const providerRegions = new Map<string, string>();
    const providerAccounts = new Map<string, string>();
    const contextOf = (provider: string | undefined): MockContext => {
        const name = awsProviderName(provider) ?? "";
        const region = providerRegions.get(name);
        const accountId = providerAccounts.get(name);
        return { ...ctx, ...(region === undefined ? {} : { region }), ...(accountId === undefined ? {} : { accountId }) };
    };
    return {
        newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
            if (args.type === "pulumi:pulumi:StackReference") {
                const state = EXTRA_STATE[args.type](args, ctx, String(args.inputs.name));
                return { id: String(args.inputs.name), state };
            }
            if (args.type === "pulumi:providers:aws") {
                if (typeof args.inputs.region === "string") providerRegions.set(args.name, args.inputs.region);
                const accountId = providerAccount(args.inputs);
                if (accountId !== undefined) providerAccounts.set(args.name, accountId);
            }
            const local = contextOf(args.provider);
            const id = args.custom === false ? "" : mockId(args, regionOf(args, local));
            const base = args.custom === false ? {} : { id, arn: mockArn(args, local, id) };
            const extra = EXTRA_STATE[args.type]?.(args, local, id) ?? {};
            return { id: args.custom === false ? undefined : id, state: { ...args.inputs, ...base, ...extra } };
        },
        call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
            const fn = CALLS[args.token];
            if (!fn) {
                throw new Error(`unexpected data-source call ${args.token}: answer it in tools/offline/mocks.ts CALLS`);
            }
            return fn(args.inputs as Record<string, unknown>, contextOf(args.provider));
        },
    };
}
