import { expect } from "chai";
import {
    platformEndpointArns,
    publishPolicy,
    queueWorkerPolicy,
    redriveAllowPolicy,
    redrivePolicy,
    topicOnlyQueuePolicy,
} from "../../lib/notificationsPolicy";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:startup-prod-notifications";
const QUEUE = "arn:aws:sqs:us-east-1:123456789012:startup-prod-jobs";
const DLQ = "arn:aws:sqs:us-east-1:123456789012:startup-prod-jobs-dlq";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/mrk-1";
const IOS = "arn:aws:sns:us-east-1:123456789012:app/APNS/startup-prod-ios";

describe("lib/notificationsPolicy", () => {
    it("lets only SNS, on behalf of the one topic, send to a queue", () => {
        expect(topicOnlyQueuePolicy(QUEUE, TOPIC).Statement).to.deep.equal([
            {
                Sid: "OnlyTheNotificationsTopicSends",
                Effect: "Allow",
                Principal: { Service: "sns.amazonaws.com" },
                Action: "sqs:SendMessage",
                Resource: QUEUE,
                Condition: { ArnEquals: { "aws:SourceArn": TOPIC } },
            },
        ]);
    });

    it("wires the job queue to its dead-letter queue, and only that queue to the DLQ", () => {
        expect(redrivePolicy(DLQ, 5)).to.deep.equal({ deadLetterTargetArn: DLQ, maxReceiveCount: 5 });
        expect(redriveAllowPolicy([QUEUE])).to.deep.equal({ redrivePermission: "byQueue", sourceQueueArns: [QUEUE] });
    });

    it("lets the app publish to the topic and use the key only through SNS", () => {
        const [publish, key, ...rest] = publishPolicy({ topicArn: TOPIC, kmsKeyArn: KEY, region: "us-east-1" }).Statement;
        expect(publish).to.deep.include({ Action: "sns:Publish", Resource: TOPIC });
        expect(key).to.deep.include({ Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: KEY });
        expect(key.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "sns.us-east-1.amazonaws.com" } });
        expect(rest, "no push statements without platform applications").to.deep.equal([]);
    });

    it("adds device registration and push to exactly the platform applications' endpoints", () => {
        expect(platformEndpointArns(IOS)).to.equal("arn:aws:sns:us-east-1:123456789012:endpoint/APNS/startup-prod-ios/*");
        const statements = publishPolicy({ topicArn: TOPIC, kmsKeyArn: KEY, region: "us-east-1", platformApplicationArns: [IOS] }).Statement;
        const register = statements.find((s) => s.Sid === "RegisterDevices")!;
        expect(register).to.deep.include({ Action: "sns:CreatePlatformEndpoint", Resource: [IOS] });
        const push = statements.find((s) => s.Sid === "PushToRegisteredDevices")!;
        expect(push.Resource).to.deep.equal(["arn:aws:sns:us-east-1:123456789012:endpoint/APNS/startup-prod-ios/*"]);
        expect(push.Action).to.include("sns:Publish");
    });

    it("lets workers consume (not send to, not purge) the job queue and decrypt through SQS", () => {
        const [consume, key] = queueWorkerPolicy({ queueArn: QUEUE, kmsKeyArn: KEY, region: "us-east-1" }).Statement;
        expect(consume.Resource).to.equal(QUEUE);
        expect(consume.Action).to.include.members(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]);
        expect(consume.Action).to.not.include.members(["sqs:SendMessage", "sqs:PurgeQueue"]);
        expect(key).to.deep.include({ Action: "kms:Decrypt", Resource: KEY });
        expect(key.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" } });
    });
});
