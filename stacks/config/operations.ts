import { z } from "zod";

/** Defaults of the `operations` key, exported so docs and code cannot drift. */
export const OPERATIONS_CONFIG_DEFAULTS = {
    alertEmails: [],
    dashboard: true,
    databaseEvents: true,
} as const;

const operationsFields = z.strictObject({
    alertEmails: z
        .array(z.email({ message: "expected an email address" }))
        .refine((emails) => new Set(emails).size === emails.length, { message: "expected distinct addresses" })
        .default([...OPERATIONS_CONFIG_DEFAULTS.alertEmails])
        .describe("On-call addresses subscribed to the operations topic (alarms and budget alerts); each confirms by email."),
    dashboard: z
        .boolean()
        .default(OPERATIONS_CONFIG_DEFAULTS.dashboard)
        .describe("Create the stack's CloudWatch operations dashboard."),
    databaseEvents: z
        .boolean()
        .default(OPERATIONS_CONFIG_DEFAULTS.databaseEvents)
        .describe(
            "RDS event subscriptions to the operations topic: the stack's Aurora cluster (failure, maintenance, failover), its instances, their parameter group and DB security groups (Security Hub RDS.19-22).",
        ),
});

/** The operations section's settings, defaults filled in. */
export type OperationsSettings = z.output<typeof operationsFields>;

/**
 * What Operations takes of the section: the on-call addresses (the dashboard is the stack's
 * OperationsDashboard, and `databaseEvents` decides which subscriptions the stack adds).
 */
export const operationsTopicSettingsSchema = operationsFields.pick({ alertEmails: true });

export const operationsSchema = operationsFields
    .default({ alertEmails: [], dashboard: OPERATIONS_CONFIG_DEFAULTS.dashboard, databaseEvents: OPERATIONS_CONFIG_DEFAULTS.databaseEvents })
    .describe("The operations topic (alarms, budget alerts, RDS events) and the CloudWatch dashboard.");

export type OperationsConfig = OperationsSettings;
