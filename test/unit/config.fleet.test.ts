import { expect } from "chai";
import { PlatformConfig, parsePlatformConfig } from "../../stacks/config/load";
import { ASSETS_DEFAULTS, FLEET_DEFAULTS } from "../../stacks/config/fleet";
import { readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, problemsOf } from "../configHelpers";


function withFleet(change: (fleet: Record<string, unknown>) => void, stack = "prod"): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile(stack));
    change(raw["startup-platform:fleet"] as Record<string, unknown>);
    return raw;
}

describe("stack config: fleet and assets", () => {
    it("reads each stack's fleet: dev small, prod larger with predictive scaling and a warm pool, DR a running standby", () => {
        const parse = (stack: string): PlatformConfig => parsePlatformConfig(readStackConfigFile(stack), { stack, file: `Pulumi.${stack}.yaml` });
        const dev = parse("dev");
        const prod = parse("prod");
        const dr = parse("dr");
        expect(dev.fleet).to.deep.include({ instanceTypes: ["t3.small"], minSize: 1, maxSize: 3 });
        expect(dev.fleet.scaling).to.deep.equal({ metric: "requestCount", targetValue: 500, predictive: false });
        expect(prod.fleet.scaling).to.deep.include({ predictive: true, warmPool: { minSize: 2 } });
        expect(prod.fleet.maxSize).to.be.greaterThan(dev.fleet.maxSize);
        expect(dr.fleet.minSize).to.be.at.least(2);
        expect(dr.fleet.scaling.warmPool).to.equal(undefined);
    });

    it("fills defaults", () => {
        const cfg = parsePlatformConfig(
            withFleet((f) => {
                for (const key of Object.keys(f)) if (!["instanceTypes", "minSize", "maxSize", "desiredCapacity", "imageTag", "scaling"].includes(key)) delete f[key];
                f.scaling = { targetValue: 100 };
            }),
            source,
        );
        expect(cfg.fleet).to.deep.include({
            appPort: FLEET_DEFAULTS.appPort,
            healthCheckPath: "/health",
            tlsPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            issueCertificate: true,
            cognitoAuth: false,
            rateLimitPer5Minutes: 2000,
            logRetentionDays: 90,
            images: FLEET_DEFAULTS.images,
        });
        expect(cfg.fleet.scaling).to.deep.equal({ metric: "requestCount", targetValue: 100, predictive: false });
        const noAssets = structuredClone(readStackConfigFile("prod"));
        delete noAssets["startup-platform:assets"];
        expect(parsePlatformConfig(noAssets, source).assets).to.deep.equal(ASSETS_DEFAULTS);
    });

    it("requires the fleet section", () => {
        const raw = structuredClone(readStackConfigFile("prod"));
        delete raw["startup-platform:fleet"];
        expect(problemsOf(raw)).to.include("startup-platform:fleet: is missing; expected a map of settings");
    });

    it("rejects sizes out of order", () => {
        expect(problemsOf(withFleet((f) => Object.assign(f, { minSize: 5, maxSize: 2, desiredCapacity: 3 })))).to.deep.equal([
            "startup-platform:fleet.minSize: minSize (5) must not exceed maxSize (2)",
            "startup-platform:fleet.desiredCapacity: desiredCapacity (3) must lie between minSize (5) and maxSize (2)",
        ]);
        expect(problemsOf(withFleet((f) => Object.assign(f, { desiredCapacity: 20 })))).to.deep.equal([
            "startup-platform:fleet.desiredCapacity: desiredCapacity (20) must lie between minSize (3) and maxSize (12)",
        ]);
    });

    it("rejects unknown families and mixed architectures", () => {
        const problems = problemsOf(withFleet((f) => Object.assign(f, { instanceTypes: ["m7i.large", "m7g.large"], scaling: { targetValue: 1 } })));
        expect(problems).to.deep.equal([
            "startup-platform:fleet.instanceTypes: instance types mix CPU architectures (m7i.large is x86_64, m7g.large is arm64); one launch template has one AMI, so pick one architecture",
        ]);
        expect(problemsOf(withFleet((f) => Object.assign(f, { instanceTypes: ["x2idn.large"] })))[0]).to.match(
            /^startup-platform:fleet\.instanceTypes: "x2idn\.large": family x2idn is not allowed; use one of t3, /,
        );
    });

    it("allows a warm pool only with one instance type", () => {
        expect(problemsOf(withFleet((f) => Object.assign(f, { instanceTypes: ["m7i.large", "m6i.large"] })))).to.deep.equal([
            "startup-platform:fleet.scaling.warmPool: needs exactly one instance type (AWS refuses warm pools on mixed-instance groups); instanceTypes has 2",
        ]);
    });

    it("requires a certificate for HTTPS", () => {
        expect(problemsOf(withFleet((f) => Object.assign(f, { issueCertificate: false })))).to.deep.equal([
            "startup-platform:fleet.certificateArn: HTTPS needs a certificate: set certificateArn to an ACM certificate in the stack's region, or issueCertificate: true to issue one validated in the dns hosted zone",
        ]);
        const withArn = withFleet((f) => Object.assign(f, { issueCertificate: false, certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555" }));
        expect(parsePlatformConfig(withArn, source).fleet.certificateArn).to.match(/^arn:aws:acm:us-east-1:/);
        expect(problemsOf(withFleet((f) => Object.assign(f, { certificateArn: "my-cert" })))[0]).to.include("expected an ACM certificate ARN");
    });

    it("names the key, the value and what is expected for single values", () => {
        const problems = problemsOf(
            withFleet((f) => Object.assign(f, { imageTag: "latest", rateLimitPer5Minutes: 5, tlsPolicy: "ELBSecurityPolicy-2016-08", appPort: 80, typo: true })),
        );
        expect(problems).to.include('startup-platform:fleet.imageTag: got "latest"; expected a release tag: the repository\'s tags are immutable, so "latest" could never move');
        expect(problems).to.include("startup-platform:fleet.rateLimitPer5Minutes: got 5; expected at least 10 (requests per 5 minutes)");
        expect(problems).to.include("startup-platform:fleet.appPort: got 80; expected at least 1024 (an unprivileged port)");
        expect(problems.find((p) => p.startsWith("startup-platform:fleet.tlsPolicy"))).to.include('expected one of: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"');
        expect(problems.find((p) => p.startsWith("startup-platform:fleet.typo"))).to.match(/unknown key \(a typo\?\); allowed keys here: instanceTypes, minSize/);
    });

    it("bounds the scaling target: a CPU percentage at most 100, a request count at most a million", () => {
        const target = (metric: string, targetValue: number) => withFleet((f) => Object.assign(f, { scaling: { ...(f.scaling as object), metric, targetValue } }));
        expect(problemsOf(target("cpu", 150))).to.deep.equal(["startup-platform:fleet.scaling.targetValue: is a CPU percentage when metric is cpu: expected at most 100, got 150"]);
        expect(problemsOf(target("requestCount", 1e30))).to.deep.equal([
            "startup-platform:fleet.scaling.targetValue: got 1e+30; expected at most 1000000 (requests per instance per minute), or at most 100 for cpu",
        ]);
        expect(parsePlatformConfig(target("cpu", 60), source).fleet.scaling.targetValue).to.equal(60);
    });

    it("keeps access logs at least until their last archive step", () => {
        expect(problemsOf(withFleet((f) => Object.assign(f, { accessLogExpireDays: 200 })))).to.deep.equal([
            "startup-platform:fleet.accessLogExpireDays: must come after the last archive step (365 days), got 200",
        ]);
    });

    it("keeps the CloudFront web ACL's logs for a retention CloudWatch Logs accepts, 90 days unless set", () => {
        const withAssets = (assets: Record<string, unknown>) => {
            const raw = structuredClone(readStackConfigFile("prod"));
            raw["startup-platform:assets"] = assets;
            return raw;
        };
        expect(parsePlatformConfig(withAssets({}), source).assets.wafLogRetentionDays).to.equal(90);
        expect(parsePlatformConfig(withAssets({ wafLogRetentionDays: 731 }), source).assets.wafLogRetentionDays).to.equal(731);
        expect(problemsOf(withAssets({ wafLogRetentionDays: 100 }))).to.deep.equal([
            "startup-platform:assets.wafLogRetentionDays: got 100; expected one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
        ]);
    });

    it("checks the assets price class", () => {
        const raw = structuredClone(readStackConfigFile("prod"));
        raw["startup-platform:assets"] = { priceClass: "PriceClass_Cheap" };
        expect(problemsOf(raw)[0]).to.equal('startup-platform:assets.priceClass: got "PriceClass_Cheap"; expected one of: "PriceClass_100", "PriceClass_200", "PriceClass_All"');
    });
});
