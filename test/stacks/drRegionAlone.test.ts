import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PROJECT } from "../../lib/constants";
import { PRIMARY_EXPORTS } from "../../stacks/outputs";
import { EDGE_PROVIDER_NAME, PRIMARY_PROVIDER_NAME } from "../../stacks/providers";
import { OfflineRun, ROOT, RecordedResource } from "../../tools/offline/run";
import { one, stackRuns } from "../helpers";

/**
 * The DR stack must be deployable while the primary region is down: everything it creates outside
 * its own region goes through two providers (`aws-primary` for the primary's region, `aws-edge`
 * for CloudFront's us-east-1), which `pulumi up --exclude <URN> --exclude <URN>
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
function excludedWithDependents(run: OfflineRun, excluded: readonly RecordedResource[]): Set<string> {
    const out = new Set(excluded.map((r) => r.urn));
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
    let edge: RecordedResource;
    let primaryRegion: RecordedResource[];
    let outside: RecordedResource[];
    before(async () => {
        runs = await stackRuns();
        provider = one(runs.dr, "pulumi:providers:aws", PRIMARY_PROVIDER_NAME);
        edge = one(runs.dr, "pulumi:providers:aws", EDGE_PROVIDER_NAME);
        primaryRegion = runs.dr.resources.filter((r) => r.provider === provider.urn);
        outside = runs.dr.resources.filter((r) => r.provider === provider.urn || r.provider === edge.urn);
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
        // Outside DR's region there are only those two providers: the primary's and CloudFront's.
        const others = runs.dr.resources.filter((r) => r.type === "pulumi:providers:aws" && r.inputs.region !== runs.dr.region);
        expect(others.map((p) => p.name).sort()).to.deep.equal([EDGE_PROVIDER_NAME, PRIMARY_PROVIDER_NAME].sort());
    });

    it("creates CloudFront's us-east-1 pieces (certificate, web ACL, its WAF logging and the key of that log group) through aws-edge", () => {
        expect(edge.inputs.region).to.equal("us-east-1");
        const throughEdge = runs.dr.resources.filter((r) => r.provider === edge.urn).map((r) => `${r.type} ${r.name}`);
        expect(throughEdge).to.include.members([
            "aws:acm/certificate:Certificate assets-certificate-cert",
            "aws:wafv2/webAcl:WebAcl assets-waf",
            "aws:cloudwatch/logGroup:LogGroup assets-waf-logs",
            "aws:cloudwatch/logResourcePolicy:LogResourcePolicy assets-waf-logs-delivery",
            "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration assets-waf-logging",
            "aws:kms/key:Key edge-logs-key",
            "aws:kms/alias:Alias edge-logs-alias",
        ]);
        // Nothing reaches another region through DR's own provider either, e.g. with the per-resource
        // `region` input @pulumi/aws v7 takes: the exclusion would not skip it.
        const drProvider = one(runs.dr, "pulumi:providers:aws", `aws-${runs.dr.region}`);
        const elsewhere = runs.dr.resources.filter(
            (r) => r.provider === drProvider.urn && ((r.inputs.region !== undefined && r.inputs.region !== runs.dr.region) || /^arn:aws:[a-z0-9-]+:us-east-1:/.test(String(r.state.arn ?? ""))),
        );
        expect(elsewhere.map((r) => r.name)).to.deep.equal([]);
    });

    it("configures those providers without their region: their STS calls go to DR's region", () => {
        for (const p of [provider, edge]) {
            expect(p.inputs.stsRegion, p.name).to.equal(runs.dr.region);
            expect(p.inputs.stsRegion, p.name).to.not.equal(p.inputs.region);
            // No data source is read through them either: `pulumi up` would call it even for excluded resources.
            expect(runs.dr.calls.filter((c) => c.provider === p.urn), p.name).to.deep.equal([]);
        }
    });

    it("excluding both providers with their dependents skips the resources outside DR's region and the assets' edge, nothing else", () => {
        const skipped = excludedWithDependents(runs.dr, [provider, edge]);
        const skippedCustom = runs.dr.resources.filter((r) => skipped.has(r.urn) && r.custom && r !== provider && r !== edge);
        expect(skippedCustom.map((r) => r.urn)).to.include.members(outside.map((r) => r.urn));
        const drProvider = one(runs.dr, "pulumi:providers:aws", `aws-${runs.dr.region}`);
        const drRegion = runs.dr.resources.filter((r) => r.provider === drProvider.urn);
        expect(drRegion.length).to.be.greaterThan(100);
        // Through DR's provider, only what hangs on the edge certificate and web ACL waits: the
        // distribution and its alias records (CloudFront and Route 53 are served from us-east-1
        // anyway) and the assets bucket's policy, which names the distribution.
        expect(drRegion.filter((r) => skipped.has(r.urn)).map((r) => `${r.type} ${r.name}`).sort()).to.deep.equal([
            "aws:cloudfront/distribution:Distribution assets-cdn",
            "aws:route53/record:Record assets-alias-a",
            "aws:route53/record:Record assets-alias-aaaa",
            "aws:s3/bucketPolicy:BucketPolicy assets-bucket-policy",
        ]);
    });

    it("documents the exact command in the runbook, with the providers' URNs as the engine writes them", () => {
        const urns = [provider, edge].map(engineUrn);
        expect(urns).to.deep.equal([PRIMARY_PROVIDER_NAME, EDGE_PROVIDER_NAME].map((n) => `urn:pulumi:dr::${PROJECT}::pulumi:providers:aws::${n}`));
        const runbook = fs.readFileSync(path.join(ROOT, "docs", "dr-runbook.md"), "utf8");
        const flags = urns.map((u) => `--exclude '${u}'`).join(" ");
        expect(runbook).to.include(`pulumi up -s <org>/dr ${flags} --exclude-dependents`);
        expect(runbook).to.include(`pulumi preview -s <org>/dr ${flags} --exclude-dependents`);
    });
});
