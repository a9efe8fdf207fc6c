import { expect } from "chai";
import { ConfigError, SECRET_KEYS, parsePlatformConfig } from "../../stacks/config/load";
import { NOTIFICATIONS_DEFAULTS, SECRET_SET } from "../../stacks/config/notifications";
import { readStackConfigFile } from "../../tools/offline/run";

const source = { stack: "prod", file: "Pulumi.prod.yaml" };
const KEY = "startup-platform:notifications";
const SIGNING_KEY = "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQgSECRETSECRET\n-----END PRIVATE KEY-----";
const SERVICE_ACCOUNT = '{"type":"service_account","project_id":"example","private_key":"SECRETSECRET"}';

function prodWith(change: (n: Record<string, unknown>) => void): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("prod"));
    change(raw[KEY] as Record<string, unknown>);
    return raw;
}

function problemsOf(raw: Record<string, unknown>, secretTopKeys?: ReadonlySet<string>): string[] {
    try {
        parsePlatformConfig(raw, source, secretTopKeys);
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as ConfigError).problems;
    }
    expect.fail("expected the config to be rejected");
}

describe("stack config: notifications", () => {
    it("has every default, so a stack without the section still gets a topic and job queue", () => {
        const raw = structuredClone(readStackConfigFile("dev"));
        delete raw[KEY];
        const cfg = parsePlatformConfig(raw, { stack: "dev", file: "Pulumi.dev.yaml" });
        expect(cfg.notifications).to.deep.equal({
            jobVisibilityTimeoutSeconds: NOTIFICATIONS_DEFAULTS.jobVisibilityTimeoutSeconds,
            maxReceiveCount: NOTIFICATIONS_DEFAULTS.maxReceiveCount,
            jobRetentionDays: NOTIFICATIONS_DEFAULTS.jobRetentionDays,
            kmsDataKeyReusePeriodSeconds: NOTIFICATIONS_DEFAULTS.kmsDataKeyReusePeriodSeconds,
        });
    });

    it("reads each stack's push settings, with no secret marked where none is set", () => {
        const prod = parsePlatformConfig(readStackConfigFile("prod"), source).notifications;
        expect(prod.apns).to.deep.equal({ platform: "APNS", teamId: "EXMPLTEAM1", bundleId: "com.example-startup.app", signingKeyId: "PRODKEY001" });
        const dev = parsePlatformConfig(readStackConfigFile("dev"), { stack: "dev", file: "Pulumi.dev.yaml" }).notifications;
        expect(dev.apns?.platform).to.equal("APNS_SANDBOX");
    });

    it("holds the queue settings to SQS's limits and the DLQ's 14 days", () => {
        const problems = problemsOf(prodWith((n) => Object.assign(n, { jobVisibilityTimeoutSeconds: 50000, maxReceiveCount: 0, jobRetentionDays: 14, kmsDataKeyReusePeriodSeconds: 30 })));
        expect(problems).to.have.members([
            "startup-platform:notifications.jobVisibilityTimeoutSeconds: got 50000; expected a whole number of seconds from 0 to 43200 (SQS allows up to 12 hours)",
            "startup-platform:notifications.maxReceiveCount: got 0; expected a whole number of receives from 1 to 1000",
            "startup-platform:notifications.jobRetentionDays: got 14; expected a whole number of days from 1 to 13: a job keeps its first enqueue time in the dead-letter queue, which holds messages 14 days",
            "startup-platform:notifications.kmsDataKeyReusePeriodSeconds: got 30; expected a whole number of seconds from 60 to 86400",
        ]);
    });

    it("checks the Apple ids", () => {
        const problems = problemsOf(prodWith((n) => Object.assign(n.apns as object, { teamId: "abc", platform: "APNS_PROD" })));
        expect(problems).to.have.members([
            'startup-platform:notifications.apns.teamId: got "abc"; expected the 10-character Apple team id, such as AB12CD34EF',
            'startup-platform:notifications.apns.platform: got "APNS_PROD"; expected one of: "APNS", "APNS_SANDBOX"',
        ]);
    });

    it("rejects typos inside the section and lists the allowed keys", () => {
        const problems = problemsOf(prodWith((n) => {
            n.maxRecieveCount = 3;
            (n.apns as Record<string, unknown>).teamID = "EXMPLTEAM1";
        }));
        expect(problems).to.have.members([
            "startup-platform:notifications.maxRecieveCount: unknown key (a typo?); allowed keys here: jobVisibilityTimeoutSeconds, maxReceiveCount, jobRetentionDays, kmsDataKeyReusePeriodSeconds, apns, fcm; did you mean maxReceiveCount?",
            "startup-platform:notifications.apns.teamID: unknown key (a typo?); allowed keys here: platform, teamId, bundleId, signingKeyId, signingKey; did you mean teamId?",
        ]);
    });

    it("marks the push credentials as secret keys", () => {
        expect([...SECRET_KEYS]).to.have.members(["notifications.apns.signingKey", "notifications.fcm.serviceAccountJson"]);
    });

    it("keeps only the fact that a secret is set, never its value", () => {
        const raw = prodWith((n) => {
            (n.apns as Record<string, unknown>).signingKey = SIGNING_KEY;
            n.fcm = { serviceAccountJson: SERVICE_ACCOUNT };
        });
        const cfg = parsePlatformConfig(raw, source, new Set([KEY]));
        expect(cfg.notifications.apns?.signingKey).to.equal(SECRET_SET);
        expect(cfg.notifications.fcm?.serviceAccountJson).to.equal(SECRET_SET);
        expect(JSON.stringify(cfg)).to.not.include("SECRETSECRET");
    });

    it("refuses credentials set as plain text, saying how to set them as secrets", () => {
        const raw = prodWith((n) => (n.fcm = { serviceAccountJson: SERVICE_ACCOUNT }));
        const problems = problemsOf(raw, new Set());
        expect(problems).to.deep.equal([
            "startup-platform:notifications.fcm.serviceAccountJson: must be a secret; remove the plain value and set it with pulumi config set --secret --path 'notifications.fcm.serviceAccountJson' <value>",
        ]);
        expect(problems.join("\n")).to.not.include("SECRETSECRET");
    });

    it("never shows a secret in an error message, wherever the mistake is", () => {
        const wrongType = problemsOf(prodWith((n) => ((n.apns as Record<string, unknown>).signingKey = 123456)), new Set([KEY]));
        expect(wrongType).to.deep.equal(["startup-platform:notifications.apns.signingKey: got a secret value; expected a string"]);
        const empty = problemsOf(prodWith((n) => ((n.apns as Record<string, unknown>).signingKey = "")), new Set([KEY]));
        expect(empty).to.deep.equal(["startup-platform:notifications.apns.signingKey: got a secret value; expected the contents of the APNs .p8 signing key, not an empty value"]);
        // The whole section given as one secret string: the message must not echo it either.
        const raw = structuredClone(readStackConfigFile("prod"));
        raw[KEY] = SIGNING_KEY;
        const whole = problemsOf(raw, new Set([KEY]));
        expect(whole).to.deep.equal(["startup-platform:notifications: got a secret value; expected a map of settings"]);
        // A bad sibling of a secret: the apns block is reported without its contents.
        const sibling = problemsOf(prodWith((n) => (n.apns = SIGNING_KEY)), new Set([KEY]));
        expect(sibling.join("\n")).to.not.include("SECRETSECRET");
    });
});
