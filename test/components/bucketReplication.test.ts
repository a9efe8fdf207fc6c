import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { BucketReplication, BucketReplicationArgs } from "../../components/bucketReplication";
import { one, policyOf, runComponent, some } from "../helpers";

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

const REPORTS = "arn:aws:s3:::startup-prod-alb-logs-123456789012-us-east-1";

function runReplication(overrides: Partial<BucketReplicationArgs> = {}) {
    return runComponent(
        () => {
            const provider = new aws.Provider("aws-primary", { region: "us-east-1" });
            const replication = new BucketReplication("analytics-replication", { ...ARGS, ...overrides }, { provider });
            return replication.batchJob ? { batchRoleArn: replication.batchRoleArn, batchJob: replication.batchJob } : {};
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

    it("writes replicas in the destination's storage class when given, the source's otherwise", async () => {
        const classOf = async (overrides: Partial<BucketReplicationArgs>) => {
            const [rule] = one(await runReplication(overrides), "aws:s3/bucketReplicationConfig:BucketReplicationConfig").inputs.rules as Array<{ destination: Record<string, unknown> }>;
            return rule.destination.storageClass;
        };
        expect(await classOf({ destinationStorageClass: "INTELLIGENT_TIERING" })).to.equal("INTELLIGENT_TIERING");
        expect(await classOf({})).to.equal(undefined);
    });

    it("gives S3 a role for this account with only the replication permissions of these two buckets", async () => {
        const run = await runReplication();
        const role = one(run, "aws:iam/role:Role");
        expect(role.inputs.name).to.equal("startup-dr-analytics-replication");
        expect(policyOf(role, "assumeRolePolicy").Statement).to.deep.equal([
            // AWS documents no source context for replication: checked when S3 sends it.
            { Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } } },
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

    it("creates no Batch Replication role unless asked", async () => {
        const run = await runReplication();
        expect(some(run, "aws:iam/role:Role").map((r) => r.name)).to.deep.equal(["analytics-replication-role"]);
        expect(run.outputs).to.deep.equal({});
        expect(some(run, "aws:iam/rolePolicy:RolePolicy").map((r) => r.name)).to.deep.equal(["analytics-replication-access"]);
    });

    it("with batchReplication, adds a role only S3 Batch Operations assumes, allowed this bucket and its report prefix", async () => {
        const run = await runReplication({ batchReplication: { reportBucketArn: REPORTS, reportPrefix: "batch-replication/analytics" } });
        const role = one(run, "aws:iam/role:Role", "analytics-replication-batch-role");
        expect(role.inputs.name).to.equal("startup-dr-analytics-batch-replication");
        expect(role.provider).to.match(/::aws-primary$/);
        expect(policyOf(role, "assumeRolePolicy").Statement).to.deep.equal([
            { Effect: "Allow", Principal: { Service: "batchoperations.s3.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } } },
        ]);
        const access = one(run, "aws:iam/rolePolicy:RolePolicy", "analytics-replication-batch-access");
        expect(access.inputs.role).to.equal(role.state.name);
        const bySid = Object.fromEntries(policyOf(access).Statement.map((s) => [s.Sid, s]));
        expect(Object.keys(bySid)).to.deep.equal([
            "InitiateReplicationOfSourceObjects",
            "GenerateManifestFromReplicationConfiguration",
            "ReadManifests",
            "WriteManifestsAndReports",
        ]);
        expect(bySid.InitiateReplicationOfSourceObjects.Resource).to.equal(`${ARGS.sourceBucketArn as string}/*`);
        expect(bySid.GenerateManifestFromReplicationConfiguration.Resource).to.equal(ARGS.sourceBucketArn);
        expect(bySid.WriteManifestsAndReports.Resource).to.deep.equal([
            `${REPORTS}/batch-replication/analytics/reports/*`,
            `${REPORTS}/batch-replication/analytics/manifests/*`,
        ]);
        // The live replication's role is untouched: the batch job replicates through it.
        expect(one(run, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").inputs.role).to.equal(one(run, "aws:iam/role:Role", "analytics-replication-role").state.arn);
    });

    it("exposes the role and the create-job arguments of a job in the source's region, reporting where the role may write", async () => {
        const run = await runReplication({ batchReplication: { reportBucketArn: REPORTS, reportPrefix: "batch-replication/analytics" } });
        const role = one(run, "aws:iam/role:Role", "analytics-replication-batch-role");
        expect(run.outputs.batchRoleArn).to.equal(role.state.arn);
        const job = run.outputs.batchJob as { accountId: string; region: string; roleArn: string; report: { Bucket: string; Prefix: string }; manifestGenerator: { S3JobManifestGenerator: { SourceBucket: string } } };
        expect(job).to.deep.include({ accountId: "123456789012", region: "us-east-1", roleArn: role.state.arn });
        expect(job.report).to.deep.include({ Bucket: REPORTS, Prefix: "batch-replication/analytics/reports", Enabled: true });
        expect(job.manifestGenerator.S3JobManifestGenerator.SourceBucket).to.equal(ARGS.sourceBucketArn);
    });

    it("refuses a report prefix S3 or IAM would misread, before registering anything", () => {
        expect(() => new BucketReplication("bad", { ...ARGS, batchReplication: { reportBucketArn: REPORTS, reportPrefix: "/reports/" } })).to.throw(
            'BucketReplication bad: report prefix "/reports/" must be non-empty path segments',
        );
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
