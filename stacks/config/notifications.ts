import { z } from "zod";

/** Defaults of the `notifications` key, exported so docs and code cannot drift. */
export const NOTIFICATIONS_DEFAULTS = {
    jobVisibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    jobRetentionDays: 4,
    kmsDataKeyReusePeriodSeconds: 300,
    apnsPlatform: "APNS",
} as const;

/**
 * Stands in for a secret in the validated config. The plaintext is checked, then dropped, so it
 * can never reach a resource input or an output by way of the config object; stacks/ reads the
 * value itself with `pulumi.Config().requireSecretObject`, which keeps it a secret.
 */
export const SECRET_SET = "[secret]" as const;

/**
 * Paths (below the section) of the secret keys, by the name Notifications takes each secret's value
 * under (a secret Output the stack reads with Pulumi's config; see `SECRET_SET`).
 */
export const NOTIFICATION_SECRETS = {
    apnsSigningKey: ["apns", "signingKey"],
    fcmServiceAccountJson: ["fcm", "serviceAccountJson"],
} as const;

/** True when the value at `path` (below the section) is, or holds, a secret: never shown in a message. */
export function holdsNotificationSecret(path: ReadonlyArray<PropertyKey>): boolean {
    return path.length > 0 && Object.values(NOTIFICATION_SECRETS).some((secret) => path.every((part, i) => secret[i] === part));
}

const secretText = (what: string) =>
    z
        .string({ message: `expected ${what} as text, set with pulumi config set --secret --path` })
        .min(1, { message: `expected ${what}, not an empty value` })
        .transform((): typeof SECRET_SET => SECRET_SET);

function wholeNumber(min: number, max: number, unit: string, why = "") {
    const message = `expected a whole number of ${unit} from ${min} to ${max}${why}`;
    return z.number({ message }).int({ message }).min(min, { message }).max(max, { message });
}

const appleId = (what: string) =>
    z.string().regex(/^[A-Z0-9]{10}$/, { message: `expected the 10-character Apple ${what}, such as AB12CD34EF` });

/** The `notifications` section as Notifications validates it (without the section's own default). */
export const notificationsSettingsSchema = z
    .strictObject({
        jobVisibilityTimeoutSeconds: wholeNumber(0, 43200, "seconds", " (SQS allows up to 12 hours)")
            .default(NOTIFICATIONS_DEFAULTS.jobVisibilityTimeoutSeconds)
            .describe("Seconds a received job stays hidden from other workers; longer than the slowest job."),
        maxReceiveCount: wholeNumber(1, 1000, "receives")
            .default(NOTIFICATIONS_DEFAULTS.maxReceiveCount)
            .describe("Receives of a failing job before it moves to the dead-letter queue."),
        jobRetentionDays: wholeNumber(1, 13, "days", ": a job keeps its first enqueue time in the dead-letter queue, which holds messages 14 days")
            .default(NOTIFICATIONS_DEFAULTS.jobRetentionDays)
            .describe("Days an unprocessed job is kept in the job queue (the dead-letter queue keeps 14)."),
        kmsDataKeyReusePeriodSeconds: wholeNumber(60, 86400, "seconds")
            .default(NOTIFICATIONS_DEFAULTS.kmsDataKeyReusePeriodSeconds)
            .describe("Seconds SQS reuses a data key before calling KMS again (longer = fewer KMS requests)."),
        apns: z
            .strictObject({
                platform: z
                    .enum(["APNS", "APNS_SANDBOX"])
                    .default(NOTIFICATIONS_DEFAULTS.apnsPlatform)
                    .describe("APNS for App Store and TestFlight builds, APNS_SANDBOX for development builds."),
                teamId: appleId("team id").describe("Apple developer team id."),
                bundleId: z
                    .string()
                    .regex(/^[A-Za-z0-9.-]+$/, { message: "expected an iOS bundle id such as com.example.app" })
                    .describe("Bundle id of the iOS app."),
                signingKeyId: appleId("key id").describe("Id of the APNs token signing key (.p8)."),
                signingKey: secretText("the contents of the APNs .p8 signing key")
                    .optional()
                    .describe("SECRET. Contents of the .p8 token signing key. The iOS platform application exists only when this is set."),
            })
            .optional()
            .describe("Apple Push Notification service, token-based authentication."),
        fcm: z
            .strictObject({
                serviceAccountJson: secretText("the Firebase service-account JSON")
                    .optional()
                    .describe("SECRET. Firebase service-account key file (FCM HTTP v1). The Android platform application exists only when this is set."),
            })
            .optional()
            .describe("Firebase Cloud Messaging (HTTP v1 API)."),
    });

/**
 * The notifications' settings, defaults filled in and each secret replaced by `SECRET_SET`: what
 * Notifications takes besides its wiring. No rule spans several of its keys.
 */
export type NotificationsSettings = z.output<typeof notificationsSettingsSchema>;

export const notificationsSchema = notificationsSettingsSchema
    .prefault({})
    .describe("Notifications: encrypted SNS fan-out topic, SQS job queue with dead-letter queue, mobile push through SNS.");

export type NotificationsConfig = NotificationsSettings;
