import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AppSettings } from "../components/appSettings";
import { AppFleet, AppFleetCognitoAuth } from "../components/appFleet";
import { ImageRepository } from "../components/imageRepository";
import { PlatformKey } from "../components/platformKey";
import { EndpointRouting, PublicEndpoint } from "../components/publicEndpoint";
import { StaticAssets } from "../components/staticAssets";
import { CLOUDFRONT_REGION, DEFAULT_ASSETS_LABELS, assetsDomainName } from "../lib/edge";
import { imageGate } from "../lib/fleet";
import { ConfigError, PlatformConfig } from "./config/load";
import { Foundation, stackKeyArgs } from "./foundation";
import { PRIMARY_EXPORTS } from "./outputs";
import { AccountContext, EDGE_PROVIDER_NAME, outsideRegionProvider } from "./providers";
import { warn } from "./warnings";

/** The application tier of a stack: image repository, app fleet behind ALB and WAF, static assets. */
export interface AppTier {
    readonly repository: ImageRepository;
    readonly fleet: AppFleet;
    readonly assets: StaticAssets;
}

/** What other tiers hand the app tier. */
export interface AppTierInputs {
    /** The identity tier's user pool, required when `fleet.cognitoAuth` is on. */
    readonly cognitoAuth?: AppFleetCognitoAuth;
    /** Managed policies other tiers grant the app instances (Firehose put, SNS publish...). */
    readonly additionalPolicyArns?: pulumi.Input<string>[];
    /**
     * Name of the image repository. The DR stack passes the primary's: ECR replication fills a
     * repository of the same name in the DR region. @default `<namePrefix>/app`
     */
    readonly repositoryName?: pulumi.Input<string>;
    /** Where the instances read their runtime settings; its read policy goes with it. */
    readonly settings?: AppSettings;
}

/**
 * Rules of the app tier's config that need more than its own section; checked before any resource
 * is registered.
 */
export function appTierConfigProblems(cfg: PlatformConfig, userPoolAvailable: boolean): string[] {
    const problems: string[] = [];
    const arn = cfg.fleet.certificateArn;
    if (arn !== undefined && arn.split(":")[3] !== cfg.region) {
        problems.push(`startup-platform:fleet.certificateArn: the certificate is in ${arn.split(":")[3]}; an ALB needs one in the stack's region ${cfg.region}`);
    }
    if (cfg.fleet.cognitoAuth && !userPoolAvailable) {
        problems.push("startup-platform:fleet.cognitoAuth: needs a user pool in this stack, and only primary stacks have one (the DR stack signs users in against the primary's pool); set it to false");
    }
    return problems;
}

export function appHostname(cfg: PlatformConfig): string {
    return `${cfg.dns.appHostname}.${cfg.dns.zoneName}`;
}

/** The static assets' public name: `assets.<zone>`, or `assets-dr.<zone>` on a DR stack, unless config names it. */
export function assetsHostname(cfg: PlatformConfig): string {
    const label = cfg.assets.hostname ?? (cfg.role === "dr" ? DEFAULT_ASSETS_LABELS.dr : DEFAULT_ASSETS_LABELS.primary);
    return assetsDomainName(label, cfg.dns.zoneName);
}

export function buildAppTier(
    cfg: PlatformConfig,
    account: AccountContext,
    provider: aws.Provider,
    foundation: Foundation,
    inputs: AppTierInputs = {},
): AppTier {
    const problems = appTierConfigProblems(cfg, inputs.cognitoAuth !== undefined);
    if (problems.length > 0) throw new ConfigError(cfg.file, problems);
    const { fleet: f, assets: a } = cfg;
    const { network, dataKey, logsKey } = foundation;

    const repository = new ImageRepository(
        "app-images",
        {
            ...f.images,
            repositoryName: inputs.repositoryName ?? `${cfg.namePrefix}/app`,
            kmsKeyArn: dataKey.keyArn,
            forceDelete: !cfg.protect,
            protect: cfg.protect,
        },
        { provider },
    );

    // A new stack's repository is empty until the first push (a DR stack's until replication or a
    // copy fills it): pulumi up then creates the group without waiting for instances that cannot
    // start, and waits again once the image is there (lib/fleet.ts imageGate). Unknown in a preview
    // of a new stack, whose repository does not exist yet.
    const waitForCapacity = aws.ecr.getImagesOutput({ repositoryName: repository.repositoryName }, { provider }).apply((images) => {
        const gate = imageGate({
            repositoryName: images.repositoryName,
            imageTag: f.imageTag,
            tags: images.imageIds.flatMap((i) => (i.imageTag ? [i.imageTag] : [])),
            replicated: cfg.role === "dr",
        });
        if (gate.problem !== undefined) throw new ConfigError(cfg.file, [gate.problem]);
        if (gate.warning !== undefined) warn(`${cfg.file}: ${gate.warning}`);
        return gate.waitForCapacity;
    });

    const fleet = new AppFleet(
        "app",
        {
            ...f,
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            partition: account.partition,
            vpcId: network.vpcId,
            vpcCidr: network.cidrBlock,
            publicSubnetIds: network.publicSubnetIds,
            privateSubnetIds: network.privateSubnetIds,
            certificateDomain: { hostedZoneId: cfg.dns.hostedZoneId, domainName: appHostname(cfg) },
            cognitoUserPool: inputs.cognitoAuth,
            repositoryUrl: repository.repositoryUrl,
            repositoryArn: repository.repositoryArn,
            waitForCapacity,
            ebsKmsKeyArn: dataKey.keyArn,
            logsKmsKeyArn: logsKey.keyArn,
            additionalPolicyArns: [...(inputs.additionalPolicyArns ?? []), ...(inputs.settings ? [inputs.settings.readPolicyArn] : [])],
            settingsPath: inputs.settings?.path,
            instanceTags: cfg.tags,
            accessLogBucketName: foundation.accessLogs.bucketName,
            protect: cfg.protect,
            keepSecurityLogs: cfg.keepSecurityLogs,
        },
        // The internet-facing load balancer answers once its public subnets are excluded from the
        // region's VPC Block Public Access (block-ingress), which another stack may have turned on.
        { provider, dependsOn: network.blockPublicAccessExclusions },
    );

    // CloudFront takes its certificate and web ACL only from us-east-1, and AWS WAF logs that web
    // ACL only to a log group there: a stack elsewhere (DR) gets a provider and a logs key there.
    const edgeProvider = cfg.region === CLOUDFRONT_REGION ? undefined : outsideRegionProvider(cfg, CLOUDFRONT_REGION, EDGE_PROVIDER_NAME);
    const assets = new StaticAssets(
        "assets",
        {
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            partition: account.partition,
            domainName: assetsHostname(cfg),
            hostedZoneId: cfg.dns.hostedZoneId,
            ...a,
            edgeProvider,
            wafLogsKmsKeyArn: edgeProvider === undefined ? logsKey.keyArn : edgeLogsKey(cfg, account, edgeProvider).keyArn,
            accessLogBucketName: foundation.accessLogs.bucketName,
            forceDestroy: !cfg.protect,
            protect: cfg.protect,
            keepSecurityLogs: cfg.keepSecurityLogs,
        },
        { provider },
    );
    return { repository, fleet, assets };
}

/**
 * The key of a stack outside us-east-1 for its log groups there (the CloudFront web ACL's WAF
 * logs): a CloudWatch Logs group uses a KMS key of its own region, and the stack's logs key is in
 * the stack's. Its own key, not the primary's: DR must deploy without prod's state. Created through
 * the edge provider, so `--exclude <aws-edge> --exclude-dependents` skips it with the log group.
 */
function edgeLogsKey(cfg: PlatformConfig, account: AccountContext, edgeProvider: aws.Provider): PlatformKey {
    return new PlatformKey(
        "edge-logs",
        {
            ...stackKeyArgs(cfg, account, "edge-logs", CLOUDFRONT_REGION),
            services: [`logs.${CLOUDFRONT_REGION}.amazonaws.com`],
            // Kept like the WAF log group it encrypts.
            retainOnDelete: cfg.keepSecurityLogs,
        },
        { provider: edgeProvider },
    );
}

/**
 * The app's public name, `<appHostname>.<zoneName>`, pointing at this stack's load balancer: a
 * plain alias (`dns.routing: simple`), or this stack's half of the Route 53 failover pair, PRIMARY
 * in a primary stack and SECONDARY in a DR stack, each with a health check of its own load
 * balancer on the fleet's health path. Neither stack owns the other's record.
 */
export function buildAppEndpoint(cfg: PlatformConfig, provider: aws.Provider, fleet: AppFleet): PublicEndpoint {
    const routing: EndpointRouting = cfg.dns.routing === "simple" ? "simple" : cfg.role === "dr" ? "secondary" : "primary";
    return new PublicEndpoint(
        "app-endpoint",
        {
            hostedZoneId: cfg.dns.hostedZoneId,
            fqdn: appHostname(cfg),
            routing,
            loadBalancerDnsName: fleet.albDnsName,
            loadBalancerZoneId: fleet.albZoneId,
            healthPath: cfg.fleet.healthCheckPath,
            namePrefix: cfg.namePrefix,
        },
        { provider },
    );
}

/** The app tier's stack outputs. */
export function appTierOutputs(tier: AppTier): Record<string, pulumi.Output<unknown>> {
    const { fleet, repository, assets } = tier;
    return {
        albDnsName: fleet.albDnsName,
        albZoneId: fleet.albZoneId,
        albArnSuffix: fleet.albArnSuffix,
        targetGroupArnSuffix: fleet.targetGroupArnSuffix,
        targetGroupName: fleet.targetGroupName,
        httpsListenerArn: fleet.httpsListenerArn,
        autoScalingGroupName: fleet.autoScalingGroupName,
        appInstanceSecurityGroupId: fleet.instanceSecurityGroupId,
        appInstanceRoleName: fleet.instanceRoleName,
        [PRIMARY_EXPORTS.accessLogBucketName]: fleet.accessLogBucketName,
        imageRepositoryUrl: repository.repositoryUrl,
        imageRepositoryArn: repository.repositoryArn,
        [PRIMARY_EXPORTS.imageRepositoryName]: repository.repositoryName,
        cdnDomainName: assets.domainName,
        cdnDistributionId: assets.distributionId,
        assetsUrl: pulumi.output(assets.url),
    };
}
