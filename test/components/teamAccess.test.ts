import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { TeamAccess, TeamAccessArgs } from "../../components/teamAccess";
import { MOCK_ACCOUNT_ID, ancestors, all, one, policyOf, runComponent, some } from "../helpers";

function args(overrides: Partial<TeamAccessArgs> = {}): TeamAccessArgs {
    return {
        namePrefix: "startup-test",
        accountId: MOCK_ACCOUNT_ID,
        partition: "aws",
        project: "startup-platform",
        users: [
            { name: "ana.silva", groups: ["admins"] },
            { name: "bo.chen", groups: ["developers", "billing"] },
        ],
        ...overrides,
    };
}

function runTeam(overrides: Partial<TeamAccessArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const team = new TeamAccess("team", args(overrides), { provider });
        return { groups: team.groupNames, users: team.userNames };
    });
}

const attachmentsOf = (run: Awaited<ReturnType<typeof runTeam>>, group: string) =>
    some(run, "aws:iam/groupPolicyAttachment:GroupPolicyAttachment").filter((a) => a.inputs.group === group);

describe("TeamAccess", () => {
    let run: Awaited<ReturnType<typeof runTeam>>;
    before(async () => {
        run = await runTeam();
    });

    it("creates a group per role with its AWS managed policy and the MFA requirement", () => {
        const mfa = one(run, "aws:iam/policy:Policy", "team-require-mfa");
        const expected: Record<string, string> = {
            "startup-test-admins": "arn:aws:iam::aws:policy/AdministratorAccess",
            "startup-test-developers": "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "startup-test-readonly": "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "startup-test-billing": "arn:aws:iam::aws:policy/job-function/Billing",
        };
        expect(all(run, "aws:iam/group:Group").map((g) => g.inputs.name)).to.have.members(Object.keys(expected));
        for (const [group, managed] of Object.entries(expected)) {
            const arns = attachmentsOf(run, group).map((a) => a.inputs.policyArn);
            expect(arns, group).to.include.members([managed, mfa.state.arn]);
        }
        expect(run.outputs.groups).to.deep.include({ readOnly: "startup-test-readonly" });
    });

    it("gives only developers Session Manager, scoped to the project's instances", () => {
        const sessions = one(run, "aws:iam/policy:Policy", "team-session-manager");
        const holders = some(run, "aws:iam/groupPolicyAttachment:GroupPolicyAttachment").filter((a) => a.inputs.policyArn === sessions.state.arn);
        expect(holders.map((a) => a.inputs.group)).to.deep.equal(["startup-test-developers"]);
        const start = policyOf(sessions).Statement.find((s) => s.Sid === "StartSessionOnProjectInstances");
        expect(start?.Condition).to.deep.equal({ StringEquals: { "ssm:resourceTag/Project": "startup-platform" } });
    });

    it("gives developers PowerUserAccess when the account is dev-only", async () => {
        const powerUser = await runTeam({ developerAccess: "powerUser" });
        expect(attachmentsOf(powerUser, "startup-test-developers").map((a) => a.inputs.policyArn)).to.include("arn:aws:iam::aws:policy/PowerUserAccess");
    });

    it("enforces MFA with the AWS deny-unless-MFA statement", () => {
        const policy = policyOf(one(run, "aws:iam/policy:Policy", "team-require-mfa"));
        const block = policy.Statement.find((s) => s.Sid === "BlockMostAccessUnlessSignedInWithMFA");
        expect(block).to.deep.include({ Effect: "Deny", Resource: "*" });
        expect(block?.Condition).to.deep.equal({ BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } });
    });

    it("sets a 14+ character password policy; the regional Access Analyzer is ThreatDetection's", async () => {
        const strict = await runTeam({ minimumPasswordLength: 16, maxPasswordAgeDays: 90 });
        expect(one(strict, "aws:iam/accountPasswordPolicy:AccountPasswordPolicy").inputs).to.include({
            minimumPasswordLength: 16,
            requireSymbols: true,
            passwordReusePrevention: 24,
            maxPasswordAge: 90,
        });
        expect(some(run, "aws:accessanalyzer/analyzer:Analyzer")).to.deep.equal([]);
    });

    it("turns each configured person into a user in their groups, with no keys or passwords", () => {
        expect(all(run, "aws:iam/user:User").map((u) => u.inputs.name)).to.deep.equal(["ana.silva", "bo.chen"]);
        const bo = one(run, "aws:iam/userGroupMembership:UserGroupMembership", "team-user-bo.chen-groups");
        expect(bo.inputs).to.deep.equal({ user: "bo.chen", groups: ["startup-test-developers", "startup-test-billing"] });
        for (const type of ["aws:iam/accessKey:AccessKey", "aws:iam/userLoginProfile:UserLoginProfile", "aws:iam/userPolicyAttachment:UserPolicyAttachment"]) {
            expect(some(run, type), type).to.deep.equal([]);
        }
        expect(run.outputs.users).to.deep.equal(["ana.silva", "bo.chen"]);
    });

    it("parents every resource under the component", () => {
        for (const r of run.resources.filter((x) => x.custom && x.name.startsWith("team-"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:security:TeamAccess");
        }
    });

    it("rejects bad members and weak passwords before creating anything", () => {
        expect(() => new TeamAccess("bad", args({ users: [{ name: "x", groups: [] }] }))).to.throw(/fix access.users:\n {2}- users\[0\]: "x" needs at least one group/);
        expect(() => new TeamAccess("bad", args({ minimumPasswordLength: 10 }))).to.throw("minimum password length must be 14-128, got 10");
    });
});
