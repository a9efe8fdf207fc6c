import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { BucketReplication, BucketReplicationArgs } from "../../components/bucketReplication";
import { one, policyOf, runComponent } from "../helpers";

const SRC = "startup-prod-analytics-raw-123456789012-us-east-1";
const DST = "arn:aws:s3:::startup-dr-analytics-raw-123456789012-us-west-2";
const SRC_KEY = "arn:aws:kms:us-east-1:123456789012:key/mrk-source";
const DST_KEY = "arn:aws:kms:us-west-2:123456789012:key/dr-data";

const ARGS: BucketReplicationArgs = {
    namePrefix: "startup-dr",
    purpose: "analytics",
    accountId: "123456789012",
    sourceBucketName: SRC,
    sourceBucketArn: `arn:aws:s3:::${SRC}`,
    sourceKmsKeyArn: SRC_KEY,
    sourceRegion: "us-east-1",
    destinationBucketArn: DST,
    destinationKmsKeyArn: DST_KEY,
    destinationRegion: "us-west-2",
};

function runReplication(overrides: Partial<BucketReplicationArgs> = {}) {
    return runComponent(
        () => {
            const provider = new aws.Provider("aws-primary", { region: "us-east-1" });
            new BucketReplication("analytics-replication", { ...ARGS, ...overrides }, { provider });
        },
        { region: "us-west-2" },
    );
}

describe("BucketReplication", () => {
    it("configures the source bucket with the role and one rule into the destination, in the source's region", async () => {
        const run = await runReplication();
        const config = one(run, "aws:s3/bucketReplicationConfig:BucketReplicationConfig");
        const role = one(run, "aws:iam/role:Role");
        expect(config.inputs.bucket).to.equal(SRC);
        expect(config.inputs.role).to.equal(role.state.arn);
        expect(config.provider).to.match(/::aws-primary$/);
        const [rule] = config.inputs.rules as Array<Record<string, unknown>>;
        expect(rule).to.deep.include({
            id: "to-dr-region",
            status: "Enabled",
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        });
        expect(rule.destination).to.deep.equal({
            bucket: DST,
            encryptionConfiguration: { replicaKmsKeyId: DST_KEY },
            metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
            replicationTime: { status: "Enabled", time: { minutes: 15 } },
        });
    });

    it("turns RTC off on request but keeps the metrics the alarms read", async () => {
        const run = await runReplication({ timeControl: false });
        const [rule] = one(run, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").inputs.rules as Array<{ destination: Record<string, unknown> }>;
        expect(rule.destination).to.not.have.property("replicationTime");
        expect(rule.destination.metrics).to.deep.equal({ status: "Enabled" });
    });

    it("gives S3 a role for this account with only the replication permissions of these two buckets", async () => {
        const run = await runReplication();
        const role = one(run, "aws:iam/role:Role");
        expect(role.inputs.name).to.equal("startup-dr-analytics-replication");
        expect(policyOf(role, "assumeRolePolicy").Statement).to.deep.equal([
            { Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } },
        ]);
        const access = one(run, "aws:iam/rolePolicy:RolePolicy");
        expect(access.inputs.role).to.equal(role.state.name);
        const statements = policyOf(access).Statement;
        expect(statements.map((s) => s.Sid)).to.deep.equal([
            "ReadSourceReplicationConfiguration",
            "ReadSourceObjectVersions",
            "WriteReplicas",
            "DecryptSourceObjects",
            "EncryptReplicas",
        ]);
        expect(statements.find((s) => s.Sid === "DecryptSourceObjects")).to.deep.include({ Resource: SRC_KEY });
        expect(statements.find((s) => s.Sid === "EncryptReplicas")).to.deep.include({ Resource: DST_KEY });
    });

    it("refuses a same-region replication and a replica key outside the destination region", () => {
        expect(() => new BucketReplication("same", { ...ARGS, destinationRegion: "us-east-1", destinationKmsKeyArn: SRC_KEY })).to.throw(
            "BucketReplication same: destination region us-east-1 is the source's region",
        );
        expect(() => new BucketReplication("key", { ...ARGS, destinationKmsKeyArn: SRC_KEY })).to.throw(
            `destination KMS key ${SRC_KEY} is in us-east-1; it must be in the destination bucket's region us-west-2`,
        );
    });
});
