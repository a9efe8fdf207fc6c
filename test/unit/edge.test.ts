import { expect } from "chai";
import { CLOUDFRONT_TLS_POLICIES, assetsDomainName, isModernViewerPolicy, logBucketDomain } from "../../lib/edge";

describe("lib/edge", () => {
    it("accepts TLSv1.2_2021 and newer viewer policies only", () => {
        expect(CLOUDFRONT_TLS_POLICIES[0]).to.equal("TLSv1.2_2021");
        for (const policy of CLOUDFRONT_TLS_POLICIES) expect(isModernViewerPolicy(policy), policy).to.equal(true);
        for (const policy of ["TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "SSLv3", undefined, 12]) {
            expect(isModernViewerPolicy(policy), String(policy)).to.equal(false);
        }
    });

    it("names the assets inside the zone and the log bucket by its global S3 domain", () => {
        expect(assetsDomainName("assets", "example.com")).to.equal("assets.example.com");
        expect(assetsDomainName("assets-dr", "dev.example.com")).to.equal("assets-dr.dev.example.com");
        expect(logBucketDomain("startup-prod-assets-logs-123456789012-us-east-1")).to.equal("startup-prod-assets-logs-123456789012-us-east-1.s3.amazonaws.com");
    });
});
