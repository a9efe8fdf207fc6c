import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    DEAD_LETTER_RETENTION_SECONDS,
    publishPolicy,
    queueWorkerPolicy,
    redriveAllowPolicy,
    redrivePolicy,
    topicOnlyQueuePolicy,
} from "../lib/notificationsPolicy";
import { physicalName } from "../lib/naming";
import { holdsNotificationSecret, notificationsSettingsSchema } from "../stacks/config/notifications";
import { parseSettings } from "../stacks/config/rules";

/**
 * What the stack wires into the notifications: names, the key, and the push credentials
 * themselves. The settings say which credentials are set (`apns.signingKey`,
 * `fcm.serviceAccountJson`, each `SECRET_SET` once validated); the values come here, as secrets.
 */
export interface NotificationsWiring {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the topic and queues; scopes the key to use through SNS and SQS there. */
    readonly region: string;
    /** KMS key that encrypts the topic and queues (its policy must let SNS use it). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /**
     * Contents of the APNs .p8 token signing key (kept a secret in state); the iOS platform
     * application exists only with it, and needs the `apns` settings. @default - none
     */
    readonly apnsSigningKey?: pulumi.Input<string>;
    /** The Firebase service-account key file, JSON (kept a secret in state); the Android platform application exists only with it. @default - none */
    readonly fcmServiceAccountJson?: pulumi.Input<string>;
}

/**
 * The `notifications` settings (stacks/config/notifications.ts: job queue sizing, and the APNs and
 * FCM settings; docs/config.md documents each key) plus the wiring.
 */
export type NotificationsArgs = z.input<typeof notificationsSettingsSchema> & NotificationsWiring;

/** SQS long polling: a receive waits up to 20 seconds for a job instead of returning empty. */
const RECEIVE_WAIT_SECONDS = 20;

/**
 * Notifications from service providers to consumers, replacing Amazon Pinpoint: an encrypted SNS
 * topic for fan-out, an encrypted SQS job queue subscribed to it (only that topic may send) with
 * a dead-letter queue, SNS platform applications for APNs and FCM when their credentials are
 * given, and two managed policies for the app tier: publish (and push), and consume jobs.
 */
export class Notifications extends pulumi.ComponentResource {
    public readonly topicArn: pulumi.Output<string>;
    public readonly jobQueueUrl: pulumi.Output<string>;
    public readonly jobQueueArn: pulumi.Output<string>;
    public readonly deadLetterQueueUrl: pulumi.Output<string>;
    public readonly deadLetterQueueArn: pulumi.Output<string>;
    /** iOS platform application, when APNs credentials were given. */
    public readonly apnsApplicationArn?: pulumi.Output<string>;
    /** Android platform application, when FCM credentials were given. */
    public readonly fcmApplicationArn?: pulumi.Output<string>;
    /** Managed policy: publish to the topic, register devices and push to them. */
    public readonly publishPolicyArn: pulumi.Output<string>;
    /** Managed policy: receive, extend and delete jobs from the job queue. */
    public readonly workerPolicyArn: pulumi.Output<string>;

    constructor(name: string, args: NotificationsArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("Notifications", name, notificationsSettingsSchema, args, holdsNotificationSecret);
        const problems = [
            ...(args.apnsSigningKey !== undefined && s.apns === undefined ? ["apnsSigningKey needs apns: the team id, bundle id and key id the key signs for"] : []),
            ...(s.apns?.signingKey !== undefined && args.apnsSigningKey === undefined
                ? ["apns.signingKey is set: give the key itself as apnsSigningKey, a secret Output (the settings only record that it is set)"]
                : []),
            ...(s.fcm?.serviceAccountJson !== undefined && args.fcmServiceAccountJson === undefined
                ? ["fcm.serviceAccountJson is set: give the key file itself as fcmServiceAccountJson, a secret Output (the settings only record that it is set)"]
                : []),
        ];
        if (problems.length > 0) throw new Error(`Notifications ${name}: ${problems.join("; ")}`);
        super("startup:messaging:Notifications", name, {}, opts);

        const topicName = physicalName(args.namePrefix, "notifications", 256);
        const topic = new aws.sns.Topic(
            `${name}-topic`,
            { name: topicName, kmsMasterKeyId: args.kmsKeyArn, tags: { Name: topicName } },
            { parent: this },
        );

        const encryption = { kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: s.kmsDataKeyReusePeriodSeconds };
        const dlqName = physicalName(args.namePrefix, "jobs-dlq", 80);
        const deadLetterQueue = new aws.sqs.Queue(
            `${name}-dead-letter-queue`,
            { name: dlqName, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS, ...encryption, tags: { Name: dlqName } },
            { parent: this },
        );
        const queueName = physicalName(args.namePrefix, "jobs", 80);
        const jobQueue = new aws.sqs.Queue(
            `${name}-job-queue`,
            {
                name: queueName,
                visibilityTimeoutSeconds: s.jobVisibilityTimeoutSeconds,
                messageRetentionSeconds: s.jobRetentionDays * 24 * 3600,
                receiveWaitTimeSeconds: RECEIVE_WAIT_SECONDS,
                ...encryption,
                redrivePolicy: deadLetterQueue.arn.apply((arn) => JSON.stringify(redrivePolicy(arn, s.maxReceiveCount))),
                tags: { Name: queueName },
            },
            { parent: this },
        );
        new aws.sqs.RedriveAllowPolicy(
            `${name}-dead-letter-allow`,
            { queueUrl: deadLetterQueue.url, redriveAllowPolicy: jobQueue.arn.apply((arn) => JSON.stringify(redriveAllowPolicy([arn]))) },
            { parent: this },
        );

        // Both queues take messages from the topic only: jobs, and what SNS could not deliver.
        const queuePolicies = [
            { role: "job-queue", queue: jobQueue },
            { role: "dead-letter", queue: deadLetterQueue },
        ].map(
            ({ role, queue }) =>
                new aws.sqs.QueuePolicy(
                    `${name}-${role}-policy`,
                    {
                        queueUrl: queue.url,
                        policy: pulumi.all([queue.arn, topic.arn]).apply(([queueArn, topicArn]) => JSON.stringify(topicOnlyQueuePolicy(queueArn, topicArn))),
                    },
                    { parent: this },
                ),
        );
        new aws.sns.TopicSubscription(
            `${name}-jobs-subscription`,
            {
                topic: topic.arn,
                protocol: "sqs",
                endpoint: jobQueue.arn,
                // Workers read the published message itself, not SNS's JSON envelope.
                rawMessageDelivery: true,
                // Messages SNS cannot deliver (e.g. the key is unusable) are kept, not dropped.
                redrivePolicy: deadLetterQueue.arn.apply((arn) => JSON.stringify({ deadLetterTargetArn: arn })),
            },
            { parent: this, dependsOn: queuePolicies },
        );

        const applications: pulumi.Output<string>[] = [];
        if (s.apns !== undefined && args.apnsSigningKey !== undefined) {
            const app = new aws.sns.PlatformApplication(
                `${name}-apns`,
                {
                    name: physicalName(args.namePrefix, "ios"),
                    platform: s.apns.platform,
                    // Token-based authentication: the credential is the .p8 key, the principal its key id.
                    platformCredential: pulumi.secret(args.apnsSigningKey),
                    platformPrincipal: s.apns.signingKeyId,
                    applePlatformTeamId: s.apns.teamId,
                    applePlatformBundleId: s.apns.bundleId,
                },
                { parent: this },
            );
            this.apnsApplicationArn = app.arn;
            applications.push(app.arn);
        }
        if (args.fcmServiceAccountJson !== undefined) {
            const app = new aws.sns.PlatformApplication(
                `${name}-fcm`,
                {
                    name: physicalName(args.namePrefix, "android"),
                    // GCM is SNS's name for FCM; a service-account JSON selects the HTTP v1 API.
                    platform: "GCM",
                    platformCredential: pulumi.secret(args.fcmServiceAccountJson),
                },
                { parent: this },
            );
            this.fcmApplicationArn = app.arn;
            applications.push(app.arn);
        }

        const publish = new aws.iam.Policy(
            `${name}-publish-policy`,
            {
                name: physicalName(args.namePrefix, "notifications-publish"),
                description: "App tier: publish notifications, register devices and push to them",
                policy: pulumi
                    .all([topic.arn, args.kmsKeyArn, pulumi.all(applications)])
                    .apply(([topicArn, kmsKeyArn, platformApplicationArns]) =>
                        JSON.stringify(publishPolicy({ topicArn, kmsKeyArn, region: args.region, platformApplicationArns })),
                    ),
            },
            { parent: this },
        );
        const worker = new aws.iam.Policy(
            `${name}-worker-policy`,
            {
                name: physicalName(args.namePrefix, "jobs-worker"),
                description: "Background workers: consume the job queue",
                policy: pulumi
                    .all([jobQueue.arn, args.kmsKeyArn])
                    .apply(([queueArn, kmsKeyArn]) => JSON.stringify(queueWorkerPolicy({ queueArn, kmsKeyArn, region: args.region }))),
            },
            { parent: this },
        );

        this.topicArn = topic.arn;
        this.jobQueueUrl = jobQueue.url;
        this.jobQueueArn = jobQueue.arn;
        this.deadLetterQueueUrl = deadLetterQueue.url;
        this.deadLetterQueueArn = deadLetterQueue.arn;
        this.publishPolicyArn = publish.arn;
        this.workerPolicyArn = worker.arn;
        this.registerOutputs({
            topicArn: this.topicArn,
            jobQueueUrl: this.jobQueueUrl,
            jobQueueArn: this.jobQueueArn,
            deadLetterQueueUrl: this.deadLetterQueueUrl,
            deadLetterQueueArn: this.deadLetterQueueArn,
            apnsApplicationArn: this.apnsApplicationArn,
            fcmApplicationArn: this.fcmApplicationArn,
            publishPolicyArn: this.publishPolicyArn,
            workerPolicyArn: this.workerPolicyArn,
        });
    }
}
