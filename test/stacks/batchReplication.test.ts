import { expect } from "chai";
import { PRIMARY_EXPORTS } from "../../stacks/outputs";
import { OfflineRun, RecordedResource } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, one, policyOf, some, stackRuns } from "../helpers";

/**
 * S3 Batch Replication in every stack: the DR stack provisions, in prod's region, one Batch
 * Operations role per replicated bucket, and exports the `aws s3control create-job` arguments
 * (docs/dr-runbook.md) whose report and manifest go under `batch-replication/<bucket>/` of prod's
 * access-log bucket.
 */

interface Job {
    accountId: string;
    region: string;
    roleArn: string;
    report: { Bucket: string; Prefix: string; Enabled: boolean; ReportScope: string };
    manifestGenerator: {
        S3JobManifestGenerator: {
            SourceBucket: string;
            EnableManifestOutput: boolean;
            ManifestOutputLocation: { Bucket: string; ManifestPrefix: string; ManifestEncryption: unknown };
            Filter: unknown;
        };
    };
}

const providerOf = (r: RecordedResource) => r.provider?.split("::").pop();
const trustsBatchOperations = (role: RecordedResource) => JSON.stringify(policyOf(role, "assumeRolePolicy")).includes("batchoperations.s3.amazonaws.com");

describe("S3 Batch Replication, per stack", () => {
    let runs: Readonly<Record<"dev" | "prod" | "dr", OfflineRun>>;
    before(async () => {
        runs = await stackRuns();
    });

    /** Prod's ALB access-log bucket: where DR's batch jobs report. */
    const reportBucket = () => one(runs.prod, "aws:s3/bucket:Bucket", "app-access-logs-bucket");
    const sources = () => ({
        analytics: String(runs.prod.outputs[PRIMARY_EXPORTS.analyticsRawBucketArn]),
        uploads: String(runs.prod.outputs[PRIMARY_EXPORTS.userUploadsBucketArn]),
    });

    it("dev and prod have no Batch Operations role: the DR stack owns replication and its batch jobs", () => {
        for (const stack of ["dev", "prod"] as const) {
            expect(some(runs[stack], "aws:iam/role:Role").filter(trustsBatchOperations).map((r) => r.name), stack).to.deep.equal([]);
            expect(runs[stack].outputs, stack).to.not.have.property("batchReplicationJobs");
        }
    });

    it("prod exports its access-log bucket, which DR reads through the stack reference", () => {
        expect(runs.prod.outputs[PRIMARY_EXPORTS.accessLogBucketName]).to.equal(reportBucket().state.id);
        expect(reportBucket().state.id).to.equal(`startup-prod-alb-logs-${MOCK_ACCOUNT_ID}-us-east-1`);
    });

    it("dr: one batch role per replicated bucket, in prod's region, trusting only S3 Batch Operations", () => {
        const roles = some(runs.dr, "aws:iam/role:Role").filter(trustsBatchOperations);
        expect(roles.map((r) => r.name).sort()).to.deep.equal(["analytics-replication-batch-role", "uploads-replication-batch-role"]);
        for (const role of roles) {
            expect(providerOf(role), role.name).to.equal("aws-primary");
            expect(policyOf(role, "assumeRolePolicy").Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: "batchoperations.s3.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEqualsIfExists: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
                },
            ]);
        }
        expect(roles.map((r) => r.inputs.name).sort()).to.deep.equal(["startup-dr-analytics-batch-replication", "startup-dr-uploads-batch-replication"]);
    });

    for (const bucket of ["analytics", "uploads"] as const) {
        it(`dr: the ${bucket} batch role may replicate prod's ${bucket} bucket and report under batch-replication/${bucket}/ of prod's log bucket`, () => {
            const source = sources()[bucket];
            const reports = String(reportBucket().state.arn);
            const statements = policyOf(one(runs.dr, "aws:iam/rolePolicy:RolePolicy", `${bucket}-replication-batch-access`)).Statement;
            const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
            expect(bySid.InitiateReplicationOfSourceObjects).to.deep.include({ Action: "s3:InitiateReplication", Resource: `${source}/*` });
            expect(bySid.GenerateManifestFromReplicationConfiguration).to.deep.include({ Resource: source });
            expect(bySid.ReadManifests.Resource).to.equal(`${reports}/batch-replication/${bucket}/manifests/*`);
            expect(bySid.WriteManifestsAndReports.Resource).to.deep.equal([
                `${reports}/batch-replication/${bucket}/reports/*`,
                `${reports}/batch-replication/${bucket}/manifests/*`,
            ]);
            // Nothing on the other bucket, nor on the load balancer's logs.
            const other = sources()[bucket === "analytics" ? "uploads" : "analytics"];
            expect(JSON.stringify(statements)).to.not.include(other);
            expect(JSON.stringify(statements)).to.not.include(`${reports}/alb/`);
        });

        it(`dr: exports the create-job arguments of an ${bucket} job in prod's region, run as that role, naming where the role may write`, () => {
            const job = (runs.dr.outputs.batchReplicationJobs as Record<string, Job>)[bucket];
            const role = one(runs.dr, "aws:iam/role:Role", `${bucket}-replication-batch-role`);
            const reports = String(reportBucket().state.arn);
            expect(job).to.deep.include({ accountId: MOCK_ACCOUNT_ID, region: runs.prod.region, roleArn: role.state.arn });
            expect(job.report).to.deep.include({ Bucket: reports, Prefix: `batch-replication/${bucket}/reports`, Enabled: true, ReportScope: "AllTasks" });
            const generator = job.manifestGenerator.S3JobManifestGenerator;
            expect(generator.SourceBucket).to.equal(sources()[bucket]);
            // Batch Replication needs the source's replication configuration, which DR puts on this bucket.
            const config = one(runs.dr, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", `${bucket}-replication-config`);
            expect(`arn:aws:s3:::${String(config.inputs.bucket)}`).to.equal(generator.SourceBucket);
            expect(generator.ManifestOutputLocation).to.deep.include({ Bucket: reports, ManifestPrefix: `batch-replication/${bucket}/manifests`, ManifestEncryption: { SSES3: {} } });
            expect(generator.Filter).to.deep.equal({ EligibleForReplication: true, ObjectReplicationStatuses: ["NONE", "FAILED"] });
        });
    }

    it("prod's log bucket takes the reports as they come: SSE-S3 (reports always are), no deny but non-TLS, ELB confined to alb/", () => {
        const bucket = reportBucket();
        const encryption = some(runs.prod, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find(
            (e) => e.inputs.bucket === bucket.state.id,
        );
        expect(JSON.stringify(encryption?.inputs.rules)).to.include('"sseAlgorithm":"AES256"');
        const policy = some(runs.prod, "aws:s3/bucketPolicy:BucketPolicy").find((p) => p.inputs.bucket === bucket.state.id);
        const statements = policyOf(policy!).Statement;
        expect(statements.filter((s) => s.Effect === "Deny").map((s) => s.Sid)).to.deep.equal(["DenyInsecureTransport"]);
        for (const allow of statements.filter((s) => s.Effect === "Allow")) {
            expect(String(allow.Resource)).to.match(new RegExp(`^${String(bucket.state.arn)}/alb/AWSLogs/`));
        }
    });
});
