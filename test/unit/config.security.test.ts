import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config/load";
import { CONFIG_RECORDER_DEFAULTS, SECURITY_DEFAULTS } from "../../stacks/config/security";
import { readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, problemsOf } from "../configHelpers";

const KEY = "startup-platform:security";

function prodWith(security: unknown): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("prod"));
    if (security === undefined) delete raw[KEY];
    else raw[KEY] = security;
    return raw;
}

describe("stack config: security", () => {
    it("names the key and the type of a value that is not a boolean", () => {
        expect(problemsOf(prodWith({ cloudTrail: "yes" }))).to.deep.equal(["startup-platform:security.cloudTrail: got \"yes\"; expected a boolean"]);
    });

    it("defaults to a detector without extra plans and without Security Hub", () => {
        expect(parsePlatformConfig(prodWith(undefined), source).security).to.deep.equal({ ...SECURITY_DEFAULTS, guardDutyFeatures: [] });
    });

    it("rejects unknown protection plans and frequencies", () => {
        const problems = problemsOf(prodWith({ guardDutyFeatures: ["S3_PROTECTION"], findingPublishingFrequency: "DAILY" }));
        expect(problems[0]).to.match(/^startup-platform:security\.guardDutyFeatures\[0\]: got "S3_PROTECTION"; expected one of: "S3_DATA_EVENTS"/);
        expect(problems[1]).to.equal('startup-platform:security.findingPublishingFrequency: got "DAILY"; expected one of: "FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"');
    });

    it("rejects a protection plan given twice (each is one DetectorFeature)", () => {
        expect(problemsOf(prodWith({ guardDutyFeatures: ["S3_DATA_EVENTS", "S3_DATA_EVENTS"] }))).to.deep.equal([
            'startup-platform:security.guardDutyFeatures: got ["S3_DATA_EVENTS","S3_DATA_EVENTS"]; expected distinct protection plans',
        ]);
    });

    it("defaults an empty configRecorder to the primary region's recorder", () => {
        expect(parsePlatformConfig(prodWith({ securityHub: true, configRecorder: {} }), source).security.configRecorder).to.deep.equal({
            ...CONFIG_RECORDER_DEFAULTS,
        });
    });

    it("refuses Security Hub without a recorder, naming the key to set", () => {
        expect(problemsOf(prodWith({ securityHub: true }))).to.deep.equal([
            "startup-platform:security.configRecorder: is required when securityHub is true: most Security Hub controls are AWS Config rules, which evaluate what this region's recorder records; set configRecorder: {} (or its keys)",
        ]);
    });

    it("rejects unknown recorder keys and frequencies", () => {
        const problems = problemsOf(prodWith({ securityHub: true, configRecorder: { recordingFrequency: "HOURLY", includeGlobalResources: true } }));
        expect(problems).to.deep.equal([
            'startup-platform:security.configRecorder.recordingFrequency: got "HOURLY"; expected one of: "CONTINUOUS", "DAILY"',
            "startup-platform:security.configRecorder.includeGlobalResources: unknown key (a typo?); allowed keys here: includeGlobalResourceTypes, recordingFrequency, createServiceLinkedRole",
        ]);
    });

    it("holds the cross-field rules: features need a detector, and one runtime monitoring plan", () => {
        expect(problemsOf(prodWith({ guardDuty: false, guardDutyFeatures: ["S3_DATA_EVENTS"] }))).to.deep.equal([
            "startup-platform:security.guardDutyFeatures: need guardDuty: true (features belong to this stack's detector)",
        ]);
        expect(problemsOf(prodWith({ guardDutyFeatures: ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"] }))).to.deep.equal([
            "startup-platform:security.guardDutyFeatures: RUNTIME_MONITORING and EKS_RUNTIME_MONITORING cannot both be enabled; keep RUNTIME_MONITORING",
        ]);
    });

    describe("logging and detection keys", () => {
        it("locks the audit buckets for a year in governance mode unless told otherwise", () => {
            expect(parsePlatformConfig(prodWith({}), source).security.auditObjectLock).to.deep.equal({ enabled: true, mode: "GOVERNANCE", retentionDays: 365 });
            expect(parsePlatformConfig(prodWith({ auditObjectLock: { mode: "COMPLIANCE" } }), source).security.auditObjectLock).to.deep.equal({
                enabled: true,
                mode: "COMPLIANCE",
                retentionDays: 365,
            });
        });

        it("names the key and the allowed values of every bad setting", () => {
            const problems = problemsOf(
                prodWith({
                    auditObjectLock: { mode: "LEGAL_HOLD", retentionDays: 0 },
                    accessLogExpireDays: 90,
                    trailLogRetentionDays: 100,
                    inspector: { resourceTypes: ["LAMBDA_CODE"] },
                }),
            );
            expect(problems).to.include('startup-platform:security.auditObjectLock.mode: got "LEGAL_HOLD"; expected one of: "GOVERNANCE", "COMPLIANCE"');
            expect(problems).to.include("startup-platform:security.auditObjectLock.retentionDays: got 0; expected 1-36500 days");
            expect(problems).to.include("startup-platform:security.accessLogExpireDays: got 90; expected more than 180 days (the logs move to Glacier Instant Retrieval at 180)");
            expect(problemsOf(prodWith({ accessLogExpireDays: 1e9 }))).to.deep.equal([
                "startup-platform:security.accessLogExpireDays: got 1000000000; expected at most 36500 days (100 years), the longest retention the other keys accept",
            ]);
            expect(problems.find((p) => p.startsWith("startup-platform:security.trailLogRetentionDays: got 100"))).to.be.a("string");
            expect(problems).to.include("startup-platform:security.inspector.resourceTypes: got [\"LAMBDA_CODE\"]; LAMBDA_CODE needs LAMBDA (code scanning extends standard scanning)");
        });
    });
});
