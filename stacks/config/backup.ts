import { z } from "zod";
import { awsRegion, crossFieldIssue } from "./rules";

/** Defaults of the `backup` key, exported so docs and code cannot drift. */
export const BACKUP_DEFAULTS = {
    enabled: true,
    dailyRetentionDays: 7,
    scheduleHourUtc: 5,
} as const;

const days = z
    .number()
    .int({ message: "expected a whole number of days" })
    .min(1, { message: "expected 1-36500 days" })
    .max(36_500, { message: "expected 1-36500 days" });

export const backupSchema = z
    .strictObject({
        enabled: z
            .boolean()
            .default(BACKUP_DEFAULTS.enabled)
            .describe("Back up resources tagged Backup=<stack> (primary stacks), or hold the copy vault (the DR stack)."),
        dailyRetentionDays: days.default(BACKUP_DEFAULTS.dailyRetentionDays).describe("Days daily recovery points are kept."),
        weeklyRetentionDays: days
            .optional()
            .describe("Days weekly (Sunday) recovery points are kept; longer than the daily retention. Default: no weekly rule."),
        scheduleHourUtc: z
            .number()
            .int()
            .min(0, { message: "expected an hour 0-23" })
            .max(23, { message: "expected an hour 0-23" })
            .default(BACKUP_DEFAULTS.scheduleHourUtc)
            .describe("UTC hour the daily backup starts; the weekly one starts three hours later."),
        copyToRegion: awsRegion()
            .optional()
            .describe("Copy every recovery point to the DR stack's copy vault in this region. Default: no copy."),
        copyRetentionDays: days
            .optional()
            .describe("Days copies are kept in the DR region. Default: the source rule's retention."),
    })
    .superRefine((backup, ctx) => {
        if (backup.weeklyRetentionDays !== undefined && backup.weeklyRetentionDays <= backup.dailyRetentionDays) {
            crossFieldIssue(ctx, ["weeklyRetentionDays"], `must be longer than dailyRetentionDays (${backup.dailyRetentionDays}), or leave it out`);
        }
        if (backup.copyRetentionDays !== undefined && backup.copyToRegion === undefined) {
            crossFieldIssue(ctx, ["copyRetentionDays"], "only applies with copyToRegion");
        }
    })
    .default({ enabled: BACKUP_DEFAULTS.enabled, dailyRetentionDays: BACKUP_DEFAULTS.dailyRetentionDays, scheduleHourUtc: BACKUP_DEFAULTS.scheduleHourUtc })
    .describe("AWS Backup: the plan, its retention and the copy to the DR region.");

export type BackupConfig = z.infer<typeof backupSchema>;
