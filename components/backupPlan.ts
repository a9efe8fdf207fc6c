import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    BACKUP_MANAGED_POLICIES,
    BACKUP_TAG_KEY,
    BACKUP_VAULT_NAME,
    BackupSchedule,
    backupRules,
    backupScheduleProblems,
    backupTrustPolicy,
    backupVaultArn,
} from "../lib/backup";
import { NAME_LIMITS, physicalName } from "../lib/naming";

export interface BackupPlanArgs {
    /** Prefix of the plan's, selection's and role's names. */
    readonly namePrefix: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Vault the plan writes to (a BackupVault's `vaultName`). */
    readonly vaultName: pulumi.Input<string>;
    /** Schedules and retention. */
    readonly schedule: Omit<BackupSchedule, "copyToVaultArn">;
    /** Copy every recovery point to this vault of this account in another region. @default - no copy */
    readonly copyTo?: { readonly region: string; readonly vaultName: string };
    /** Resources tagged `Backup: <value>` are backed up. */
    readonly selectionTagValue: string;
}

/**
 * An AWS Backup plan: a daily rule (plus a weekly one with longer retention in prod), each copying
 * to a vault in another region when `copyTo` is set (the DR stack's copy vault), a selection of every resource tagged
 * `Backup: <selectionTagValue>`, and the service role Backup uses, with the AWS managed backup and
 * restore policies.
 */
export class BackupPlan extends pulumi.ComponentResource {
    public readonly planId: pulumi.Output<string>;
    public readonly planArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;
    /** The tag a resource adds to be selected, e.g. { Backup: "prod" }. */
    public readonly selectionTag: Readonly<Record<string, string>>;

    constructor(name: string, args: BackupPlanArgs, opts?: pulumi.ComponentResourceOptions) {
        const copyTo = args.copyTo;
        const problems = backupScheduleProblems({ ...args.schedule, copyToVaultArn: copyTo ? "checked below" : undefined });
        if (copyTo && !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(copyTo.region)) problems.push(`"${copyTo.region}" is not an AWS region`);
        if (copyTo && !BACKUP_VAULT_NAME.test(copyTo.vaultName)) problems.push(`"${copyTo.vaultName}" is not a vault name`);
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
                        { ...args.schedule, copyToVaultArn: copyTo ? backupVaultArn(partition, copyTo.region, accountId, copyTo.vaultName) : undefined },
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

        this.planId = plan.id;
        this.planArn = plan.arn;
        this.roleArn = role.arn;
        this.selectionTag = { [BACKUP_TAG_KEY]: args.selectionTagValue };
        this.registerOutputs({ planId: this.planId, planArn: this.planArn, roleArn: this.roleArn, selectionTag: this.selectionTag });
    }
}
