import { z } from "zod";
import { ACCESS_GROUPS, DEVELOPER_ACCESS, IAM_USER_NAME, MIN_PASSWORD_LENGTH } from "../../lib/accessPolicy";
import { SESSION_LIMITS } from "../../lib/sessionManager";
import { crossFieldIssue, logRetentionDays } from "./rules";

/** Defaults of the `access` key, exported so docs and code cannot drift. */
export const ACCESS_DEFAULTS = {
    manageAccount: false,
    developerAccess: "readOnly",
    minimumPasswordLength: MIN_PASSWORD_LENGTH,
    passwordReusePrevention: 24,
    accessAnalyzer: true,
    users: [],
} as const;

/** Defaults of `access.sessionManager`. */
export const SESSION_MANAGER_DEFAULTS = { logRetentionDays: 365, idleTimeoutMinutes: 20, maxSessionMinutes: 240, streamLogs: true } as const;

export const sessionManagerSchema = z
    .strictObject({
        logRetentionDays: logRetentionDays()
            .default(SESSION_MANAGER_DEFAULTS.logRetentionDays)
            .describe("Days session logs are kept (a CloudWatch Logs retention value)."),
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
    })
    .optional()
    .describe(
        "Own the Region's Session Manager preferences (the SSM-SessionManagerRunShell document, one per account and Region): every session logged to a KMS-encrypted log group and encrypted with a KMS key. Exactly one stack per account and Region sets it (prod in us-east-1, DR in us-west-2; not dev, which shares prod's). Default: none.",
    );

const member = z.strictObject({
    name: z
        .string()
        .regex(IAM_USER_NAME, { message: "expected an IAM user name: 1-64 letters, digits or +=,.@_-" })
        .describe("IAM user name of the person, e.g. ana.silva."),
    groups: z
        .array(z.enum(ACCESS_GROUPS))
        .min(1, { message: `expected at least one group of ${ACCESS_GROUPS.join(", ")}` })
        .describe(`Groups the person belongs to: ${ACCESS_GROUPS.join(", ")}.`),
});

export const accessSchema = z
    .strictObject({
        manageAccount: z
            .boolean()
            .default(ACCESS_DEFAULTS.manageAccount)
            .describe(
                "Create the account-wide IAM baseline (groups, MFA policy, password policy, Access Analyzer, users). Exactly one stack per AWS account sets this; never the DR stack.",
            ),
        developerAccess: z
            .enum(DEVELOPER_ACCESS)
            .default(ACCESS_DEFAULTS.developerAccess)
            .describe("Developers' hands-on access: readOnly (ReadOnlyAccess + Session Manager) or powerUser (PowerUserAccess, for a dev-only account)."),
        minimumPasswordLength: z
            .number()
            .int()
            .min(MIN_PASSWORD_LENGTH, { message: `expected at least ${MIN_PASSWORD_LENGTH} characters` })
            .max(128, { message: "expected at most 128 characters" })
            .default(ACCESS_DEFAULTS.minimumPasswordLength)
            .describe(`Shortest console password the account accepts (${MIN_PASSWORD_LENGTH}-128).`),
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
        accessAnalyzer: z
            .boolean()
            .default(ACCESS_DEFAULTS.accessAnalyzer)
            .describe("Create an IAM Access Analyzer (type ACCOUNT) in the stack's region with the account baseline."),
        sessionManager: sessionManagerSchema,
        users: z
            .array(member)
            .default([...ACCESS_DEFAULTS.users])
            .describe("The people with AWS console access; adding a person is adding an entry. No access keys or passwords are created."),
    })
    .superRefine((access, ctx) => {
        if (!access.manageAccount && access.users.length > 0) {
            crossFieldIssue(ctx, ["users"], "are created by the stack that manages the account: set manageAccount: true here, or move them to that stack's config");
        }
        const seen = new Map<string, number>();
        access.users.forEach((user, i) => {
            const first = seen.get(user.name.toLowerCase());
            if (first !== undefined) crossFieldIssue(ctx, ["users", i, "name"], `"${user.name}" is already users[${first}] (IAM user names are case-insensitive)`);
            else seen.set(user.name.toLowerCase(), i);
        });
    })
    .default({
        manageAccount: ACCESS_DEFAULTS.manageAccount,
        developerAccess: ACCESS_DEFAULTS.developerAccess,
        minimumPasswordLength: ACCESS_DEFAULTS.minimumPasswordLength,
        passwordReusePrevention: ACCESS_DEFAULTS.passwordReusePrevention,
        accessAnalyzer: ACCESS_DEFAULTS.accessAnalyzer,
        users: [],
    })
    .describe("Human access to the AWS account: IAM groups, MFA, password policy, Access Analyzer and the team's users.");

export type AccessConfig = z.infer<typeof accessSchema>;
export type SessionManagerConfig = NonNullable<AccessConfig["sessionManager"]>;
