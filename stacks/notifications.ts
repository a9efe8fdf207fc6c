import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Notifications } from "../components/notifications";
import { PROJECT } from "../lib/constants";
import { PlatformConfig } from "./config/load";
import { NOTIFICATION_SECRETS } from "./config/notifications";
import { Foundation } from "./foundation";

/**
 * A secret below the `notifications` key, read through Pulumi's config so it stays a secret
 * Output (encrypted in state, masked in logs). The validated config only records that it is set.
 */
function notificationSecret(path: readonly string[]): pulumi.Output<string> {
    const section = new pulumi.Config(PROJECT).requireSecretObject<Record<string, unknown>>("notifications");
    return section.apply((value) => {
        let current: unknown = value;
        for (const part of path) current = current !== null && typeof current === "object" ? (current as Record<string, unknown>)[part] : undefined;
        if (typeof current !== "string") throw new Error(`${PROJECT}:notifications.${path.join(".")} is not set`);
        return current;
    });
}

/**
 * The notifications fan-out of a stack, primary or DR: SNS and SQS are regional, so each region
 * that runs the app has its own topic and job queue. Push platform applications exist only where
 * their credentials are set as secrets.
 */
export function buildNotifications(cfg: PlatformConfig, foundation: Foundation, provider: aws.Provider): Notifications {
    const n = cfg.notifications;
    return new Notifications(
        "notifications",
        {
            ...n,
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            kmsKeyArn: foundation.dataKey.keyArn,
            apnsSigningKey: n.apns?.signingKey === undefined ? undefined : notificationSecret(NOTIFICATION_SECRETS.apnsSigningKey),
            fcmServiceAccountJson: n.fcm?.serviceAccountJson === undefined ? undefined : notificationSecret(NOTIFICATION_SECRETS.fcmServiceAccountJson),
        },
        { provider },
    );
}

/** The stack outputs of the notifications slice. */
export function notificationsOutputs(notifications: Notifications): Record<string, pulumi.Input<unknown>> {
    return {
        notificationsTopicArn: notifications.topicArn,
        jobQueueUrl: notifications.jobQueueUrl,
        deadLetterQueueUrl: notifications.deadLetterQueueUrl,
        notificationsPublishPolicyArn: notifications.publishPolicyArn,
        jobsWorkerPolicyArn: notifications.workerPolicyArn,
        ...(notifications.apnsApplicationArn ? { apnsApplicationArn: notifications.apnsApplicationArn } : {}),
        ...(notifications.fcmApplicationArn ? { fcmApplicationArn: notifications.fcmApplicationArn } : {}),
    };
}
