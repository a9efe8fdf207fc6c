import { expect } from "chai";
import { OfflineProgramError, OfflineRun } from "../../tools/offline/run";
import { STACKS, ancestors, everyStackRun, one, runOffline } from "../helpers";
import { readStackConfigFile } from "../../tools/offline/run";
import { cidrsOverlap } from "../../lib/cidr";

/** Every stack file's run: dev, prod, DR with prod's real outputs behind its stack reference, and any other. */
async function runAll(): Promise<Record<string, OfflineRun>> {
    return Object.fromEntries(await everyStackRun());
}

describe("stacks, end to end under mocks", () => {
    let runs: Record<string, OfflineRun>;
    before(async () => {
        runs = await runAll();
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("gives every cloud resource a component parent", () => {
                const run = runs[stack];
                const orphans = run.resources.filter(
                    (r) => r.custom && !r.type.startsWith("pulumi:providers:") && r.type !== "pulumi:pulumi:StackReference" &&
                        !ancestors(run, r).some((a) => !a.custom && a.type.startsWith("startup:")),
                );
                expect(orphans.map((r) => `${r.type} ${r.name}`)).to.deep.equal([]);
            });

            it("sends every cloud resource through the stack's explicit provider in its region", () => {
                const run = runs[stack];
                const providers = run.resources.filter((r) => r.type === "pulumi:providers:aws");
                const home = providers.find((p) => p.inputs.region === run.region);
                expect(home, "a provider in the stack's region").to.not.equal(undefined);
                // Provider inputs reach the engine JSON-encoded.
                const tags = (JSON.parse(String(home!.inputs.defaultTags)) as { tags: Record<string, string> }).tags;
                expect(tags).to.include({ Stack: stack, ManagedBy: "pulumi", Project: "startup-platform" });
                for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
                    expect(r.provider, `${r.type} ${r.name}`).to.be.a("string");
                }
            });

            it("uses its own config: zones and CIDR", () => {
                const config = readStackConfigFile(stack);
                const network = config["startup-platform:network"] as { cidr: string; availabilityZones: string[] };
                const vpc = one(runs[stack], "awsx:ec2:Vpc");
                expect(vpc.inputs.cidrBlock).to.equal(network.cidr);
                expect(vpc.inputs.availabilityZoneNames).to.deep.equal(network.availabilityZones);
            });
        });
    }

    it("puts DR in another region with a VPC that does not overlap prod's", () => {
        expect(runs.dr.region).to.not.equal(runs.prod.region);
        expect(runs.dr.outputs.primaryRegion).to.equal(runs.prod.region);
        const cidrs = ["dev", "prod", "dr"].map((s) => String(one(runs[s], "awsx:ec2:Vpc").inputs.cidrBlock));
        expect(cidrsOverlap(cidrs[1], cidrs[2])).to.equal(false);
        expect(cidrsOverlap(cidrs[0], cidrs[1])).to.equal(false);
    });

    it("rejects bad config before registering any resource", async () => {
        const config = readStackConfigFile("dev");
        config["startup-platform:environment"] = "qa";
        let error: OfflineProgramError | undefined;
        try {
            await runOffline({ stack: "dev", config });
        } catch (err) {
            error = err as OfflineProgramError;
        }
        expect(error).to.be.instanceOf(OfflineProgramError);
        expect(error?.message).to.include("Invalid stack configuration in Pulumi.dev.yaml");
        expect(error?.message).to.include('startup-platform:environment: got "qa"; expected one of: "dev", "staging", "prod"');
        expect(error?.registered).to.deep.equal([]);
    });
});
