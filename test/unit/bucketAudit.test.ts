import { expect } from "chai";
import {
    MAX_OBJECT_LOCK_DAYS,
    OBJECT_LOCK_DEFAULTS,
    ObjectLockSettings,
    accessLogDeliveryStatement,
    accessLogPrefix,
    enabledObjectLock,
    objectLockProblems,
    objectLockRule,
} from "../../lib/bucketAudit";

const ACCOUNT = "123456789012";

describe("lib/bucketAudit", () => {
    describe("Object Lock", () => {
        it("defaults to a year in governance mode", () => {
            expect(OBJECT_LOCK_DEFAULTS).to.deep.equal({ mode: "GOVERNANCE", retentionDays: 365 });
            expect(objectLockRule(OBJECT_LOCK_DEFAULTS)).to.deep.equal({ defaultRetention: { mode: "GOVERNANCE", days: 365 } });
            expect(objectLockRule({ mode: "COMPLIANCE", retentionDays: 7 })).to.deep.equal({ defaultRetention: { mode: "COMPLIANCE", days: 7 } });
        });

        it("locks an audit bucket only while its switch is on", () => {
            expect(enabledObjectLock({ enabled: true, mode: "COMPLIANCE", retentionDays: 30 })).to.deep.equal({ mode: "COMPLIANCE", retentionDays: 30 });
            expect(enabledObjectLock({ enabled: false, mode: "COMPLIANCE", retentionDays: 30 })).to.equal(undefined);
        });

        it("refuses what S3 would refuse, every problem at once", () => {
            expect(objectLockProblems({ mode: "LEGAL_HOLD", retentionDays: 0 } as unknown as ObjectLockSettings)).to.deep.equal([
                "objectLock.mode must be one of GOVERNANCE, COMPLIANCE, got LEGAL_HOLD",
                `objectLock.retentionDays must be a whole number of days from 1 to ${MAX_OBJECT_LOCK_DAYS}, got 0`,
            ]);
            expect(objectLockProblems({ mode: "GOVERNANCE", retentionDays: MAX_OBJECT_LOCK_DAYS })).to.deep.equal([]);
            expect(() => objectLockRule({ mode: "GOVERNANCE", retentionDays: 1.5 })).to.throw("whole number of days");
        });
    });

    describe("server access logs", () => {
        it("files each bucket's logs under s3/<bucket>/", () => {
            expect(accessLogPrefix("startup-prod-assets-123456789012-us-east-1")).to.equal("s3/startup-prod-assets-123456789012-us-east-1/");
            expect(() => accessLogPrefix("Not_A_Bucket")).to.throw("is not an S3 bucket name");
        });

        it("lets S3 log delivery write under s3/, only for this account's buckets of the stack", () => {
            const bucketArn = "arn:aws:s3:::startup-prod-s3-access-logs-123456789012-us-east-1";
            expect(accessLogDeliveryStatement({ bucketArn, accountId: ACCOUNT, partition: "aws", sourceBucketPattern: "startup-prod-*" })).to.deep.equal({
                Sid: "S3ServerAccessLogDelivery",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/s3/*`,
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": "arn:aws:s3:::startup-prod-*" },
                },
            });
        });

        it("refuses values that are not what they claim to be", () => {
            const ok = { bucketArn: "arn:aws:s3:::logs", accountId: ACCOUNT, partition: "aws", sourceBucketPattern: "startup-*" };
            expect(() => accessLogDeliveryStatement({ ...ok, bucketArn: "arn:aws:s3:::logs/*" })).to.throw("is not an S3 bucket ARN");
            expect(() => accessLogDeliveryStatement({ ...ok, accountId: "12" })).to.throw("is not an AWS account id");
            expect(() => accessLogDeliveryStatement({ ...ok, sourceBucketPattern: "arn:aws:s3:::x" })).to.throw("is not a bucket name or pattern");
        });
    });
});
