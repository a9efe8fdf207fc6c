import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { IdentityPool, IdentityPoolArgs } from "../../components/identityPool";
import { defaultDomainPrefix } from "../../lib/cognito";
import { all, ancestors, one, policyOf, runComponent, some } from "../helpers";

function args(overrides: Partial<IdentityPoolArgs> = {}): IdentityPoolArgs {
    return {
        namePrefix: "startup-test",
        region: "us-east-1",
        mfa: "OPTIONAL",
        mobileCallbackUrls: ["myapp://callback"],
        mobileLogoutUrls: ["myapp://signout"],
        webAppDomain: "app.example.com",
        dnsZone: { zoneName: "example.com", hostedZoneId: "Z0TEST" },
        ...overrides,
    };
}

/** The prefix domain of these args when none is set: the name prefix and a hash of the zone. */
const DEFAULT_PREFIX = defaultDomainPrefix("startup-test", "example.com");

function runPool(overrides: Partial<IdentityPoolArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const pool = new IdentityPool("identity", args(overrides), { provider });
        return {
            cognitoAuth: pool.cognitoAuth,
            identityPoolId: pool.identityPoolId,
            signInUrl: pool.signInUrl,
            webClientId: pool.webClientId,
            userPoolArn: pool.userPoolArn,
        };
    });
}

const USER_POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";

describe("IdentityPool", () => {
    it("signs users in by verified email with a strong password policy and account recovery by email", async () => {
        const pool = one(await runPool({ passwordMinimumLength: 14, passwordHistorySize: 5 }), USER_POOL);
        expect(pool.inputs).to.deep.include({
            name: "startup-test-users",
            usernameAttributes: ["email"],
            autoVerifiedAttributes: ["email"],
            usernameConfiguration: { caseSensitive: false },
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
            passwordPolicy: {
                minimumLength: 14,
                requireLowercase: true,
                requireUppercase: true,
                requireNumbers: true,
                requireSymbols: true,
                temporaryPasswordValidityDays: 3,
                passwordHistorySize: 5,
            },
            userPoolTier: "ESSENTIALS",
            adminCreateUserConfig: { allowAdminCreateUserOnly: false },
        });
    });

    it("offers authenticator-app MFA, optional or required", async () => {
        const optional = one(await runPool(), USER_POOL);
        expect(optional.inputs).to.deep.include({ mfaConfiguration: "OPTIONAL", softwareTokenMfaConfiguration: { enabled: true } });
        expect(one(await runPool({ mfa: "ON" }), USER_POOL).inputs.mfaConfiguration).to.equal("ON");
    });

    it("turns threat protection on only with the PLUS plan", async () => {
        expect(one(await runPool(), USER_POOL).inputs.userPoolAddOns).to.equal(undefined);
        const plus = one(await runPool({ featurePlan: "PLUS", threatProtection: "ENFORCED" }), USER_POOL);
        expect(plus.inputs).to.deep.include({ userPoolTier: "PLUS", userPoolAddOns: { advancedSecurityMode: "ENFORCED" } });
    });

    it("protects the user pool and identity pool, with Cognito's deletion protection, only when asked", async () => {
        const prod = await runPool({ protect: true });
        expect(one(prod, USER_POOL)).to.deep.include({ protect: true });
        expect(one(prod, USER_POOL).inputs.deletionProtection).to.equal("ACTIVE");
        expect(one(prod, "aws:cognito/identityPool:IdentityPool").protect).to.equal(true);
        const dev = await runPool();
        expect(one(dev, USER_POOL).inputs.deletionProtection).to.equal("INACTIVE");
        expect(one(dev, USER_POOL).protect).to.equal(false);
    });

    it("gives the mobile app a public code-flow client and the web app a confidential one for the ALB", async () => {
        const run = await runPool({ accessTokenValidityMinutes: 30, idTokenValidityMinutes: 45, refreshTokenValidityDays: 14 });
        const mobile = one(run, CLIENT, "identity-mobile-client").inputs;
        const web = one(run, CLIENT, "identity-web-client").inputs;
        for (const client of [mobile, web]) {
            expect(client).to.deep.include({
                allowedOauthFlowsUserPoolClient: true,
                allowedOauthFlows: ["code"],
                preventUserExistenceErrors: "ENABLED",
                enableTokenRevocation: true,
                accessTokenValidity: 30,
                idTokenValidity: 45,
                refreshTokenValidity: 14,
                tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
                supportedIdentityProviders: ["COGNITO"],
            });
            expect(client.explicitAuthFlows).to.not.include("ALLOW_USER_PASSWORD_AUTH");
        }
        expect(mobile).to.deep.include({ generateSecret: false, callbackUrls: ["myapp://callback"], logoutUrls: ["myapp://signout"] });
        expect(web).to.deep.include({ generateSecret: true, callbackUrls: ["https://app.example.com/oauth2/idpresponse"] });
        expect(web.allowedOauthScopes).to.include("openid");
    });

    it("hosts sign-in on the prefix domain: the default one of the name prefix and zone, or the one set", async () => {
        const run = await runPool();
        expect(DEFAULT_PREFIX).to.match(/^startup-test-auth-[a-z0-9]{6}$/);
        expect(one(run, "aws:cognito/userPoolDomain:UserPoolDomain").inputs).to.include({ domain: DEFAULT_PREFIX, managedLoginVersion: 1 });
        expect(some(run, "aws:route53/record:Record")).to.have.lengthOf(0);
        expect(run.outputs.signInUrl).to.equal(`https://${DEFAULT_PREFIX}.auth.us-east-1.amazoncognito.com`);
        const chosen = await runPool({ domainPrefix: "startup-login" });
        expect(one(chosen, "aws:cognito/userPoolDomain:UserPoolDomain").inputs.domain).to.equal("startup-login");
    });

    it("can host sign-in on a custom domain with an alias to Cognito's CloudFront distribution", async () => {
        const run = await runPool({
            customDomain: { domainName: "auth.example.com", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" },
        });
        const domain = one(run, "aws:cognito/userPoolDomain:UserPoolDomain");
        expect(domain.inputs).to.include({ domain: "auth.example.com", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" });
        const record = one(run, "aws:route53/record:Record");
        expect(record.inputs).to.deep.include({
            type: "A",
            zoneId: "Z0TEST",
            name: "auth.example.com",
            aliases: [{ name: domain.state.cloudfrontDistribution, zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }],
        });
        expect(run.outputs.signInUrl).to.equal("https://auth.example.com");
    });

    it("gives temporary credentials to signed-in users of the mobile client only: no guest identities", async () => {
        const run = await runPool();
        const identityPool = one(run, "aws:cognito/identityPool:IdentityPool");
        const userPool = one(run, USER_POOL);
        const mobile = one(run, CLIENT, "identity-mobile-client");
        expect(identityPool.inputs).to.deep.include({ allowUnauthenticatedIdentities: false, allowClassicFlow: false });
        expect(identityPool.inputs.cognitoIdentityProviders).to.deep.equal([
            { clientId: mobile.state.id, providerName: userPool.state.endpoint, serverSideTokenCheck: true },
        ]);
        expect(String(userPool.state.endpoint)).to.match(/^cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_/);
        const roles = one(run, "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment").inputs;
        expect(roles.identityPoolId).to.equal(identityPool.state.id);
        expect(Object.keys(roles.roles as object)).to.deep.equal(["authenticated"]);
        expect(all(run, "aws:iam/role:Role"), "one role, no unauthenticated role").to.have.lengthOf(1);
    });

    it("trusts only this identity pool's authenticated identities in the role's trust policy", async () => {
        const run = await runPool();
        const poolId = String(one(run, "aws:cognito/identityPool:IdentityPool").state.id);
        expect(poolId).to.match(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        const role = one(run, "aws:iam/role:Role");
        expect(one(run, "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment").inputs.roles).to.deep.equal({ authenticated: role.state.arn });
        const [trust, ...others] = policyOf(role, "assumeRolePolicy").Statement;
        expect(others).to.deep.equal([]);
        expect(trust.Principal).to.deep.equal({ Federated: "cognito-identity.amazonaws.com" });
        expect(trust.Action).to.equal("sts:AssumeRoleWithWebIdentity");
        expect(trust.Condition).to.deep.equal({
            StringEquals: { "cognito-identity.amazonaws.com:aud": poolId },
            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
        });
    });

    it("attaches the managed policies it is given to the authenticated role", async () => {
        const arns = ["arn:aws:iam::123456789012:policy/user-data", "arn:aws:iam::123456789012:policy/firehose-put"];
        const run = await runPool({ additionalPolicyArns: arns });
        const role = one(run, "aws:iam/role:Role");
        const attachments = all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        expect(attachments.map((a) => a.inputs.policyArn)).to.deep.equal(arns);
        for (const a of attachments) expect(a.inputs.role).to.equal(role.state.name);
    });

    it("leaves the role's inline policies to others (a DR stack adds one) and removes them when the role is deleted", async () => {
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            const pool = new IdentityPool("identity", args(), { provider });
            return { roleName: pool.authenticatedRoleName, roleUniqueId: pool.authenticatedRoleUniqueId };
        });
        const role = one(run, "aws:iam/role:Role");
        expect(role.inputs).to.include({ forceDetachPolicies: true });
        expect(role.inputs).to.not.have.property("inlinePolicies");
        expect(run.outputs).to.deep.equal({ roleName: "startup-test-cognito-authenticated", roleUniqueId: role.state.uniqueId });
        expect(String(role.state.uniqueId)).to.match(/^AROA[0-9A-Z]{17}$/);
    });

    it("exposes what the ALB's authenticate-cognito action needs: pool ARN, web client, domain", async () => {
        const run = await runPool();
        expect(run.outputs.cognitoAuth).to.deep.equal({
            userPoolArn: one(run, USER_POOL).state.arn,
            userPoolClientId: one(run, CLIENT, "identity-web-client").state.id,
            userPoolDomain: DEFAULT_PREFIX,
        });
        expect(String(run.outputs.userPoolArn)).to.match(/^arn:aws:cognito-idp:us-east-1:123456789012:userpool\/us-east-1_/);
    });

    it("sends email through SES when given a sender", async () => {
        const pool = one(await runPool({ emailSender: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com", fromAddress: "no-reply@example.com" } }), USER_POOL);
        expect(pool.inputs.emailConfiguration).to.deep.equal({
            emailSendingAccount: "DEVELOPER",
            sourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com",
            fromEmailAddress: "no-reply@example.com",
        });
    });

    it("parents every resource under the component", async () => {
        const run = await runPool();
        for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:identity:IdentityPool");
        }
    });

    it("rejects bad settings in the words of the identity section (stacks/config/identity.ts), before registering anything", () => {
        // Field checks: the key, the value given and what is expected, as for a stack file.
        expect(() => new IdentityPool("bad", args({ passwordMinimumLength: 8, domainPrefix: "aws-login" }))).to.throw(
            'IdentityPool bad: passwordMinimumLength: got 8; expected a whole number of characters from 12 to 99; domainPrefix: got "aws-login"; expected a Cognito domain prefix: must not contain "aws" (reserved by Cognito)',
        );
        expect(() => new IdentityPool("bad", args({ customDomain: { domainName: "auth.example.com", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" } }))).to.throw(
            /^IdentityPool bad: customDomain\.certificateArn: got .*; expected an ACM certificate ARN in us-east-1/,
        );
        // A rule of the section's table.
        expect(() => new IdentityPool("bad", args({ threatProtection: "AUDIT" }))).to.throw(
            "IdentityPool bad: threatProtection: AUDIT needs featurePlan PLUS (got ESSENTIALS); set threatProtection to OFF or featurePlan to PLUS",
        );
    });

    it("refuses a default domain prefix Cognito would refuse, saying to set one", async () => {
        expect(() => new IdentityPool("bad", args({ namePrefix: "amazon-shop" }))).to.throw(
            /^IdentityPool bad: domain prefix "amazon-shop-auth-[a-z0-9]{6}" must not contain "amazon" \(reserved by Cognito\): it is the default, <namePrefix>-auth-<hash of the zone name>; set domainPrefix$/,
        );
        const chosen = await runPool({ namePrefix: "amazon-shop", domainPrefix: "shop-login" });
        expect(one(chosen, "aws:cognito/userPoolDomain:UserPoolDomain").inputs.domain).to.equal("shop-login");
    });
});
