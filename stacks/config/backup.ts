import { z } from "zod";
import { SettingsRule, awsRegion, refineWith } from "./rules";

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

const backupFields = z.strictObject({
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
});

/** The backup section's settings, defaults filled in. */
export type BackupSettings = z.output<typeof backupFields>;

/** What BackupPlan takes of the section: its schedule, retention and copies (`enabled` is the stack's). */
const backupPlanFields = backupFields.omit({ enabled: true });

export type BackupPlanSettings = z.output<typeof backupPlanFields>;

/** The backup section's rules across keys, on the stack file and on BackupPlan's args alike. */
export const BACKUP_RULES: ReadonlyArray<SettingsRule<BackupPlanSettings>> = [
    {
        path: ["weeklyRetentionDays"],
        check: (b) =>
            b.weeklyRetentionDays !== undefined && b.weeklyRetentionDays <= b.dailyRetentionDays
                ? `must be longer than dailyRetentionDays (${b.dailyRetentionDays}), or leave it out`
                : undefined,
    },
    { path: ["copyRetentionDays"], check: (b) => (b.copyRetentionDays !== undefined && b.copyToRegion === undefined ? "only applies with copyToRegion" : undefined) },
];

/** The plan's settings as BackupPlan validates them. */
export const backupPlanSettingsSchema = backupPlanFields.superRefine(refineWith(BACKUP_RULES));

export const backupSchema = backupFields
    .superRefine(refineWith(BACKUP_RULES))
    .default({ enabled: BACKUP_DEFAULTS.enabled, dailyRetentionDays: BACKUP_DEFAULTS.dailyRetentionDays, scheduleHourUtc: BACKUP_DEFAULTS.scheduleHourUtc })
    .describe("AWS Backup: the plan, its retention and the copy to the DR region.");

export type BackupConfig = BackupSettings;
