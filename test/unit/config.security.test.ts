import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config/load";
import { CONFIG_RECORDER_DEFAULTS } from "../../components/configRecorder";
import { SECURITY_DEFAULTS } from "../../stacks/config/security";
import { readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, problemsOf } from "../configHelpers";

const KEY = "startup-platform:security";
const CONFIG_RECORDER_DEFAULTS_IN_CONFIG = {
    includeGlobalResourceTypes: CONFIG_RECORDER_DEFAULTS.includeGlobalResourceTypes,
    recordingFrequency: CONFIG_RECORDER_DEFAULTS.recordingFrequency,
    createServiceLinkedRole: CONFIG_RECORDER_DEFAULTS.createServiceLinkedRole,
};

function prodWith(security: unknown): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("prod"));
    if (security === undefined) delete raw[KEY];
    else raw[KEY] = security;
    return raw;
}

describe("stack config: security", () => {
    it("runs one GuardDuty detector per account and region: prod and DR, not dev beside prod", () => {
        const read = (stack: string) => parsePlatformConfig(readStackConfigFile(stack), { stack, file: `Pulumi.${stack}.yaml` }).security;
        expect(read("prod").guardDuty).to.equal(true);
        expect(read("dr").guardDuty).to.equal(true);
        expect(read("dev").guardDuty).to.equal(false);
    });

    it("creates the account's trail from prod only: dev shares prod's account, DR is covered by prod's multi-Region trail", () => {
        const read = (stack: string) => parsePlatformConfig(readStackConfigFile(stack), { stack, file: `Pulumi.${stack}.yaml` }).security;
        expect(read("prod").cloudTrail).to.equal(true);
        expect(read("dev").cloudTrail).to.equal(false);
        expect(read("dr").cloudTrail).to.equal(false);
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

    it("records with AWS Config wherever Security Hub runs: prod with the global types, DR without, dev neither", () => {
        const read = (stack: string) => parsePlatformConfig(readStackConfigFile(stack), { stack, file: `Pulumi.${stack}.yaml` }).security;
        expect(read("prod").configRecorder).to.deep.equal({ includeGlobalResourceTypes: true, recordingFrequency: "CONTINUOUS", createServiceLinkedRole: true });
        expect(read("dr").configRecorder).to.deep.equal({ includeGlobalResourceTypes: false, recordingFrequency: "CONTINUOUS", createServiceLinkedRole: false });
        expect(read("dev").securityHub).to.equal(false);
        expect(read("dev").configRecorder).to.equal(undefined);
    });

    it("defaults an empty configRecorder to the primary region's recorder", () => {
        expect(parsePlatformConfig(prodWith({ securityHub: true, configRecorder: {} }), source).security.configRecorder).to.deep.equal({
            ...CONFIG_RECORDER_DEFAULTS_IN_CONFIG,
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
});
