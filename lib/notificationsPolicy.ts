/**
 * Policy documents and queue wiring of the notifications fan-out (SNS topic -> SQS job queue ->
 * dead-letter queue, plus mobile push). Pure builders, unit-tested without Pulumi.
 */
import { PolicyDocument, PolicyStatement, policyDocument } from "./policy";

/** Days a message stays in the dead-letter queue: SQS's maximum, for the most time to look. */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * Resource policy of a queue the topic delivers to: only the SNS service, and only on behalf of
 * this one topic (`aws:SourceArn`), may send; nobody else in or outside the account.
 */
export function topicOnlyQueuePolicy(queueArn: string, topicArn: string): PolicyDocument {
    return policyDocument({
        Sid: "OnlyTheNotificationsTopicSends",
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
    });
}

/** The `redrivePolicy` of the job queue: after `maxReceiveCount` failed receives, to the DLQ. */
export function redrivePolicy(deadLetterQueueArn: string, maxReceiveCount: number): { deadLetterTargetArn: string; maxReceiveCount: number } {
    return { deadLetterTargetArn: deadLetterQueueArn, maxReceiveCount };
}

/** The `redriveAllowPolicy` of the DLQ: only the named queues may use it as their dead-letter queue. */
export function redriveAllowPolicy(sourceQueueArns: readonly string[]): { redrivePermission: "byQueue"; sourceQueueArns: string[] } {
    return { redrivePermission: "byQueue", sourceQueueArns: [...sourceQueueArns] };
}

/** `arn:aws:sns:r:a:app/APNS/name` -> `arn:aws:sns:r:a:endpoint/APNS/name/*`: the app's device endpoints. */
export function platformEndpointArns(applicationArn: string): string {
    return `${applicationArn.replace(":app/", ":endpoint/")}/*`;
}

export interface PublishPolicyArgs {
    readonly topicArn: string;
    /** Key that encrypts the topic. */
    readonly kmsKeyArn: string;
    readonly region: string;
    /** SNS platform applications (APNs, FCM) the app registers devices with. @default [] */
    readonly platformApplicationArns?: readonly string[];
}

/**
 * What the app tier needs to notify users: publish to the fan-out topic (SNS encrypts with the
 * data key on the publisher's behalf, so the publisher needs the key through SNS), and, when
 * push is configured, register device tokens and push to those devices.
 */
export function publishPolicy(args: PublishPolicyArgs): PolicyDocument {
    const statements: PolicyStatement[] = [
        { Sid: "PublishToNotificationsTopic", Effect: "Allow", Action: "sns:Publish", Resource: args.topicArn },
        {
            Sid: "DataKeyThroughSnsOnly",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: args.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `sns.${args.region}.amazonaws.com` } },
        },
    ];
    const apps = args.platformApplicationArns ?? [];
    if (apps.length > 0) {
        statements.push(
            { Sid: "RegisterDevices", Effect: "Allow", Action: "sns:CreatePlatformEndpoint", Resource: [...apps] },
            {
                Sid: "PushToRegisteredDevices",
                Effect: "Allow",
                Action: ["sns:Publish", "sns:GetEndpointAttributes", "sns:SetEndpointAttributes", "sns:DeleteEndpoint"],
                Resource: apps.map(platformEndpointArns),
            },
        );
    }
    return policyDocument(...statements);
}

export interface WorkerPolicyArgs {
    readonly queueArn: string;
    /** Key that encrypts the queue. */
    readonly kmsKeyArn: string;
    readonly region: string;
}

/** What a background worker needs to consume the job queue: receive, extend, delete, decrypt. */
export function queueWorkerPolicy(args: WorkerPolicyArgs): PolicyDocument {
    return policyDocument(
        {
            Sid: "ConsumeJobs",
            Effect: "Allow",
            Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
            Resource: args.queueArn,
        },
        {
            Sid: "DataKeyThroughSqsOnly",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `sqs.${args.region}.amazonaws.com` } },
        },
    );
}
