import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config/load";
import { pinnedAccount } from "../../stacks/config/deployment";
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
});
