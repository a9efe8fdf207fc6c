import { expect } from "chai";
import { FleetSettings, TLS13_POLICIES, capacityProblems, fleetProblems } from "../../lib/fleet";

const good: FleetSettings = {
    instanceTypes: ["m7i.large"],
    minSize: 3,
    maxSize: 12,
    desiredCapacity: 3,
    appPort: 8080,
    healthCheckPath: "/health",
    imageTag: "1.0.0",
    rateLimitPer5Minutes: 2000,
    targetValue: 800,
    warmPool: { minSize: 2 },
    refreshMinHealthyPercentage: 90,
    tlsPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    hasCertificate: true,
};

describe("lib/fleet", () => {
    it("accepts a sound prod fleet", () => {
        expect(fleetProblems(good)).to.deep.equal([]);
    });

    it("holds min <= desired <= max", () => {
        expect(capacityProblems({ minSize: 4, maxSize: 2, desiredCapacity: 3 })).to.deep.equal([
            "minSize (4) must not exceed maxSize (2)",
            "desiredCapacity (3) must lie between minSize (4) and maxSize (2)",
        ]);
        expect(capacityProblems({ minSize: 1, maxSize: 3, desiredCapacity: 5 })).to.deep.equal([
            "desiredCapacity (5) must lie between minSize (1) and maxSize (3)",
        ]);
    });

    it("reports every problem at once", () => {
        const problems = fleetProblems({
            ...good,
            instanceTypes: ["m7i.large", "x9.large"],
            minSize: 5,
            maxSize: 2,
            imageTag: "latest",
            hasCertificate: false,
            tlsPolicy: "ELBSecurityPolicy-2016-08",
        });
        expect(problems).to.include('"x9.large": family x9 is not allowed; use one of t3, t3a, m6i, m6a, m7i, m7a, c6i, c7i, r6i, r7i, t4g, m6g, m7g, c6g, c7g, r6g, r7g');
        expect(problems).to.include("minSize (5) must not exceed maxSize (2)");
        expect(problems).to.include('imageTag must name a release (tags are immutable, so "latest" could never move)');
        expect(problems).to.include("a warm pool needs exactly one instance type (AWS refuses warm pools on mixed-instance groups), got 2");
        expect(problems).to.include(`tlsPolicy must be one of ${TLS13_POLICIES.join(", ")}, got ELBSecurityPolicy-2016-08`);
        expect(problems).to.include(
            "HTTPS needs a certificate: give an ACM certificate ARN, or a hosted zone and domain name to issue one validated by DNS",
        );
    });

    it("checks ports, paths, rate limits and refresh percentages", () => {
        const problems = fleetProblems({
            ...good,
            appPort: 80,
            healthCheckPath: "health",
            rateLimitPer5Minutes: 5,
            refreshMinHealthyPercentage: 50,
            refreshMaxHealthyPercentage: 200,
            warmPool: { minSize: 1, maxGroupPreparedCapacity: 4 },
        });
        expect(problems).to.deep.equal([
            "appPort must be 1024-65535 (an unprivileged port), got 80",
            'healthCheckPath must be a path such as /health, got "health"',
            "rateLimitPer5Minutes must be 10-2000000000, got 5",
            "warmPool.maxGroupPreparedCapacity (4) must be at least maxSize (12)",
            "refreshMaxHealthyPercentage must be 100-200 and at most 100 above the minimum, got 200",
        ]);
    });

    it("offers only TLS 1.3 listener policies", () => {
        expect(TLS13_POLICIES.every((p) => p.startsWith("ELBSecurityPolicy-TLS13-"))).to.equal(true);
    });
});
