import { expect } from "chai";
import { PRIMARY_EXPORTS } from "../../stacks/outputs";
import { OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { PRIMARY_STACK, all, one, runOffline, stackRuns } from "../helpers";

/**
 * Tearing stacks down (docs/dr-runbook.md, "Tearing down"): DR first, then prod. A protected stack
 * refuses `pulumi destroy` until `startup-platform:protect` is false and applied; DR's output names
 * the command that detaches its Aurora secondary from prod's global database first.
 */
describe("tearing down: DR, then prod", () => {
    let prod: OfflineRun;
    let dr: OfflineRun;
    let drUnprotected: OfflineRun;
    let prodUnprotected: OfflineRun;
    before(async () => {
        ({ prod, dr } = await stackRuns());
        drUnprotected = await runOffline({
            stack: "dr",
            config: { ...readStackConfigFile("dr"), "startup-platform:protect": false },
            stackOutputs: { [PRIMARY_STACK]: prod.outputs },
        });
        prodUnprotected = await runOffline({ stack: "prod", config: { ...readStackConfigFile("prod"), "startup-platform:protect": false } });
    });

    it("DR names the exact command that detaches its secondary from prod's global cluster, in DR's region", () => {
        const secondary = one(dr, "aws:rds/cluster:Cluster");
        expect(dr.outputs.databaseDetachCommand).to.equal(
            `aws rds remove-from-global-cluster --region us-west-2 --global-cluster-identifier ${prod.outputs[PRIMARY_EXPORTS.databaseGlobalClusterId]} ` +
                `--db-cluster-identifier ${secondary.state.arn}` +
                ` && aws rds wait db-cluster-available --region us-west-2 --db-cluster-identifier ${secondary.state.clusterIdentifier}`,
        );
        expect(secondary.inputs.globalClusterIdentifier).to.equal(one(prod, "aws:rds/globalCluster:GlobalCluster").state.id);
    });

    it("a protected DR refuses destroy: Pulumi protect and deletion protection on its cluster, no forced instance deletion", () => {
        const secondary = one(dr, "aws:rds/cluster:Cluster");
        expect(secondary.protect).to.equal(true);
        // No final snapshot: the secondary's data is a copy of prod's.
        expect(secondary.inputs).to.include({ deletionProtection: true, skipFinalSnapshot: true });
        for (const instance of all(dr, "aws:rds/clusterInstance:ClusterInstance")) expect(instance.inputs).to.not.have.property("forceDestroy");
    });

    it("with protect: false applied, nothing in DR is protected and the secondary's instances may be deleted to the last", () => {
        expect(drUnprotected.resources.filter((r) => r.protect).map((r) => `${r.type} ${r.name}`)).to.deep.equal([]);
        expect(one(drUnprotected, "aws:rds/cluster:Cluster").inputs).to.include({ deletionProtection: false, skipFinalSnapshot: true });
        const instances = all(drUnprotected, "aws:rds/clusterInstance:ClusterInstance");
        expect(instances.map((i) => i.inputs.forceDestroy)).to.deep.equal(instances.map(() => true));
        expect(drUnprotected.outputs.databaseDetachCommand).to.equal(dr.outputs.databaseDetachCommand);
    });

    it("every backup vault is destroyed with its recovery points once unprotected, never while protected (AWS refuses to delete a vault that holds any)", async () => {
        const vaults = (run: OfflineRun) => all(run, "aws:backup/vault:Vault").map((v) => ({ name: v.inputs.name, protect: v.protect, forceDestroy: v.inputs.forceDestroy }));
        expect(vaults(prod)).to.deep.equal([{ name: "startup-prod-backup", protect: true, forceDestroy: false }]);
        expect(vaults(dr)).to.deep.equal([{ name: "startup-platform-dr-copies", protect: true, forceDestroy: false }]);
        expect(vaults(prodUnprotected)).to.deep.equal([{ name: "startup-prod-backup", protect: false, forceDestroy: true }]);
        expect(vaults(drUnprotected)).to.deep.equal([{ name: "startup-platform-dr-copies", protect: false, forceDestroy: true }]);
        // dev is never protected: its destroy needs no step for the vault.
        expect(vaults((await stackRuns()).dev).map((v) => v.forceDestroy)).to.deep.equal([true]);
    });

    it("a prod stack's security logs outlive it, even after protect: false (flow, WAF, Session Manager, Automation and database audit logs kept, the trail's protected); dev's do not", async () => {
        const kept = (run: OfflineRun) =>
            all(run, "aws:cloudwatch/logGroup:LogGroup")
                .filter((g) => g.retainOnDelete || g.protect)
                .map((g) => g.name)
                .sort();
        const security = ["account-guardrails-automation-logs", "app-waf-logs", "assets-waf-logs", "database-log-audit", "network-flow-logs", "session-preferences-logs"];
        expect(kept(prod)).to.deep.equal([...security, "audit-trail-log-group"].sort());
        expect(kept(dr)).to.deep.equal(security);
        expect(one(prod, "aws:cloudwatch/logGroup:LogGroup", "audit-trail-log-group").protect).to.equal(true);
        expect(kept((await stackRuns()).dev)).to.deep.equal([]);
        // The teardown's protect: false changes nothing here: retention follows the environment.
        expect(kept(prodUnprotected)).to.deep.equal([...security, "audit-trail-log-group"].sort());
        expect(kept(drUnprotected)).to.deep.equal(security);
        // Their keys stay too, or the kept logs could not be read once KMS deletes the key.
        for (const run of [prod, dr, prodUnprotected, drUnprotected]) {
            for (const g of all(run, "aws:cloudwatch/logGroup:LogGroup").filter((x) => x.retainOnDelete)) {
                const key = run.resources.find((r) => r.type === "aws:kms/key:Key" && r.state.arn === g.inputs.kmsKeyId);
                expect(key, `${run.stack} ${g.name}`).to.not.equal(undefined);
                expect(key?.retainOnDelete, `${run.stack} ${g.name}'s key`).to.equal(true);
            }
        }
        // Operational logs go with the stack.
        for (const name of ["app-app-logs", "analytics-delivery-logs", "database-log-error", "database-log-slowquery"]) {
            expect(one(prod, "aws:cloudwatch/logGroup:LogGroup", name).retainOnDelete, name).to.equal(false);
        }
    });

    it("prod's global cluster: kept while protected, detaches members left behind once unprotected", () => {
        expect(one(prod, "aws:rds/globalCluster:GlobalCluster")).to.deep.include({ protect: true });
        expect(one(prod, "aws:rds/globalCluster:GlobalCluster").inputs).to.include({ deletionProtection: true, forceDestroy: false });
        expect(one(prodUnprotected, "aws:rds/globalCluster:GlobalCluster").protect).to.equal(false);
        expect(one(prodUnprotected, "aws:rds/globalCluster:GlobalCluster").inputs).to.include({ deletionProtection: false, forceDestroy: true });
        // The primary's own instances are never force-destroyed: AWS refuses to delete the last
        // instance of a primary that still has secondaries, which is why DR goes first.
        for (const instance of all(prodUnprotected, "aws:rds/clusterInstance:ClusterInstance")) expect(instance.inputs).to.not.have.property("forceDestroy");
        expect(prodUnprotected.resources.filter((r) => r.protect).map((r) => `${r.type} ${r.name}`)).to.deep.equal([]);
        // Unprotecting is the one way to delete prod's cluster: it still leaves a final snapshot.
        expect(one(prodUnprotected, "aws:rds/cluster:Cluster").inputs).to.include({ skipFinalSnapshot: false, finalSnapshotIdentifier: "startup-prod-aurora-final" });
    });
});
