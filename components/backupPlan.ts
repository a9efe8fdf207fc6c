import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    BACKUP_COPY_VAULT_NAME,
    BACKUP_MANAGED_POLICIES,
    BACKUP_TAG_KEY,
    BACKUP_VAULT_NAME,
    backupFailureEventPattern,
    backupRules,
    backupTrustPolicy,
    backupVaultArn,
} from "../lib/backup";
import { NAME_LIMITS, physicalName } from "../lib/naming";
import { backupPlanSettingsSchema } from "../stacks/config/backup";
import { parseSettings } from "../stacks/config/rules";

/** What the stack wires into the plan. */
export interface BackupPlanWiring {
    /** Prefix of the plan's, selection's and role's names. */
    readonly namePrefix: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Vault the plan writes to (a BackupVault's `vaultName`). */
    readonly vaultName: pulumi.Input<string>;
    /** Vault of this account in `copyToRegion` that receives the copies. @default BACKUP_COPY_VAULT_NAME (the DR stack's) */
    readonly copyVaultName?: string;
    /** Resources tagged `Backup: <value>` are backed up. */
    readonly selectionTagValue: string;
    /**
     * SNS topic told of every failed, aborted, expired or partial backup or copy job of this
     * account in this region, through an EventBridge rule. Its policy must let EventBridge rules
     * publish and its key let EventBridge use it (the operations topic does: lib/operations.ts).
     * @default - no alerts
     */
    readonly alertTopicArn?: pulumi.Input<string>;
}

/**
 * The plan's keys of the `backup` section (stacks/config/backup.ts: daily and weekly retention,
 * the UTC hour, the copy region and the copies' retention) plus the wiring.
 */
export type BackupPlanArgs = z.input<typeof backupPlanSettingsSchema> & BackupPlanWiring;

/**
 * An AWS Backup plan: a daily rule (plus a weekly one with longer retention in prod), each copying
 * to a vault in another region when `copyToRegion` is set (the DR stack's copy vault), a selection of every resource tagged
 * `Backup: <selectionTagValue>`, and the service role Backup uses, with the AWS managed backup and
 * restore policies. With `alertTopicArn`, failed jobs are sent to that topic: a copy to a DR vault
 * that does not exist (yet, or any more) fails on every run and would otherwise go unnoticed.
 */
export class BackupPlan extends pulumi.ComponentResource {
    public readonly planId: pulumi.Output<string>;
    public readonly planArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;
    /** The tag a resource adds to be selected, e.g. { Backup: "prod" }. */
    public readonly selectionTag: Readonly<Record<string, string>>;
    /** The EventBridge rule that sends failed jobs to `alertTopicArn`, when given. */
    public readonly failureRuleArn?: pulumi.Output<string>;

    constructor(name: string, args: BackupPlanArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("BackupPlan", name, backupPlanSettingsSchema, args);
        const copyVaultName = args.copyVaultName ?? BACKUP_COPY_VAULT_NAME;
        const problems: string[] = [];
        if (s.copyToRegion !== undefined && !BACKUP_VAULT_NAME.test(copyVaultName)) problems.push(`copyVaultName "${copyVaultName}" is not a vault name`);
        if (args.selectionTagValue.length === 0) problems.push("the selection tag value must not be empty");
        if (problems.length > 0) throw new Error(`BackupPlan ${name}: ${problems.join("; ")}`);
        super("startup:ops:BackupPlan", name, {}, opts);

        const role = new aws.iam.Role(
            `${name}-role`,
            { name: physicalName(args.namePrefix, "backup", NAME_LIMITS.iamRole), assumeRolePolicy: pulumi.output(args.accountId).apply((id) => JSON.stringify(backupTrustPolicy(id))) },
            { parent: this },
        );
        BACKUP_MANAGED_POLICIES.forEach((policy) => {
            new aws.iam.RolePolicyAttachment(
                `${name}-role-${policy.split("/").pop()}`,
                { role: role.name, policyArn: pulumi.interpolate`arn:${args.partition}:iam::aws:policy/${policy}` },
                { parent: this },
            );
        });

        const planName = physicalName(args.namePrefix, "backup", 50);
        const plan = new aws.backup.Plan(
            `${name}-plan`,
            {
                name: planName,
                rules: pulumi.all([args.vaultName, args.partition, args.accountId]).apply(([vault, partition, accountId]) =>
                    backupRules(
                        vault,
                        {
                            dailyRetentionDays: s.dailyRetentionDays,
                            weeklyRetentionDays: s.weeklyRetentionDays,
                            hourUtc: s.scheduleHourUtc,
                            copyToVaultArn: s.copyToRegion === undefined ? undefined : backupVaultArn(partition, s.copyToRegion, accountId, copyVaultName),
                            copyRetentionDays: s.copyRetentionDays,
                        },
                        { Plan: planName },
                    ),
                ),
                tags: { Name: planName },
            },
            { parent: this },
        );
        new aws.backup.Selection(
            `${name}-selection`,
            {
                name: physicalName(args.namePrefix, "tagged", 50),
                planId: plan.id,
                iamRoleArn: role.arn,
                selectionTags: [{ type: "STRINGEQUALS", key: BACKUP_TAG_KEY, value: args.selectionTagValue }],
            },
            { parent: this },
        );

        if (args.alertTopicArn !== undefined) {
            const ruleName = physicalName(args.namePrefix, "backup-failures", NAME_LIMITS.eventRule);
            const rule = new aws.cloudwatch.EventRule(
                `${name}-failures`,
                {
                    name: ruleName,
                    description: "Failed, aborted, expired or partial AWS Backup backup and copy jobs of this account in this region",
                    eventPattern: pulumi.output(args.accountId).apply((accountId) => JSON.stringify(backupFailureEventPattern(accountId))),
                    tags: { Name: ruleName },
                },
                { parent: this },
            );
            // No roleArn: EventBridge publishes under the topic's resource policy (a role on an
            // SNS target can make delivery to an encrypted topic fail).
            new aws.cloudwatch.EventTarget(`${name}-failures-to-topic`, { rule: rule.name, arn: args.alertTopicArn }, { parent: this });
            this.failureRuleArn = rule.arn;
        }

        this.planId = plan.id;
        this.planArn = plan.arn;
        this.roleArn = role.arn;
        this.selectionTag = { [BACKUP_TAG_KEY]: args.selectionTagValue };
        this.registerOutputs({
            planId: this.planId,
            planArn: this.planArn,
            roleArn: this.roleArn,
            selectionTag: this.selectionTag,
            ...(this.failureRuleArn ? { failureRuleArn: this.failureRuleArn } : {}),
        });
    }
}
