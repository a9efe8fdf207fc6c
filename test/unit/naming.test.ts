import { expect } from "chai";
import { NAME_LIMITS, appMetricNamespace, bucketName, physicalName, shortHash } from "../../lib/naming";
import { platformTags, resourceTags } from "../../lib/tags";

describe("lib/naming and lib/tags", () => {
    it("joins prefix and role in kebab case", () => {
        expect(physicalName("startup-prod", "App Fleet")).to.equal("startup-prod-app-fleet");
    });

    it("cuts long names to the limit with a stable hash so they stay unique", () => {
        const a = physicalName("startup-production-east", "application-load-balancer", NAME_LIMITS.loadBalancer);
        const b = physicalName("startup-production-east", "application-load-balancer-2", NAME_LIMITS.loadBalancer);
        expect(a.length).to.be.at.most(32);
        expect(b.length).to.be.at.most(32);
        expect(a).to.not.equal(b);
        expect(physicalName("startup-production-east", "application-load-balancer", 32)).to.equal(a);
        expect(a).to.match(/^[a-z0-9-]+[a-z0-9]$/);
    });

    it("hashes deterministically", () => {
        expect(shortHash("x")).to.equal(shortHash("x"));
        expect(shortHash("x")).to.not.equal(shortHash("y"));
    });

    it("makes bucket names unique per account and region within 63 characters", () => {
        const name = bucketName("startup-prod", "analytics-raw-events", "123456789012", "us-east-1");
        expect(name).to.equal("startup-prod-analytics-raw-events-123456789012-us-east-1");
        expect(bucketName("startup-prod", "x".repeat(80), "123456789012", "us-east-1").length).to.be.at.most(63);
    });

    it("puts Name first and lets nothing override the platform tags' order", () => {
        const base = platformTags({ project: "p", stack: "s", environment: "dev", role: "primary", owner: "o", costCenter: "c" });
        expect(base).to.include({ Project: "p", Stack: "s", Environment: "dev", Owner: "o", CostCenter: "c", ManagedBy: "pulumi" });
        expect(Object.keys(resourceTags("n", base, { Extra: "1" }))[0]).to.equal("Name");
    });

    it("names the app's metric namespace after the stack's prefix, never an AWS/ one", () => {
        expect(appMetricNamespace("startup-prod")).to.equal("startup-prod/app");
        expect(() => appMetricNamespace("AWS")).to.throw('"AWS/app" is not a custom CloudWatch namespace');
        expect(() => appMetricNamespace("bad prefix")).to.throw("is not a custom CloudWatch namespace");
    });
});
