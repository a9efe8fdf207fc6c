import { expect } from "chai";
import {
    SESSION_KEY_ALIAS,
    SESSION_LOG_GROUP,
    SESSION_PREFERENCES_DOCUMENT,
    sessionLogGroupArn,
    sessionLoggingInstancePolicy,
    sessionPreferencesDocument,
} from "../../lib/sessionManager";

const ARGS = { logGroupName: SESSION_LOG_GROUP, kmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab", idleTimeoutMinutes: 20, maxSessionMinutes: 240, streamLogs: true };

describe("lib/sessionManager", () => {
    it("names the document AWS reads and a log group and key alias that no stack owns by name", () => {
        expect(SESSION_PREFERENCES_DOCUMENT).to.equal("SSM-SessionManagerRunShell");
        expect(SESSION_LOG_GROUP).to.equal("/startup-platform/session-manager");
        expect(SESSION_KEY_ALIAS).to.equal("alias/startup-platform-session-manager");
    });

    it("writes Session Manager preferences that log every session encrypted, as schema 1.0 Standard_Stream", () => {
        const doc = sessionPreferencesDocument(ARGS);
        expect(doc).to.deep.include({ schemaVersion: "1.0", sessionType: "Standard_Stream" });
        expect(doc.inputs).to.deep.equal({
            s3BucketName: "",
            s3KeyPrefix: "",
            s3EncryptionEnabled: true,
            cloudWatchLogGroupName: "/startup-platform/session-manager",
            cloudWatchEncryptionEnabled: true,
            cloudWatchStreamingEnabled: true,
            kmsKeyId: ARGS.kmsKeyId,
            runAsEnabled: false,
            runAsDefaultUser: "",
            // Session Manager reads both as strings of minutes.
            idleSessionTimeout: "20",
            maxSessionDuration: "240",
            shellProfile: { linux: "", windows: "" },
        });
        expect(sessionPreferencesDocument({ ...ARGS, streamLogs: false }).inputs.cloudWatchStreamingEnabled).to.equal(false);
    });

    it("refuses a missing log group or key (the timeouts are the access.sessionManager section's)", () => {
        expect(() => sessionPreferencesDocument({ ...ARGS, logGroupName: "", kmsKeyId: "" })).to.throw("Session Manager preferences: a log group is required; a KMS key is required");
    });

    it("lets an instance write only the session log group and decrypt only with the session key", () => {
        const doc = sessionLoggingInstancePolicy({ partition: "aws", region: "us-west-2", accountId: "123456789012" });
        const group = sessionLogGroupArn("aws", "us-west-2", "123456789012");
        expect(group).to.equal("arn:aws:logs:us-west-2:123456789012:log-group:/startup-platform/session-manager");
        const bySid = Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
        expect(bySid.WriteSessionLogs).to.deep.include({ Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [group, `${group}:log-stream:*`] });
        expect(bySid.CheckSessionLogGroupEncryption).to.deep.include({ Action: "logs:DescribeLogGroups", Resource: "arn:aws:logs:us-west-2:123456789012:log-group:*" });
        expect(bySid.DecryptSessionData).to.deep.include({
            Action: ["kms:Decrypt"],
            Resource: "arn:aws:kms:*:123456789012:key/*",
            Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/startup-platform-session-manager" } },
        });
        expect(doc.Statement.flatMap((s) => [s.Action].flat()).filter((a) => a.endsWith("*"))).to.deep.equal([]);
    });
});
