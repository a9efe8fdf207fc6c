/**
 * Session Manager's Region-wide preferences and what instances and people need to use them, as
 * plain data. `components/sessionPreferences.ts` creates the preferences; the app fleet's instance
 * role and the developers' permission set take their statements from here.
 *
 * The preferences live in one SSM document per account and Region, `SSM-SessionManagerRunShell`,
 * which every Standard_Stream session started without another document uses (the console always
 * does). One stack per account and Region owns it; every other stack in that account and Region
 * (dev beside prod) uses it, so its log group and key are named independently of any stack.
 */
import { PROJECT } from "./constants";
import { PolicyDocument, PolicyStatement, policyDocument } from "./policy";

/** The document Session Manager reads a Region's preferences from (AWS fixes the name). */
export const SESSION_PREFERENCES_DOCUMENT = "SSM-SessionManagerRunShell";

/** Log group of every session in the account and Region, named by project, not by stack. */
export const SESSION_LOG_GROUP = `/${PROJECT}/session-manager`;

/** Purpose of the session key: its alias is `alias/<project>-<purpose>`, as PlatformKey names aliases. */
export const SESSION_KEY_PURPOSE = "session-manager";

/** Alias of the key that encrypts session data and the session log group. */
export const SESSION_KEY_ALIAS = `alias/${PROJECT}-${SESSION_KEY_PURPOSE}`;

/** Idle minutes Session Manager accepts (`idleSessionTimeout`), and session lengths (`maxSessionDuration`). */
export const SESSION_LIMITS = { idleMinutes: { min: 1, max: 60 }, sessionMinutes: { min: 1, max: 1440 } } as const;

export interface SessionPreferencesArgs {
    /** Log group sessions are written to; it must be KMS-encrypted (`cloudWatchEncryptionEnabled`). */
    readonly logGroupName: string;
    /** Key id or ARN that encrypts session data between client and instance. */
    readonly kmsKeyId: string;
    /** Minutes without input before a session ends (SESSION_LIMITS.idleMinutes; the `access.sessionManager` section checks it). */
    readonly idleTimeoutMinutes: number;
    /** Minutes a session may last at most (SESSION_LIMITS.sessionMinutes; checked there too). */
    readonly maxSessionMinutes: number;
    /** Stream session output to the log group while it runs, not only at its end. */
    readonly streamLogs: boolean;
}

/** The content of the preferences document (Session document schema 1.0, Standard_Stream). */
export interface SessionPreferencesDocument {
    readonly schemaVersion: "1.0";
    readonly description: string;
    readonly sessionType: "Standard_Stream";
    readonly inputs: Readonly<Record<string, string | boolean | Readonly<Record<string, string>>>>;
}

/**
 * Session Manager preferences (AWS: "Session document schema"): every session logged to an
 * encrypted CloudWatch Logs group (S3 off), session data encrypted with the KMS key, an idle
 * timeout and a maximum duration (both strings of minutes), sessions as the default `ssm-user`
 * (Run As off), and no shell profile.
 */
export function sessionPreferencesDocument(args: SessionPreferencesArgs): SessionPreferencesDocument {
    const problems: string[] = [];
    if (!args.logGroupName) problems.push("a log group is required");
    if (!args.kmsKeyId) problems.push("a KMS key is required");
    if (problems.length > 0) throw new Error(`Session Manager preferences: ${problems.join("; ")}`);
    return {
        schemaVersion: "1.0",
        description: "Region-wide Session Manager preferences: every session logged and encrypted (managed by Pulumi)",
        sessionType: "Standard_Stream",
        inputs: {
            s3BucketName: "",
            s3KeyPrefix: "",
            s3EncryptionEnabled: true,
            cloudWatchLogGroupName: args.logGroupName,
            cloudWatchEncryptionEnabled: true,
            cloudWatchStreamingEnabled: args.streamLogs,
            kmsKeyId: args.kmsKeyId,
            runAsEnabled: false,
            runAsDefaultUser: "",
            idleSessionTimeout: String(args.idleTimeoutMinutes),
            maxSessionDuration: String(args.maxSessionMinutes),
            shellProfile: { linux: "", windows: "" },
        },
    };
}

export interface SessionAccessArgs {
    readonly partition: string;
    readonly accountId: string;
    /** Region of the log group; the key statement covers the account's session key in any Region. */
    readonly region: string;
}

/** ARN of the session log group (and its streams) in a Region. */
export function sessionLogGroupArn(partition: string, region: string, accountId: string): string {
    return `arn:${partition}:logs:${region}:${accountId}:log-group:${SESSION_LOG_GROUP}`;
}

/**
 * Use of the session key, found by its alias (`kms:ResourceAliases`): the key belongs to the stack
 * that owns the Region's preferences, so other stacks cannot know its id. Keys of this account only.
 */
export function sessionKeyStatement(sid: string, actions: string[], partition: string, accountId: string): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: actions,
        Resource: `arn:${partition}:kms:*:${accountId}:key/*`,
        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": SESSION_KEY_ALIAS } },
    };
}

/**
 * What an instance needs for logged, encrypted sessions beyond AmazonSSMManagedInstanceCore (AWS:
 * "Step 2: Verify or add instance permissions for Session Manager"): write the session log group
 * (the agent checks the group exists and is encrypted first), and decrypt session data with the
 * session key.
 */
export function sessionLoggingInstancePolicy(args: SessionAccessArgs): PolicyDocument {
    const group = sessionLogGroupArn(args.partition, args.region, args.accountId);
    return policyDocument(
        { Sid: "WriteSessionLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [group, `${group}:log-stream:*`] },
        // DescribeLogGroups is authorised on the account's log-group ARNs of the Region, not on one group.
        { Sid: "CheckSessionLogGroupEncryption", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: `arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:*` },
        sessionKeyStatement("DecryptSessionData", ["kms:Decrypt"], args.partition, args.accountId),
    );
}
