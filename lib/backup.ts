/**
 * AWS Backup as data: the rules of a plan (schedules, retention, cross-region copies), the tag that
 * selects resources, and the name and ARN of the DR region's copy vault. Pure functions,
 * unit-tested without Pulumi.
 */
import { PROJECT } from "./constants";
import { PolicyDocument, serviceTrustPolicy } from "./policy";

/** Resources tagged `Backup: <stack>` are backed up by that stack's plan. */
export const BACKUP_TAG_KEY = "Backup";

/** The tag a stateful resource adds to be backed up by the stack's plan. */
export function backupSelectionTag(stack: string): Record<string, string> {
    return { [BACKUP_TAG_KEY]: stack };
}

/**
 * Name of the vault in the DR region that receives copies. Fixed per project so a primary stack
 * can name it from `backup.copyToRegion` alone; the DR stack creates it.
 */
export const BACKUP_COPY_VAULT_NAME = `${PROJECT}-dr-copies`;

/** AWS Backup vault names: 2-50 letters, digits, hyphens and underscores. */
export const BACKUP_VAULT_NAME = /^[A-Za-z0-9_-]{2,50}$/;

export function backupVaultArn(partition: string, region: string, accountId: string, vaultName: string): string {
    return `arn:${partition}:backup:${region}:${accountId}:backup-vault:${vaultName}`;
}

/** AWS managed policies of a Backup service role (they live under `service-role/`). */
export const BACKUP_MANAGED_POLICIES = [
    "service-role/AWSBackupServiceRolePolicyForBackup",
    "service-role/AWSBackupServiceRolePolicyForRestores",
] as const;

/**
 * Trust policy of the Backup service role. AWS Backup's documentation (and its own
 * AWSBackupDefaultServiceRole) shows the service principal alone: it documents no aws:SourceAccount
 * context when the service assumes the role. The condition is therefore checked only when present
 * (`ifPresent`): another account's request that carries its own account is refused, and backups
 * never stop because the key is absent.
 */
export function backupTrustPolicy(accountId: string): PolicyDocument {
    return serviceTrustPolicy("backup.amazonaws.com", accountId, { sourceContext: "ifPresent" });
}

/** A plan's schedule, from the `backup` section (stacks/config/backup.ts), which bounds and checks it. */
export interface BackupSchedule {
    /** Days daily recovery points are kept. */
    readonly dailyRetentionDays: number;
    /** Days weekly recovery points are kept; no weekly rule when undefined. */
    readonly weeklyRetentionDays?: number;
    /** UTC hour the daily backup starts; the weekly one starts three hours later on Sunday. */
    readonly hourUtc: number;
    /** Copy every recovery point to this vault (another region). */
    readonly copyToVaultArn?: string;
    /** Days copies are kept. @default the source rule's retention */
    readonly copyRetentionDays?: number;
}

/** Minutes a job may wait to start, and to finish (AWS requires a start window of at least 60). */
export const BACKUP_WINDOWS = { startWindow: 60, completionWindow: 360 } as const;

export interface BackupRule {
    ruleName: string;
    targetVaultName: string;
    schedule: string;
    startWindow: number;
    completionWindow: number;
    lifecycle: { deleteAfter: number };
    copyActions?: Array<{ destinationVaultArn: string; lifecycle: { deleteAfter: number } }>;
    recoveryPointTags: Record<string, string>;
}

/** The rules of a backup plan: daily, plus weekly with longer retention when asked, each copied when asked. */
export function backupRules(vaultName: string, schedule: BackupSchedule, recoveryPointTags: Record<string, string> = {}): BackupRule[] {
    const rule = (ruleName: string, cron: string, retention: number): BackupRule => ({
        ruleName,
        targetVaultName: vaultName,
        schedule: cron,
        ...BACKUP_WINDOWS,
        lifecycle: { deleteAfter: retention },
        ...(schedule.copyToVaultArn === undefined
            ? {}
            : { copyActions: [{ destinationVaultArn: schedule.copyToVaultArn, lifecycle: { deleteAfter: schedule.copyRetentionDays ?? retention } }] }),
        recoveryPointTags: { ...recoveryPointTags, BackupRule: ruleName },
    });
    const rules = [rule("daily", `cron(0 ${schedule.hourUtc} ? * * *)`, schedule.dailyRetentionDays)];
    if (schedule.weeklyRetentionDays !== undefined) {
        // Three hours after the daily job, so the two never snapshot the same cluster at once.
        rules.push(rule("weekly", `cron(0 ${(schedule.hourUtc + 3) % 24} ? * SUN *)`, schedule.weeklyRetentionDays));
    }
    return rules;
}

/** Job states in which a recovery point, or its copy in the DR region, was not (fully) made. */
export const BACKUP_FAILED_STATES = ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"] as const;

/** EventBridge detail types AWS Backup sends when a backup job or a copy job changes state. */
export const BACKUP_JOB_EVENTS = ["Backup Job State Change", "Copy Job State Change"] as const;

/**
 * The EventBridge pattern of failed backup and copy jobs of this account, in the rule's region. A
 * plan's copy jobs are created in the plan's (source) region, so a copy that fails because the DR
 * vault does not exist yet, or no longer does, is reported there. AWS Backup sends these events
 * on a best-effort basis (AWS Backup Developer Guide, "Monitoring AWS Backup events using
 * Amazon EventBridge").
 */
export function backupFailureEventPattern(accountId: string): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        account: [accountId],
        "detail-type": [...BACKUP_JOB_EVENTS],
        detail: { state: [...BACKUP_FAILED_STATES] },
    };
}
