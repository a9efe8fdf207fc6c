import { expect } from "chai";
import { ImageAvailability, TLS13_POLICIES, capacityWaitTimeout, imageGate } from "../../lib/fleet";

describe("lib/fleet", () => {
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
