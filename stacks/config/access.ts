import { z } from "zod";
import { ACCESS_ROLES, DEVELOPER_ACCESS, IDENTITY_STORE_ID, MIN_PASSWORD_LENGTH } from "../../lib/accessPolicy";
import { SESSION_LIMITS } from "../../lib/sessionManager";
import { IAM_ROLE_ARN, SettingsRule, awsRegion, logRetentionDays, refineWith } from "./rules";

/** Defaults of the `access` key, exported so docs and code cannot drift. */
export const ACCESS_DEFAULTS = {
    manageAccount: false,
    developerAccess: "readOnly",
    minimumPasswordLength: MIN_PASSWORD_LENGTH,
    passwordReusePrevention: 24,
    breakGlassAlerts: true,
} as const;

/** Hours a permission set's session lasts, by role: short for administrators. */
export const SESSION_HOURS_DEFAULTS = { admins: 1, developers: 8, readOnly: 8, billing: 4 } as const;

/** Defaults of `access.sessionManager`. */
export const SESSION_MANAGER_DEFAULTS = { logRetentionDays: 365, idleTimeoutMinutes: 20, maxSessionMinutes: 240, streamLogs: true } as const;

const hours = (role: (typeof ACCESS_ROLES)[number]) =>
    z
        .number()
        .int({ message: "expected whole hours, 1-12" })
        .min(1, { message: "expected 1-12 hours" })
        .max(12, { message: "expected 1-12 hours" })
        .default(SESSION_HOURS_DEFAULTS[role])
        .describe(`Hours a ${role} session lasts before signing in again (1-12, Identity Center's range).`);

const groupIds = (role: (typeof ACCESS_ROLES)[number]) =>
    z
        .array(z.string().regex(IDENTITY_STORE_ID, { message: "expected an Identity Center group id such as 9067a1b2c3-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d" }))
        .default([])
        .describe(`Identity Center groups whose members get the ${role} permission set in this account (group ids from the Identity Center console).`);

/** The `access.identityCenter` section: the Identity Center instance, its groups and session lengths. */
export const identityCenterSettingsSchema = z.strictObject({
    region: awsRegion().describe("The Identity Center instance's home Region (where the organization enabled it); its permission sets and assignments are managed there."),
    assumeRoleArn: z
        .string()
        .regex(IAM_ROLE_ARN, { message: "expected an IAM role ARN such as arn:aws:iam::111122223333:role/identity-center-admin" })
        .optional()
        .describe(
            "Role in the organization's management account, or in the Identity Center delegated administrator account, that manages permission sets; assumed with the credentials Pulumi runs with. Default: those credentials, which must then belong to that account.",
        ),
    groups: z
        .strictObject({
            admins: groupIds("admins"),
            developers: groupIds("developers"),
            readOnly: groupIds("readOnly"),
            billing: groupIds("billing"),
        })
        .default({ admins: [], developers: [], readOnly: [], billing: [] })
        .describe("Which Identity Center groups get which role in this stack's account. A role without groups still gets its permission set, unassigned."),
    sessionHours: z
        .strictObject({
            admins: hours("admins"),
            developers: hours("developers"),
            readOnly: hours("readOnly"),
            billing: hours("billing"),
        })
        .default({ ...SESSION_HOURS_DEFAULTS })
        .describe("Session length of each permission set, in hours."),
});

/** The `access.sessionManager` section: what SessionPreferences takes besides its wiring. */
export const sessionManagerSettingsSchema = z.strictObject({
    logRetentionDays: logRetentionDays().default(SESSION_MANAGER_DEFAULTS.logRetentionDays).describe("Days session logs are kept (a CloudWatch Logs retention value)."),
    idleTimeoutMinutes: z
        .number()
        .int({ message: "expected whole minutes" })
        .min(SESSION_LIMITS.idleMinutes.min, { message: "expected 1-60 minutes" })
        .max(SESSION_LIMITS.idleMinutes.max, { message: "expected 1-60 minutes" })
        .default(SESSION_MANAGER_DEFAULTS.idleTimeoutMinutes)
        .describe("Minutes without input before a session ends (1-60)."),
    maxSessionMinutes: z
        .number()
        .int({ message: "expected whole minutes" })
        .min(SESSION_LIMITS.sessionMinutes.min, { message: "expected 1-1440 minutes" })
        .max(SESSION_LIMITS.sessionMinutes.max, { message: "expected 1-1440 minutes" })
        .default(SESSION_MANAGER_DEFAULTS.maxSessionMinutes)
        .describe("Minutes a session may last at most (1-1440)."),
    streamLogs: z
        .boolean()
        .default(SESSION_MANAGER_DEFAULTS.streamLogs)
        .describe("Stream session output to the log group as it happens, not only when the session ends (an ended or killed session still leaves its log)."),
});

/**
 * The account's security contact (`aws.account.AlternativeContact`, type SECURITY; Security Hub
 * Account.1), in what PutAlternateContact accepts (AWS Account Management API reference,
 * AlternateContact): every field required, a name of 1-64 characters, a title of 1-50, an email of
 * at most 254 matching its pattern, a phone number of at most 25 digits, spaces, +, -, ( and ).
 */
export const securityContactSchema = z
    .strictObject({
        // Trimmed: the provider waits after an update until AWS returns exactly what it sent.
        name: z
            .string()
            .trim()
            .min(1, { message: "expected 1-64 characters" })
            .max(64, { message: "expected 1-64 characters" })
            .describe("Who AWS contacts about security: a team or role rather than one person (1-64 characters)."),
        title: z.string().trim().min(1, { message: "expected 1-50 characters" }).max(50, { message: "expected 1-50 characters" }).describe("Their title (1-50 characters)."),
        emailAddress: z
            .string()
            .trim()
            .max(254, { message: "expected at most 254 characters" })
            .regex(/^[\w+=.#|!&-]+@[\w.-]+\.\w+$/, { message: "expected an email address such as security@example.com" })
            .describe("A mailbox the security team reads, not one person's."),
        phoneNumber: z
            .string()
            .trim()
            .max(25, { message: "expected at most 25 characters" })
            .regex(/^[\s()+-]*\d[\d\s()+-]*$/, { message: "expected a phone number of digits, spaces, +, -, ( and ), such as +1 206 555 0100" })
            .describe("A number the security on-call answers (at most 25 digits, spaces, +, -, ( and ))."),
    })
    .describe(
        "The account's security contact (Security Hub Account.1): AWS writes to it about security events in the account, such as exposed credentials or abuse reports, besides the root email. Account-wide: set only in the stack that manages the account; required there in prod. Kept when the stack is destroyed.",
    );

const developerAccess = z
    .enum(DEVELOPER_ACCESS)
    .default(ACCESS_DEFAULTS.developerAccess)
    .describe("Developers' hands-on access: readOnly (ReadOnlyAccess + Session Manager) or powerUser (PowerUserAccess, for a dev-only account).");

const accessFields = z.strictObject({
    manageAccount: z
        .boolean()
        .default(ACCESS_DEFAULTS.manageAccount)
        .describe(
            "Create the account-wide access baseline (Identity Center permission sets, the break-glass IAM group with MFA, password policy, break-glass alerts, the security contact; the regional IAM Access Analyzer is security.accessAnalyzer). Exactly one stack per AWS account sets this; never the DR stack.",
        ),
    developerAccess,
    minimumPasswordLength: z
        .number()
        .int()
        .min(MIN_PASSWORD_LENGTH, { message: `expected at least ${MIN_PASSWORD_LENGTH} characters` })
        .max(128, { message: "expected at most 128 characters" })
        .default(ACCESS_DEFAULTS.minimumPasswordLength)
        .describe(`Shortest console password the account accepts (${MIN_PASSWORD_LENGTH}-128); applies to break-glass IAM users.`),
    passwordReusePrevention: z
        .number()
        .int()
        .min(1, { message: "expected 1-24" })
        .max(24, { message: "expected 1-24" })
        .default(ACCESS_DEFAULTS.passwordReusePrevention)
        .describe("Previous passwords a user may not reuse (1-24)."),
    maxPasswordAgeDays: z
        .number()
        .int()
        .min(1, { message: "expected 1-1095 days" })
        .max(1095, { message: "expected 1-1095 days" })
        .optional()
        .describe("Days before a console password expires (1-1095). Default: never; MFA is required instead of rotation."),
    breakGlassAlerts: z
        .boolean()
        .default(ACCESS_DEFAULTS.breakGlassAlerts)
        .describe(
            "Notify the operations topic of every console sign-in and write API call by an IAM user or the root user in the stack's region (EventBridge sees only its own region's events; needs the account's CloudTrail trail). With people in Identity Center, each is a break-glass use. One stack per account and region: the managing stack watches its region, DR the DR region; a stack sharing a watched region (dev beside prod) sets false.",
        ),
    identityCenter: identityCenterSettingsSchema
        .optional()
        .describe(
            "People's access through IAM Identity Center: one permission set per role (admins, developers, readOnly, billing) with the same policies as lib/accessPolicy.ts gives each role, assigned to the listed groups in this stack's account. Identity Center is organization-wide with one home Region: only the stack that manages the account sets this. Default: none (only break-glass IAM users reach the account).",
        ),
    sessionManager: sessionManagerSettingsSchema
        .optional()
        .describe(
            "Own the Region's Session Manager preferences (the SSM-SessionManagerRunShell document, one per account and Region): every session logged to a KMS-encrypted log group and encrypted with a KMS key. Exactly one stack per account and Region sets it (prod in us-east-1, DR in us-west-2; not dev, which shares prod's). Default: none.",
        ),
    securityContact: securityContactSchema.optional(),
    users: z
        .unknown()
        .optional()
        .describe("No longer supported: the program creates no IAM users. Put people in Identity Center groups (identityCenter.groups); create break-glass users by hand (docs/security.md)."),
});

/** The access section's settings, defaults filled in. */
export type AccessSettings = z.output<typeof accessFields>;

/** The access section's rules across keys (on the stack file; the components take parts without these keys). */
export const ACCESS_RULES: ReadonlyArray<SettingsRule<AccessSettings>> = [
    {
        path: ["users"],
        check: (a) =>
            a.users !== undefined
                ? "the program no longer creates IAM users: add each person to an Identity Center group and list its id under identityCenter.groups; create break-glass users by hand in the break-glass group (docs/security.md, Workforce access)"
                : undefined,
    },
    {
        path: ["identityCenter"],
        check: (a) =>
            a.identityCenter !== undefined && !a.manageAccount
                ? "permission sets are created by the stack that manages the account: set manageAccount: true here, or move identityCenter to that stack's config"
                : undefined,
    },
    {
        path: ["securityContact"],
        check: (a) =>
            a.securityContact !== undefined && !a.manageAccount
                ? "the security contact is account-wide and set by the stack that manages the account: set manageAccount: true here, or move securityContact to that stack's config"
                : undefined,
    },
];

/**
 * What TeamAccess takes of the section: the account password policy, whether break-glass use
 * alerts, and the account's security contact (`manageAccount` decides whether the stack builds it
 * at all).
 */
export const teamAccessSettingsSchema = accessFields.pick({
    minimumPasswordLength: true,
    passwordReusePrevention: true,
    maxPasswordAgeDays: true,
    breakGlassAlerts: true,
    securityContact: true,
});

/**
 * What IdentityCenterAccess takes: the `identityCenter` section and the section's
 * `developerAccess`. `assumeRoleArn` is the stack's, for the provider it gives the component.
 */
export const identityCenterAccessSettingsSchema = identityCenterSettingsSchema.omit({ assumeRoleArn: true }).extend({ developerAccess });

export const accessSchema = accessFields
    .superRefine(refineWith(ACCESS_RULES))
    .default({
        manageAccount: ACCESS_DEFAULTS.manageAccount,
        developerAccess: ACCESS_DEFAULTS.developerAccess,
        minimumPasswordLength: ACCESS_DEFAULTS.minimumPasswordLength,
        passwordReusePrevention: ACCESS_DEFAULTS.passwordReusePrevention,
        breakGlassAlerts: ACCESS_DEFAULTS.breakGlassAlerts,
    })
    .describe(
        "Human access: IAM Identity Center permission sets for people, a break-glass IAM group with MFA and the password policy, and Session Manager's logged sessions.",
    );

export type AccessConfig = AccessSettings;
export type IdentityCenterConfig = z.output<typeof identityCenterSettingsSchema>;
export type SessionManagerConfig = z.output<typeof sessionManagerSettingsSchema>;
export type SecurityContactConfig = z.output<typeof securityContactSchema>;
