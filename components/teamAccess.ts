import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ACCESS_GROUPS,
    AccessGroup,
    DeveloperAccess,
    MIN_PASSWORD_LENGTH,
    TeamMember,
    groupGrants,
    managedPolicyArn,
    mfaEnforcementPolicy,
    passwordPolicy,
    sessionManagerPolicy,
    teamProblems,
} from "../lib/accessPolicy";
import { physicalName } from "../lib/naming";

export interface TeamAccessArgs {
    /** Prefix of the groups', policies' and analyzer's names. */
    readonly namePrefix: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Value of the `Project` tag on instances developers may open sessions on. */
    readonly project: string;
    /** The people of the team and their groups. @default [] */
    readonly users?: readonly TeamMember[];
    /** Developers' hands-on access. @default TEAM_ACCESS_DEFAULTS.developerAccess */
    readonly developerAccess?: DeveloperAccess;
    /** Shortest allowed console password, 14 or more. @default TEAM_ACCESS_DEFAULTS.minimumPasswordLength */
    readonly minimumPasswordLength?: number;
    /** Previous passwords a user may not reuse. @default TEAM_ACCESS_DEFAULTS.passwordReusePrevention */
    readonly passwordReusePrevention?: number;
    /** Days before a password expires. @default - never */
    readonly maxPasswordAgeDays?: number;
}

export const TEAM_ACCESS_DEFAULTS = {
    developerAccess: "readOnly",
    minimumPasswordLength: MIN_PASSWORD_LENGTH,
    passwordReusePrevention: 24,
} as const;

/**
 * Account-wide human access: one IAM group per role with least-privilege policies, MFA required of
 * every member, an account password policy, and one IAM
 * user per configured person. No access keys or passwords are created here, so none are in state:
 * a person sets their first password through an administrator's reset and then adds an MFA device.
 * Create it from exactly one stack per account (it owns account-wide singletons).
 */
export class TeamAccess extends pulumi.ComponentResource {
    /** Group names by role. */
    public readonly groupNames: Record<AccessGroup, pulumi.Output<string>>;
    public readonly groupArns: Record<AccessGroup, pulumi.Output<string>>;
    public readonly userNames: readonly string[];
    public readonly mfaPolicyArn: pulumi.Output<string>;
    public readonly sessionManagerPolicyArn: pulumi.Output<string>;

    constructor(name: string, args: TeamAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const users = args.users ?? [];
        const problems = teamProblems(users);
        if (problems.length > 0) throw new Error(`TeamAccess ${name}: fix access.users:\n  - ${problems.join("\n  - ")}`);
        const password = passwordPolicy(
            args.minimumPasswordLength ?? TEAM_ACCESS_DEFAULTS.minimumPasswordLength,
            args.passwordReusePrevention ?? TEAM_ACCESS_DEFAULTS.passwordReusePrevention,
            args.maxPasswordAgeDays,
        );
        super("startup:security:TeamAccess", name, {}, opts);

        const ids = pulumi.all([args.partition, args.accountId]);
        const mfa = new aws.iam.Policy(
            `${name}-require-mfa`,
            {
                name: physicalName(args.namePrefix, "require-mfa"),
                description: "Denies everything but MFA setup and password change until the user signs in with MFA.",
                policy: ids.apply(([partition, accountId]) => JSON.stringify(mfaEnforcementPolicy(partition, accountId))),
                tags: { Name: physicalName(args.namePrefix, "require-mfa") },
            },
            { parent: this },
        );
        const sessions = new aws.iam.Policy(
            `${name}-session-manager`,
            {
                name: physicalName(args.namePrefix, "session-manager"),
                description: `Session Manager shells on instances tagged Project=${args.project}; no SSH.`,
                policy: ids.apply(([partition, accountId]) =>
                    JSON.stringify(sessionManagerPolicy({ partition, accountId, project: args.project })),
                ),
                tags: { Name: physicalName(args.namePrefix, "session-manager") },
            },
            { parent: this },
        );

        const grants = groupGrants(args.developerAccess ?? TEAM_ACCESS_DEFAULTS.developerAccess);
        const groups = {} as Record<AccessGroup, aws.iam.Group>;
        for (const role of ACCESS_GROUPS) {
            const group = new aws.iam.Group(`${name}-${role}`, { name: physicalName(args.namePrefix, role) }, { parent: this });
            groups[role] = group;
            new aws.iam.GroupPolicyAttachment(`${name}-${role}-require-mfa`, { group: group.name, policyArn: mfa.arn }, { parent: this });
            for (const policy of grants[role].managedPolicies) {
                new aws.iam.GroupPolicyAttachment(
                    `${name}-${role}-${policy.split("/").pop()}`,
                    { group: group.name, policyArn: pulumi.output(args.partition).apply((p) => managedPolicyArn(p, policy)) },
                    { parent: this },
                );
            }
            if (grants[role].sessionManager) {
                new aws.iam.GroupPolicyAttachment(`${name}-${role}-session-manager`, { group: group.name, policyArn: sessions.arn }, { parent: this });
            }
        }

        new aws.iam.AccountPasswordPolicy(`${name}-password-policy`, { ...password }, { parent: this });

        for (const member of users) {
            // forceDestroy removes the MFA devices and console password a person added themselves,
            // so removing them from config removes the user.
            const user = new aws.iam.User(
                `${name}-user-${member.name}`,
                { name: member.name, forceDestroy: true, tags: { Name: member.name } },
                { parent: this },
            );
            new aws.iam.UserGroupMembership(
                `${name}-user-${member.name}-groups`,
                { user: user.name, groups: member.groups.map((g) => groups[g].name) },
                { parent: this },
            );
        }

        this.groupNames = mapGroups(groups, (g) => g.name);
        this.groupArns = mapGroups(groups, (g) => g.arn);
        this.userNames = users.map((u) => u.name);
        this.mfaPolicyArn = mfa.arn;
        this.sessionManagerPolicyArn = sessions.arn;
        this.registerOutputs({
            groupNames: this.groupNames,
            groupArns: this.groupArns,
            userNames: this.userNames,
            mfaPolicyArn: this.mfaPolicyArn,
            sessionManagerPolicyArn: this.sessionManagerPolicyArn,
        });
    }
}

function mapGroups<T>(groups: Record<AccessGroup, aws.iam.Group>, f: (g: aws.iam.Group) => T): Record<AccessGroup, T> {
    return Object.fromEntries(ACCESS_GROUPS.map((role) => [role, f(groups[role])])) as Record<AccessGroup, T>;
}
