import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { ThreatDetection, ThreatDetectionArgs } from "../../components/threatDetection";
import { MOCK_ACCOUNT_ID, ancestors, one, runComponent, some } from "../helpers";

const WIRING = { namePrefix: "startup-test", region: "us-east-1", accountId: MOCK_ACCOUNT_ID, partition: "aws" };

function runThreat(args: Partial<ThreatDetectionArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const t = new ThreatDetection("threats", { ...WIRING, ...args }, { provider });
        return { detectorId: t.detectorId };
    });
}

describe("ThreatDetection", () => {
    it("creates an enabled GuardDuty detector with the chosen protection plans", async () => {
        const run = await runThreat({ guardDutyFeatures: ["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS"] });
        const detector = one(run, "aws:guardduty/detector:Detector");
        expect(detector.inputs).to.include({ enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
        const features = some(run, "aws:guardduty/detectorFeature:DetectorFeature");
        expect(features.map((f) => f.inputs.name)).to.deep.equal(["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS"]);
        for (const f of features) expect(f.inputs).to.include({ detectorId: detector.state.id, status: "ENABLED" });
        expect(some(run, "aws:securityhub/account:Account")).to.deep.equal([]);
        expect(run.outputs.detectorId).to.equal(detector.state.id);
        for (const r of run.resources.filter((x) => x.custom && x.name.startsWith("threats-"))) {
            expect(ancestors(run, r).map((a) => a.type)).to.include("startup:security:ThreatDetection");
        }
    });

    it("enables Security Hub with its default standards when asked, even without a detector", async () => {
        const run = await runThreat({ guardDuty: false, securityHub: true, configRecorder: {} });
        expect(some(run, "aws:guardduty/detector:Detector")).to.deep.equal([]);
        expect(one(run, "aws:securityhub/account:Account").inputs).to.include({ enableDefaultStandards: true, controlFindingGenerator: "SECURITY_CONTROL" });
    });

    it("records the region with AWS Config before Security Hub enables its standards", async () => {
        const run = await runThreat({ securityHub: true, configRecorder: { includeGlobalResourceTypes: false } });
        const recorder = one(run, "startup:security:ConfigRecorder");
        expect(recorder.name).to.equal("threats-config");
        expect(ancestors(run, recorder)[0].type).to.equal("startup:security:ThreatDetection");
        // Depending on the component waits for all of it, the started recorder included.
        expect(one(run, "aws:securityhub/account:Account").dependsOn).to.deep.equal([recorder.urn]);
        expect(one(run, "aws:cfg/recorder:Recorder").inputs.name).to.equal("startup-test-config-recorder");
        expect((one(run, "aws:cfg/recorder:Recorder").inputs.recordingGroup as { allSupported: boolean }).allSupported).to.equal(false);
        expect(one(run, "aws:cfg/recorderStatus:RecorderStatus").inputs.isEnabled).to.equal(true);
    });

    it("gives Runtime Monitoring its managed agents (EC2 through Systems Manager, and the free ECS and EKS ones)", async () => {
        const run = await runThreat({ guardDutyFeatures: ["S3_DATA_EVENTS", "RUNTIME_MONITORING"] });
        const runtime = one(run, "aws:guardduty/detectorFeature:DetectorFeature", "threats-guardduty-runtime-monitoring");
        expect(runtime.inputs.additionalConfigurations).to.deep.equal([
            { name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" },
            { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" },
            { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
        ]);
        expect(one(run, "aws:guardduty/detectorFeature:DetectorFeature", "threats-guardduty-s3-data-events").inputs).to.not.have.property("additionalConfigurations");
    });

    it("enables Inspector for the account and makes the registry's scanning enhanced, after Inspector", async () => {
        const run = await runThreat({ inspector: { resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] } });
        const enabler = one(run, "aws:inspector2/enabler:Enabler");
        expect(enabler.inputs).to.deep.equal({ accountIds: [MOCK_ACCOUNT_ID], resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] });
        const scanning = one(run, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration");
        expect(scanning.inputs).to.deep.equal({ scanType: "ENHANCED", rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }] });
        expect(scanning.dependsOn).to.deep.equal([enabler.urn]);
        const ec2Only = await runThreat({ inspector: { resourceTypes: ["EC2"] } });
        expect(some(ec2Only, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")).to.deep.equal([]);
    });

    it("creates the region's account Access Analyzer when asked, keeping a moved analyzer through its alias", async () => {
        expect(some(await runThreat(), "aws:accessanalyzer/analyzer:Analyzer")).to.deep.equal([]);
        const run = await runThreat({ accessAnalyzer: true, accessAnalyzerAliases: [{ name: "team-access-access-analyzer" }] });
        const analyzer = one(run, "aws:accessanalyzer/analyzer:Analyzer");
        expect(analyzer.inputs).to.deep.include({ analyzerName: "startup-test-account-access", type: "ACCOUNT" });
        expect(analyzer.name).to.equal("threats-access-analyzer");
    });

    it("creates no recorder unless asked", async () => {
        expect(some(await runThreat(), "aws:cfg/recorder:Recorder")).to.deep.equal([]);
    });

    it("rejects settings in the words of the security section (stacks/config/security.ts): field checks, then its rule table", () => {
        expect(() => new ThreatDetection("t", { ...WIRING, findingPublishingFrequency: "DAILY" as "ONE_HOUR", inspector: { resourceTypes: ["LAMBDA_CODE"] } })).to.throw(
            'ThreatDetection t: findingPublishingFrequency: got "DAILY"; expected one of: "FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"; inspector.resourceTypes: got ["LAMBDA_CODE"]; LAMBDA_CODE needs LAMBDA (code scanning extends standard scanning)',
        );
        expect(() => new ThreatDetection("t", { ...WIRING, guardDuty: false, securityHub: true, guardDutyFeatures: ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"] })).to.throw(
            "ThreatDetection t: guardDutyFeatures: need guardDuty: true (features belong to this stack's detector); guardDutyFeatures: RUNTIME_MONITORING and EKS_RUNTIME_MONITORING cannot both be enabled; keep RUNTIME_MONITORING; configRecorder: is required when securityHub is true",
        );
    });

    it("refuses to be created with nothing to do", () => {
        expect(() => new ThreatDetection("t", { ...WIRING, guardDuty: false })).to.throw(
            "ThreatDetection t: neither GuardDuty, Security Hub, an AWS Config recorder, Inspector nor Access Analyzer is enabled; do not create the component",
        );
    });
});
