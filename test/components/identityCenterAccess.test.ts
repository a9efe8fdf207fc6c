import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { IdentityCenterAccess, IdentityCenterAccessArgs } from "../../components/identityCenterAccess";
import { roleGrants, sessionManagerPolicy } from "../../lib/accessPolicy";
import { MOCK_ACCOUNT_ID, all, ancestors, one, runComponent, some } from "../helpers";

const GROUPS = {
    admins: ["906712c3a4-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"],
    developers: ["906712c3a4-2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", "906712c3a4-5f6a7b8c-9d0e-4f1a-2b3c-4d5e6f7a8b9c"],
    readOnly: [],
    billing: [],
};

function args(overrides: Partial<IdentityCenterAccessArgs> = {}): IdentityCenterAccessArgs {
    return {
        namePrefix: "startup-test",
        region: "us-east-1",
        targetAccountId: MOCK_ACCOUNT_ID,
        partition: "aws",
        project: "startup-platform",
        developerAccess: "readOnly",
        sessionHours: { admins: 1, developers: 8, readOnly: 8, billing: 4 },
        groups: GROUPS,
        ...overrides,
    };
}

function runAccess(overrides: Partial<IdentityCenterAccessArgs> = {}, region = "us-east-1") {
    return runComponent(() => {
        const provider = new aws.Provider("aws-identity-center", { region });
        const access = new IdentityCenterAccess("people", args(overrides), { provider });
        return { instanceArn: access.instanceArn, identityStoreId: access.identityStoreId, permissionSets: access.permissionSetArns };
    });
}

describe("IdentityCenterAccess", () => {
    let run: Awaited<ReturnType<typeof runAccess>>;
    before(async () => {
        run = await runAccess();
    });

    const setOf = (role: string) => one(run, "aws:ssoadmin/permissionSet:PermissionSet", `people-${role}`);

    it("creates a permission set per role on the Region's Identity Center instance, with its session length", () => {
        const sets = all(run, "aws:ssoadmin/permissionSet:PermissionSet");
        expect(sets.map((s) => [s.inputs.name, s.inputs.sessionDuration])).to.have.deep.members([
            ["startup-test-admins", "PT1H"],
            ["startup-test-developers", "PT8H"],
            ["startup-test-readonly", "PT8H"],
            ["startup-test-billing", "PT4H"],
        ]);
        expect(run.outputs.instanceArn).to.match(/^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
        expect(run.outputs.identityStoreId).to.match(/^d-[0-9a-f]{10}$/);
        for (const set of sets) expect(set.inputs.instanceArn).to.equal(run.outputs.instanceArn);
        expect(Object.keys(run.outputs.permissionSets as object)).to.deep.equal(["admins", "developers", "readOnly", "billing"]);
    });

    it("attaches each role's AWS managed policies from roleGrants, the same source as the break-glass group", () => {
        const grants = roleGrants("readOnly");
        for (const role of ["admins", "developers", "readOnly", "billing"] as const) {
            const attached = some(run, "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment").filter((a) => a.inputs.permissionSetArn === setOf(role).state.arn);
            expect(attached.map((a) => a.inputs.managedPolicyArn), role).to.deep.equal(grants[role].managedPolicies.map((p) => `arn:aws:iam::aws:policy/${p}`));
        }
    });

    it("gives only developers an inline policy: Session Manager on the project's instances, written for this account", () => {
        const inline = one(run, "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy");
        expect(inline.inputs.permissionSetArn).to.equal(setOf("developers").state.arn);
        expect(JSON.parse(String(inline.inputs.inlinePolicy))).to.deep.equal(sessionManagerPolicy({ partition: "aws", accountId: MOCK_ACCOUNT_ID, project: "startup-platform" }));
    });

    it("assigns each listed group its role in the target account, after the role's policies", () => {
        const assignments = all(run, "aws:ssoadmin/accountAssignment:AccountAssignment");
        expect(assignments.map((a) => [a.inputs.permissionSetArn, a.inputs.principalId])).to.have.deep.members([
            [setOf("admins").state.arn, GROUPS.admins[0]],
            [setOf("developers").state.arn, GROUPS.developers[0]],
            [setOf("developers").state.arn, GROUPS.developers[1]],
        ]);
        for (const a of assignments) {
            expect(a.inputs).to.include({ principalType: "GROUP", targetType: "AWS_ACCOUNT", targetId: MOCK_ACCOUNT_ID, instanceArn: run.outputs.instanceArn });
        }
        const developer = one(run, "aws:ssoadmin/accountAssignment:AccountAssignment", "people-developers-group-0");
        const policies = run.resources.filter((r) => r.name.startsWith("people-developers-") && r.type.includes("olicy"));
        expect(developer.dependsOn).to.have.members(policies.map((p) => p.urn));
    });

    it("gives developers PowerUserAccess when the account is dev-only", async () => {
        const powerUser = await runAccess({ developerAccess: "powerUser" });
        expect(some(powerUser, "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment").map((a) => a.inputs.managedPolicyArn)).to.include(
            "arn:aws:iam::aws:policy/PowerUserAccess",
        );
    });

    it("fails the deployment, saying what to do, where the Region has no Identity Center instance", async () => {
        let error: Error | undefined;
        try {
            await runAccess({ region: "eu-west-1" }, "eu-west-1");
        } catch (err) {
            error = err as Error;
        }
        expect(error?.message).to.include("no IAM Identity Center instance in eu-west-1 for these credentials");
    });

    it("parents every resource under the component", () => {
        for (const r of run.resources.filter((x) => x.custom && x.name.startsWith("people-"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:security:IdentityCenterAccess");
        }
    });

    it("refuses bad session lengths and group ids in the words of access.identityCenter, before creating anything", () => {
        expect(() => new IdentityCenterAccess("bad", args({ sessionHours: { admins: 0, developers: 8, readOnly: 8, billing: 13 }, groups: { ...GROUPS, billing: ["finance"] } }))).to.throw(
            'IdentityCenterAccess bad: groups.billing[0]: got "finance"; expected an Identity Center group id such as 9067a1b2c3-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d; sessionHours.admins: got 0; expected 1-12 hours; sessionHours.billing: got 13; expected 1-12 hours',
        );
    });
});
