import { expect } from "chai";
import { OfflineProgramError, OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, PRIMARY_STACK, one, policyOf, runOffline, some } from "../helpers";

/** The rest of the operations and security baseline, per stack: CloudTrail, alarms, backup selection. */
describe("audit trail, alarms and backup selection per stack", () => {
    const runs: Record<string, OfflineRun> = {};
    before(async () => {
        runs.dev = await runOffline({ stack: "dev" });
        runs.prod = await runOffline({ stack: "prod" });
        runs.dr = await runOffline({ stack: "dr", stackOutputs: { [PRIMARY_STACK]: runs.prod.outputs } });
    });

    describe("CloudTrail", () => {
        it("is one multi-Region trail per account, from prod, with global events and file validation", () => {
            const trail = one(runs.prod, "aws:cloudtrail/trail:Trail");
            expect(trail.inputs).to.include({ isMultiRegionTrail: true, includeGlobalServiceEvents: true, enableLogFileValidation: true });
            expect(trail.protect).to.equal(true);
            for (const stack of ["dev", "dr"]) expect(some(runs[stack], "aws:cloudtrail/trail:Trail"), stack).to.deep.equal([]);
        });

        it("encrypts with its own key, which CloudTrail may use for this trail only", () => {
            const trail = one(runs.prod, "aws:cloudtrail/trail:Trail");
            const key = one(runs.prod, "aws:kms/key:Key", "audit-trail-key-key");
            expect(trail.inputs.kmsKeyId).to.equal(key.state.arn);
            const encrypt = policyOf(key).Statement.find((s) => s.Sid === "CloudTrailEncryptLogFiles");
            expect(encrypt?.Condition).to.deep.include({ StringEquals: { "aws:SourceArn": [trail.state.arn] } });
        });

        it("delivers to a KMS archive bucket whose policy admits this trail only, and exports both", () => {
            const trail = one(runs.prod, "aws:cloudtrail/trail:Trail");
            const bucket = one(runs.prod, "aws:s3/bucket:Bucket", "audit-trail-logs-bucket");
            expect(trail.inputs.s3BucketName).to.equal(bucket.state.bucket);
            const policy = policyOf(one(runs.prod, "aws:s3/bucketPolicy:BucketPolicy", "audit-trail-logs-policy")).Statement;
            const write = policy.find((s) => s.Sid === "CloudTrailWrite");
            expect(write?.Resource).to.equal(`${String(bucket.state.arn)}/AWSLogs/${MOCK_ACCOUNT_ID}/*`);
            expect(write?.Condition).to.deep.equal({ StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trail.state.arn } });
            const encryption = one(runs.prod, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "audit-trail-logs-encryption");
            expect(JSON.stringify(encryption.inputs.rules)).to.include(String(one(runs.prod, "aws:kms/key:Key", "audit-trail-key-key").state.arn));
            expect(runs.prod.outputs).to.include({ auditTrailArn: trail.state.arn, auditBucketName: bucket.state.bucket });
            expect(runs.dev.outputs).to.not.have.any.keys("auditTrailArn", "auditBucketName");
        });

        it("refuses a trail in the DR stack before registering anything", async () => {
            const config = readStackConfigFile("dr");
            config["startup-platform:security"] = { ...(config["startup-platform:security"] as object), cloudTrail: true };
            let error: OfflineProgramError | undefined;
            try {
                await runOffline({ stack: "dr", config, stackOutputs: { [PRIMARY_STACK]: runs.prod.outputs } });
            } catch (err) {
                error = err as OfflineProgramError;
            }
            expect(error?.message).to.include("startup-platform:security.cloudTrail: the primary's multi-Region trail already records the DR region");
            expect(error?.registered).to.deep.equal([]);
        });
    });
});
