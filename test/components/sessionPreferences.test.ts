import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { SessionPreferences, SessionPreferencesArgs } from "../../components/sessionPreferences";
import { sessionManagerLogging } from "../../policies/rules";
import { MOCK_ACCOUNT_ID, ancestors, one, policyOf, runComponent } from "../helpers";

function args(overrides: Partial<SessionPreferencesArgs> = {}): SessionPreferencesArgs {
    return {
        region: "us-west-2",
        accountId: MOCK_ACCOUNT_ID,
        partition: "aws",
        logRetentionDays: 365,
        idleTimeoutMinutes: 20,
        maxSessionMinutes: 240,
        ...overrides,
    };
}

function runPreferences(overrides: Partial<SessionPreferencesArgs> = {}) {
    return runComponent(
        () => {
            const provider = new aws.Provider("aws", { region: "us-west-2" });
            const prefs = new SessionPreferences("sessions", args(overrides), { provider });
            return { documentName: prefs.documentName, logGroupName: prefs.logGroupName, keyArn: prefs.keyArn };
        },
        { region: "us-west-2" },
    );
}

describe("SessionPreferences", () => {
    let run: Awaited<ReturnType<typeof runPreferences>>;
    before(async () => {
        run = await runPreferences();
    });

    it("writes the Region's SSM-SessionManagerRunShell document: every session logged to the group and encrypted with the key", () => {
        const document = one(run, "aws:ssm/document:Document");
        expect(document.inputs).to.include({ name: "SSM-SessionManagerRunShell", documentType: "Session", documentFormat: "JSON" });
        const content = JSON.parse(String(document.inputs.content)) as { schemaVersion: string; sessionType: string; inputs: Record<string, unknown> };
        const key = one(run, "aws:kms/key:Key");
        expect(content).to.deep.include({ schemaVersion: "1.0", sessionType: "Standard_Stream" });
        expect(content.inputs).to.deep.include({
            cloudWatchLogGroupName: "/startup-platform/session-manager",
            cloudWatchEncryptionEnabled: true,
            cloudWatchStreamingEnabled: true,
            kmsKeyId: key.state.keyId,
            idleSessionTimeout: "20",
            maxSessionDuration: "240",
        });
        expect(sessionManagerLogging(document.type, document.inputs, {})).to.deep.equal([]);
        expect(run.outputs.documentName).to.equal("SSM-SessionManagerRunShell");
    });

    it("encrypts the log group with its own key, whose alias other stacks of the account find it by", () => {
        const group = one(run, "aws:cloudwatch/logGroup:LogGroup");
        const key = one(run, "aws:kms/key:Key");
        expect(group.inputs).to.include({ name: "/startup-platform/session-manager", retentionInDays: 365, kmsKeyId: key.state.arn });
        expect(one(run, "aws:kms/alias:Alias").inputs).to.include({ name: "alias/startup-platform-session-manager", targetKeyId: key.state.keyId });
        const logs = policyOf(key).Statement.find((s) => s.Sid === "CloudWatchLogsEncryptThisAccountsLogGroups");
        expect(logs?.Principal).to.deep.equal({ Service: ["logs.us-west-2.amazonaws.com"] });
        expect(key.inputs.enableKeyRotation).to.equal(true);
    });

    it("protects the key when asked, and keeps the logs and their key when asked to keep security logs (prod)", async () => {
        const protectedRun = await runPreferences({ protect: true });
        expect(one(protectedRun, "aws:kms/key:Key").protect).to.equal(true);
        expect(one(protectedRun, "aws:cloudwatch/logGroup:LogGroup").retainOnDelete).to.equal(false);
        // Kept even when unprotected: a teardown unprotects first.
        const kept = await runPreferences({ protect: false, keepSecurityLogs: true });
        expect(one(kept, "aws:cloudwatch/logGroup:LogGroup").retainOnDelete).to.equal(true);
        expect(one(kept, "aws:kms/key:Key").retainOnDelete).to.equal(true);
        expect(one(run, "aws:cloudwatch/logGroup:LogGroup").retainOnDelete).to.equal(false);
    });

    it("parents every resource under the component", () => {
        for (const r of run.resources.filter((x) => x.custom && x.name.startsWith("sessions-"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:security:SessionPreferences");
        }
    });

    it("refuses timeouts Session Manager does not accept and a retention CloudWatch does not offer, in the words of access.sessionManager", () => {
        expect(() => new SessionPreferences("bad", args({ idleTimeoutMinutes: 0, logRetentionDays: 100 as 365 }))).to.throw(
            /^SessionPreferences bad: logRetentionDays: got 100; expected one of: 1, 3, 5, .*; idleTimeoutMinutes: got 0; expected 1-60 minutes$/,
        );
    });
});
