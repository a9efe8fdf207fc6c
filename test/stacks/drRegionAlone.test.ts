import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PROJECT } from "../../lib/constants";
import { PRIMARY_EXPORTS } from "../../stacks/outputs";
import { PRIMARY_PROVIDER_NAME } from "../../stacks/providers";
import { OfflineRun, ROOT, RecordedResource } from "../../tools/offline/run";
import { one, stackRuns } from "../helpers";

/**
 * The DR stack must be deployable while the primary region is down: everything it creates in the
 * primary region goes through one provider, which `pulumi up --exclude <its URN>
 * --exclude-dependents` skips, and nothing in DR's own region depends on those resources.
 */

/**
 * The real engine's URN of a resource: the mocks put the stack's type in front of top-level
 * resources' types (`pulumi:pulumi:Stack$...`), which the engine leaves out.
 */
const engineUrn = (r: RecordedResource) => r.urn.replace("::pulumi:pulumi:Stack$", "::");

/**
 * What `--exclude <urn> --exclude-dependents` skips, as the engine decides it
 * (pkg/resource/deploy/step_generator.go, isTargetedForUpdate): a resource whose provider, parent
 * or any dependency (dependsOn or an input's resource) is excluded; here followed transitively.
 */
function excludedWithDependents(run: OfflineRun, excluded: RecordedResource): Set<string> {
    const out = new Set([excluded.urn]);
    for (let grew = true; grew; ) {
        grew = false;
        for (const r of run.resources) {
            if (out.has(r.urn)) continue;
            const edges = [r.provider, r.parent, ...r.dependencies, ...r.dependsOn].filter((u): u is string => u !== undefined);
            if (edges.some((u) => out.has(u))) {
                out.add(r.urn);
                grew = true;
            }
        }
    }
    return out;
}

describe("DR stack: its own region deploys while the primary region is down", () => {
    let runs: Awaited<ReturnType<typeof stackRuns>>;
    let provider: RecordedResource;
    let primaryRegion: RecordedResource[];
    before(async () => {
        runs = await stackRuns();
        provider = one(runs.dr, "pulumi:providers:aws", PRIMARY_PROVIDER_NAME);
        primaryRegion = runs.dr.resources.filter((r) => r.provider === provider.urn);
    });

    it("creates the primary-region halves (replication, Batch Replication roles, image replication, alarms) through one provider", () => {
        expect(provider.inputs.region).to.equal(runs.prod.outputs[PRIMARY_EXPORTS.region]);
        expect(primaryRegion.map((r) => r.name)).to.include.members([
            "analytics-replication-config",
            "uploads-replication-config",
            "analytics-replication-role",
            "uploads-replication-batch-role",
            "app-image-replication-configuration",
            "primary-region-alarms-analytics-replication-failed",
        ]);
        // No other provider points at the primary region.
        const others = runs.dr.resources.filter((r) => r.type === "pulumi:providers:aws" && r !== provider);
        expect(others.map((p) => p.inputs.region)).to.deep.equal([runs.dr.region]);
    });

    it("configures that provider without the primary region: its STS calls go to DR's region", () => {
        expect(provider.inputs.stsRegion).to.equal(runs.dr.region);
        expect(provider.inputs.stsRegion).to.not.equal(provider.inputs.region);
        // No data source is read through it either: `pulumi up` would call it even for excluded resources.
        expect(runs.dr.calls.filter((c) => c.provider === provider.urn)).to.deep.equal([]);
    });

    it("excluding the provider with its dependents skips exactly the primary-region resources, nothing in DR's region", () => {
        const skipped = excludedWithDependents(runs.dr, provider);
        const skippedCustom = runs.dr.resources.filter((r) => skipped.has(r.urn) && r.custom && r !== provider);
        expect(skippedCustom.map((r) => r.urn).sort()).to.deep.equal(primaryRegion.map((r) => r.urn).sort());
        const drProvider = one(runs.dr, "pulumi:providers:aws", `aws-${runs.dr.region}`);
        const drRegion = runs.dr.resources.filter((r) => r.provider === drProvider.urn);
        expect(drRegion.length).to.be.greaterThan(100);
        expect(drRegion.filter((r) => skipped.has(r.urn)).map((r) => r.name)).to.deep.equal([]);
    });

    it("documents the exact command in the runbook, with the provider's URN as the engine writes it", () => {
        const urn = engineUrn(provider);
        expect(urn).to.equal(`urn:pulumi:dr::${PROJECT}::pulumi:providers:aws::${PRIMARY_PROVIDER_NAME}`);
        const runbook = fs.readFileSync(path.join(ROOT, "docs", "dr-runbook.md"), "utf8");
        expect(runbook).to.include(`pulumi up -s <org>/dr --exclude '${urn}' --exclude-dependents`);
        expect(runbook).to.include(`pulumi preview -s <org>/dr --exclude '${urn}' --exclude-dependents`);
    });
});
