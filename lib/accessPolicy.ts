/**
 * Human access to the AWS account, as pure data and builders, unit-tested without Pulumi. People
 * reach the account through IAM Identity Center permission sets, one per role below
 * (`components/identityCenterAccess.ts`); IAM itself keeps only a break-glass group whose members
 * must use MFA (`components/teamAccess.ts`). Both take what a role may do from `roleGrants` and
 * `roleInlinePolicy` here, so the two paths cannot drift.
 */
import { physicalName } from "./naming";
import { PolicyDocument, PolicyStatement, policyDocument } from "./policy";
import { SESSION_PREFERENCES_DOCUMENT, sessionKeyStatement } from "./sessionManager";

/** The roles people are given, one Identity Center permission set each. */
export const ACCESS_ROLES = ["admins", "developers", "readOnly", "billing"] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

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

/** What each role is allowed: AWS managed policies, plus Session Manager access for developers. */
export interface RoleGrant {
    readonly managedPolicies: readonly string[];
    readonly sessionManager: boolean;
}

export function roleGrants(developerAccess: DeveloperAccess): Record<AccessRole, RoleGrant> {
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

export interface RolePolicyArgs {
    readonly partition: string;
    readonly accountId: string;
    /** Value of the `Project` tag on instances the role may open sessions on. */
    readonly project: string;
}

/**
 * The inline policy of a role's permission set, from its grant: Session Manager for federated
 * sessions where the grant says so; none otherwise (the managed policies say it all).
 */
export function roleInlinePolicy(grant: RoleGrant, args: RolePolicyArgs): PolicyDocument | undefined {
    return grant.sessionManager ? sessionManagerPolicy(args) : undefined;
}

/**
 * IAM's limit on a role's inline policies, in characters without whitespace: Identity Center turns a
 * permission set's inline policy into one on the role it provisions, so this, not the API's 32,768,
 * is what bounds it (IAM quotas, "Role policy size").
 */
export const INLINE_POLICY_MAX_CHARACTERS = 10240;

/** Problems with an inline policy for a permission set. */
export function inlinePolicyProblems(doc: PolicyDocument): string[] {
    const size = JSON.stringify(doc).replace(/\s/g, "").length;
    return size > INLINE_POLICY_MAX_CHARACTERS ? [`inline policy has ${size} characters; IAM allows ${INLINE_POLICY_MAX_CHARACTERS} on a role`] : [];
}

/** Session length of a permission set as ISO-8601, from whole hours (the `access` section holds them to Identity Center's 1-12). */
export function permissionSetSessionDuration(hours: number): string {
    return `PT${hours}H`;
}

/** Permission set names: 1-32 of letters, digits and `+=,.@_-` (CreatePermissionSet). */
export const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;

/**
 * Identity store user and group ids, as CreateAccountAssignment accepts them: a UUID, optionally
 * after a 10-digit hex prefix (`9067xxxxxx-1234abcd-...`).
 */
export const IDENTITY_STORE_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

/** The one IAM group that remains, for break-glass users created by hand. */
export const BREAK_GLASS_ROLE = "break-glass";

/** Name of the EventBridge rule that reports break-glass use (rule names: at most 64 characters). */
export function breakGlassRuleName(namePrefix: string): string {
    return physicalName(namePrefix, "break-glass-use", 64);
}

/** ARN of a rule on the Region's default event bus, known from its name before it exists. */
export function eventRuleArn(partition: string, region: string, accountId: string, ruleName: string): string {
    return `arn:${partition}:events:${region}:${accountId}:rule/${ruleName}`;
}

/**
 * EventBridge pattern for any sign-in or API call by an IAM user or the root user. The program
 * creates no IAM users, so in an account whose people use Identity Center each match is a
 * break-glass (or root) use. EventBridge gets these events only where a CloudTrail trail logs
 * management events, and gets write calls, not reads.
 */
export function breakGlassEventPattern(): Record<string, unknown> {
    return {
        "detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"],
        detail: { userIdentity: { type: ["IAMUser", "Root"] } },
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

/** The tag an instance must carry for developers to open a session on it. */
export const SESSION_TAG_KEY = "Project";

/** The IAM policy variable for the caller's unique id (role id and session name when federated). */
const USER_ID = "${aws:userid}";

/**
 * Shell access to instances through Session Manager, never SSH: start a session on instances
 * tagged `Project=<project>` with the preferences document (which logs and encrypts every
 * session), end or resume only one's own sessions, and make the data key that encrypts the
 * session with the session key (AWS: "Additional sample IAM policies for Session Manager",
 * restrict access by tag, and "allow a user to end only sessions they started" for federated
 * users; "Turn on KMS key encryption of session data"). Written for Identity Center sessions.
 */
export function sessionManagerPolicy(args: RolePolicyArgs): PolicyDocument {
    const { partition, accountId } = args;
    return policyDocument(
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
            // Session ids of federated users start with the role session name, not an IAM user
            // name: Session Manager tags each session with its starter's aws:userid instead.
            Sid: "EndOrResumeOwnSessions",
            Effect: "Allow",
            Action: ["ssm:TerminateSession", "ssm:ResumeSession"],
            Resource: `arn:${partition}:ssm:*:${accountId}:session/*`,
            Condition: { StringLike: { "ssm:resourceTag/aws:ssmmessages:session-id": [USER_ID] } },
        },
        sessionKeyStatement("EncryptSessionData", ["kms:GenerateDataKey"], partition, accountId),
        {
            Sid: "SeeInstancesAndSessions",
            Effect: "Allow",
            Action: ["ssm:DescribeSessions", "ssm:GetConnectionStatus", "ssm:DescribeInstanceProperties", "ec2:DescribeInstances"],
            Resource: "*",
        },
    );
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

/**
 * The account password policy from its settings, which the `access` section bounds (length
 * MIN_PASSWORD_LENGTH-128, reuse 1-24, age 1-1095 days).
 */
export function passwordPolicy(minimumLength: number, reusePrevention: number, maxAgeDays?: number): PasswordPolicy {
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
