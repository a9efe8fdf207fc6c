import { expect } from "chai";
import {
    ACCESS_GROUPS,
    ALLOWED_WITHOUT_MFA,
    NotActionStatement,
    groupGrants,
    managedPolicyArn,
    mfaEnforcementPolicy,
    passwordPolicy,
    sessionManagerPolicy,
    teamProblems,
} from "../../lib/accessPolicy";
import { PolicyStatement } from "../../lib/policy";

const statement = (doc: { Statement: Array<PolicyStatement | NotActionStatement> }, sid: string) => {
    const found = doc.Statement.find((s) => s.Sid === sid);
    expect(found, sid).to.not.equal(undefined);
    return found!;
};

describe("lib/accessPolicy", () => {
    describe("groups", () => {
        it("grants AWS managed policies by role, with developers read-only plus Session Manager in prod", () => {
            const grants = groupGrants("readOnly");
            expect(Object.keys(grants)).to.deep.equal([...ACCESS_GROUPS]);
            expect(grants.admins.managedPolicies).to.deep.equal(["AdministratorAccess"]);
            expect(grants.developers).to.deep.equal({ managedPolicies: ["ReadOnlyAccess"], sessionManager: true });
            expect(grants.readOnly).to.deep.equal({ managedPolicies: ["ReadOnlyAccess"], sessionManager: false });
            expect(grants.billing.managedPolicies).to.deep.equal(["job-function/Billing"]);
        });

        it("gives developers PowerUserAccess only when asked (a dev-only account)", () => {
            expect(groupGrants("powerUser").developers.managedPolicies).to.deep.equal(["PowerUserAccess"]);
            expect(groupGrants("powerUser").admins.managedPolicies).to.deep.equal(["AdministratorAccess"]);
        });

        it("builds managed-policy ARNs in the account's partition", () => {
            expect(managedPolicyArn("aws", "job-function/Billing")).to.equal("arn:aws:iam::aws:policy/job-function/Billing");
            expect(managedPolicyArn("aws-cn", "ReadOnlyAccess")).to.equal("arn:aws-cn:iam::aws:policy/ReadOnlyAccess");
        });
    });

    describe("MFA enforcement", () => {
        const doc = mfaEnforcementPolicy("aws", "123456789012");

        it("denies everything but MFA setup and the first password change without MFA, including for access keys", () => {
            const block = statement(doc, "BlockMostAccessUnlessSignedInWithMFA") as NotActionStatement;
            expect(block.Effect).to.equal("Deny");
            expect(block.Resource).to.equal("*");
            expect(block).to.not.have.property("Action");
            expect(block.NotAction).to.have.members([...ALLOWED_WITHOUT_MFA]);
            expect(block.NotAction).to.include.members(["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ChangePassword", "sts:GetSessionToken"]);
            expect(block.NotAction).to.not.include("iam:DeactivateMFADevice");
            // BoolIfExists: long-term keys carry no MFA key at all and must be denied too.
            expect(block.Condition).to.deep.equal({ BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } });
        });

        it("lets users manage only their own MFA device and password", () => {
            const own = statement(doc, "AllowUserToManageTheirOwnMFA") as PolicyStatement;
            expect(own.Resource).to.equal("arn:aws:iam::123456789012:user/${aws:username}");
            const deactivate = statement(doc, "AllowUserToDeactivateTheirOwnMFAOnlyWhenUsingMFA") as PolicyStatement;
            expect(deactivate.Condition).to.deep.equal({ Bool: { "aws:MultiFactorAuthPresent": "true" } });
            expect((statement(doc, "AllowUserToChangeTheirOwnPassword") as PolicyStatement).Resource).to.equal(own.Resource);
            expect((statement(doc, "AllowUserToCreateVirtualMFADevice") as PolicyStatement).Resource).to.equal("arn:aws:iam::123456789012:mfa/*");
        });

        it("allows nothing beyond what MFA setup needs", () => {
            const allowed = doc.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [(s as PolicyStatement).Action].flat());
            expect(allowed.every((a) => a.startsWith("iam:"))).to.equal(true);
            expect(allowed).to.not.include("iam:*");
        });
    });

    describe("Session Manager", () => {
        const doc = sessionManagerPolicy({ partition: "aws", accountId: "123456789012", project: "startup-platform" });

        it("starts sessions only on instances tagged with the project", () => {
            const start = statement(doc, "StartSessionOnProjectInstances") as PolicyStatement;
            expect(start.Action).to.deep.equal(["ssm:StartSession"]);
            expect(start.Resource).to.equal("arn:aws:ec2:*:123456789012:instance/*");
            expect(start.Condition).to.deep.equal({ StringEquals: { "ssm:resourceTag/Project": "startup-platform" } });
        });

        it("ends and resumes only the user's own sessions, and grants no SSH or send-command", () => {
            const own = statement(doc, "EndOrResumeOwnSessions") as PolicyStatement;
            expect(own.Resource).to.equal("arn:aws:ssm:*:123456789012:session/${aws:username}-*");
            const actions = doc.Statement.flatMap((s) => [s.Action].flat());
            expect(actions.filter((a) => a.includes("*") || a === "ssm:SendCommand" || a.startsWith("ec2-instance-connect:"))).to.deep.equal([]);
        });

        it("makes session data keys only with the session key, found by its alias", () => {
            expect(statement(doc, "EncryptSessionData")).to.deep.equal({
                Sid: "EncryptSessionData",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey"],
                Resource: "arn:aws:kms:*:123456789012:key/*",
                Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/startup-platform-session-manager" } },
            });
        });
    });

    describe("password policy", () => {
        it("requires 14+ characters of every class and remembers previous passwords", () => {
            expect(passwordPolicy(14, 24)).to.deep.equal({
                minimumPasswordLength: 14,
                requireLowercaseCharacters: true,
                requireUppercaseCharacters: true,
                requireNumbers: true,
                requireSymbols: true,
                allowUsersToChangePassword: true,
                passwordReusePrevention: 24,
            });
            expect(passwordPolicy(16, 5, 90)).to.include({ minimumPasswordLength: 16, maxPasswordAge: 90 });
        });

        it("refuses weaker settings with what to change", () => {
            expect(() => passwordPolicy(12, 24)).to.throw("minimum password length must be 14-128, got 12");
            expect(() => passwordPolicy(14, 0)).to.throw("remember 1-24 passwords");
            expect(() => passwordPolicy(14, 24, 2000)).to.throw("1-1095 days");
        });
    });

    describe("team members", () => {
        it("accepts a valid team", () => {
            expect(teamProblems([{ name: "ana.silva", groups: ["admins"] }, { name: "bo+ops@example.com", groups: ["developers", "billing"] }])).to.deep.equal([]);
        });

        it("reports every problem at once", () => {
            const problems = teamProblems([
                { name: "ana silva", groups: ["admins"] },
                { name: "Bo", groups: [] },
                { name: "bo", groups: ["root" as never] },
            ]);
            expect(problems).to.deep.equal([
                'users[0]: "ana silva" is not an IAM user name (1-64 of letters, digits, +=,.@_-)',
                'users[1]: "Bo" needs at least one group (admins, developers, readOnly, billing)',
                'users[2]: "bo" appears twice (IAM user names are case-insensitive)',
                "users[2]: unknown group(s) root; expected admins, developers, readOnly, billing",
            ]);
        });
    });
});
