/**
 * Human access to the AWS account: the groups people join, the AWS managed policies each group
 * gets, the MFA requirement and Session Manager access. Pure data and builders, unit-tested without
 * Pulumi; `components/teamAccess.ts` turns them into IAM resources.
 */
import { PolicyDocument, PolicyStatement } from "./policy";
import { SESSION_PREFERENCES_DOCUMENT, sessionKeyStatement } from "./sessionManager";

/** The groups a person can be put in through `access.users[].groups`. */
export const ACCESS_GROUPS = ["admins", "developers", "readOnly", "billing"] as const;
export type AccessGroup = (typeof ACCESS_GROUPS)[number];

/**
 * What developers may do by hand. `readOnly` (prod): look at everything, change nothing, reach
 * instances through Session Manager; changes go through Pulumi in CI. `powerUser`: everything but
 * IAM and Organizations, for an account that holds only dev.
 */
export const DEVELOPER_ACCESS = ["readOnly", "powerUser"] as const;
export type DeveloperAccess = (typeof DEVELOPER_ACCESS)[number];

/** AWS managed policies by name, as they appear after `arn:<partition>:iam::aws:policy/`. */
export const MANAGED_POLICY = {
    administrator: "AdministratorAccess",
    readOnly: "ReadOnlyAccess",
    powerUser: "PowerUserAccess",
    billing: "job-function/Billing",
} as const;

export function managedPolicyArn(partition: string, name: string): string {
    return `arn:${partition}:iam::aws:policy/${name}`;
}

/** What each group is allowed: AWS managed policies, plus Session Manager access for developers. */
export interface GroupGrant {
    readonly managedPolicies: readonly string[];
    readonly sessionManager: boolean;
}

export function groupGrants(developerAccess: DeveloperAccess): Record<AccessGroup, GroupGrant> {
    return {
        admins: { managedPolicies: [MANAGED_POLICY.administrator], sessionManager: false },
        developers: {
            managedPolicies: [developerAccess === "powerUser" ? MANAGED_POLICY.powerUser : MANAGED_POLICY.readOnly],
            sessionManager: true,
        },
        readOnly: { managedPolicies: [MANAGED_POLICY.readOnly], sessionManager: false },
        billing: { managedPolicies: [MANAGED_POLICY.billing], sessionManager: false },
    };
}

/** A statement that denies everything except a list of actions. */
export interface NotActionStatement extends Omit<PolicyStatement, "Action"> {
    NotAction: string[];
}

export interface AccessPolicyDocument extends Omit<PolicyDocument, "Statement"> {
    Statement: Array<PolicyStatement | NotActionStatement>;
}

/** The IAM policy variable for the caller's user name, kept literal in the JSON. */
const USERNAME = "${aws:username}";

/** Actions a user without MFA may still call: set up an MFA device and change the first password. */
export const ALLOWED_WITHOUT_MFA = [
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetMFADevice",
    "iam:ListMFADevices",
    "iam:ListUsers",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "iam:ChangePassword",
    "iam:GetAccountPasswordPolicy",
    "iam:GetUser",
    "sts:GetSessionToken",
];

/**
 * MFA for every human, after AWS's "IAM: Allows IAM users to self-manage an MFA device" example:
 * a user may list users, create and enable their own virtual MFA device and change their own
 * password; everything else is denied until they sign in with MFA (`BoolIfExists`, so long-term
 * access keys without MFA are denied too). ChangePassword and GetAccountPasswordPolicy are also
 * allowed without MFA so a new user can set the first password, as the AWS example suggests.
 */
export function mfaEnforcementPolicy(partition: string, accountId: string): AccessPolicyDocument {
    const self = `arn:${partition}:iam::${accountId}:user/${USERNAME}`;
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "AllowListActions", Effect: "Allow", Action: ["iam:ListUsers", "iam:ListVirtualMFADevices", "iam:GetAccountPasswordPolicy"], Resource: "*" },
            { Sid: "AllowUserToCreateVirtualMFADevice", Effect: "Allow", Action: ["iam:CreateVirtualMFADevice"], Resource: `arn:${partition}:iam::${accountId}:mfa/*` },
            {
                Sid: "AllowUserToManageTheirOwnMFA",
                Effect: "Allow",
                Action: ["iam:EnableMFADevice", "iam:GetMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
                Resource: self,
            },
            {
                Sid: "AllowUserToDeactivateTheirOwnMFAOnlyWhenUsingMFA",
                Effect: "Allow",
                Action: ["iam:DeactivateMFADevice"],
                Resource: self,
                Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
            },
            { Sid: "AllowUserToChangeTheirOwnPassword", Effect: "Allow", Action: ["iam:ChangePassword", "iam:GetUser"], Resource: self },
            {
                Sid: "BlockMostAccessUnlessSignedInWithMFA",
                Effect: "Deny",
                NotAction: [...ALLOWED_WITHOUT_MFA],
                Resource: "*",
                Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
            },
        ],
    };
}

export interface SessionManagerPolicyArgs {
    readonly partition: string;
    readonly accountId: string;
    /** Sessions are allowed only to instances whose `Project` tag has this value. */
    readonly project: string;
}

/** The tag an instance must carry for developers to open a session on it. */
export const SESSION_TAG_KEY = "Project";

/**
 * Shell access to instances through Session Manager, never SSH: start a session on instances
 * tagged `Project=<project>` with the preferences document (which logs and encrypts every
 * session), end or resume only one's own sessions, and make the data key that encrypts the
 * session with the session key (AWS: "Additional sample IAM policies for Session Manager",
 * restrict access by tag; "Turn on KMS key encryption of session data").
 */
export function sessionManagerPolicy(args: SessionManagerPolicyArgs): PolicyDocument {
    const { partition, accountId } = args;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "StartSessionOnProjectInstances",
                Effect: "Allow",
                Action: ["ssm:StartSession"],
                Resource: `arn:${partition}:ec2:*:${accountId}:instance/*`,
                Condition: { StringEquals: { [`ssm:resourceTag/${SESSION_TAG_KEY}`]: args.project } },
            },
            {
                Sid: "StartSessionWithTheShellDocument",
                Effect: "Allow",
                Action: ["ssm:StartSession"],
                Resource: `arn:${partition}:ssm:*:${accountId}:document/${SESSION_PREFERENCES_DOCUMENT}`,
            },
            {
                Sid: "EndOrResumeOwnSessions",
                Effect: "Allow",
                Action: ["ssm:TerminateSession", "ssm:ResumeSession"],
                Resource: `arn:${partition}:ssm:*:${accountId}:session/${USERNAME}-*`,
            },
            sessionKeyStatement("EncryptSessionData", ["kms:GenerateDataKey"], partition, accountId),
            {
                Sid: "SeeInstancesAndSessions",
                Effect: "Allow",
                Action: ["ssm:DescribeSessions", "ssm:GetConnectionStatus", "ssm:DescribeInstanceProperties", "ec2:DescribeInstances"],
                Resource: "*",
            },
        ],
    };
}

/** The account password policy's settings (inputs of `aws.iam.AccountPasswordPolicy`). */
export interface PasswordPolicy {
    readonly minimumPasswordLength: number;
    readonly requireLowercaseCharacters: true;
    readonly requireUppercaseCharacters: true;
    readonly requireNumbers: true;
    readonly requireSymbols: true;
    readonly allowUsersToChangePassword: true;
    readonly passwordReusePrevention: number;
    readonly maxPasswordAge?: number;
}

/** The shortest password the platform accepts (CIS AWS Foundations: 14). */
export const MIN_PASSWORD_LENGTH = 14;

export function passwordPolicy(minimumLength: number, reusePrevention: number, maxAgeDays?: number): PasswordPolicy {
    if (!Number.isInteger(minimumLength) || minimumLength < MIN_PASSWORD_LENGTH || minimumLength > 128) {
        throw new Error(`minimum password length must be ${MIN_PASSWORD_LENGTH}-128, got ${minimumLength}`);
    }
    if (!Number.isInteger(reusePrevention) || reusePrevention < 1 || reusePrevention > 24) {
        throw new Error(`password reuse prevention must remember 1-24 passwords, got ${reusePrevention}`);
    }
    if (maxAgeDays !== undefined && (!Number.isInteger(maxAgeDays) || maxAgeDays < 1 || maxAgeDays > 1095)) {
        throw new Error(`maximum password age must be 1-1095 days, got ${maxAgeDays}`);
    }
    return {
        minimumPasswordLength: minimumLength,
        requireLowercaseCharacters: true,
        requireUppercaseCharacters: true,
        requireNumbers: true,
        requireSymbols: true,
        allowUsersToChangePassword: true,
        passwordReusePrevention: reusePrevention,
        ...(maxAgeDays === undefined ? {} : { maxPasswordAge: maxAgeDays }),
    };
}

/** IAM user names: 1-64 of letters, digits and `+=,.@_-`. */
export const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;

export interface TeamMember {
    /** IAM user name, e.g. "ana.silva". */
    readonly name: string;
    readonly groups: readonly AccessGroup[];
}

/** Every problem with a member list, in one pass. */
export function teamProblems(users: readonly TeamMember[]): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    users.forEach((user, i) => {
        if (!IAM_USER_NAME.test(user.name)) problems.push(`users[${i}]: "${user.name}" is not an IAM user name (1-64 of letters, digits, +=,.@_-)`);
        if (seen.has(user.name.toLowerCase())) problems.push(`users[${i}]: "${user.name}" appears twice (IAM user names are case-insensitive)`);
        seen.add(user.name.toLowerCase());
        if (user.groups.length === 0) problems.push(`users[${i}]: "${user.name}" needs at least one group (${ACCESS_GROUPS.join(", ")})`);
        const unknown = user.groups.filter((g) => !ACCESS_GROUPS.includes(g));
        if (unknown.length > 0) problems.push(`users[${i}]: unknown group(s) ${unknown.join(", ")}; expected ${ACCESS_GROUPS.join(", ")}`);
    });
    return problems;
}
