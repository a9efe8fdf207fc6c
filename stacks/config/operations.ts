import { z } from "zod";

/** Defaults of the `operations` key, exported so docs and code cannot drift. */
export const OPERATIONS_CONFIG_DEFAULTS = {
    alertEmails: [],
    dashboard: true,
} as const;

export const operationsSchema = z
    .strictObject({
        alertEmails: z
            .array(z.email({ message: "expected an email address" }))
            .refine((emails) => new Set(emails).size === emails.length, { message: "expected distinct addresses" })
            .default([...OPERATIONS_CONFIG_DEFAULTS.alertEmails])
            .describe("On-call addresses subscribed to the operations topic (alarms and budget alerts); each confirms by email."),
        dashboard: z
            .boolean()
            .default(OPERATIONS_CONFIG_DEFAULTS.dashboard)
            .describe("Create the stack's CloudWatch operations dashboard."),
    })
    .default({ alertEmails: [], dashboard: OPERATIONS_CONFIG_DEFAULTS.dashboard })
    .describe("The operations topic (alarms, budget alerts) and the CloudWatch dashboard.");

export type OperationsConfig = z.infer<typeof operationsSchema>;
