import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketName, physicalName } from "../lib/naming";
import { cloudFrontReadStatement } from "../lib/policy";
import { ArchiveBucket } from "./archiveBucket";

export type PriceClass = "PriceClass_100" | "PriceClass_200" | "PriceClass_All";

export interface StaticAssetsArgs {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the bucket. */
    readonly region: string;
    /** Account that owns the bucket; part of its globally unique name. */
    readonly accountId: pulumi.Input<string>;
    /** CloudFront edge locations served from (price class). @default "PriceClass_100" */
    readonly priceClass?: PriceClass;
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
    /** Protect the bucket from deletion by Pulumi. @default false */
    readonly protect?: boolean;
}

export const STATIC_ASSETS_DEFAULTS = {
    priceClass: "PriceClass_100",
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
    /** Route 53 zone id for alias records to the distribution. */
    public readonly hostedZoneId: pulumi.Output<string>;

    constructor(name: string, args: StaticAssetsArgs, opts?: pulumi.ComponentResourceOptions) {
        const rootObject = args.defaultRootObject ?? STATIC_ASSETS_DEFAULTS.defaultRootObject;
        if (rootObject.startsWith("/") || rootObject.length === 0) {
            throw new Error(`StaticAssets ${name}: defaultRootObject must be an object key such as index.html, without a leading "/"`);
        }
        super("startup:web:StaticAssets", name, {}, opts);

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
        const originId = "assets-bucket";
        const distribution = new aws.cloudfront.Distribution(
            `${name}-cdn`,
            {
                enabled: true,
                comment: `${args.namePrefix} static assets`,
                isIpv6Enabled: true,
                httpVersion: "http2and3",
                defaultRootObject: rootObject,
                priceClass: args.priceClass ?? STATIC_ASSETS_DEFAULTS.priceClass,
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
                // With the *.cloudfront.net certificate CloudFront always uses its TLSv1 policy and
                // the API requires this value; TLSv1.2_2021 needs a custom domain and an ACM
                // certificate in us-east-1.
                viewerCertificate: { cloudfrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1" },
                tags: { Name: physicalName(args.namePrefix, "assets-cdn") },
            },
            { parent: this },
        );
        resolveDistributionArn(distribution.arn);

        this.bucketName = bucket.bucketName;
        this.bucketArn = bucket.bucketArn;
        this.distributionId = distribution.id;
        this.distributionArn = distribution.arn;
        this.domainName = distribution.domainName;
        this.hostedZoneId = distribution.hostedZoneId;
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            distributionId: this.distributionId,
            distributionArn: this.distributionArn,
            domainName: this.domainName,
            hostedZoneId: this.hostedZoneId,
        });
    }
}
