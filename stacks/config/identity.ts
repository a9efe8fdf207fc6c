import { z } from "zod";
import { SettingsRule, refineWith } from "./rules";
import { COGNITO_LIMITS, FEATURE_PLANS, MFA_MODES, THREAT_PROTECTION_MODES, domainPrefixProblems, redirectUrlProblem } from "../../lib/cognito";

/** Defaults of the `identity` key, exported so docs and code cannot drift. */
export const IDENTITY_DEFAULTS = {
    featurePlan: "ESSENTIALS",
    threatProtection: "OFF",
    mfa: "OPTIONAL",
    passwordMinimumLength: 12,
    passwordHistorySize: 0,
    temporaryPasswordValidityDays: 3,
    selfSignUp: true,
    accessTokenValidityMinutes: 60,
    idTokenValidityMinutes: 60,
    refreshTokenValidityDays: 30,
    userDataReplicatedByDr: false,
} as const;

const L = COGNITO_LIMITS;

function wholeNumber(range: { min: number; max: number }, what: string) {
    const message = `expected a whole number of ${what} from ${range.min} to ${range.max}`;
    return z.number({ message }).int({ message }).min(range.min, { message }).max(range.max, { message });
}

const redirectUrl = z.string().superRefine((url, ctx) => {
    const problem = redirectUrlProblem(url);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem.replace(`"${url}" `, "") });
});

const domainPrefix = z.string().superRefine((prefix, ctx) => {
    for (const problem of domainPrefixProblems(prefix)) {
        ctx.addIssue({ code: "custom", message: `expected a Cognito domain prefix: ${problem.replace(`domain prefix "${prefix}" `, "")}` });
    }
});

const identityFields = z
    .strictObject({
        featurePlan: z
            .enum(FEATURE_PLANS)
            .default(IDENTITY_DEFAULTS.featurePlan)
            .describe("Cognito user pool feature plan: LITE, ESSENTIALS (password history, managed login) or PLUS (threat protection)."),
        threatProtection: z
            .enum(THREAT_PROTECTION_MODES)
            .default(IDENTITY_DEFAULTS.threatProtection)
            .describe("Threat protection (compromised credentials, adaptive authentication): OFF, AUDIT or ENFORCED. Needs featurePlan PLUS."),
        mfa: z
            .enum(MFA_MODES)
            .default(IDENTITY_DEFAULTS.mfa)
            .describe("Multi-factor authentication with an authenticator app (TOTP): OPTIONAL per user, or ON for everyone."),
        passwordMinimumLength: wholeNumber(L.passwordMinimumLength, "characters")
            .default(IDENTITY_DEFAULTS.passwordMinimumLength)
            .describe("Minimum password length; passwords also need lower- and upper-case letters, digits and symbols."),
        passwordHistorySize: wholeNumber(L.passwordHistorySize, "previous passwords")
            .default(IDENTITY_DEFAULTS.passwordHistorySize)
            .describe("Previous passwords a user may not reuse (0 = no check). Needs featurePlan ESSENTIALS or PLUS."),
        temporaryPasswordValidityDays: wholeNumber(L.temporaryPasswordValidityDays, "days")
            .default(IDENTITY_DEFAULTS.temporaryPasswordValidityDays)
            .describe("Days an administrator-issued temporary password stays valid."),
        selfSignUp: z
            .boolean()
            .default(IDENTITY_DEFAULTS.selfSignUp)
            .describe("Let users sign up from the apps; false = only administrators create users."),
        mobileCallbackUrls: z
            .array(redirectUrl)
            .min(1, { message: "expected at least one callback URL, such as myapp://callback" })
            .max(100, { message: "expected at most 100 callback URLs" })
            .describe("Redirect URLs of the mobile app client after sign-in (app scheme such as myapp://callback, or https)."),
        mobileLogoutUrls: z
            .array(redirectUrl)
            .max(100, { message: "expected at most 100 sign-out URLs" })
            .default([])
            .describe("Redirect URLs of the mobile app client after sign-out."),
        accessTokenValidityMinutes: wholeNumber(L.accessTokenMinutes, "minutes")
            .default(IDENTITY_DEFAULTS.accessTokenValidityMinutes)
            .describe("Lifetime of access tokens, in minutes (5 to 1440)."),
        idTokenValidityMinutes: wholeNumber(L.idTokenMinutes, "minutes")
            .default(IDENTITY_DEFAULTS.idTokenValidityMinutes)
            .describe("Lifetime of ID tokens, in minutes (5 to 1440)."),
        refreshTokenValidityDays: wholeNumber(L.refreshTokenDays, "days")
            .default(IDENTITY_DEFAULTS.refreshTokenValidityDays)
            .describe("Lifetime of refresh tokens, in days (1 to 3650): how long a device stays signed in."),
        domainPrefix: domainPrefix
            .optional()
            .describe("Prefix of the hosted sign-in domain <prefix>.auth.<region>.amazoncognito.com. Default: <namePrefix>-auth-<hash of dns.zoneName>."),
        customDomain: z
            .strictObject({
                domainName: z
                    .string()
                    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { message: "expected a domain name such as auth.example.com" })
                    .describe(
                        "Fully qualified sign-in domain inside dns.zoneName, e.g. auth.example.com. Cognito refuses it unless its parent domain (example.com) already resolves: give the zone apex an A record first, or use a subdomain of one that has one (auth.app.example.com).",
                    ),
                certificateArn: z
                    .string()
                    .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, {
                        message: "expected an ACM certificate ARN in us-east-1 (Cognito serves custom domains through CloudFront)",
                    })
                    .describe("ACM certificate for domainName, issued in us-east-1."),
            })
            .optional()
            .describe("Serve the hosted sign-in pages on your own domain instead of the prefix domain."),
        emailSender: z
            .strictObject({
                sesIdentityArn: z
                    .string()
                    .regex(/^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/.+$/, { message: "expected an SES identity ARN such as arn:aws:ses:us-east-1:123456789012:identity/example.com" })
                    .describe("Verified SES identity (domain or address) Cognito sends from."),
                fromAddress: z
                    .string()
                    .regex(/^[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}$/i, { message: "expected an email address such as no-reply@example.com" })
                    .describe("Sender address of verification and password-reset emails."),
            })
            .optional()
            .describe("Send user emails through SES. Default: Cognito's built-in sender, whose daily limit is below typical production volume."),
        userDataReplicatedByDr: z
            .boolean()
            .default(IDENTITY_DEFAULTS.userDataReplicatedByDr)
            .describe(
                "A DR stack adds a replica of the user-data table in its region (a global table) and this stack leaves the table's replicas alone. Set in prod, and deploy it before the DR stack.",
            ),
    });

/**
 * The sign-in settings, defaults filled in: what IdentityPool takes besides its wiring
 * (`userDataReplicatedByDr` is UserDataStore's).
 */
export type IdentitySettings = z.output<typeof identityFields>;

/** The identity rules across keys, on the stack file and on IdentityPool's args alike. */
export const IDENTITY_RULES: ReadonlyArray<SettingsRule<IdentitySettings>> = [
    {
        path: ["threatProtection"],
        check: (i) =>
            i.threatProtection !== "OFF" && i.featurePlan !== "PLUS"
                ? `${i.threatProtection} needs featurePlan PLUS (got ${i.featurePlan}); set threatProtection to OFF or featurePlan to PLUS`
                : undefined,
    },
    {
        path: ["passwordHistorySize"],
        check: (i) => (i.passwordHistorySize > 0 && i.featurePlan === "LITE" ? "needs featurePlan ESSENTIALS or PLUS; set it to 0 or change the plan" : undefined),
    },
    {
        path: ["domainPrefix"],
        check: (i) => (i.customDomain !== undefined && i.domainPrefix !== undefined ? "has no effect with customDomain; remove one of them" : undefined),
    },
];

export const identitySchema = identityFields
    .superRefine(refineWith(IDENTITY_RULES))
    .describe("Sign-up and sign-in (Cognito user pool, app clients, identity pool). Primary stacks only: DR uses the primary's.");

/** The user-data store's one setting (`identity.userDataReplicatedByDr`): what UserDataStore takes besides its wiring. */
export const userDataSettingsSchema = identityFields.pick({ userDataReplicatedByDr: true });

export type IdentityConfig = IdentitySettings;
