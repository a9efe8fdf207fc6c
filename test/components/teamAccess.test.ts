import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { TeamAccess, TeamAccessArgs } from "../../components/teamAccess";
import { MOCK_ACCOUNT_ID, ancestors, all, one, policyOf, runComponent, some } from "../helpers";

const TOPIC = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:startup-test-operations`;

function args(overrides: Partial<TeamAccessArgs> = {}): TeamAccessArgs {
    return { namePrefix: "startup-test", accountId: MOCK_ACCOUNT_ID, partition: "aws", breakGlassAlertTopicArn: TOPIC, ...overrides };
}

function runTeam(overrides: Partial<TeamAccessArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const team = new TeamAccess("team", args(overrides), { provider });
        return { group: team.breakGlassGroupName, ...(team.breakGlassRuleArn ? { rule: team.breakGlassRuleArn } : {}) };
    });
}

describe("TeamAccess", () => {
    let run: Awaited<ReturnType<typeof runTeam>>;
    before(async () => {
        run = await runTeam();
    });

    it("keeps one IAM group, for break-glass users: AdministratorAccess, only after signing in with MFA", () => {
        const group = one(run, "aws:iam/group:Group");
        expect(group.inputs.name).to.equal("startup-test-break-glass");
        const mfa = one(run, "aws:iam/policy:Policy", "team-require-mfa");
        const attached = all(run, "aws:iam/groupPolicyAttachment:GroupPolicyAttachment").map((a) => [a.inputs.group, a.inputs.policyArn]);
        expect(attached).to.have.deep.members([
            ["startup-test-break-glass", "arn:aws:iam::aws:policy/AdministratorAccess"],
            ["startup-test-break-glass", mfa.state.arn],
        ]);
        expect(run.outputs.group).to.equal("startup-test-break-glass");
    });

    it("creates no IAM users, keys, passwords or session policies: people use Identity Center", () => {
        for (const type of [
            "aws:iam/user:User",
            "aws:iam/accessKey:AccessKey",
            "aws:iam/userLoginProfile:UserLoginProfile",
            "aws:iam/userGroupMembership:UserGroupMembership",
            "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        ]) {
            expect(some(run, type), type).to.deep.equal([]);
        }
        expect(all(run, "aws:iam/policy:Policy").map((p) => p.name)).to.deep.equal(["team-require-mfa"]);
    });

    it("enforces MFA with the AWS deny-unless-MFA statement", () => {
        const policy = policyOf(one(run, "aws:iam/policy:Policy", "team-require-mfa"));
        const block = policy.Statement.find((s) => s.Sid === "BlockMostAccessUnlessSignedInWithMFA");
        expect(block).to.deep.include({ Effect: "Deny", Resource: "*" });
        expect(block?.Condition).to.deep.equal({ BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } });
    });

    it("alerts the topic on every IAM-user or root sign-in and write call, with a readable message", () => {
        const rule = one(run, "aws:cloudwatch/eventRule:EventRule");
        expect(rule.inputs.name).to.equal("startup-test-break-glass-use");
        expect(JSON.parse(String(rule.inputs.eventPattern))).to.deep.equal({
            "detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"],
            detail: { userIdentity: { type: ["IAMUser", "Root"] } },
        });
        const target = one(run, "aws:cloudwatch/eventTarget:EventTarget");
        expect(target.inputs).to.include({ rule: "startup-test-break-glass-use", arn: TOPIC });
        const transformer = target.inputs.inputTransformer as { inputPaths: Record<string, string>; inputTemplate: string };
        expect(transformer.inputPaths.who).to.equal("$.detail.userIdentity.arn");
        // A JSON string: EventBridge requires the template to be valid JSON once filled in.
        expect(JSON.parse(transformer.inputTemplate.replace(/<\w+>/g, "x"))).to.match(/^Break-glass use: x did x/);
        expect(run.outputs.rule).to.equal(rule.state.arn);
    });

    it("makes no rule when breakGlassAlerts is off", async () => {
        const quiet = await runTeam({ breakGlassAlerts: false, breakGlassAlertTopicArn: undefined });
        expect(some(quiet, "aws:cloudwatch/eventRule:EventRule")).to.deep.equal([]);
        expect(quiet.outputs.rule).to.equal(undefined);
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

    it("sets the account's SECURITY alternate contact when given, kept on destroy (Account.1), and none otherwise", async () => {
        expect(some(run, "aws:account/alternativeContact:AlternativeContact")).to.deep.equal([]);
        const contact = { name: "Security on-call", title: "Security contact", emailAddress: "security@example.com", phoneNumber: "+1 206 555 0100" };
        const withContact = await runTeam({ securityContact: contact });
        const alternate = one(withContact, "aws:account/alternativeContact:AlternativeContact");
        // No accountId: the account of the stack's credentials.
        expect(alternate.inputs).to.deep.equal({ alternateContactType: "SECURITY", ...contact });
        expect(alternate.retainOnDelete).to.equal(true);
        expect(ancestors(withContact, alternate).map((a) => a.type)).to.include("startup:security:TeamAccess");
    });

    it("sends the contact trimmed, so AWS returns what was sent and an update does not wait for a match forever", async () => {
        const padded = { name: " Security on-call ", title: "Security contact\t", emailAddress: " security@example.com ", phoneNumber: "+1 206 555 0100 " };
        const alternate = one(await runTeam({ securityContact: padded }), "aws:account/alternativeContact:AlternativeContact");
        expect(alternate.inputs).to.deep.equal({ alternateContactType: "SECURITY", name: "Security on-call", title: "Security contact", emailAddress: "security@example.com", phoneNumber: "+1 206 555 0100" });
        expect(() => new TeamAccess("bad", args({ securityContact: { ...padded, name: "   " } }))).to.throw('securityContact.name: got ""; expected 1-64 characters');
    });

    it("parents every resource under the component", () => {
        for (const r of run.resources.filter((x) => x.custom && x.name.startsWith("team-"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:security:TeamAccess");
        }
    });

    it("rejects settings in the words of the access section (stacks/config/access.ts), and alerts without a topic, before creating anything", () => {
        expect(() => new TeamAccess("bad", args({ minimumPasswordLength: 10, maxPasswordAgeDays: 2000 }))).to.throw(
            "TeamAccess bad: minimumPasswordLength: got 10; expected at least 14 characters; maxPasswordAgeDays: got 2000; expected 1-1095 days",
        );
        expect(() => new TeamAccess("bad", args({ securityContact: { name: "", title: "t", emailAddress: "security at example", phoneNumber: "call 555" } }))).to.throw(
            'TeamAccess bad: securityContact.name: got ""; expected 1-64 characters; securityContact.emailAddress: got "security at example"; expected an email address such as security@example.com; securityContact.phoneNumber: got "call 555"; expected a phone number of digits, spaces, +, -, ( and ), such as +1 206 555 0100',
        );
        expect(() => new TeamAccess("deaf", args({ breakGlassAlertTopicArn: undefined }))).to.throw(
            "TeamAccess deaf: breakGlassAlerts needs breakGlassAlertTopicArn: the topic told of each break-glass use",
        );
    });
});
