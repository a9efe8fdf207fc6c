import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { defaultDomainPrefix, domainPrefixProblems } from "../lib/cognito";
import { cognitoAuthenticatedTrustPolicy } from "../lib/identityPolicy";
import { NAME_LIMITS, physicalName } from "../lib/naming";
import { IdentitySettings, identitySchema } from "../stacks/config/identity";
import { parseSettings } from "../stacks/config/rules";

/** What an ALB listener's authenticate-cognito action needs (AppFleet's `cognitoUserPool`). */
export interface CognitoAuthConfig {
    readonly userPoolArn: pulumi.Output<string>;
    /** The web app client (with a secret). */
    readonly userPoolClientId: pulumi.Output<string>;
    /** The domain prefix, or the custom domain's name. */
    readonly userPoolDomain: pulumi.Output<string>;
}

/** The public hosted zone the sign-in domain belongs to (the stack's `dns` section). */
export interface IdentityPoolZone {
    /** Zone name; the default domain prefix hashes it (see `defaultDomainPrefix`). */
    readonly zoneName: string;
    /** Zone id; a custom domain's alias record goes in it. */
    readonly hostedZoneId: string;
}

/** What the stack wires into the pools: names, the zone, the web app's name and the role's policies. */
export interface IdentityPoolWiring {
    /** Prefix of AWS names; with the zone's name, it makes the default domain prefix. */
    readonly namePrefix: string;
    /** Region of the pools; names the hosted sign-in URL. */
    readonly region: string;
    /** Public host name of the web app, e.g. app.example.com; the ALB's callback lives there. */
    readonly webAppDomain: string;
    /** The zone of the sign-in domain. */
    readonly dnsZone: IdentityPoolZone;
    /** Managed policies for signed-in users' temporary credentials (user data, analytics, ...). @default [] */
    readonly additionalPolicyArns?: readonly pulumi.Input<string>[];
    /** Protect the user pool and identity pool (Pulumi protect and user-pool deletion protection). @default false */
    readonly protect?: boolean;
}

/**
 * The `identity` settings (stacks/config/identity.ts: feature plan, MFA, passwords, redirect URLs,
 * token lifetimes, the sign-in domain, the email sender, and the rules between them; docs/config.md
 * documents each key) plus the wiring. `userDataReplicatedByDr` belongs to UserDataStore and is not
 * read here.
 */
export type IdentityPoolArgs = z.input<typeof identitySchema> & IdentityPoolWiring;

/** Defaults of the wiring; the settings' defaults are IDENTITY_DEFAULTS (stacks/config/identity.ts). */
export const IDENTITY_POOL_DEFAULTS = { protect: false } as const;

/** The hosted sign-in domain: a Cognito prefix domain, or the custom domain of the settings. */
type SignInDomain = { readonly prefix: string } | { readonly custom: NonNullable<IdentitySettings["customDomain"]> };

/** Scopes of the app clients. The mobile app may also manage its own user (e.g. set up TOTP). */
export const MOBILE_SCOPES = ["openid", "email", "profile", "aws.cognito.signin.user.admin"] as const;
export const WEB_SCOPES = ["openid", "email", "profile"] as const;

/**
 * Sign-up and sign-in for the apps: a Cognito user pool (email as verified username, strong
 * passwords, TOTP MFA, recovery by verified email), a hosted sign-in domain, a public mobile
 * client and a confidential web client (the one the ALB signs users in with), and an identity pool
 * that gives signed-in users, and nobody else, temporary AWS credentials through one role.
 */
export class IdentityPool extends pulumi.ComponentResource {
    public readonly userPoolId: pulumi.Output<string>;
    public readonly userPoolArn: pulumi.Output<string>;
    /** Issuer host and path, `cognito-idp.<region>.amazonaws.com/<pool id>`. */
    public readonly userPoolEndpoint: pulumi.Output<string>;
    public readonly mobileClientId: pulumi.Output<string>;
    public readonly webClientId: pulumi.Output<string>;
    /** The domain prefix, or the custom domain's name. */
    public readonly domain: pulumi.Output<string>;
    /** Base URL of the hosted sign-in pages and OAuth endpoints. */
    public readonly signInUrl: pulumi.Output<string>;
    public readonly identityPoolId: pulumi.Output<string>;
    public readonly authenticatedRoleArn: pulumi.Output<string>;
    public readonly authenticatedRoleName: pulumi.Output<string>;
    /** The role's unique id (`AROA...`); a role replaced under the same name gets a new one. */
    public readonly authenticatedRoleUniqueId: pulumi.Output<string>;
    /** Exactly what AppFleet's `cognitoUserPool` takes (with `fleet.cognitoAuth` on). */
    public readonly cognitoAuth: CognitoAuthConfig;

    constructor(name: string, args: IdentityPoolArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("IdentityPool", name, identitySchema, args);
        // The section checks a domainPrefix it is given; the default one is made here, from the wiring.
        const domain: SignInDomain =
            s.customDomain !== undefined
                ? { custom: s.customDomain }
                : { prefix: s.domainPrefix ?? defaultDomainPrefix(args.namePrefix, args.dnsZone.zoneName) };
        const problems =
            "prefix" in domain && s.domainPrefix === undefined
                ? domainPrefixProblems(domain.prefix).map((p) => `${p}: it is the default, <namePrefix>-auth-<hash of the zone name>; set domainPrefix`)
                : [];
        if (problems.length > 0) throw new Error(`IdentityPool ${name}: ${problems.join("; ")}`);
        super("startup:identity:IdentityPool", name, {}, opts);
        const protect = args.protect ?? IDENTITY_POOL_DEFAULTS.protect;

        const userPool = this.userPool(name, args, s, protect);
        const { mobile, web } = this.clients(name, args, s, userPool);
        const userPoolDomain = this.signInDomain(name, args, domain, userPool);
        const { identityPool, role } = this.credentials(name, args, userPool, mobile, protect);

        const custom = "custom" in domain ? domain.custom : undefined;
        this.userPoolId = userPool.id;
        this.userPoolArn = userPool.arn;
        this.userPoolEndpoint = userPool.endpoint;
        this.mobileClientId = mobile.id;
        this.webClientId = web.id;
        this.domain = userPoolDomain.domain;
        this.signInUrl = custom ? pulumi.output(`https://${custom.domainName}`) : pulumi.interpolate`https://${userPoolDomain.domain}.auth.${args.region}.amazoncognito.com`;
        this.identityPoolId = identityPool.id;
        this.authenticatedRoleArn = role.arn;
        this.authenticatedRoleName = role.name;
        this.authenticatedRoleUniqueId = role.uniqueId;
        this.cognitoAuth = { userPoolArn: this.userPoolArn, userPoolClientId: this.webClientId, userPoolDomain: this.domain };
        this.registerOutputs({
            userPoolId: this.userPoolId,
            userPoolArn: this.userPoolArn,
            userPoolEndpoint: this.userPoolEndpoint,
            mobileClientId: this.mobileClientId,
            webClientId: this.webClientId,
            domain: this.domain,
            signInUrl: this.signInUrl,
            identityPoolId: this.identityPoolId,
            authenticatedRoleArn: this.authenticatedRoleArn,
            authenticatedRoleName: this.authenticatedRoleName,
            authenticatedRoleUniqueId: this.authenticatedRoleUniqueId,
        });
    }

    /** The user pool: email as verified username, strong passwords, TOTP MFA, recovery by verified email. */
    private userPool(name: string, args: IdentityPoolArgs, s: IdentitySettings, protect: boolean): aws.cognito.UserPool {
        const poolName = physicalName(args.namePrefix, "users");
        return new aws.cognito.UserPool(
            `${name}-user-pool`,
            {
                name: poolName,
                userPoolTier: s.featurePlan,
                // Threat protection exists only on PLUS; Cognito refuses the add-on block elsewhere.
                userPoolAddOns: s.featurePlan === "PLUS" ? { advancedSecurityMode: s.threatProtection } : undefined,
                usernameAttributes: ["email"],
                // Immutable after creation: "Jane@x.com" and "jane@x.com" are the same user.
                usernameConfiguration: { caseSensitive: false },
                autoVerifiedAttributes: ["email"],
                // A changed email stays unverified (and the old one in use) until the code is confirmed.
                userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
                passwordPolicy: {
                    minimumLength: s.passwordMinimumLength,
                    requireLowercase: true,
                    requireUppercase: true,
                    requireNumbers: true,
                    requireSymbols: true,
                    temporaryPasswordValidityDays: s.temporaryPasswordValidityDays,
                    // Password history is an ESSENTIALS feature; LITE pools leave the setting out.
                    passwordHistorySize: s.featurePlan === "LITE" ? undefined : s.passwordHistorySize,
                },
                mfaConfiguration: s.mfa,
                softwareTokenMfaConfiguration: { enabled: true },
                // The API value is verified_email (the SDK docs render it as verifiedEmail).
                accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                adminCreateUserConfig: { allowAdminCreateUserOnly: !s.selfSignUp },
                emailConfiguration:
                    s.emailSender === undefined
                        ? { emailSendingAccount: "COGNITO_DEFAULT" }
                        : { emailSendingAccount: "DEVELOPER", sourceArn: s.emailSender.sesIdentityArn, fromEmailAddress: s.emailSender.fromAddress },
                deletionProtection: protect ? "ACTIVE" : "INACTIVE",
                tags: { Name: poolName },
            },
            { parent: this, protect },
        );
    }

    /** The public mobile client and the confidential web client the ALB signs users in with. */
    private clients(
        name: string,
        args: IdentityPoolArgs,
        s: IdentitySettings,
        userPool: aws.cognito.UserPool,
    ): { mobile: aws.cognito.UserPoolClient; web: aws.cognito.UserPoolClient } {
        const tokenSettings = {
            accessTokenValidity: s.accessTokenValidityMinutes,
            idTokenValidity: s.idTokenValidityMinutes,
            refreshTokenValidity: s.refreshTokenValidityDays,
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            preventUserExistenceErrors: "ENABLED",
            enableTokenRevocation: true,
            allowedOauthFlowsUserPoolClient: true,
            allowedOauthFlows: ["code"],
            supportedIdentityProviders: ["COGNITO"],
        };
        // A public client: no secret can be kept in an app. Cognito verifies PKCE whenever the app
        // sends a code_challenge but has no setting to demand it, so the app must always send one.
        const mobile = new aws.cognito.UserPoolClient(
            `${name}-mobile-client`,
            {
                name: physicalName(args.namePrefix, "mobile"),
                userPoolId: userPool.id,
                generateSecret: false,
                ...tokenSettings,
                allowedOauthScopes: [...MOBILE_SCOPES],
                callbackUrls: [...s.mobileCallbackUrls],
                logoutUrls: s.mobileLogoutUrls.length > 0 ? [...s.mobileLogoutUrls] : undefined,
                explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            },
            { parent: this },
        );
        // A confidential client for the ALB's authenticate-cognito action, which needs a secret.
        const webOrigin = `https://${args.webAppDomain}`;
        const web = new aws.cognito.UserPoolClient(
            `${name}-web-client`,
            {
                name: physicalName(args.namePrefix, "web"),
                userPoolId: userPool.id,
                generateSecret: true,
                ...tokenSettings,
                allowedOauthScopes: [...WEB_SCOPES],
                callbackUrls: [`${webOrigin}/oauth2/idpresponse`],
                logoutUrls: [`${webOrigin}/`],
                explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
            },
            { parent: this },
        );
        return { mobile, web };
    }

    /** The hosted sign-in domain, and for a custom domain its alias record in the zone. */
    private signInDomain(name: string, args: IdentityPoolArgs, domain: SignInDomain, userPool: aws.cognito.UserPool): aws.cognito.UserPoolDomain {
        const custom = "custom" in domain ? domain.custom : undefined;
        const userPoolDomain = new aws.cognito.UserPoolDomain(
            `${name}-domain`,
            {
                userPoolId: userPool.id,
                domain: "prefix" in domain ? domain.prefix : domain.custom.domainName,
                certificateArn: custom?.certificateArn,
                // The classic hosted UI; managed login (2) also needs a branding style per client.
                managedLoginVersion: 1,
            },
            { parent: this },
        );
        if (custom !== undefined) {
            // An A alias to the CloudFront distribution Cognito runs for the domain.
            new aws.route53.Record(
                `${name}-domain-record`,
                {
                    zoneId: args.dnsZone.hostedZoneId,
                    name: custom.domainName,
                    type: "A",
                    aliases: [{ name: userPoolDomain.cloudfrontDistribution, zoneId: userPoolDomain.cloudfrontDistributionZoneId, evaluateTargetHealth: false }],
                },
                { parent: this },
            );
        }
        return userPoolDomain;
    }

    /** The identity pool and its one, authenticated role, with the policies signed-in users get. */
    private credentials(
        name: string,
        args: IdentityPoolArgs,
        userPool: aws.cognito.UserPool,
        mobile: aws.cognito.UserPoolClient,
        protect: boolean,
    ): { identityPool: aws.cognito.IdentityPool; role: aws.iam.Role } {
        const identityPool = new aws.cognito.IdentityPool(
            `${name}-identity-pool`,
            {
                identityPoolName: physicalName(args.namePrefix, "identities"),
                allowUnauthenticatedIdentities: false,
                allowClassicFlow: false,
                cognitoIdentityProviders: [
                    // serverSideTokenCheck: no credentials for a user signed out globally or deleted.
                    { clientId: mobile.id, providerName: userPool.endpoint, serverSideTokenCheck: true },
                ],
                tags: { Name: physicalName(args.namePrefix, "identities") },
            },
            // Identity ids key every user's data; a new pool would orphan it.
            { parent: this, protect },
        );
        const role = new aws.iam.Role(
            `${name}-authenticated-role`,
            {
                name: physicalName(args.namePrefix, "cognito-authenticated", NAME_LIMITS.iamRole),
                description: "Temporary credentials of signed-in app users (Cognito identity pool)",
                assumeRolePolicy: identityPool.id.apply((id) => JSON.stringify(cognitoAuthenticatedTrustPolicy(id))),
                // A DR stack puts an inline policy on this role (UserDataReplicaAccess) that this
                // stack does not know of: delete it with the role rather than fail with DeleteConflict.
                // No `inlinePolicies` here: declared, they would be exclusive and remove it.
                forceDetachPolicies: true,
            },
            { parent: this },
        );
        (args.additionalPolicyArns ?? []).forEach((policyArn, i) => {
            new aws.iam.RolePolicyAttachment(`${name}-authenticated-policy-${i}`, { role: role.name, policyArn }, { parent: this });
        });
        // Only an authenticated role: there are no guest identities.
        new aws.cognito.IdentityPoolRoleAttachment(
            `${name}-roles`,
            { identityPoolId: identityPool.id, roles: { authenticated: role.arn } },
            { parent: this },
        );
        return { identityPool, role };
    }
}
