import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { CACHING_OPTIMIZED_POLICY_ID, StaticAssets, StaticAssetsArgs } from "../../components/staticAssets";
import { OfflineRun } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, all, ancestors, one, policyOf, runComponent } from "../helpers";

const ZONE = "Z0TEST0000000000000001";
const LOGS_KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/0000aaaa-1111-2222-3333-444455556666`;
const BASE: StaticAssetsArgs = {
    namePrefix: "startup-test",
    region: "us-east-1",
    accountId: MOCK_ACCOUNT_ID,
    partition: "aws",
    domainName: "assets.example.com",
    hostedZoneId: ZONE,
    wafLogsKmsKeyArn: LOGS_KEY,
};
const WAF_LOGGING_TYPES = ["aws:cloudwatch/logGroup:LogGroup", "aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"];

function runAssets(overrides: Partial<StaticAssetsArgs> = {}, edgeRegion?: string): Promise<OfflineRun> {
    return runComponent(
        () => {
            const provider = new aws.Provider("aws", { region: overrides.region ?? "us-east-1" });
            const edgeProvider = edgeRegion ? new aws.Provider("aws-edge", { region: edgeRegion }) : undefined;
            const assets = new StaticAssets("assets", { ...BASE, edgeProvider, ...overrides }, { provider });
            return { domain: assets.domainName, id: assets.distributionId, url: assets.url };
        },
        { region: overrides.region ?? "us-east-1" },
    );
}

/** Name of the provider resource a recorded resource was registered with. */
function providerName(run: OfflineRun, resource: { provider?: string }): string | undefined {
    return run.resources.find((r) => r.urn === resource.provider)?.name;
}

describe("StaticAssets", () => {
    let run: OfflineRun;
    before(async () => {
        run = await runAssets();
    });

    it("serves a private bucket through origin access control that signs every request", () => {
        const oac = one(run, "aws:cloudfront/originAccessControl:OriginAccessControl");
        expect(oac.inputs).to.include({ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
        const bucket = one(run, "aws:s3/bucket:Bucket", "assets-bucket-bucket");
        expect(bucket.inputs.bucket).to.equal(`startup-test-assets-${MOCK_ACCOUNT_ID}-us-east-1`);
        const [origin] = one(run, "aws:cloudfront/distribution:Distribution").inputs.origins as Array<Record<string, unknown>>;
        expect(origin).to.deep.include({ domainName: `${bucket.state.id}.s3.us-east-1.amazonaws.com`, originAccessControlId: oac.state.id });
        for (const block of all(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")) {
            expect(block.inputs, block.name).to.include({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
        }
    });

    it("lets only this distribution read, by its ARN", () => {
        const dist = one(run, "aws:cloudfront/distribution:Distribution");
        expect(String(dist.state.arn)).to.match(new RegExp(`^arn:aws:cloudfront::${MOCK_ACCOUNT_ID}:distribution/E`));
        const read = policyOf(one(run, "aws:s3/bucketPolicy:BucketPolicy", "assets-bucket-policy")).Statement.find((s) => s.Sid === "CloudFrontReadsThroughOac");
        expect(read).to.deep.include({
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Condition: { StringEquals: { "AWS:SourceArn": dist.state.arn } },
        });
    });

    it("redirects to HTTPS and caches with the managed CachingOptimized policy", () => {
        const dist = one(run, "aws:cloudfront/distribution:Distribution");
        expect(dist.inputs.defaultCacheBehavior).to.deep.include({ viewerProtocolPolicy: "redirect-to-https", cachePolicyId: CACHING_OPTIMIZED_POLICY_ID, compress: true });
        expect(dist.inputs).to.deep.include({ priceClass: "PriceClass_100", defaultRootObject: "index.html", enabled: true });
    });

    it("answers on its own name with a DNS-validated ACM certificate, SNI and TLS 1.2+ only", () => {
        const dist = one(run, "aws:cloudfront/distribution:Distribution");
        const cert = one(run, "aws:acm/certificate:Certificate");
        expect(cert.inputs).to.include({ domainName: "assets.example.com", validationMethod: "DNS" });
        const ready = one(run, "aws:acm/certificateValidation:CertificateValidation");
        expect(dist.inputs.aliases).to.deep.equal(["assets.example.com"]);
        expect(dist.inputs.viewerCertificate).to.deep.equal({ acmCertificateArn: ready.state.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" });
        const validation = one(run, "aws:route53/record:Record", "assets-certificate-validation");
        expect(validation.inputs).to.include({ zoneId: ZONE, type: "CNAME", allowOverwrite: true });
        expect(validation.retainOnDelete).to.equal(true);
        expect(ready.inputs.validationRecordFqdns).to.deep.equal([validation.state.fqdn]);
    });

    it("points A and AAAA aliases of its name at the distribution", () => {
        const dist = one(run, "aws:cloudfront/distribution:Distribution");
        for (const type of ["A", "AAAA"]) {
            const alias = one(run, "aws:route53/record:Record", `assets-alias-${type.toLowerCase()}`);
            expect(alias.inputs).to.deep.include({
                zoneId: ZONE,
                name: "assets.example.com",
                type,
                aliases: [{ name: dist.state.domainName, zoneId: dist.state.hostedZoneId, evaluateTargetHealth: false }],
            });
        }
    });

    it("sits behind a CLOUDFRONT web ACL with the managed rule groups and a per-IP rate limit", () => {
        const acl = one(run, "aws:wafv2/webAcl:WebAcl");
        expect(acl.inputs).to.deep.include({ scope: "CLOUDFRONT", name: "startup-test-assets", defaultAction: { allow: {} } });
        const rules = acl.inputs.rules as Array<{ name: string; statement: { rateBasedStatement?: { limit: number } } }>;
        expect(rules.map((r) => r.name)).to.deep.equal(["rate-limit-per-ip", "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]);
        expect(rules[0].statement.rateBasedStatement?.limit).to.equal(10_000);
        expect(one(run, "aws:cloudfront/distribution:Distribution").inputs.webAclId).to.equal(acl.state.arn);
        expect(String(acl.state.arn)).to.match(/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\//);
    });

    it("logs the web ACL to an aws-waf-logs- group encrypted with the given key, through a delivery policy the logging waits for", () => {
        const acl = one(run, "aws:wafv2/webAcl:WebAcl");
        const group = one(run, "aws:cloudwatch/logGroup:LogGroup", "assets-waf-logs");
        expect(group.inputs).to.deep.include({ name: "aws-waf-logs-startup-test-assets", kmsKeyId: LOGS_KEY, retentionInDays: 90 });
        const logging = one(run, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "assets-waf-logging");
        expect(logging.inputs.resourceArn).to.equal(acl.state.arn);
        expect(logging.inputs.logDestinationConfigs).to.deep.equal([group.state.arn]);
        const delivery = one(run, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "assets-waf-logs-delivery");
        expect(logging.dependsOn).to.include(delivery.urn);
        expect(delivery.inputs.policyName).to.equal("startup-test-assets-waf-logs-delivery");
        const [statement] = policyOf(delivery, "policyDocument").Statement;
        expect(statement).to.deep.include({ Principal: { Service: "delivery.logs.amazonaws.com" }, Resource: `${group.state.arn}:log-stream:*` });
        // The delivery comes from us-east-1, where a CLOUDFRONT web ACL and its log group live.
        expect(statement.Condition).to.deep.include({ ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:*` } });
        expect(group.protect).to.equal(false);
    });

    it("writes standard logs (legacy) to a log bucket with ACLs enabled, created first", () => {
        const dist = one(run, "aws:cloudfront/distribution:Distribution");
        const logBucket = one(run, "aws:s3/bucket:Bucket", "assets-logs-bucket");
        expect(logBucket.inputs.bucket).to.equal(`startup-test-assets-logs-${MOCK_ACCOUNT_ID}-us-east-1`);
        expect(dist.inputs.loggingConfig).to.deep.equal({ bucket: `${logBucket.state.id}.s3.amazonaws.com`, prefix: "cloudfront/", includeCookies: false });
        expect(one(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "assets-logs-ownership").inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerPreferred" });
        expect(one(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "assets-bucket-ownership").inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
        expect(logBucket.inputs.tags).to.have.property("AclsEnabledReason").that.matches(/CloudFront standard logging/);
        const logsComponent = one(run, "startup:storage:ArchiveBucket", "assets-logs");
        expect(dist.dependsOn).to.include(logsComponent.urn);
    });

    it("uses SSE-S3 and archives only to a class CloudFront can still read at once", () => {
        expect(one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "assets-bucket-encryption").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        const rules = one(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "assets-bucket-lifecycle").inputs.rules as Array<{
            transitions?: Array<{ storageClass: string }>;
        }>;
        expect(rules.flatMap((r) => r.transitions ?? []).map((t) => t.storageClass)).to.deep.equal(["GLACIER_IR"]);
    });

    it("takes the price class, TLS policy, rate limit, log expiry, WAF log retention and protection from its args and parents everything under the component", async () => {
        const wide = await runAssets({ priceClass: "PriceClass_All", minimumTlsVersion: "TLSv1.3_2025", rateLimitPer5Minutes: 500, accessLogExpireDays: 400, wafLogRetentionDays: 731, protect: true, keepSecurityLogs: true });
        const dist = one(wide, "aws:cloudfront/distribution:Distribution");
        expect(dist.inputs.priceClass).to.equal("PriceClass_All");
        expect(dist.inputs.viewerCertificate).to.include({ minimumProtocolVersion: "TLSv1.3_2025" });
        const rules = one(wide, "aws:wafv2/webAcl:WebAcl").inputs.rules as Array<{ statement: { rateBasedStatement?: { limit: number } } }>;
        expect(rules[0].statement.rateBasedStatement?.limit).to.equal(500);
        const logRules = one(wide, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "assets-logs-lifecycle").inputs.rules as Array<{ id: string; expiration?: { days?: number } }>;
        expect(logRules.find((r) => r.id === "expire-current-objects")?.expiration).to.deep.equal({ days: 400 });
        const group = one(wide, "aws:cloudwatch/logGroup:LogGroup", "assets-waf-logs");
        expect(group.inputs.retentionInDays).to.equal(731);
        // Kept in AWS when a prod stack is destroyed, as every security log group is.
        expect(group).to.deep.include({ retainOnDelete: true, protect: true });
        for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:web:StaticAssets");
        }
    });

    it("puts the certificate, web ACL and its logging in us-east-1 through the edge provider when the bucket is elsewhere", async () => {
        const west = await runAssets({ region: "us-west-2" }, "us-east-1");
        for (const type of ["aws:acm/certificate:Certificate", "aws:wafv2/webAcl:WebAcl", ...WAF_LOGGING_TYPES]) {
            expect(providerName(west, one(west, type)), type).to.equal("aws-edge");
        }
        expect(String(one(west, "aws:acm/certificate:Certificate").state.arn)).to.match(/^arn:aws:acm:us-east-1:/);
        expect(String(one(west, "aws:cloudwatch/logGroup:LogGroup").state.arn)).to.match(/^arn:aws:logs:us-east-1:\d{12}:log-group:aws-waf-logs-/);
        const [statement] = policyOf(one(west, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy"), "policyDocument").Statement;
        expect(statement.Condition).to.deep.include({ ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:*` } });
        expect(providerName(west, one(west, "aws:s3/bucket:Bucket", "assets-bucket-bucket"))).to.equal("aws");
        expect(one(west, "aws:s3/bucket:Bucket", "assets-logs-bucket").inputs.bucket).to.equal(`startup-test-assets-logs-${MOCK_ACCOUNT_ID}-us-west-2`);
    });

    it("rejects a root object with a leading slash, and another region without an edge provider, naming both", () => {
        expect(() => new StaticAssets("bad", { ...BASE, region: "us-west-2", defaultRootObject: "/index.html" })).to.throw(
            /without a leading "\/".*us-west-2.*pass an edgeProvider in us-east-1/,
        );
    });

    it("rejects settings in the words of the assets section: field checks, then its rule table", () => {
        expect(() => new StaticAssets("rate", { ...BASE, rateLimitPer5Minutes: 5 })).to.throw("StaticAssets rate: rateLimitPer5Minutes: got 5; expected at least 10 requests");
        expect(() => new StaticAssets("logs", { ...BASE, accessLogExpireDays: 100 })).to.throw(
            "StaticAssets logs: accessLogExpireDays: must come after the last archive step (365 days), got 100",
        );
        expect(() => new StaticAssets("waf", { ...BASE, wafLogRetentionDays: 100 as 90 })).to.throw(/^StaticAssets waf: wafLogRetentionDays: got 100; expected one of: 1, 3, 5, 7, 14, 30, 60, 90,/);
    });
});
