import { expect } from "chai";
import { TRAIL_NAME, cloudTrailArn, cloudTrailBucketStatements } from "../../lib/audit";
import { CLOUDTRAIL_SERVICE, kmsKeyPolicy } from "../../lib/policy";

const ACCOUNT = "123456789012";
const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/startup-prod-audit`;
const BUCKET = `arn:aws:s3:::startup-prod-audit-logs-${ACCOUNT}-us-east-1`;

describe("lib/audit", () => {
    describe("cloudTrailArn", () => {
        it("builds the ARN CloudTrail gives the trail in its home Region", () => {
            expect(cloudTrailArn("aws", "us-east-1", ACCOUNT, "startup-prod-audit")).to.equal(TRAIL);
            expect(cloudTrailArn("aws-us-gov", "us-gov-west-1", ACCOUNT, "audit_1")).to.equal(`arn:aws-us-gov:cloudtrail:us-gov-west-1:${ACCOUNT}:trail/audit_1`);
        });

        it("refuses names CloudTrail would reject", () => {
            for (const bad of ["ab", "-audit", "audit-", "my-_trail", "a..b", "audit trail", "x".repeat(129)]) {
                expect(TRAIL_NAME.test(bad), bad).to.equal(false);
                expect(() => cloudTrailArn("aws", "us-east-1", ACCOUNT, bad), bad).to.throw("is not a trail name");
            }
            expect(TRAIL_NAME.test("x".repeat(128))).to.equal(true);
        });
    });

    describe("cloudTrailBucketStatements", () => {
        it("lets only this trail check the ACL and put objects under this account's AWSLogs path, owner-controlled", () => {
            expect(cloudTrailBucketStatements({ bucketArn: BUCKET, accountId: ACCOUNT, trailArn: TRAIL })).to.deep.equal([
                {
                    Sid: "CloudTrailAclCheck",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: BUCKET,
                    Condition: { StringEquals: { "aws:SourceArn": TRAIL } },
                },
                {
                    Sid: "CloudTrailWrite",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${BUCKET}/AWSLogs/${ACCOUNT}/*`,
                    Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL } },
                },
            ]);
        });

        it("refuses values that are not what they claim to be", () => {
            expect(() => cloudTrailBucketStatements({ bucketArn: `${BUCKET}/*`, accountId: ACCOUNT, trailArn: TRAIL })).to.throw("is not an S3 bucket ARN");
            expect(() => cloudTrailBucketStatements({ bucketArn: BUCKET, accountId: "12345", trailArn: TRAIL })).to.throw("is not an AWS account id");
            expect(() => cloudTrailBucketStatements({ bucketArn: BUCKET, accountId: ACCOUNT, trailArn: "startup-prod-audit" })).to.throw("is not a trail ARN");
        });
    });

    describe("kmsKeyPolicy for CloudTrail", () => {
        const policy = kmsKeyPolicy({ accountId: ACCOUNT, partition: "aws", region: "us-east-1", services: [CLOUDTRAIL_SERVICE], cloudTrailArns: [TRAIL] });
        const bySid = (sid: string) => policy.Statement.find((s) => s.Sid === sid);

        it("gives CloudTrail data keys for this account's trails, only when the request comes from the named trail", () => {
            expect(bySid("CloudTrailEncryptLogFiles")).to.deep.equal({
                Sid: "CloudTrailEncryptLogFiles",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceArn": [TRAIL] },
                    StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
                },
            });
            expect(bySid("CloudTrailDescribeKey")).to.deep.include({ Action: "kms:DescribeKey", Condition: { StringEquals: { "aws:SourceArn": [TRAIL] } } });
        });

        it("never gives CloudTrail decrypt or the generic service statement", () => {
            const toCloudTrail = policy.Statement.filter((s) => JSON.stringify(s.Principal ?? {}).includes(CLOUDTRAIL_SERVICE));
            expect(toCloudTrail.flatMap((s) => [s.Action].flat())).to.deep.equal(["kms:GenerateDataKey*", "kms:DescribeKey"]);
            expect(policy.Statement.map((s) => s.Sid)).to.deep.equal(["AccountAdministersThroughIam", "CloudTrailEncryptLogFiles", "CloudTrailDescribeKey"]);
        });

        it("keeps other services on the source-account statement beside CloudTrail", () => {
            const mixed = kmsKeyPolicy({ accountId: ACCOUNT, partition: "aws", region: "us-east-1", services: [CLOUDTRAIL_SERVICE, "sns.amazonaws.com"], cloudTrailArns: [TRAIL] });
            const generic = mixed.Statement.find((s) => s.Sid === "ServicesEncryptForThisAccount");
            expect(generic?.Principal).to.deep.equal({ Service: ["sns.amazonaws.com"] });
        });

        it("needs the trails exactly when CloudTrail is a service", () => {
            expect(() => kmsKeyPolicy({ accountId: ACCOUNT, partition: "aws", region: "us-east-1", services: [CLOUDTRAIL_SERVICE] })).to.throw("needs cloudTrailArns");
            expect(() => kmsKeyPolicy({ accountId: ACCOUNT, partition: "aws", region: "us-east-1", services: [], cloudTrailArns: [TRAIL] })).to.throw(
                "cloudtrail.amazonaws.com is not in services",
            );
        });
    });

    describe("kmsKeyPolicy for CloudWatch Logs", () => {
        it("scopes log groups by the encryption context, not by source account", () => {
            const policy = kmsKeyPolicy({ accountId: ACCOUNT, partition: "aws", region: "us-east-1", services: ["logs.us-east-1.amazonaws.com"] });
            const logs = policy.Statement.find((s) => s.Sid === "CloudWatchLogsEncryptThisAccountsLogGroups");
            expect(logs?.Condition).to.deep.equal({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*` } });
            expect(policy.Statement.map((s) => s.Sid)).to.not.include("ServicesEncryptForThisAccount");
        });
    });
});
