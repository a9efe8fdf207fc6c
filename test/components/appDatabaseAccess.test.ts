import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AppDatabaseAccess, AppDatabaseLogin } from "../../components/appDatabaseAccess";
import { MOCK_ACCOUNT_ID, ancestors, one, policyOf, runComponent } from "../helpers";

const ROLE = "startup-test-app-instance";
const PROXY_ARN = "arn:aws:rds:us-east-1:123456789012:db-proxy:prx-0123456789abcdef0";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1-Ab12Cd";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d";

/** Values given as Outputs stand for resources created in the same deploy (the database). */
function runAccess(login: AppDatabaseLogin) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const access = new AppDatabaseAccess(
            "app-database-access",
            { namePrefix: "startup-test", region: "us-east-1", accountId: MOCK_ACCOUNT_ID, partition: "aws", roleName: pulumi.output(ROLE), login },
            { provider },
        );
        return { policyName: access.policyName, roleName: access.roleName };
    });
}

const POLICY = "aws:iam/rolePolicy:RolePolicy";

describe("AppDatabaseAccess", () => {
    it("IAM login: rds-db:connect as the proxy's user on the proxy's prx- id, as an inline policy inside the component", async () => {
        const run = await runAccess({ kind: "iam", proxyArn: pulumi.output(PROXY_ARN), dbUser: "admin" });
        const policy = one(run, POLICY);
        expect(policy.inputs).to.include({ name: "startup-test-app-database-login", role: ROLE });
        expect(policyOf(policy).Statement.map((s) => [s.Effect, s.Action, s.Resource])).to.deep.equal([
            ["Allow", "rds-db:connect", "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0123456789abcdef0/admin"],
        ]);
        expect(ancestors(run, policy)[0].type).to.equal("startup:data:AppDatabaseAccess");
        expect(run.outputs).to.deep.equal({ policyName: "startup-test-app-database-login", roleName: ROLE });
    });

    it("secret login: read that secret, decrypt with its customer-managed key only through Secrets Manager", async () => {
        const run = await runAccess({ kind: "secret", secretArn: pulumi.output(SECRET), kmsKeyArn: pulumi.output(KEY) });
        const statements = policyOf(one(run, POLICY)).Statement;
        expect(statements.map((s) => [s.Action, s.Resource])).to.deep.equal([
            ["secretsmanager:GetSecretValue", SECRET],
            ["kms:Decrypt", KEY],
        ]);
        expect(statements[1].Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } });
    });

    it("secret login with the AWS managed key: the read alone", async () => {
        const run = await runAccess({ kind: "secret", secretArn: SECRET });
        expect(policyOf(one(run, POLICY)).Statement.map((s) => s.Action)).to.deep.equal(["secretsmanager:GetSecretValue"]);
    });

    it("refuses an IAM login without a user before registering anything", () => {
        // A proxy ARN that is not a proxy's fails when the policy is built (lib: proxyResourceId).
        expect(() => new AppDatabaseAccess("x", { namePrefix: "p", region: "us-east-1", accountId: "1", partition: "aws", roleName: ROLE, login: { kind: "iam", proxyArn: PROXY_ARN, dbUser: "" } })).to.throw(
            /dbUser must name the database user/,
        );
    });
});
