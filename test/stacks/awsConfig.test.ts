import { expect } from "chai";
import { OfflineProgramError, OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, PRIMARY_STACK, ancestors, one, policyOf, runOffline, some, stackRuns } from "../helpers";

/**
 * AWS Config per stack: a recorder exactly where Security Hub runs (one per account and region),
 * the account's global types recorded by prod only, delivery to an SSE-KMS bucket only AWS Config
 * of this account may write to, and recording started only once the delivery channel exists.
 */

const ROLE_ARN = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const GLOBAL_TYPES = ["AWS::IAM::Group", "AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::RDS::GlobalCluster"];

describe("AWS Config recording per stack", () => {
    let runs: Record<"dev" | "prod" | "dr", OfflineRun>;
    before(async () => {
        runs = { ...(await stackRuns()) };
    });

    it("records where Security Hub runs and nowhere else: prod and DR, not dev beside prod", () => {
        for (const stack of ["prod", "dr"] as const) {
            one(runs[stack], "aws:securityhub/account:Account");
            const recorder = one(runs[stack], "aws:cfg/recorder:Recorder");
            expect(recorder.inputs.name, stack).to.equal(`startup-${stack}-config-recorder`);
            expect(recorder.inputs.roleArn, stack).to.equal(ROLE_ARN);
            expect(recorder.inputs.recordingMode, stack).to.deep.equal({ recordingFrequency: "CONTINUOUS" });
            expect(ancestors(runs[stack], recorder).map((a) => a.type), stack).to.include.members([
                "startup:security:ConfigRecorder",
                "startup:security:ThreatDetection",
            ]);
        }
        for (const type of ["aws:securityhub/account:Account", "aws:cfg/recorder:Recorder", "aws:cfg/deliveryChannel:DeliveryChannel", "aws:cfg/recorderStatus:RecorderStatus"]) {
            expect(some(runs.dev, type), type).to.deep.equal([]);
        }
    });

    it("records the global IAM types in prod only; DR excludes them and the Aurora global cluster", () => {
        expect(one(runs.prod, "aws:cfg/recorder:Recorder").inputs.recordingGroup).to.deep.equal({ allSupported: true, includeGlobalResourceTypes: true });
        expect(one(runs.dr, "aws:cfg/recorder:Recorder").inputs.recordingGroup).to.deep.equal({
            allSupported: false,
            recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
            exclusionByResourceTypes: [{ resourceTypes: GLOBAL_TYPES }],
        });
    });

    it("creates the account's AWSServiceRoleForConfig once, in prod, and the recorder waits for it there", () => {
        const role = one(runs.prod, "aws:iam/serviceLinkedRole:ServiceLinkedRole");
        expect(role.inputs.awsServiceName).to.equal("config.amazonaws.com");
        expect(role.state.arn).to.equal(ROLE_ARN);
        expect(one(runs.prod, "aws:cfg/recorder:Recorder").dependsOn).to.include(role.urn);
        expect(some(runs.dr, "aws:iam/serviceLinkedRole:ServiceLinkedRole")).to.deep.equal([]);
    });

    for (const stack of ["prod", "dr"] as const) {
        describe(stack, () => {
            it("starts the recorder only after the delivery channel, which waits for the recorder and the bucket policy", () => {
                const run = runs[stack];
                const recorder = one(run, "aws:cfg/recorder:Recorder");
                const channel = one(run, "aws:cfg/deliveryChannel:DeliveryChannel");
                const status = one(run, "aws:cfg/recorderStatus:RecorderStatus");
                expect(status.inputs).to.deep.equal({ name: recorder.inputs.name, isEnabled: true });
                expect(status.dependsOn).to.deep.equal([channel.urn]);
                const bucketPolicy = one(run, "aws:s3/bucketPolicy:BucketPolicy", "threat-detection-config-history-policy");
                const history = ancestors(run, bucketPolicy)[0];
                expect(history.type).to.equal("startup:storage:ArchiveBucket");
                expect(channel.dependsOn).to.have.members([recorder.urn, history.urn]);
                // Security Hub enables its standards once the region is being recorded.
                expect(one(run, "aws:securityhub/account:Account").dependsOn).to.deep.equal([one(run, "startup:security:ConfigRecorder").urn]);
            });

            it("delivers to its own region's SSE-KMS bucket, with a key AWS Config may use for this account only", () => {
                const run = runs[stack];
                const channel = one(run, "aws:cfg/deliveryChannel:DeliveryChannel");
                const bucket = one(run, "aws:s3/bucket:Bucket", "threat-detection-config-history-bucket");
                const key = one(run, "aws:kms/key:Key", "threat-detection-config-key-key");
                expect(bucket.inputs.bucket).to.equal(`startup-${stack}-config-history-${MOCK_ACCOUNT_ID}-${run.region}`);
                expect(channel.inputs).to.deep.include({ s3BucketName: bucket.state.bucket, s3KmsKeyArn: key.state.arn });
                expect(String(key.state.arn)).to.include(`:kms:${run.region}:`);
                const encryption = one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "threat-detection-config-history-encryption");
                expect(encryption.inputs.rules).to.deep.equal([
                    { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.state.arn }, bucketKeyEnabled: true },
                ]);
                const keyUse = policyOf(key).Statement.find((s) => s.Sid === "ServicesEncryptForThisAccount");
                expect(keyUse).to.deep.include({ Principal: { Service: ["config.amazonaws.com"] }, Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } } });
            });

            it("lets only config.amazonaws.com of this account into the bucket, and only under AWSLogs/<account>/Config/", () => {
                const run = runs[stack];
                const bucket = one(run, "aws:s3/bucket:Bucket", "threat-detection-config-history-bucket");
                const statements = policyOf(one(run, "aws:s3/bucketPolicy:BucketPolicy", "threat-detection-config-history-policy")).Statement;
                const allows = statements.filter((s) => s.Effect === "Allow");
                expect(allows.map((s) => s.Action)).to.deep.equal(["s3:GetBucketAcl", "s3:ListBucket", "s3:PutObject"]);
                for (const s of allows) {
                    expect(s.Principal, String(s.Sid)).to.deep.equal({ Service: "config.amazonaws.com" });
                    expect((s.Condition as { StringEquals: Record<string, string> }).StringEquals["aws:SourceAccount"], String(s.Sid)).to.equal(MOCK_ACCOUNT_ID);
                }
                expect(allows[2].Resource).to.equal(`${String(bucket.state.arn)}/AWSLogs/${MOCK_ACCOUNT_ID}/Config/*`);
                expect(statements.filter((s) => s.Effect === "Deny").map((s) => s.Sid)).to.deep.equal(["DenyInsecureTransport"]);
            });

            it("protects the recorder and its history: production keeps them", () => {
                const run = runs[stack];
                for (const [type, name] of [
                    ["aws:cfg/recorder:Recorder", undefined],
                    ["aws:s3/bucket:Bucket", "threat-detection-config-history-bucket"],
                    ["aws:kms/key:Key", "threat-detection-config-key-key"],
                ] as const) {
                    expect(one(run, type, name).protect, type).to.equal(true);
                }
                expect(one(run, "aws:s3/bucket:Bucket", "threat-detection-config-history-bucket").inputs.forceDestroy).to.equal(false);
            });
        });
    }

    it("exports the recorder and its bucket where there is one", () => {
        for (const stack of ["prod", "dr"] as const) {
            expect(runs[stack].outputs, stack).to.include({
                configRecorderName: `startup-${stack}-config-recorder`,
                configBucketName: `startup-${stack}-config-history-${MOCK_ACCOUNT_ID}-${runs[stack].region}`,
            });
        }
        expect(runs.dev.outputs).to.not.have.any.keys("configRecorderName", "configBucketName");
    });

    it("refuses global types or the service-linked role in the DR stack before registering anything", async () => {
        const config = readStackConfigFile("dr");
        const security = config["startup-platform:security"] as Record<string, unknown>;
        config["startup-platform:security"] = { ...security, configRecorder: { includeGlobalResourceTypes: true, createServiceLinkedRole: true } };
        let error: OfflineProgramError | undefined;
        try {
            await runOffline({ stack: "dr", config, stackOutputs: { [PRIMARY_STACK]: runs.prod.outputs } });
        } catch (err) {
            error = err as OfflineProgramError;
        }
        expect(error?.message).to.include(
            "startup-platform:security.configRecorder.includeGlobalResourceTypes: the primary's recorder records the account's global IAM types and the Aurora global cluster; set false in the DR stack",
        );
        expect(error?.message).to.include(
            "startup-platform:security.configRecorder.createServiceLinkedRole: AWSServiceRoleForConfig is one per account and the primary stack creates it; set false in the DR stack",
        );
        expect(error?.registered).to.deep.equal([]);
    });
});
