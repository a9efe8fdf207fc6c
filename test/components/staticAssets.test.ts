import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { CACHING_OPTIMIZED_POLICY_ID, StaticAssets, StaticAssetsArgs } from "../../components/staticAssets";
import { OfflineRun } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, ancestors, one, policyOf, runComponent } from "../helpers";

function runAssets(overrides: Partial<StaticAssetsArgs> = {}): Promise<OfflineRun> {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const assets = new StaticAssets("assets", { namePrefix: "startup-test", region: "us-east-1", accountId: MOCK_ACCOUNT_ID, ...overrides }, { provider });
        return { domain: assets.domainName, id: assets.distributionId };
    });
}

describe("StaticAssets", () => {
    let run: OfflineRun;
    before(async () => {
        run = await runAssets();
    });

    it("serves a private bucket through origin access control that signs every request", () => {
        const oac = one(run, "aws:cloudfront/originAccessControl:OriginAccessControl");
        expect(oac.inputs).to.include({ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
        const bucket = one(run, "aws:s3/bucket:Bucket");
        expect(bucket.inputs.bucket).to.equal(`startup-test-assets-${MOCK_ACCOUNT_ID}-us-east-1`);
        const [origin] = one(run, "aws:cloudfront/distribution:Distribution").inputs.origins as Array<Record<string, unknown>>;
        expect(origin).to.deep.include({ domainName: `${bucket.state.id}.s3.us-east-1.amazonaws.com`, originAccessControlId: oac.state.id });
        expect(one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.include({ blockPublicPolicy: true, restrictPublicBuckets: true });
    });

    it("lets only this distribution read, by its ARN", () => {
        const dist = one(run, "aws:cloudfront/distribution:Distribution");
        expect(String(dist.state.arn)).to.match(new RegExp(`^arn:aws:cloudfront::${MOCK_ACCOUNT_ID}:distribution/E`));
        const read = policyOf(one(run, "aws:s3/bucketPolicy:BucketPolicy")).Statement.find((s) => s.Sid === "CloudFrontReadsThroughOac");
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
        expect(dist.inputs.viewerCertificate).to.deep.equal({ cloudfrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1" });
    });

    it("uses SSE-S3 and archives only to a class CloudFront can still read at once", () => {
        expect(one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        const rules = one(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as Array<{ transitions?: Array<{ storageClass: string }> }>;
        expect(rules.flatMap((r) => r.transitions ?? []).map((t) => t.storageClass)).to.deep.equal(["GLACIER_IR"]);
    });

    it("takes the price class from its args and parents everything under the component", async () => {
        const wide = await runAssets({ priceClass: "PriceClass_All" });
        expect(one(wide, "aws:cloudfront/distribution:Distribution").inputs.priceClass).to.equal("PriceClass_All");
        for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:web:StaticAssets");
        }
    });

    it("rejects a root object with a leading slash", () => {
        expect(() => new StaticAssets("bad", { namePrefix: "p", region: "us-east-1", accountId: "1", defaultRootObject: "/index.html" })).to.throw(/without a leading "\/"/);
    });
});
