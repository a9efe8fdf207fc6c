import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    FeaturePlan,
    MfaMode,
    ThreatProtectionMode,
    USER_POOL_DEFAULTS,
    domainPrefixProblems,
    userPoolProblems,
} from "../lib/cognito";
import { cognitoAuthenticatedTrustPolicy } from "../lib/identityPolicy";
import { NAME_LIMITS, physicalName } from "../lib/naming";

/** The hosted sign-in domain: a Cognito prefix domain, or a domain of your own. */
export type SignInDomain =
    | {
          /** Prefix of `<prefix>.auth.<region>.amazoncognito.com` (see `defaultDomainPrefix`). */
          readonly prefix: string;
      }
    | {
          /** Fully qualified domain, e.g. auth.example.com. */
          readonly customDomain: string;
          /** ACM certificate for it, in us-east-1. */
          readonly certificateArn: string;
          /** Route 53 zone that gets the alias record. */
          readonly hostedZoneId: string;
      };

/** What an ALB listener's authenticate-cognito action needs (AppFleet's `cognitoAuth` arg). */
export interface CognitoAuthConfig {
    readonly userPoolArn: pulumi.Output<string>;
    /** The web app client (with a secret). */
    readonly userPoolClientId: pulumi.Output<string>;
    /** The domain prefix, or the custom domain's name. */
    readonly userPoolDomain: pulumi.Output<string>;
}

export interface IdentityPoolArgs {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the pools; names the hosted sign-in URL. */
    readonly region: string;
    /** Cognito feature plan. @default "ESSENTIALS" */
    readonly featurePlan?: FeaturePlan;
    /** Threat protection; anything but OFF needs the PLUS plan. @default "OFF" */
    readonly threatProtection?: ThreatProtectionMode;
    /** MFA with an authenticator app (TOTP): per user, or for everyone. */
    readonly mfa: MfaMode;
    /** Minimum password length, 12-99; all character classes are always required. @default 12 */
    readonly passwordMinimumLength?: number;
    /** Previous passwords that may not be reused (needs ESSENTIALS or PLUS when above 0). @default 0 */
    readonly passwordHistorySize?: number;
    /** Days an administrator-issued temporary password is valid. @default 3 */
    readonly temporaryPasswordValidityDays?: number;
    /** Let users sign themselves up. @default true */
    readonly selfSignUp?: boolean;
    /** Redirect URLs of the mobile app client after sign-in, e.g. myapp://callback. */
    readonly mobileCallbackUrls: readonly string[];
    /** Redirect URLs of the mobile app client after sign-out. @default [] */
    readonly mobileLogoutUrls?: readonly string[];
    /** Public host name of the web app, e.g. app.example.com; the ALB's callback lives there. */
    readonly webAppDomain: string;
    /** Access-token lifetime in minutes, 5-1440. @default 60 */
    readonly accessTokenValidityMinutes?: number;
    /** ID-token lifetime in minutes, 5-1440. @default 60 */
    readonly idTokenValidityMinutes?: number;
    /** Refresh-token lifetime in days, 1-3650. @default 30 */
    readonly refreshTokenValidityDays?: number;
    /** Hosted sign-in domain. */
    readonly domain: SignInDomain;
    /** Send user emails through SES instead of Cognito's limited built-in sender. @default - Cognito's sender */
    readonly emailSender?: { readonly sesIdentityArn: string; readonly fromAddress: string };
    /** Managed policies for signed-in users' temporary credentials (user data, analytics, ...). @default [] */
    readonly additionalPolicyArns?: readonly pulumi.Input<string>[];
    /** Protect the user pool and identity pool (Pulumi protect and user-pool deletion protection). @default false */
    readonly protect?: boolean;
}

export const IDENTITY_POOL_DEFAULTS = { ...USER_POOL_DEFAULTS, mobileLogoutUrls: [] as readonly string[], protect: false } as const;

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
    /** Exactly what AppFleet's optional `cognitoAuth` arg takes. */
    public readonly cognitoAuth: CognitoAuthConfig;

    constructor(name: string, args: IdentityPoolArgs, opts?: pulumi.ComponentResourceOptions) {
        const d = IDENTITY_POOL_DEFAULTS;
        const settings = {
            featurePlan: args.featurePlan ?? d.featurePlan,
            threatProtection: args.threatProtection ?? d.threatProtection,
            passwordMinimumLength: args.passwordMinimumLength ?? d.passwordMinimumLength,
            passwordHistorySize: args.passwordHistorySize ?? d.passwordHistorySize,
            temporaryPasswordValidityDays: args.temporaryPasswordValidityDays ?? d.temporaryPasswordValidityDays,
            accessTokenMinutes: args.accessTokenValidityMinutes ?? d.accessTokenValidityMinutes,
            idTokenMinutes: args.idTokenValidityMinutes ?? d.idTokenValidityMinutes,
            refreshTokenDays: args.refreshTokenValidityDays ?? d.refreshTokenValidityDays,
            callbackUrls: args.mobileCallbackUrls,
            logoutUrls: args.mobileLogoutUrls ?? d.mobileLogoutUrls,
        };
        const problems = [
            ...userPoolProblems(settings),
            ...("prefix" in args.domain ? domainPrefixProblems(args.domain.prefix) : []),
            ...("customDomain" in args.domain && !/^arn:aws[a-z-]*:acm:us-east-1:/.test(args.domain.certificateArn)
                ? [`the custom domain's certificate must be in us-east-1, got ${args.domain.certificateArn}`]
                : []),
        ];
        if (problems.length > 0) throw new Error(`IdentityPool ${name}: ${problems.join("; ")}`);
        super("startup:identity:IdentityPool", name, {}, opts);
        const protect = args.protect ?? d.protect;
        const poolName = physicalName(args.namePrefix, "users");

        const userPool = new aws.cognito.UserPool(
            `${name}-user-pool`,
            {
                name: poolName,
                userPoolTier: settings.featurePlan,
                // Threat protection exists only on PLUS; Cognito refuses the add-on block elsewhere.
                userPoolAddOns: settings.featurePlan === "PLUS" ? { advancedSecurityMode: settings.threatProtection } : undefined,
                usernameAttributes: ["email"],
                // Immutable after creation: "Jane@x.com" and "jane@x.com" are the same user.
                usernameConfiguration: { caseSensitive: false },
                autoVerifiedAttributes: ["email"],
                // A changed email stays unverified (and the old one in use) until the code is confirmed.
                userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
                passwordPolicy: {
                    minimumLength: settings.passwordMinimumLength,
                    requireLowercase: true,
                    requireUppercase: true,
                    requireNumbers: true,
                    requireSymbols: true,
                    temporaryPasswordValidityDays: settings.temporaryPasswordValidityDays,
                    // Password history is an ESSENTIALS feature; LITE pools leave the setting out.
                    passwordHistorySize: settings.featurePlan === "LITE" ? undefined : settings.passwordHistorySize,
                },
                mfaConfiguration: args.mfa,
                softwareTokenMfaConfiguration: { enabled: true },
                // The API value is verified_email (the SDK docs render it as verifiedEmail).
                accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                adminCreateUserConfig: { allowAdminCreateUserOnly: !(args.selfSignUp ?? d.selfSignUp) },
                emailConfiguration:
                    args.emailSender === undefined
                        ? { emailSendingAccount: "COGNITO_DEFAULT" }
                        : { emailSendingAccount: "DEVELOPER", sourceArn: args.emailSender.sesIdentityArn, fromEmailAddress: args.emailSender.fromAddress },
                deletionProtection: protect ? "ACTIVE" : "INACTIVE",
                tags: { Name: poolName },
            },
            { parent: this, protect },
        );

        const tokenSettings = {
            accessTokenValidity: settings.accessTokenMinutes,
            idTokenValidity: settings.idTokenMinutes,
            refreshTokenValidity: settings.refreshTokenDays,
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            preventUserExistenceErrors: "ENABLED",
            enableTokenRevocation: true,
            allowedOauthFlowsUserPoolClient: true,
            allowedOauthFlows: ["code"],
            supportedIdentityProviders: ["COGNITO"],
        };
        // A public client: no secret can be kept in an app. Cognito verifies PKCE whenever the app
        // sends a code_challenge but has no setting to demand it, so the app must always send one.
        const mobileClient = new aws.cognito.UserPoolClient(
            `${name}-mobile-client`,
            {
                name: physicalName(args.namePrefix, "mobile"),
                userPoolId: userPool.id,
                generateSecret: false,
                ...tokenSettings,
                allowedOauthScopes: [...MOBILE_SCOPES],
                callbackUrls: [...settings.callbackUrls],
                logoutUrls: settings.logoutUrls.length > 0 ? [...settings.logoutUrls] : undefined,
                explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            },
            { parent: this },
        );
        // A confidential client for the ALB's authenticate-cognito action, which needs a secret.
        const webOrigin = `https://${args.webAppDomain}`;
        const webClient = new aws.cognito.UserPoolClient(
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

        const custom = "customDomain" in args.domain ? args.domain : undefined;
        const domain = new aws.cognito.UserPoolDomain(
            `${name}-domain`,
            {
                userPoolId: userPool.id,
                domain: "prefix" in args.domain ? args.domain.prefix : args.domain.customDomain,
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
                    zoneId: custom.hostedZoneId,
                    name: custom.customDomain,
                    type: "A",
                    aliases: [{ name: domain.cloudfrontDistribution, zoneId: domain.cloudfrontDistributionZoneId, evaluateTargetHealth: false }],
                },
                { parent: this },
            );
        }

        const identityPool = new aws.cognito.IdentityPool(
            `${name}-identity-pool`,
            {
                identityPoolName: physicalName(args.namePrefix, "identities"),
                allowUnauthenticatedIdentities: false,
                allowClassicFlow: false,
                cognitoIdentityProviders: [
                    // serverSideTokenCheck: no credentials for a user signed out globally or deleted.
                    { clientId: mobileClient.id, providerName: userPool.endpoint, serverSideTokenCheck: true },
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

        this.userPoolId = userPool.id;
        this.userPoolArn = userPool.arn;
        this.userPoolEndpoint = userPool.endpoint;
        this.mobileClientId = mobileClient.id;
        this.webClientId = webClient.id;
        this.domain = domain.domain;
        this.signInUrl = custom ? pulumi.output(`https://${custom.customDomain}`) : pulumi.interpolate`https://${domain.domain}.auth.${args.region}.amazoncognito.com`;
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
}
