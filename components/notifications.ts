import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DEAD_LETTER_RETENTION_SECONDS,
    JOB_QUEUE_DEFAULTS,
    publishPolicy,
    queueWorkerPolicy,
    redriveAllowPolicy,
    redrivePolicy,
    topicOnlyQueuePolicy,
} from "../lib/notificationsPolicy";
import { physicalName } from "../lib/naming";

/** Apple Push Notification service with token-based (.p8 key) authentication. */
export interface ApnsArgs {
    /** APNS for App Store and TestFlight builds, APNS_SANDBOX for development builds. */
    readonly platform: "APNS" | "APNS_SANDBOX";
    /** Apple developer team id (10 characters). */
    readonly teamId: string;
    /** Bundle id of the iOS app. */
    readonly bundleId: string;
    /** Id of the token signing key (10 characters). */
    readonly signingKeyId: string;
    /** Contents of the .p8 signing key; a secret. */
    readonly signingKey: pulumi.Output<string>;
}

/** Firebase Cloud Messaging through the HTTP v1 API. */
export interface FcmArgs {
    /** The Firebase service-account key file (JSON); a secret. */
    readonly serviceAccountJson: pulumi.Output<string>;
}

export interface NotificationsArgs {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the topic and queues; scopes the key to use through SNS and SQS there. */
    readonly region: string;
    /** KMS key that encrypts the topic and queues (its policy must let SNS use it). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Seconds a received job stays hidden from other workers, 0-43200. @default 120 */
    readonly jobVisibilityTimeoutSeconds?: number;
    /** Receives of a failing job before it moves to the dead-letter queue, 1-1000. @default 5 */
    readonly maxReceiveCount?: number;
    /** Days an unprocessed job is kept, 1-13 (the dead-letter queue keeps 14). @default 4 */
    readonly jobRetentionDays?: number;
    /** Seconds SQS reuses a data key, 60-86400. @default 300 */
    readonly kmsDataKeyReusePeriodSeconds?: number;
    /** iOS push; the platform application exists only when given. @default - none */
    readonly apns?: ApnsArgs;
    /** Android push; the platform application exists only when given. @default - none */
    readonly fcm?: FcmArgs;
}

export const NOTIFICATIONS_COMPONENT_DEFAULTS = JOB_QUEUE_DEFAULTS;

/** SQS long polling: a receive waits up to 20 seconds for a job instead of returning empty. */
const RECEIVE_WAIT_SECONDS = 20;

interface Check {
    readonly failed: boolean;
    readonly message: string;
}

type QueueSettings = { readonly [K in keyof typeof NOTIFICATIONS_COMPONENT_DEFAULTS]: number };

function problems(args: NotificationsArgs, s: QueueSettings): string[] {
    const whole = (v: number, min: number, max: number) => !Number.isInteger(v) || v < min || v > max;
    const checks: Check[] = [
        { failed: whole(s.jobVisibilityTimeoutSeconds, 0, 43200), message: `jobVisibilityTimeoutSeconds must be 0-43200, got ${s.jobVisibilityTimeoutSeconds}` },
        { failed: whole(s.maxReceiveCount, 1, 1000), message: `maxReceiveCount must be 1-1000, got ${s.maxReceiveCount}` },
        { failed: whole(s.jobRetentionDays, 1, 13), message: `jobRetentionDays must be 1-13 (the dead-letter queue keeps 14), got ${s.jobRetentionDays}` },
        { failed: whole(s.kmsDataKeyReusePeriodSeconds, 60, 86400), message: `kmsDataKeyReusePeriodSeconds must be 60-86400, got ${s.kmsDataKeyReusePeriodSeconds}` },
    ];
    if (args.apns !== undefined) {
        checks.push(
            { failed: !/^[A-Z0-9]{10}$/.test(args.apns.teamId), message: `apns.teamId must be the 10-character Apple team id, got ${args.apns.teamId}` },
            { failed: !/^[A-Z0-9]{10}$/.test(args.apns.signingKeyId), message: `apns.signingKeyId must be the 10-character key id, got ${args.apns.signingKeyId}` },
            { failed: !/^[A-Za-z0-9.-]+$/.test(args.apns.bundleId), message: `apns.bundleId must be a bundle id such as com.example.app, got ${args.apns.bundleId}` },
        );
    }
    return checks.filter((c) => c.failed).map((c) => c.message);
}

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
        const d = NOTIFICATIONS_COMPONENT_DEFAULTS;
        const s: QueueSettings = {
            jobVisibilityTimeoutSeconds: args.jobVisibilityTimeoutSeconds ?? d.jobVisibilityTimeoutSeconds,
            maxReceiveCount: args.maxReceiveCount ?? d.maxReceiveCount,
            jobRetentionDays: args.jobRetentionDays ?? d.jobRetentionDays,
            kmsDataKeyReusePeriodSeconds: args.kmsDataKeyReusePeriodSeconds ?? d.kmsDataKeyReusePeriodSeconds,
        };
        const found = problems(args, s);
        if (found.length > 0) throw new Error(`Notifications ${name}: ${found.join("; ")}`);
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
        if (args.apns !== undefined) {
            const app = new aws.sns.PlatformApplication(
                `${name}-apns`,
                {
                    name: physicalName(args.namePrefix, "ios"),
                    platform: args.apns.platform,
                    // Token-based authentication: the credential is the .p8 key, the principal its key id.
                    platformCredential: pulumi.secret(args.apns.signingKey),
                    platformPrincipal: args.apns.signingKeyId,
                    applePlatformTeamId: args.apns.teamId,
                    applePlatformBundleId: args.apns.bundleId,
                },
                { parent: this },
            );
            this.apnsApplicationArn = app.arn;
            applications.push(app.arn);
        }
        if (args.fcm !== undefined) {
            const app = new aws.sns.PlatformApplication(
                `${name}-fcm`,
                {
                    name: physicalName(args.namePrefix, "android"),
                    // GCM is SNS's name for FCM; a service-account JSON selects the HTTP v1 API.
                    platform: "GCM",
                    platformCredential: pulumi.secret(args.fcm.serviceAccountJson),
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
