import { expect } from "chai";
import { FleetSettings, ImageAvailability, TLS13_POLICIES, capacityProblems, capacityWaitTimeout, fleetProblems, imageGate } from "../../lib/fleet";

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

describe("lib/fleet: waiting for capacity on pulumi up", () => {
    const image: ImageAvailability = { repositoryName: "startup-prod/app", imageTag: "1.0.0", tags: ["0.9.0", "1.0.0"], replicated: false };

    it("waits longer than the launch hook's heartbeat (the provider's 10-minute default is shorter than 15)", () => {
        expect(capacityWaitTimeout(900)).to.equal("20m");
        expect(capacityWaitTimeout(301)).to.equal("11m");
    });

    it("waits for healthy instances when the tag is in the repository", () => {
        expect(imageGate(image)).to.deep.equal({ waitForCapacity: true });
        expect(imageGate({ ...image, replicated: true })).to.deep.equal({ waitForCapacity: true });
    });

    it("a new stack (empty repository): does not wait, and says how to push the first image", () => {
        const gate = imageGate({ ...image, tags: [] });
        expect(gate.waitForCapacity).to.equal(false);
        expect(gate.problem).to.equal(undefined);
        expect(gate.warning).to.include("startup-prod/app holds no image yet (a new stack)");
        expect(gate.warning).to.include('push startup-prod/app:1.0.0 (README, "Deploying for real")');
        expect(gate.warning).to.include("then run pulumi up again, which waits for healthy instances");
    });

    it("a new DR stack: does not wait, and says replication copies only later pushes", () => {
        const gate = imageGate({ ...image, tags: [], replicated: true });
        expect(gate.waitForCapacity).to.equal(false);
        expect(gate.warning).to.include("ECR replication copies only images pushed after it exists: copy startup-prod/app:1.0.0");
        expect(gate.warning).to.include('docs/dr-runbook.md, "First deploy"');
    });

    it("a release not pushed yet: a primary fails before changing anything; DR does not wait for replication", () => {
        const missing = { ...image, imageTag: "1.1.0" };
        expect(imageGate(missing)).to.deep.equal({
            waitForCapacity: false,
            problem:
                "startup-platform:fleet.imageTag: startup-prod/app:1.1.0 is not in the repository (it holds other tags); push the image before deploying, or new instances and an instance refresh could not start",
        });
        const dr = imageGate({ ...missing, replicated: true });
        expect(dr.waitForCapacity).to.equal(false);
        expect(dr.problem).to.equal(undefined);
        expect(dr.warning).to.include("startup-prod/app:1.1.0 is not in this region's repository yet");
    });
});
