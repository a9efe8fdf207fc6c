import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    BREAK_GLASS_ROLE,
    MANAGED_POLICY,
    managedPolicyArn,
    mfaEnforcementPolicy,
    passwordPolicy,
} from "../lib/accessPolicy";
import { physicalName } from "../lib/naming";
import { breakGlassAlertRule } from "./breakGlassAlert";
import { teamAccessSettingsSchema } from "../stacks/config/access";
import { parseSettings } from "../stacks/config/rules";

/** What the stack wires into the account's access baseline. */
export interface TeamAccessWiring {
    /** Prefix of the group's, policy's and rule's names. */
    readonly namePrefix: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /**
     * SNS topic told of every sign-in and write call by an IAM user or the root user in this
     * Region, when `breakGlassAlerts` is on; its policy must let this component's EventBridge rule
     * publish (`breakGlassRuleName`). @default - none
     */
    readonly breakGlassAlertTopicArn?: pulumi.Input<string>;
}

/**
 * The password policy, break-glass alert and security contact settings of the `access` section
 * (stacks/config/access.ts: minimumPasswordLength, passwordReusePrevention, maxPasswordAgeDays,
 * breakGlassAlerts, securityContact) plus the wiring.
 */
export type TeamAccessArgs = z.input<typeof teamAccessSettingsSchema> & TeamAccessWiring;

/**
 * What remains of IAM for people once they sign in through IAM Identity Center: one break-glass
 * group with AdministratorAccess whose members must use MFA (the program creates no users: an
 * administrator adds the one or two break-glass users by hand, without access keys), the account
 * password policy those users' passwords follow, and an alert on every use of an IAM user or the
 * root user (the account's IAM Access Analyzer is regional, in ThreatDetection), and the
 * account's security contact when given (Security Hub Account.1). Create it from exactly one stack
 * per account (it owns account-wide singletons).
 */
export class TeamAccess extends pulumi.ComponentResource {
    public readonly breakGlassGroupName: pulumi.Output<string>;
    public readonly breakGlassGroupArn: pulumi.Output<string>;
    public readonly mfaPolicyArn: pulumi.Output<string>;
    /** The EventBridge rule that reports break-glass use, when alerts are on. */
    public readonly breakGlassRuleArn?: pulumi.Output<string>;

    constructor(name: string, args: TeamAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("TeamAccess", name, teamAccessSettingsSchema, args);
        if (s.breakGlassAlerts && args.breakGlassAlertTopicArn === undefined) {
            throw new Error(`TeamAccess ${name}: breakGlassAlerts needs breakGlassAlertTopicArn: the topic told of each break-glass use`);
        }
        const password = passwordPolicy(s.minimumPasswordLength, s.passwordReusePrevention, s.maxPasswordAgeDays);
        const alertTopicArn = s.breakGlassAlerts ? args.breakGlassAlertTopicArn : undefined;
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

        const groupName = physicalName(args.namePrefix, BREAK_GLASS_ROLE);
        const group = new aws.iam.Group(`${name}-${BREAK_GLASS_ROLE}`, { name: groupName }, { parent: this });
        new aws.iam.GroupPolicyAttachment(`${name}-${BREAK_GLASS_ROLE}-require-mfa`, { group: group.name, policyArn: mfa.arn }, { parent: this });
        new aws.iam.GroupPolicyAttachment(
            `${name}-${BREAK_GLASS_ROLE}-administrator`,
            { group: group.name, policyArn: pulumi.output(args.partition).apply((p) => managedPolicyArn(p, MANAGED_POLICY.administrator)) },
            { parent: this },
        );

        new aws.iam.AccountPasswordPolicy(`${name}-password-policy`, { ...password }, { parent: this });

        if (s.securityContact !== undefined) {
            // Account-wide, like the password policy; kept on destroy so the account never loses
            // its security contact with a stack (deleting it would leave only the root email).
            new aws.account.AlternativeContact(`${name}-security-contact`, { alternateContactType: "SECURITY", ...s.securityContact }, { parent: this, retainOnDelete: true });
        }

        const rule = alertTopicArn === undefined ? undefined : breakGlassAlertRule(`${name}-break-glass-use`, { namePrefix: args.namePrefix, alertTopicArn }, this);

        this.breakGlassGroupName = group.name;
        this.breakGlassGroupArn = group.arn;
        this.mfaPolicyArn = mfa.arn;
        this.breakGlassRuleArn = rule?.arn;
        this.registerOutputs({
            breakGlassGroupName: this.breakGlassGroupName,
            breakGlassGroupArn: this.breakGlassGroupArn,
            mfaPolicyArn: this.mfaPolicyArn,
            breakGlassRuleArn: this.breakGlassRuleArn,
        });
    }
}
