import { expect } from "chai";
import { RESOURCE_RULES } from "../../policies/rules";
import { OfflineRun } from "../../tools/offline/run";
import { policyFindings } from "../../tools/offline/policy";
import { stackRuns } from "../helpers";

/**
 * The policy pack's rules applied to every resource of every stack, as `pulumi preview
 * --policy-pack policies` would apply them. Any violation fails the stack.
 */
describe("policy pack on every stack", () => {
    const runs: Record<string, OfflineRun> = {};
    before(async () => {
        Object.assign(runs, await stackRuns());
    });

    for (const stack of ["dev", "prod", "dr"]) {
        it(`${stack} violates no policy`, () => {
            const findings = policyFindings(runs[stack]).map((f) => `[${f.policy}] ${f.resource}: ${f.message}`);
            expect(findings).to.deep.equal([]);
        });
    }

    it("checks something in every stack: the provider's tags and the resources that exist", () => {
        for (const stack of ["dev", "prod", "dr"]) {
            const checked = runs[stack].resources.filter((r) => RESOURCE_RULES.some((rule) => rule.appliesTo(r.type)));
            expect(checked.map((r) => r.type), stack).to.include.members(["pulumi:providers:aws", "aws:cloudwatch/logGroup:LogGroup", "aws:kms/key:Key"]);
        }
    });

    it("fails a stack that breaks a rule", async () => {
        const broken = policyFindings({
            ...runs.prod,
            resources: runs.prod.resources.map((r) =>
                r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name === "network-flow-logs" ? { ...r, inputs: { ...r.inputs, kmsKeyId: undefined } } : r,
            ),
        });
        expect(broken.map((f) => f.policy)).to.deep.equal(["encryption-at-rest"]);
        expect(broken[0].resource).to.equal("aws:cloudwatch/logGroup:LogGroup network-flow-logs");
    });

    it("fails a stack whose service role trusts a service without the source account", () => {
        const role = runs.prod.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === "backup-plan-role");
        expect(role, "prod's backup role").to.not.equal(undefined);
        const unconditioned = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }] });
        const broken = policyFindings({
            ...runs.prod,
            resources: runs.prod.resources.map((r) => (r === role ? { ...r, inputs: { ...r.inputs, assumeRolePolicy: unconditioned } } : r)),
        });
        expect(broken.map((f) => `${f.policy} ${f.resource}`)).to.deep.equal(["service-trust-source-context aws:iam/role:Role backup-plan-role"]);
    });

    it("checks every service role of every stack against the trust rule", () => {
        for (const stack of ["dev", "prod", "dr"]) {
            const roles = runs[stack].resources.filter((r) => r.type === "aws:iam/role:Role");
            expect(roles.length, stack).to.be.greaterThan(3);
            for (const role of roles) expect(typeof role.inputs.assumeRolePolicy, `${stack} ${role.name}`).to.equal("string");
        }
    });
});
