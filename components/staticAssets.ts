import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CLOUDFRONT_LOG_PREFIX, CLOUDFRONT_REGION, logBucketDomain } from "../lib/edge";
import { bucketName, physicalName } from "../lib/naming";
import { cloudFrontReadStatement, logDeliveryResourcePolicy } from "../lib/policy";
import { wafLogGroupName, webAclRules } from "../lib/waf";
import { AssetsSettings, assetsSettingsSchema } from "../stacks/config/fleet";
import { parseSettings } from "../stacks/config/rules";
import { ArchiveBucket } from "./archiveBucket";
import { ValidatedCertificate } from "./validatedCertificate";

/** What the stack wires into the assets; their settings are the `assets` section. */
export interface StaticAssetsWiring {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the bucket. */
    readonly region: string;
    /** Account that owns the bucket; part of its globally unique name. */
    readonly accountId: pulumi.Input<string>;
    /** AWS partition, for ARNs (the WAF log group's delivery policy). */
    readonly partition: pulumi.Input<string>;
    /**
     * The assets' own name (e.g. `assets.example.com`), served with an ACM certificate issued for
     * it and validated in `hostedZoneId`, where an alias record to the distribution is created.
     */
    readonly domainName: string;
    /** Public Route 53 zone that holds `domainName`. */
    readonly hostedZoneId: pulumi.Input<string>;
    /**
     * A provider in us-east-1 for the certificate, the web ACL and the web ACL's logging, which
     * CloudFront and AWS WAF only take from there. Required when `region` is another region;
     * otherwise the component's provider is used.
     */
    readonly edgeProvider?: pulumi.ProviderResource;
    /**
     * KMS key that encrypts the web ACL's log group. It must be in us-east-1 with the group (a log
     * group uses a key of its own region) and let `logs.us-east-1.amazonaws.com` use it: the
     * stack's logs key when the stack is in us-east-1, else a key the stack keeps there.
     */
    readonly wafLogsKmsKeyArn: pulumi.Input<string>;
    /** Object served for the root URL. @default "index.html" */
    readonly defaultRootObject?: string;
    /** Days a replaced or deleted asset version is kept. @default 30 */
    readonly noncurrentVersionExpirationDays?: number;
    /**
     * The stack's access-log bucket (same account and region): the component's buckets send their
     * S3 server access logs there. @default - none
     */
    readonly accessLogBucketName?: pulumi.Input<string>;
    /** Let `pulumi destroy` delete a bucket that still holds assets (never in prod). @default false */
    readonly forceDestroy?: boolean;
    /** Protect the buckets and the WAF log group from deletion by Pulumi. @default false */
    readonly protect?: boolean;
    /**
     * Keep the security log groups in AWS when the stack is destroyed: prod environments (the
     * stack keeps the key that encrypts them too). Not `protect`, which a teardown turns off
     * first. @default false
     */
    readonly keepSecurityLogs?: boolean;
}

/**
 * The `assets` settings (stacks/config/fleet.ts: price class, viewer TLS policy, rate limit, log
 * expiry, WAF log retention; `hostname` is the stack's, which passes `domainName`) plus the wiring.
 */
export type StaticAssetsArgs = z.input<typeof assetsSettingsSchema> & StaticAssetsWiring;

/** Defaults of the wiring; the settings' defaults are ASSETS_DEFAULTS (stacks/config/fleet.ts). */
export const STATIC_ASSETS_DEFAULTS = {
    defaultRootObject: "index.html",
    noncurrentVersionExpirationDays: 30,
} as const;

/** AWS managed cache policy `Managed-CachingOptimized`. */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";
/** AWS managed response headers policy `Managed-SecurityHeadersPolicy` (HSTS, nosniff, frame options...). */
export const SECURITY_HEADERS_POLICY_ID = "67f7725c-6f97-4210-82d7-5512b31e9d03";

/**
 * Static web assets: a private S3 bucket that only one CloudFront distribution can read, through
 * origin access control (SigV4-signed requests) and a bucket policy pinned to that distribution.
 * The distribution answers on its own name with an ACM certificate (SNI, TLS 1.2+ only), behind
 * a web ACL of scope CLOUDFRONT (managed rule groups and a per-IP rate limit) that logs every
 * request it inspects to a KMS-encrypted CloudWatch Logs group in us-east-1, and writes standard
 * logs (legacy) to a log bucket of its own: the form Security Hub's CloudFront.5 checks.
 *
 * The bucket uses SSE-S3, not the data KMS key: SSE-KMS behind OAC needs the key policy to name
 * the distribution, which is created after the foundation's key, and these objects are public by
 * purpose. Archiving stops at Glacier Instant Retrieval (180 days): CloudFront must be able to
 * read any object synchronously, which the deeper archive tiers do not allow.
 */
export class StaticAssets extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly distributionId: pulumi.Output<string>;
    public readonly distributionArn: pulumi.Output<string>;
    /** `dxxxx.cloudfront.net`. */
    public readonly domainName: pulumi.Output<string>;
    /** `https://<domainName arg>`: where clients fetch the assets. */
    public readonly url: string;
    public readonly webAclArn: pulumi.Output<string>;
    /** `aws-waf-logs-<namePrefix>-assets`, in us-east-1: the web ACL's request logs. */
    public readonly wafLogGroupName: pulumi.Output<string>;
    public readonly logBucketName: pulumi.Output<string>;
    /** Route 53 zone id for alias records to the distribution. */
    public readonly hostedZoneId: pulumi.Output<string>;

    constructor(name: string, args: StaticAssetsArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = parseSettings("StaticAssets", name, assetsSettingsSchema, args);
        const rootObject = args.defaultRootObject ?? STATIC_ASSETS_DEFAULTS.defaultRootObject;
        const problems: string[] = [];
        if (rootObject.startsWith("/") || rootObject.length === 0) {
            problems.push(`defaultRootObject must be an object key such as index.html, without a leading "/"`);
        }
        if (args.region !== CLOUDFRONT_REGION && args.edgeProvider === undefined) {
            problems.push(`the bucket is in ${args.region}, but CloudFront takes certificates and web ACLs only from ${CLOUDFRONT_REGION}: pass an edgeProvider in ${CLOUDFRONT_REGION}`);
        }
        if (problems.length > 0) throw new Error(`StaticAssets ${name}: ${problems.join("; ")}`);
        super("startup:web:StaticAssets", name, {}, opts);
        const edge = { parent: this, ...(args.edgeProvider ? { provider: args.edgeProvider } : {}) };

        // The bucket policy names the distribution and the distribution reads the bucket: the ARN is
        // handed to the policy once the distribution exists.
        const [distributionArn, resolveDistributionArn] = pulumi.deferredOutput<string>();
        const bucket = new ArchiveBucket(
            `${name}-bucket`,
            {
                bucketName: pulumi.output(args.accountId).apply((id) => bucketName(args.namePrefix, "assets", id, args.region)),
                sseS3Reason: "public web assets read by CloudFront through origin access control",
                archivePolicy: "age",
                deepArchiveAfterDays: null,
                noncurrentVersionExpirationDays: args.noncurrentVersionExpirationDays ?? STATIC_ASSETS_DEFAULTS.noncurrentVersionExpirationDays,
                policyStatements: (arn) => distributionArn.apply((dist) => [cloudFrontReadStatement(arn, dist)]),
                accessLogBucketName: args.accessLogBucketName,
                forceDestroy: args.forceDestroy,
                protect: args.protect,
            },
            { parent: this },
        );
        const oac = new aws.cloudfront.OriginAccessControl(
            `${name}-oac`,
            {
                name: physicalName(args.namePrefix, "assets", 64),
                description: "Signed CloudFront requests to the assets bucket",
                originAccessControlOriginType: "s3",
                signingBehavior: "always",
                signingProtocol: "sigv4",
            },
            { parent: this },
        );
        // CloudFront standard logging (legacy) delivers through an ACL grant to the awslogsdelivery
        // account, which CloudFront adds to the bucket ACL itself when logging is turned on.
        const logs = new ArchiveBucket(
            `${name}-logs`,
            {
                bucketName: pulumi.output(args.accountId).apply((id) => bucketName(args.namePrefix, "assets-logs", id, args.region)),
                sseS3Reason: "CloudFront standard logging (legacy) writes as the awslogsdelivery account, which has no grant on the platform keys",
                aclsEnabledReason: "CloudFront standard logging (legacy) delivers through a bucket ACL grant",
                archivePolicy: "age",
                expireAfterDays: settings.accessLogExpireDays,
                accessLogBucketName: args.accessLogBucketName,
                forceDestroy: args.forceDestroy,
                protect: args.protect,
            },
            { parent: this },
        );
        const certificate = new ValidatedCertificate(`${name}-certificate`, { domainName: args.domainName, hostedZoneId: args.hostedZoneId }, edge);
        const aclName = physicalName(args.namePrefix, "assets");
        const webAcl = new aws.wafv2.WebAcl(
            `${name}-waf`,
            {
                name: aclName,
                description: `${args.namePrefix} static assets distribution`,
                scope: "CLOUDFRONT",
                defaultAction: { allow: {} },
                rules: webAclRules({ rateLimitPer5Minutes: settings.rateLimitPer5Minutes, metricPrefix: aclName }),
                visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: aclName },
                tags: { Name: aclName },
            },
            edge,
        );
        const wafLogs = this.wafLogging(name, args, settings, webAcl, edge);
        const originId = "assets-bucket";
        const distribution = new aws.cloudfront.Distribution(
            `${name}-cdn`,
            {
                enabled: true,
                comment: `${args.namePrefix} static assets`,
                aliases: [args.domainName],
                webAclId: webAcl.arn,
                isIpv6Enabled: true,
                httpVersion: "http2and3",
                defaultRootObject: rootObject,
                priceClass: settings.priceClass,
                origins: [
                    {
                        originId,
                        domainName: pulumi.interpolate`${bucket.bucketName}.s3.${args.region}.amazonaws.com`,
                        originAccessControlId: oac.id,
                    },
                ],
                defaultCacheBehavior: {
                    targetOriginId: originId,
                    viewerProtocolPolicy: "redirect-to-https",
                    allowedMethods: ["GET", "HEAD", "OPTIONS"],
                    cachedMethods: ["GET", "HEAD"],
                    compress: true,
                    cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
                    responseHeadersPolicyId: SECURITY_HEADERS_POLICY_ID,
                },
                restrictions: { geoRestriction: { restrictionType: "none" } },
                viewerCertificate: {
                    acmCertificateArn: certificate.certificateArn,
                    sslSupportMethod: "sni-only",
                    minimumProtocolVersion: settings.minimumTlsVersion,
                },
                loggingConfig: { bucket: logs.bucketName.apply(logBucketDomain), prefix: CLOUDFRONT_LOG_PREFIX, includeCookies: false },
                tags: { Name: physicalName(args.namePrefix, "assets-cdn") },
            },
            // Logging needs the log bucket's ACLs enabled (its ownership controls) before it starts.
            { parent: this, dependsOn: [logs] },
        );
        for (const type of ["A", "AAAA"] as const) {
            new aws.route53.Record(
                `${name}-alias-${type.toLowerCase()}`,
                {
                    zoneId: args.hostedZoneId,
                    name: args.domainName,
                    type,
                    aliases: [{ name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false }],
                },
                { parent: this },
            );
        }
        resolveDistributionArn(distribution.arn);

        this.bucketName = bucket.bucketName;
        this.bucketArn = bucket.bucketArn;
        this.distributionId = distribution.id;
        this.distributionArn = distribution.arn;
        this.domainName = distribution.domainName;
        this.hostedZoneId = distribution.hostedZoneId;
        this.url = `https://${args.domainName}`;
        this.webAclArn = webAcl.arn;
        this.wafLogGroupName = wafLogs.name;
        this.logBucketName = logs.bucketName;
        this.registerOutputs({
            url: this.url,
            webAclArn: this.webAclArn,
            wafLogGroupName: this.wafLogGroupName,
            logBucketName: this.logBucketName,
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            distributionId: this.distributionId,
            distributionArn: this.distributionArn,
            domainName: this.domainName,
            hostedZoneId: this.hostedZoneId,
        });
    }

    /**
     * The web ACL's logging, where AWS WAF takes it for a CLOUDFRONT web ACL: a log group in
     * us-east-1 (through the edge provider, like the web ACL), its delivery policy and the logging
     * configuration, which waits for the policy.
     */
    private wafLogging(
        name: string,
        args: StaticAssetsArgs,
        settings: AssetsSettings,
        webAcl: aws.wafv2.WebAcl,
        edge: pulumi.CustomResourceOptions,
    ): aws.cloudwatch.LogGroup {
        const prefix = args.namePrefix;
        const group = new aws.cloudwatch.LogGroup(
            `${name}-waf-logs`,
            { name: wafLogGroupName(prefix, "assets"), retentionInDays: settings.wafLogRetentionDays, kmsKeyId: args.wafLogsKmsKeyArn },
            // Security evidence: kept when a protected stack is destroyed, like the ALB's (docs/security.md).
            { ...edge, protect: args.protect, retainOnDelete: args.keepSecurityLogs === true },
        );
        const policy = new aws.cloudwatch.LogResourcePolicy(
            `${name}-waf-logs-delivery`,
            {
                policyName: physicalName(prefix, "assets-waf-logs-delivery"),
                policyDocument: pulumi
                    .all([group.arn, args.accountId, args.partition])
                    .apply(([arn, accountId, partition]) => JSON.stringify(logDeliveryResourcePolicy(arn, accountId, CLOUDFRONT_REGION, partition))),
            },
            edge,
        );
        new aws.wafv2.WebAclLoggingConfiguration(
            `${name}-waf-logging`,
            { resourceArn: webAcl.arn, logDestinationConfigs: [group.arn] },
            { ...edge, dependsOn: [policy] },
        );
        return group;
    }
}
