import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config/load";
import { PREVIEW_ONLY_ENV, parsePreviewOnly, pinnedAccount, previewIdentityProblems } from "../../stacks/config/deployment";
import { readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, problemsOf } from "../configHelpers";

const KEY = "startup-platform:deployment";
const ROLE = "arn:aws:iam::111122223333:role/pulumi-deploy";

function prodWith(deployment: unknown): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("prod"));
    raw[KEY] = deployment;
    return raw;
}

describe("stack config: deployment", () => {
    it("is unset in the committed stacks: they deploy with the credentials Pulumi runs with, into one shared account", () => {
        for (const stack of ["dev", "prod", "dr"]) {
            expect(parsePlatformConfig(readStackConfigFile(stack), { stack, file: `Pulumi.${stack}.yaml` }).deployment, stack).to.equal(undefined);
        }
    });

    it("pins the stack to its account, or to its role's account", () => {
        const both = parsePlatformConfig(prodWith({ accountId: "111122223333", assumeRoleArn: ROLE, sessionName: "ci-prod", externalId: "startup" }), source).deployment;
        expect(both).to.deep.equal({ accountId: "111122223333", assumeRoleArn: ROLE, sessionName: "ci-prod", externalId: "startup" });
        expect(pinnedAccount(both)).to.equal("111122223333");
        expect(pinnedAccount(parsePlatformConfig(prodWith({ assumeRoleArn: ROLE }), source).deployment)).to.equal("111122223333");
        expect(pinnedAccount(parsePlatformConfig(prodWith({ accountId: "444455556666" }), source).deployment)).to.equal("444455556666");
        expect(pinnedAccount(undefined)).to.equal(undefined);
    });

    it("accepts roles with a path and in other partitions", () => {
        expect(parsePlatformConfig(prodWith({ assumeRoleArn: "arn:aws-us-gov:iam::111122223333:role/deploy/pulumi-prod" }), source).deployment?.assumeRoleArn).to.equal(
            "arn:aws-us-gov:iam::111122223333:role/deploy/pulumi-prod",
        );
    });

    it("refuses a role in another account than the one the stack is pinned to", () => {
        expect(problemsOf(prodWith({ accountId: "444455556666", assumeRoleArn: ROLE }))).to.deep.equal([
            "startup-platform:deployment.assumeRoleArn: is in account 111122223333, not accountId 444455556666; the stack's role must be in the account it deploys into",
        ]);
    });

    it("refuses malformed values and session settings without a role", () => {
        const problems = problemsOf(prodWith({ accountId: "1234", assumeRoleArn: "arn:aws:iam::111122223333:user/ci", sessionName: "a b", externalId: "x" }));
        expect(problems).to.include('startup-platform:deployment.accountId: got "1234"; expected a 12-digit AWS account id');
        expect(problems).to.include(
            'startup-platform:deployment.assumeRoleArn: got "arn:aws:iam::111122223333:user/ci"; expected an IAM role ARN such as arn:aws:iam::111122223333:role/pulumi-deploy',
        );
        expect(problems).to.include('startup-platform:deployment.sessionName: got "a b"; expected 2-64 letters, digits or +=,.@_-');
        expect(problems).to.include('startup-platform:deployment.externalId: got "x"; expected 2-1224 letters, digits or +=,.@:/_-');
        expect(problemsOf(prodWith({ sessionName: "ci", externalId: "startup" }))).to.deep.equal([
            "startup-platform:deployment.sessionName: only applies with assumeRoleArn",
            "startup-platform:deployment.externalId: only applies with assumeRoleArn",
        ]);
    });

    describe("read-only previews", () => {
        const PREVIEW = "arn:aws:iam::111122223333:role/pulumi-preview";
        const IC_ROLE = "arn:aws:iam::999988887777:role/identity-center-admin";
        const IC_PREVIEW = "arn:aws:iam::999988887777:role/identity-center-read-only";

        it("accepts a preview role in the stack's account, beside its deploy role", () => {
            expect(parsePlatformConfig(prodWith({ assumeRoleArn: ROLE, previewRoleArn: PREVIEW }), source).deployment).to.deep.equal({ assumeRoleArn: ROLE, previewRoleArn: PREVIEW });
        });

        it("refuses a preview role in another account, or without a deploy role", () => {
            expect(problemsOf(prodWith({ assumeRoleArn: ROLE, previewRoleArn: "arn:aws:iam::444455556666:role/pulumi-preview" }))).to.deep.equal([
                "startup-platform:deployment.previewRoleArn: is in account 444455556666, not 111122223333; the preview role must be in the account the stack deploys into",
            ]);
            expect(problemsOf(prodWith({ previewRoleArn: PREVIEW }))).to.deep.equal([
                "startup-platform:deployment.previewRoleArn: only applies with assumeRoleArn: without it, previews already use the (read-only) credentials they run with",
            ]);
            expect(problemsOf(prodWith({ assumeRoleArn: ROLE, previewRoleArn: "arn:aws:iam::111122223333:user/ci" }))).to.deep.equal([
                'startup-platform:deployment.previewRoleArn: got "arn:aws:iam::111122223333:user/ci"; expected an IAM role ARN such as arn:aws:iam::111122223333:role/pulumi-preview',
            ]);
        });

        it(`reads ${PREVIEW_ONLY_ENV} as true/1 or false/0/empty/unset, and nothing else`, () => {
            for (const on of ["true", "TRUE", "1", " true "]) expect(parsePreviewOnly(on), on).to.equal(true);
            for (const off of [undefined, "", "false", "0"]) expect(parsePreviewOnly(off), String(off)).to.equal(false);
            for (const bad of ["yes", "on", "preview"]) expect(parsePreviewOnly(bad), bad).to.equal(undefined);
        });

        it("needs nothing for a preview of a stack that assumes no role (the committed stacks)", () => {
            expect(previewIdentityProblems(undefined, undefined, "true")).to.deep.equal([]);
            expect(previewIdentityProblems({ accountId: "111122223333" }, undefined, "true")).to.deep.equal([]);
        });

        it("refuses a preview that would fall back to a deploy role, naming the key to set", () => {
            expect(previewIdentityProblems({ assumeRoleArn: ROLE }, IC_ROLE, "true")).to.deep.equal([
                `startup-platform:deployment.previewRoleArn: required while ${PREVIEW_ONLY_ENV} is set, because assumeRoleArn (${ROLE}) is the deploy role and a preview must not run as it; set a read-only role in the same account`,
                `startup-platform:deployment.identityCenterPreviewRoleArn: required while ${PREVIEW_ONLY_ENV} is set, because access.identityCenter.assumeRoleArn (${IC_ROLE}) may change permission sets and a preview must not run as it; set a read-only role in that account`,
            ]);
            expect(previewIdentityProblems({ assumeRoleArn: ROLE, previewRoleArn: PREVIEW, identityCenterPreviewRoleArn: IC_PREVIEW }, IC_ROLE, "true")).to.deep.equal([]);
            // Deploys need neither.
            expect(previewIdentityProblems({ assumeRoleArn: ROLE }, IC_ROLE, undefined)).to.deep.equal([]);
        });

        it("refuses an unreadable flag, and an Identity Center preview role without the role it stands in for or in another account", () => {
            expect(previewIdentityProblems(undefined, undefined, "yes")).to.deep.equal([`${PREVIEW_ONLY_ENV} (environment): got "yes"; expected true or false`]);
            expect(previewIdentityProblems({ identityCenterPreviewRoleArn: IC_PREVIEW }, undefined, undefined)).to.deep.equal([
                "startup-platform:deployment.identityCenterPreviewRoleArn: only applies with access.identityCenter.assumeRoleArn; without it, Identity Center is previewed with the stack's own (preview) identity",
            ]);
            expect(previewIdentityProblems({ identityCenterPreviewRoleArn: PREVIEW }, IC_ROLE, undefined)).to.deep.equal([
                "startup-platform:deployment.identityCenterPreviewRoleArn: is in account 111122223333, not 999988887777 (access.identityCenter.assumeRoleArn's); the preview role must be in the account that manages Identity Center",
            ]);
        });
    });
});
