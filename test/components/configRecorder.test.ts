import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigRecorder, ConfigRecorderArgs } from "../../components/configRecorder";
import { MOCK_ACCOUNT_ID, ancestors, one, policyOf, runComponent, some } from "../helpers";

const ROLE_ARN = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const BUCKET = `startup-test-config-history-${MOCK_ACCOUNT_ID}-us-east-1`;

function runRecorder(overrides: Partial<ConfigRecorderArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const recorder = new ConfigRecorder(
            "config",
            { namePrefix: "startup-test", region: "us-east-1", accountId: pulumi.output(MOCK_ACCOUNT_ID), partition: "aws", ...overrides },
            { provider },
        );
        return { recorderName: recorder.recorderName, roleArn: recorder.roleArn, bucketName: recorder.bucketName };
    });
}

describe("ConfigRecorder", () => {
    it("records every supported type, global IAM types included, continuously, with the service-linked role", async () => {
        const run = await runRecorder();
        const recorder = one(run, "aws:cfg/recorder:Recorder");
        expect(recorder.inputs).to.deep.include({
            name: "startup-test-config-recorder",
            roleArn: ROLE_ARN,
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
            recordingMode: { recordingFrequency: "CONTINUOUS" },
        });
        const role = one(run, "aws:iam/serviceLinkedRole:ServiceLinkedRole");
        expect(role.inputs.awsServiceName).to.equal("config.amazonaws.com");
        // The ARN the recorder names is the one IAM gives the role it waits for.
        expect(role.state.arn).to.equal(ROLE_ARN);
        // One role per account, which DR's recorder uses too: destroying this stack keeps it.
        expect(role.retainOnDelete).to.equal(true);
        expect(recorder.dependsOn).to.deep.equal([role.urn]);
        expect(run.outputs).to.deep.equal({ recorderName: "startup-test-config-recorder", roleArn: ROLE_ARN, bucketName: BUCKET });
        for (const r of run.resources.filter((x) => x.custom && x.type !== "pulumi:providers:aws")) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:security:ConfigRecorder");
        }
    });

    it("leaves the global types to another region: the exclusion strategy drops IAM and the Aurora global cluster", async () => {
        const run = await runRecorder({ includeGlobalResourceTypes: false, createServiceLinkedRole: false, recordingFrequency: "DAILY" });
        const recorder = one(run, "aws:cfg/recorder:Recorder");
        expect(recorder.inputs.recordingGroup).to.deep.equal({
            allSupported: false,
            recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
            exclusionByResourceTypes: [
                { resourceTypes: ["AWS::IAM::Group", "AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::RDS::GlobalCluster"] },
            ],
        });
        expect(recorder.inputs.recordingMode).to.deep.equal({ recordingFrequency: "DAILY" });
        // The role another stack created is named, not created again.
        expect(some(run, "aws:iam/serviceLinkedRole:ServiceLinkedRole")).to.deep.equal([]);
        expect(recorder.inputs.roleArn).to.equal(ROLE_ARN);
        expect(recorder.dependsOn).to.deep.equal([]);
    });

    it("delivers to an SSE-KMS archive bucket with its own key, which AWS Config may use for this account only", async () => {
        const run = await runRecorder();
        const key = one(run, "aws:kms/key:Key");
        const bucket = one(run, "aws:s3/bucket:Bucket");
        const channel = one(run, "aws:cfg/deliveryChannel:DeliveryChannel");
        expect(channel.inputs).to.deep.equal({
            name: "startup-test-config-delivery",
            s3BucketName: BUCKET,
            s3KmsKeyArn: key.state.arn,
            snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
        });
        expect(bucket.inputs.bucket).to.equal(BUCKET);
        expect(one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.state.arn }, bucketKeyEnabled: true },
        ]);
        const keyUse = policyOf(key).Statement.find((s) => s.Sid === "ServicesEncryptForThisAccount");
        expect(keyUse?.Principal).to.deep.equal({ Service: ["config.amazonaws.com"] });
        expect(keyUse?.Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } });
        expect(one(run, "aws:kms/alias:Alias").inputs.name).to.equal("alias/startup-test-config");
    });

    it("lets only config.amazonaws.com of this account into the bucket, besides the TLS-only rule", async () => {
        const run = await runRecorder();
        const statements = policyOf(one(run, "aws:s3/bucketPolicy:BucketPolicy")).Statement;
        expect(statements.map((s) => s.Sid)).to.deep.equal([
            "DenyInsecureTransport",
            "AWSConfigBucketPermissionsCheck",
            "AWSConfigBucketExistenceCheck",
            "AWSConfigBucketDelivery",
        ]);
        for (const s of statements.filter((x) => x.Effect === "Allow")) {
            expect(s.Principal, String(s.Sid)).to.deep.equal({ Service: "config.amazonaws.com" });
            expect((s.Condition as Record<string, Record<string, string>>).StringEquals["aws:SourceAccount"], String(s.Sid)).to.equal(MOCK_ACCOUNT_ID);
        }
        expect(statements.find((s) => s.Sid === "AWSConfigBucketDelivery")?.Resource).to.equal(`arn:aws:s3:::${BUCKET}/AWSLogs/${MOCK_ACCOUNT_ID}/Config/*`);
    });

    it("puts the channel after the recorder and the bucket policy, and starts the recorder only after the channel", async () => {
        const run = await runRecorder();
        const recorder = one(run, "aws:cfg/recorder:Recorder");
        const channel = one(run, "aws:cfg/deliveryChannel:DeliveryChannel");
        const status = one(run, "aws:cfg/recorderStatus:RecorderStatus");
        const history = one(run, "startup:storage:ArchiveBucket");
        expect(channel.dependsOn).to.have.members([recorder.urn, history.urn]);
        expect(ancestors(run, one(run, "aws:s3/bucketPolicy:BucketPolicy"))[0].urn).to.equal(history.urn);
        expect(status.inputs).to.deep.equal({ name: "startup-test-config-recorder", isEnabled: true });
        expect(status.dependsOn).to.deep.equal([channel.urn]);
    });

    it("protects the recorder, its bucket and key when asked, and keeps them otherwise deletable", async () => {
        const prod = await runRecorder({ protect: true });
        for (const type of ["aws:cfg/recorder:Recorder", "aws:s3/bucket:Bucket", "aws:kms/key:Key"]) expect(one(prod, type).protect, type).to.equal(true);
        expect(one(prod, "aws:s3/bucket:Bucket").inputs.forceDestroy).to.equal(false);
        const dev = await runRecorder({ forceDestroy: true });
        expect(one(dev, "aws:cfg/recorder:Recorder").protect).to.equal(false);
        expect(one(dev, "aws:s3/bucket:Bucket").inputs.forceDestroy).to.equal(true);
    });

    it("never locks its bucket: AWS Config does not deliver to a bucket with Object Lock", async () => {
        const run = await runRecorder();
        expect(some(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")).to.deep.equal([]);
        expect(one(run, "aws:s3/bucket:Bucket").inputs.objectLockEnabled).to.not.equal(true);
    });

    it("rejects settings in the words of security.configRecorder, and snapshot frequencies AWS would refuse, before registering anything", () => {
        const args = { namePrefix: "p", region: "us-east-1", accountId: MOCK_ACCOUNT_ID, partition: "aws" };
        expect(() => new ConfigRecorder("c", { ...args, recordingFrequency: "HOURLY" as "DAILY" })).to.throw(
            'ConfigRecorder c: recordingFrequency: got "HOURLY"; expected one of: "CONTINUOUS", "DAILY"',
        );
        expect(() => new ConfigRecorder("c", { ...args, snapshotDeliveryFrequency: "Two_Days" as ConfigRecorderArgs["snapshotDeliveryFrequency"] })).to.throw(
            /ConfigRecorder c: snapshotDeliveryFrequency must be one of One_Hour, .*TwentyFour_Hours.*, got Two_Days/,
        );
    });
});
