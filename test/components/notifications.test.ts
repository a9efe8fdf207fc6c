import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Notifications, NotificationsArgs } from "../../components/notifications";
import { all, ancestors, one, policyOf, runComponent, some } from "../helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/mrk-data";
const QUEUE = "aws:sqs/queue:Queue";
const APP = "aws:sns/platformApplication:PlatformApplication";
/** How the mocks record a secret input: Pulumi's secret envelope. */
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

function runNotifications(overrides: Partial<NotificationsArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const n = new Notifications("notifications", { namePrefix: "startup-test", region: "us-east-1", kmsKeyArn: KEY, ...overrides }, { provider });
        return { publishPolicyArn: n.publishPolicyArn, workerPolicyArn: n.workerPolicyArn, ...(n.apnsApplicationArn ? { apns: n.apnsApplicationArn } : {}) };
    });
}

/** The APNs settings, as the `notifications.apns` section holds them; the key itself is wiring. */
const APNS = () => ({ platform: "APNS" as const, teamId: "ABCDE12345", bundleId: "com.example.app", signingKeyId: "KEY1234567" });
const P8 = "-----BEGIN PRIVATE KEY-----\nP8KEY\n-----END PRIVATE KEY-----";
const SECRETS = () => ({ apnsSigningKey: pulumi.secret(P8), fcmServiceAccountJson: pulumi.secret('{"type":"service_account","private_key":"FCMKEY"}') });

describe("Notifications", () => {
    it("fans out through a topic encrypted with the data key", async () => {
        const topic = one(await runNotifications(), "aws:sns/topic:Topic");
        expect(topic.inputs).to.include({ name: "startup-test-notifications", kmsMasterKeyId: KEY });
    });

    it("queues jobs encrypted with the data key and moves repeatedly failing ones to a 14-day dead-letter queue", async () => {
        const run = await runNotifications({ jobVisibilityTimeoutSeconds: 300, maxReceiveCount: 7, jobRetentionDays: 4, kmsDataKeyReusePeriodSeconds: 900 });
        const jobs = one(run, QUEUE, "notifications-job-queue");
        const dlq = one(run, QUEUE, "notifications-dead-letter-queue");
        expect(jobs.inputs).to.include({
            name: "startup-test-jobs",
            kmsMasterKeyId: KEY,
            kmsDataKeyReusePeriodSeconds: 900,
            visibilityTimeoutSeconds: 300,
            messageRetentionSeconds: 4 * 86400,
            receiveWaitTimeSeconds: 20,
        });
        expect(JSON.parse(String(jobs.inputs.redrivePolicy))).to.deep.equal({ deadLetterTargetArn: dlq.state.arn, maxReceiveCount: 7 });
        expect(dlq.inputs).to.include({ name: "startup-test-jobs-dlq", kmsMasterKeyId: KEY, messageRetentionSeconds: 14 * 86400 });
        const allow = one(run, "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy");
        expect(allow.inputs.queueUrl).to.equal(dlq.state.url);
        expect(JSON.parse(String(allow.inputs.redriveAllowPolicy))).to.deep.equal({ redrivePermission: "byQueue", sourceQueueArns: [jobs.state.arn] });
    });

    it("subscribes the job queue to the topic with raw delivery, keeping undeliverable messages", async () => {
        const run = await runNotifications();
        const topic = one(run, "aws:sns/topic:Topic");
        const jobs = one(run, QUEUE, "notifications-job-queue");
        const dlq = one(run, QUEUE, "notifications-dead-letter-queue");
        const sub = one(run, "aws:sns/topicSubscription:TopicSubscription");
        expect(sub.inputs).to.include({ topic: topic.state.arn, protocol: "sqs", endpoint: jobs.state.arn, rawMessageDelivery: true });
        expect(JSON.parse(String(sub.inputs.redrivePolicy))).to.deep.equal({ deadLetterTargetArn: dlq.state.arn });
    });

    it("lets only the topic send to the queues", async () => {
        const run = await runNotifications();
        const topic = one(run, "aws:sns/topic:Topic");
        for (const queue of all(run, QUEUE)) {
            const policy = all(run, "aws:sqs/queuePolicy:QueuePolicy").find((p) => p.inputs.queueUrl === queue.state.url);
            expect(policy, `policy of ${queue.name}`).to.not.equal(undefined);
            expect(policyOf(policy!).Statement).to.deep.equal([
                {
                    Sid: "OnlyTheNotificationsTopicSends",
                    Effect: "Allow",
                    Principal: { Service: "sns.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: queue.state.arn,
                    Condition: { ArnEquals: { "aws:SourceArn": topic.state.arn } },
                },
            ]);
        }
    });

    it("creates no push platform application without credentials", async () => {
        const run = await runNotifications();
        expect(some(run, APP)).to.have.lengthOf(0);
        expect(run.outputs.apns).to.equal(undefined);
        const publish = policyOf(one(run, "aws:iam/policy:Policy", "notifications-publish-policy")).Statement;
        expect(publish.map((s) => s.Sid)).to.deep.equal(["PublishToNotificationsTopic", "DataKeyThroughSnsOnly"]);
    });

    it("creates APNs (token auth) and FCM applications from secret credentials, and lets the app push to their devices", async () => {
        const run = await runNotifications({ apns: APNS(), ...SECRETS() });
        const ios = one(run, APP, "notifications-apns");
        expect(ios.inputs).to.deep.include({
            name: "startup-test-ios",
            platform: "APNS",
            applePlatformTeamId: "ABCDE12345",
            applePlatformBundleId: "com.example.app",
        });
        expect(ios.inputs.platformCredential).to.deep.include(SECRET_SIG);
        expect(ios.inputs.platformCredential).to.deep.include({ value: P8 });
        expect(ios.inputs.platformPrincipal).to.deep.include({ value: "KEY1234567" });
        const android = one(run, APP, "notifications-fcm");
        expect(android.inputs).to.deep.include({ name: "startup-test-android", platform: "GCM" });
        expect(android.inputs.platformCredential).to.deep.include(SECRET_SIG);
        expect(android.inputs.platformPrincipal).to.equal(undefined);

        const publish = policyOf(one(run, "aws:iam/policy:Policy", "notifications-publish-policy")).Statement;
        const register = publish.find((s) => s.Sid === "RegisterDevices")!;
        expect(register.Resource).to.deep.equal([ios.state.arn, android.state.arn]);
        expect(run.outputs.apns).to.equal(ios.state.arn);
    });

    it("lets workers consume only the job queue", async () => {
        const run = await runNotifications();
        const [consume] = policyOf(one(run, "aws:iam/policy:Policy", "notifications-worker-policy")).Statement;
        expect(consume.Resource).to.equal(one(run, QUEUE, "notifications-job-queue").state.arn);
    });

    it("parents every resource under the component", async () => {
        const run = await runNotifications({ apns: APNS(), apnsSigningKey: SECRETS().apnsSigningKey });
        for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:messaging:Notifications");
        }
    });

    it("rejects bad settings in the words of the notifications section (stacks/config/notifications.ts), before registering anything", () => {
        const base = { namePrefix: "p", region: "us-east-1", kmsKeyArn: KEY };
        expect(() => new Notifications("bad", { ...base, jobRetentionDays: 14, maxReceiveCount: 0, apns: { ...APNS(), teamId: "team" } })).to.throw(
            "Notifications bad: maxReceiveCount: got 0; expected a whole number of receives from 1 to 1000; " +
                "jobRetentionDays: got 14; expected a whole number of days from 1 to 13: a job keeps its first enqueue time in the dead-letter queue, which holds messages 14 days; " +
                'apns.teamId: got "team"; expected the 10-character Apple team id, such as AB12CD34EF',
        );
    });

    it("takes each push credential as a secret beside the settings, and never shows one in a message", () => {
        const base = { namePrefix: "p", region: "us-east-1", kmsKeyArn: KEY };
        expect(() => new Notifications("bad", { ...base, apnsSigningKey: SECRETS().apnsSigningKey })).to.throw(
            "Notifications bad: apnsSigningKey needs apns: the team id, bundle id and key id the key signs for",
        );
        // The settings say a key is set (SECRET_SET once validated), so its value must come as wiring.
        const marked = () => new Notifications("bad", { ...base, apns: { ...APNS(), signingKey: P8 }, fcm: { serviceAccountJson: "{}" } });
        expect(marked).to.throw(
            "Notifications bad: apns.signingKey is set: give the key itself as apnsSigningKey, a secret Output (the settings only record that it is set); " +
                "fcm.serviceAccountJson is set: give the key file itself as fcmServiceAccountJson, a secret Output (the settings only record that it is set)",
        );
        expect(marked).to.throw().with.property("message").that.does.not.include("P8KEY");
        expect(() => new Notifications("bad", { ...base, apns: { ...APNS(), signingKey: 123456 as unknown as string } })).to.throw(
            /^Notifications bad: apns\.signingKey: got a secret value; expected a string$/,
        );
    });
});
