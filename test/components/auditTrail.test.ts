import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuditTrail, AuditTrailArgs } from "../../components/auditTrail";
import { CIS_METRIC_FILTERS } from "../../lib/audit";
import { MOCK_ACCOUNT_ID, all, ancestors, one, policyOf, runComponent, some } from "../helpers";

const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MOCK_ACCOUNT_ID}:trail/startup-test-audit`;

function runTrail(overrides: Partial<AuditTrailArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const trail = new AuditTrail(
            "audit",
            // S3 only unless a test gives the logs key (the CIS filters need its log group).
            { namePrefix: "startup-test", region: "us-east-1", accountId: pulumi.output(MOCK_ACCOUNT_ID), partition: "aws", cisAlarms: false, ...overrides },
            { provider },
        );
        return { trailArn: trail.trailArn, bucketName: trail.bucketName };
    });
}

describe("AuditTrail", () => {
    it("logs every Region and the global services, with file validation, encrypted with its own key", async () => {
        const run = await runTrail();
        const trail = one(run, "aws:cloudtrail/trail:Trail");
        const key = one(run, "aws:kms/key:Key");
        const bucket = one(run, "aws:s3/bucket:Bucket");
        expect(trail.inputs).to.include({
            name: "startup-test-audit",
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            kmsKeyId: key.state.arn,
            s3BucketName: bucket.state.bucket,
        });
        expect(bucket.inputs.bucket).to.equal(`startup-test-audit-logs-${MOCK_ACCOUNT_ID}-us-east-1`);
        expect(one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([
            // No Bucket Key: with one, CloudTrail would need kms:Decrypt to create or update the trail.
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.state.arn }, bucketKeyEnabled: false },
        ]);
        expect(run.outputs).to.deep.equal({ trailArn: TRAIL_ARN, bucketName: bucket.state.bucket });
    });

    it("names the trail it builds in the key and bucket policies: the ARN built from the name is the trail's", async () => {
        const run = await runTrail();
        expect(one(run, "aws:cloudtrail/trail:Trail").state.arn).to.equal(TRAIL_ARN);
        const keyPolicy = policyOf(one(run, "aws:kms/key:Key")).Statement;
        const encrypt = keyPolicy.find((s) => s.Sid === "CloudTrailEncryptLogFiles");
        expect(encrypt?.Condition).to.deep.include({ StringEquals: { "aws:SourceArn": [TRAIL_ARN] } });
        const bucketPolicy = policyOf(one(run, "aws:s3/bucketPolicy:BucketPolicy")).Statement;
        expect(bucketPolicy.map((s) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "CloudTrailAclCheck", "CloudTrailWrite"]);
        const write = bucketPolicy.find((s) => s.Sid === "CloudTrailWrite");
        expect(write?.Resource).to.equal(`arn:aws:s3:::startup-test-audit-logs-${MOCK_ACCOUNT_ID}-us-east-1/AWSLogs/${MOCK_ACCOUNT_ID}/*`);
        expect(write?.Condition).to.deep.equal({ StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } });
    });

    it("creates the trail only after the bucket and its policy", async () => {
        const run = await runTrail();
        const trail = one(run, "aws:cloudtrail/trail:Trail");
        const logs = one(run, "startup:storage:ArchiveBucket");
        expect(trail.dependsOn).to.deep.equal([logs.urn]);
        expect(ancestors(run, one(run, "aws:s3/bucketPolicy:BucketPolicy"))[0].urn).to.equal(logs.urn);
    });

    it("protects the trail, its bucket and key when asked, and keeps them otherwise deletable", async () => {
        const prod = await runTrail({ protect: true });
        for (const type of ["aws:cloudtrail/trail:Trail", "aws:s3/bucket:Bucket", "aws:kms/key:Key"]) expect(one(prod, type).protect, type).to.equal(true);
        expect(one(prod, "aws:s3/bucket:Bucket").inputs.forceDestroy).to.equal(false);
        const dev = await runTrail({ forceDestroy: true });
        expect(one(dev, "aws:cloudtrail/trail:Trail").protect).to.equal(false);
        expect(one(dev, "aws:s3/bucket:Bucket").inputs.forceDestroy).to.equal(true);
    });

    describe("CloudWatch Logs delivery", () => {
        const LOGS_KEY = "arn:aws:kms:us-east-1:123456789012:key/logs";
        const cloudWatchLogs = { logsKmsKeyArn: LOGS_KEY, cisAlarms: true };

        it("delivers to a KMS-encrypted log group through a role only this trail may assume", async () => {
            const run = await runTrail(cloudWatchLogs);
            const group = one(run, "aws:cloudwatch/logGroup:LogGroup");
            expect(group.inputs).to.deep.include({ name: "/aws/cloudtrail/startup-test-audit", retentionInDays: 365, kmsKeyId: LOGS_KEY });
            const role = one(run, "aws:iam/role:Role");
            expect(policyOf(role, "assumeRolePolicy").Statement[0]).to.deep.include({
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Condition: { StringEqualsIfExists: { "aws:SourceAccount": MOCK_ACCOUNT_ID }, ArnLikeIfExists: { "aws:SourceArn": TRAIL_ARN } },
            });
            const write = one(run, "aws:iam/rolePolicy:RolePolicy");
            expect(policyOf(write).Statement[0].Resource).to.equal(`${group.state.arn}:log-stream:${MOCK_ACCOUNT_ID}_CloudTrail_*`);
            const trail = one(run, "aws:cloudtrail/trail:Trail");
            expect(trail.inputs).to.include({ cloudWatchLogsGroupArn: `${group.state.arn}:*`, cloudWatchLogsRoleArn: role.state.arn });
            // CloudTrail tries the role when the trail is created.
            expect(trail.dependsOn).to.include(write.urn);
        });

        it("puts the CIS metric filters on the group, one metric each in LogMetrics", async () => {
            const run = await runTrail(cloudWatchLogs);
            const filters = all(run, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
            expect(filters.map((f) => f.inputs.pattern)).to.deep.equal(CIS_METRIC_FILTERS.map((f) => f.pattern));
            expect(filters[0].inputs).to.deep.include({
                name: "startup-test-audit-RootAccountUsage",
                logGroupName: "/aws/cloudtrail/startup-test-audit",
                metricTransformation: { name: "RootAccountUsage", namespace: "LogMetrics", value: "1" },
            });
        });

        it("stays in S3 only without a logs key, and refuses CIS alarms there or a retention CloudWatch does not accept, in the security section's words", async () => {
            const run = await runTrail();
            expect(some(run, "aws:cloudwatch/logGroup:LogGroup")).to.deep.equal([]);
            expect(some(run, "aws:cloudwatch/logMetricFilter:LogMetricFilter")).to.deep.equal([]);
            expect(one(run, "aws:cloudtrail/trail:Trail").inputs).to.not.have.property("cloudWatchLogsGroupArn");
            const base = { namePrefix: "p-x", region: "us-east-1", accountId: MOCK_ACCOUNT_ID, partition: "aws" };
            expect(() => new AuditTrail("t", { ...base, ...cloudWatchLogs, trailLogRetentionDays: 100 as 365 })).to.throw(/^AuditTrail t: trailLogRetentionDays: got 100; expected one of: 1, 3, 5/);
            expect(() => new AuditTrail("t", base)).to.throw("AuditTrail t: cisAlarms needs logsKmsKeyArn: the CIS metric filters are on the trail's CloudWatch Logs group");
        });
    });

    it("locks the log files in their bucket as auditObjectLock says and sends the bucket's access logs away when asked", async () => {
        expect(some(await runTrail({ auditObjectLock: { enabled: false } }), "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")).to.deep.equal([]);
        const run = await runTrail({ auditObjectLock: { mode: "GOVERNANCE", retentionDays: 365 }, accessLogBucketName: "startup-test-s3-access-logs" });
        const bucket = one(run, "aws:s3/bucket:Bucket").state.bucket;
        expect(one(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").inputs).to.deep.include({ bucket, rule: { defaultRetention: { mode: "GOVERNANCE", days: 365 } } });
        expect(one(run, "aws:s3/bucketLogging:BucketLogging").inputs).to.deep.include({ bucket, targetBucket: "startup-test-s3-access-logs" });
    });
});
