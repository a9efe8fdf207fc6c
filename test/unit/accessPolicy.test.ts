import { expect } from "chai";
import {
    ACCESS_ROLES,
    ALLOWED_WITHOUT_MFA,
    IDENTITY_STORE_ID,
    INLINE_POLICY_MAX_CHARACTERS,
    NotActionStatement,
    PERMISSION_SET_NAME,
    breakGlassEventPattern,
    breakGlassRuleName,
    eventRuleArn,
    inlinePolicyProblems,
    managedPolicyArn,
    mfaEnforcementPolicy,
    passwordPolicy,
    permissionSetSessionDuration,
    roleGrants,
    roleInlinePolicy,
    sessionManagerPolicy,
} from "../../lib/accessPolicy";
import { PolicyStatement, policyDocument } from "../../lib/policy";

const statement = (doc: { Statement: Array<PolicyStatement | NotActionStatement> }, sid: string) => {
    const found = doc.Statement.find((s) => s.Sid === sid);
    expect(found, sid).to.not.equal(undefined);
    return found!;
};

describe("lib/accessPolicy", () => {
    describe("roles", () => {
        it("grants AWS managed policies by role, with developers read-only plus Session Manager in prod", () => {
            const grants = roleGrants("readOnly");
            expect(Object.keys(grants)).to.deep.equal([...ACCESS_ROLES]);
            expect(grants.admins.managedPolicies).to.deep.equal(["AdministratorAccess"]);
            expect(grants.developers).to.deep.equal({ managedPolicies: ["ReadOnlyAccess"], sessionManager: true });
            expect(grants.readOnly).to.deep.equal({ managedPolicies: ["ReadOnlyAccess"], sessionManager: false });
            expect(grants.billing.managedPolicies).to.deep.equal(["job-function/Billing"]);
        });

        it("gives developers PowerUserAccess only when asked (a dev-only account)", () => {
            expect(roleGrants("powerUser").developers.managedPolicies).to.deep.equal(["PowerUserAccess"]);
            expect(roleGrants("powerUser").admins.managedPolicies).to.deep.equal(["AdministratorAccess"]);
        });

        it("gives an inline policy to the roles with Session Manager only, from the same grant", () => {
            const args = { partition: "aws", accountId: "123456789012", project: "startup-platform" };
            const grants = roleGrants("readOnly");
            expect(roleInlinePolicy(grants.developers, args)).to.deep.equal(sessionManagerPolicy(args));
            for (const role of ["admins", "readOnly", "billing"] as const) expect(roleInlinePolicy(grants[role], args), role).to.equal(undefined);
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

        it("starts sessions only on instances tagged with the project, with the preferences document", () => {
            const start = statement(doc, "StartSessionOnProjectInstances") as PolicyStatement;
            expect(start.Action).to.deep.equal(["ssm:StartSession"]);
            expect(start.Resource).to.equal("arn:aws:ec2:*:123456789012:instance/*");
            expect(start.Condition).to.deep.equal({ StringEquals: { "ssm:resourceTag/Project": "startup-platform" } });
            expect((statement(doc, "StartSessionWithTheShellDocument") as PolicyStatement).Resource).to.equal("arn:aws:ssm:*:123456789012:document/SSM-SessionManagerRunShell");
        });

        it("ends and resumes only the caller's own federated sessions, and grants no SSH or send-command", () => {
            const own = statement(doc, "EndOrResumeOwnSessions") as PolicyStatement;
            expect(own.Resource).to.equal("arn:aws:ssm:*:123456789012:session/*");
            expect(own.Condition).to.deep.equal({ StringLike: { "ssm:resourceTag/aws:ssmmessages:session-id": ["${aws:userid}"] } });
            const actions = doc.Statement.flatMap((s) => [s.Action].flat());
            expect(actions.filter((a) => a.endsWith(":*") || a === "*" || a === "ssm:SendCommand" || a.startsWith("ec2-instance-connect:"))).to.deep.equal([]);
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

    describe("permission sets", () => {
        it("writes whole hours as ISO-8601", () => {
            expect(permissionSetSessionDuration(1)).to.equal("PT1H");
            expect(permissionSetSessionDuration(12)).to.equal("PT12H");
        });

        it("keeps an inline policy within IAM's 10,240 characters for a role, whitespace not counted", () => {
            expect(inlinePolicyProblems(sessionManagerPolicy({ partition: "aws-us-gov", accountId: "123456789012", project: "startup-platform" }))).to.deep.equal([]);
            const big = policyDocument(...Array.from({ length: 150 }, (_, i) => ({ Sid: `S${i}`, Effect: "Allow" as const, Action: "s3:GetObject", Resource: `arn:aws:s3:::bucket-${i}/*` })));
            expect(inlinePolicyProblems(big)[0]).to.match(new RegExp(`^inline policy has \\d+ characters; IAM allows ${INLINE_POLICY_MAX_CHARACTERS} on a role$`));
        });

        it("accepts Identity Center names and group ids as the API does", () => {
            expect(PERMISSION_SET_NAME.test("startup-prod-developers")).to.equal(true);
            expect(PERMISSION_SET_NAME.test("a".repeat(33))).to.equal(false);
            expect(IDENTITY_STORE_ID.test("906712c3a4-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d")).to.equal(true);
            expect(IDENTITY_STORE_ID.test("1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d")).to.equal(true);
            expect(IDENTITY_STORE_ID.test("admins")).to.equal(false);
        });
    });

    describe("break-glass alert", () => {
        it("matches sign-ins and write calls of IAM users and the root user", () => {
            expect(breakGlassEventPattern()).to.deep.equal({
                "detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"],
                detail: { userIdentity: { type: ["IAMUser", "Root"] } },
            });
        });

        it("names the rule within EventBridge's 64 characters and knows its ARN before it exists", () => {
            expect(breakGlassRuleName("startup-prod")).to.equal("startup-prod-break-glass-use");
            expect(breakGlassRuleName("x".repeat(60)).length).to.be.at.most(64);
            expect(eventRuleArn("aws", "us-east-1", "123456789012", "startup-prod-break-glass-use")).to.equal("arn:aws:events:us-east-1:123456789012:rule/startup-prod-break-glass-use");
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
    });
});
