import { expect } from "chai";
import {
    BATCH_OPERATIONS_SERVICE,
    BATCH_REPLICATION_STATUSES,
    batchOperationsTrustPolicy,
    batchReplicationJob,
    batchReplicationLocations,
    batchReplicationPolicy,
    batchReplicationPrefixProblems,
} from "../../lib/replication";

const SRC = "arn:aws:s3:::startup-prod-user-uploads-123456789012-us-east-1";
const REPORTS = "arn:aws:s3:::startup-prod-alb-logs-123456789012-us-east-1";
const ROLE = "arn:aws:iam::123456789012:role/startup-dr-uploads-batch-replication";
const PREFIX = "batch-replication/uploads";

describe("lib/replication: S3 Batch Replication", () => {
    const policy = batchReplicationPolicy({ sourceBucketArn: SRC, reportBucketArn: REPORTS, reportPrefix: PREFIX });
    const statement = (sid: string) => policy.Statement.find((s) => s.Sid === sid);

    it("lets only the S3 Batch Operations service assume the role, checking the account whenever the service sends it", () => {
        expect(BATCH_OPERATIONS_SERVICE).to.equal("batchoperations.s3.amazonaws.com");
        expect(batchOperationsTrustPolicy("123456789012")).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "batchoperations.s3.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } },
                },
            ],
        });
    });

    it("lets the job start replication of the source bucket's objects and generate its manifest from the replication configuration", () => {
        expect(statement("InitiateReplicationOfSourceObjects")).to.deep.include({ Effect: "Allow", Action: "s3:InitiateReplication", Resource: `${SRC}/*` });
        expect(statement("GenerateManifestFromReplicationConfiguration")).to.deep.include({
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:PutInventoryConfiguration"],
            Resource: SRC,
        });
    });

    it("reads and writes manifests, and writes reports, only under the bucket's prefix of the report bucket", () => {
        expect(statement("ReadManifests")).to.deep.include({
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: `${REPORTS}/batch-replication/uploads/manifests/*`,
        });
        expect(statement("WriteManifestsAndReports")).to.deep.include({
            Action: "s3:PutObject",
            Resource: [`${REPORTS}/batch-replication/uploads/reports/*`, `${REPORTS}/batch-replication/uploads/manifests/*`],
        });
    });

    it("grants nothing else: no KMS (the replication role decrypts), no reads of the source objects, no wildcards beyond a prefix", () => {
        expect(policy.Statement).to.have.lengthOf(4);
        const actions = policy.Statement.flatMap((s) => [s.Action].flat());
        expect(actions.filter((a) => a.startsWith("kms:"))).to.deep.equal([]);
        expect(actions).to.not.include.members(["s3:GetObjectVersionForReplication", "s3:ReplicateObject", "s3:DeleteObject"]);
        for (const s of policy.Statement) {
            expect(s.Effect).to.equal("Allow");
            expect(s.Condition, s.Sid).to.equal(undefined);
            expect([s.Action].flat().some((a) => a.includes("*")), s.Sid).to.equal(false);
            for (const resource of [s.Resource].flat()) {
                expect(resource === SRC || resource === `${SRC}/*` || resource!.startsWith(`${REPORTS}/${PREFIX}/`), `${s.Sid}: ${resource}`).to.equal(true);
            }
        }
    });

    it("builds the create-job arguments whose report and manifest land where the role may write", () => {
        const job = batchReplicationJob({ accountId: "123456789012", region: "us-east-1", roleArn: ROLE, sourceBucketArn: SRC, reportBucketArn: REPORTS, reportPrefix: PREFIX });
        expect(job).to.deep.equal({
            accountId: "123456789012",
            region: "us-east-1",
            roleArn: ROLE,
            report: { Bucket: REPORTS, Prefix: "batch-replication/uploads/reports", Format: "Report_CSV_20180820", Enabled: true, ReportScope: "AllTasks" },
            manifestGenerator: {
                S3JobManifestGenerator: {
                    ExpectedBucketOwner: "123456789012",
                    SourceBucket: SRC,
                    EnableManifestOutput: true,
                    ManifestOutputLocation: {
                        ExpectedManifestBucketOwner: "123456789012",
                        Bucket: REPORTS,
                        ManifestPrefix: "batch-replication/uploads/manifests",
                        ManifestEncryption: { SSES3: {} },
                        ManifestFormat: "S3InventoryReport_CSV_20211130",
                    },
                    Filter: { EligibleForReplication: true, ObjectReplicationStatuses: ["NONE", "FAILED"] },
                },
            },
        });
        // S3 writes under `<prefix>/job-<id>/`: inside what WriteManifestsAndReports allows.
        const writable = [statement("WriteManifestsAndReports")!.Resource].flat();
        expect(writable).to.include(`${job.report.Bucket}/${job.report.Prefix}/*`);
        const output = job.manifestGenerator.S3JobManifestGenerator.ManifestOutputLocation;
        expect(writable).to.include(`${output.Bucket}/${output.ManifestPrefix}/*`);
        expect(statement("ReadManifests")!.Resource).to.equal(`${output.Bucket}/${output.ManifestPrefix}/*`);
    });

    it("replicates by default only what DR does not have: objects never replicated, and failed ones", () => {
        expect(BATCH_REPLICATION_STATUSES).to.deep.equal(["NONE", "FAILED"]);
        expect(batchReplicationLocations("batch-replication/analytics")).to.deep.equal({
            reports: "batch-replication/analytics/reports",
            manifests: "batch-replication/analytics/manifests",
        });
    });

    for (const [prefix, fragment] of [
        ["", "must be non-empty path segments"],
        ["/batch-replication", "no leading or trailing"],
        ["batch-replication/", "no leading or trailing"],
        ["batch//uploads", "separated by single"],
        ["batch-replication/*", "letters, digits and !-_.()"],
        ["batch replication", "letters, digits and !-_.()"],
        ["x".repeat(510), "too long"],
    ] as const) {
        it(`refuses the report prefix ${JSON.stringify(prefix.length > 40 ? `${prefix.slice(0, 10)}...` : prefix)} (${fragment})`, () => {
            expect(batchReplicationPrefixProblems(prefix).join("; ")).to.include(fragment);
            expect(() => batchReplicationPolicy({ sourceBucketArn: SRC, reportBucketArn: REPORTS, reportPrefix: prefix })).to.throw(`batchReplicationPolicy: report prefix`);
            expect(() => batchReplicationJob({ accountId: "1", region: "us-east-1", roleArn: ROLE, sourceBucketArn: SRC, reportBucketArn: REPORTS, reportPrefix: prefix })).to.throw(
                "batchReplicationJob: report prefix",
            );
        });
    }

    it("accepts nested prefixes of S3's safe characters", () => {
        for (const prefix of ["batch-replication/uploads", "ops/batch_replication/analytics.raw", "a", "x".repeat(500)]) {
            expect(batchReplicationPrefixProblems(prefix), prefix).to.deep.equal([]);
        }
    });
});
