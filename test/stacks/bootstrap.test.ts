import { expect } from "chai";
import { ConfigError } from "../../stacks/config/load";
import { OfflineProgramError, OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { PRIMARY_STACK, one, runOffline, stackRuns } from "../helpers";

/**
 * A stack's first `pulumi up`: its image repository is new and empty, so no instance can start.
 * The group is then created without waiting for capacity, so the first up completes; once the
 * image is in the repository, every later up waits for healthy instances again.
 */
const waitOf = (run: OfflineRun) => one(run, "aws:autoscaling/group:Group").inputs.waitForCapacityTimeout;
const imageTagOf = (stack: string) => (readStackConfigFile(stack)["startup-platform:fleet"] as { imageTag: string }).imageTag;

describe("bootstrap: the first pulumi up of a stack whose repository holds no image", () => {
    let deployed: { dev: OfflineRun; prod: OfflineRun; dr: OfflineRun };
    before(async () => {
        deployed = await stackRuns();
    });

    it("a deployed stack (its tag in the repository) waits for healthy capacity, longer than the launch hook", () => {
        for (const run of Object.values(deployed)) {
            expect(waitOf(run), run.stack).to.equal("20m");
            expect(run.warnings.join("\n"), run.stack).to.not.include("holds no image yet");
        }
    });

    // One primary stands for all: the gate's cases are lib/fleet.ts imageGate's (test/unit/fleet.test.ts).
    it("a new primary stack: the group is created without waiting, and the warning says what to push", async () => {
        const stack = "dev";
        const run = await runOffline({ stack, imageTags: [] });
        expect(waitOf(run)).to.equal("0");
        const repository = run.outputs.imageRepositoryName;
        expect(run.warnings).to.include(
            `Pulumi.${stack}.yaml: ${repository} holds no image yet (a new stack): the Auto Scaling group is not waited for, and its instances wait for the image, or are replaced, until it is there; push ${repository}:${imageTagOf(stack)} (README, "Deploying for real"), then run pulumi up again, which waits for healthy instances`,
        );
        // Everything else is built as usual: the fleet still launches, at its configured size.
        expect(one(run, "aws:autoscaling/group:Group").inputs).to.include({ minSize: one(deployed[stack], "aws:autoscaling/group:Group").inputs.minSize });
    });

    it("a new DR stack (replication copies only later pushes): not waited for, pointing at the runbook's copy step", async () => {
        const run = await runOffline({ stack: "dr", imageTags: [], stackOutputs: { [PRIMARY_STACK]: deployed.prod.outputs } });
        expect(waitOf(run)).to.equal("0");
        const warning = run.warnings.find((w) => w.includes("holds no image yet"));
        expect(warning).to.include(`ECR replication copies only images pushed after it exists: copy ${deployed.prod.outputs.imageRepositoryName}:${imageTagOf("dr")}`);
        expect(warning).to.include('docs/dr-runbook.md, "First deploy"');
    });

    it("a release whose tag is missing from a repository holding other images stops the update, naming the stack file and the tag", async () => {
        const stack = "dev";
        const error = await runOffline({ stack, imageTags: ["v0.9.0"] }).then(
            () => expect.fail("expected the run to fail"),
            (err: Error) => err,
        );
        expect(error).to.be.instanceOf(OfflineProgramError);
        // The SDK rethrows the program's own error (only its message gains the property), so the
        // CLI shows a ConfigError, a RunError, without a stack trace.
        const cause = (error as OfflineProgramError).cause;
        expect(cause).to.be.instanceOf(ConfigError);
        expect((cause as ConfigError).file).to.equal(`Pulumi.${stack}.yaml`);
        expect(cause.message).to.include(`startup-platform:fleet.imageTag: ${deployed[stack].outputs.imageRepositoryName}:${imageTagOf(stack)} is not in the repository (it holds other tags)`);
    });
});
