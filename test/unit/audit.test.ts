import { expect } from "chai";
import {
    CIS_METRIC_FILTERS,
    CIS_METRIC_NAMESPACE,
    TRAIL_NAME,
    cisAlarmSpecs,
    cloudTrailArn,
    cloudTrailBucketStatements,
    cloudTrailLogsTrustPolicy,
    cloudTrailLogsWritePolicy,
    trailLogGroupArnForCloudTrail,
} from "../../lib/audit";
import { alarmProblems } from "../../lib/operations";
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

    describe("CloudWatch Logs delivery of the trail", () => {
        const GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/cloudtrail/startup-prod-audit`;

        it("gives CloudTrail the log group ARN with the stream wildcard it requires", () => {
            expect(trailLogGroupArnForCloudTrail(GROUP)).to.equal(`${GROUP}:*`);
            expect(() => trailLogGroupArnForCloudTrail(`${GROUP}:*`)).to.throw("is not a log group ARN");
        });

        it("refuses another account's or trail's request, without requiring the source keys CloudTrail may not send", () => {
            expect(cloudTrailLogsTrustPolicy(ACCOUNT, TRAIL).Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT }, ArnLikeIfExists: { "aws:SourceArn": TRAIL } },
                },
            ]);
            expect(() => cloudTrailLogsTrustPolicy("1", TRAIL)).to.throw("is not an AWS account id");
            expect(() => cloudTrailLogsTrustPolicy(ACCOUNT, "trail")).to.throw("is not a trail ARN");
        });

        it("lets the role write only the trail's own streams, one per Region, in that group", () => {
            expect(cloudTrailLogsWritePolicy(GROUP, ACCOUNT).Statement).to.deep.equal([
                {
                    Sid: "CloudTrailWritesItsStreams",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${GROUP}:log-stream:${ACCOUNT}_CloudTrail_*`,
                },
            ]);
        });
    });

    describe("CIS metric filters", () => {
        it("answers Security Hub CloudWatch.1 to CloudWatch.14, once each, with distinct metrics", () => {
            expect(CIS_METRIC_FILTERS.map((f) => f.control)).to.deep.equal(Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`));
            expect(new Set(CIS_METRIC_FILTERS.map((f) => f.metricName)).size).to.equal(14);
        });

        it("uses the exact CIS patterns (Security Hub accepts no other terms)", () => {
            const pattern = (control: string) => CIS_METRIC_FILTERS.find((f) => f.control === control)?.pattern;
            expect(pattern("CloudWatch.1")).to.equal('{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}');
            expect(pattern("CloudWatch.2")).to.equal('{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}');
            expect(pattern("CloudWatch.3")).to.equal('{($.eventName="ConsoleLogin") && ($.additionalEventData.MFAUsed !="Yes")}');
            expect(pattern("CloudWatch.5")).to.equal("{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}");
            expect(pattern("CloudWatch.6")).to.equal('{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}');
            expect(pattern("CloudWatch.7")).to.equal("{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}");
            expect(pattern("CloudWatch.9")).to.equal(
                "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
            );
            expect(pattern("CloudWatch.13")).to.equal(
                "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
            );
            expect(pattern("CloudWatch.4")).to.match(/^\{\(\$\.eventName=DeleteGroupPolicy\) \|\| .* \|\| \(\$\.eventName=DetachGroupPolicy\)\}$/);
            expect(pattern("CloudWatch.4")?.match(/eventName=/g)).to.have.lengthOf(16);
            expect(pattern("CloudWatch.14")?.match(/eventName=/g)).to.have.lengthOf(11);
        });

        it("alarms on one occurrence in 5 minutes, without dimensions, in the LogMetrics namespace", () => {
            const specs = cisAlarmSpecs();
            expect(specs).to.have.lengthOf(14);
            expect(alarmProblems(specs)).to.deep.equal([]);
            expect(specs[0]).to.deep.include({
                name: "cis-root-account-usage",
                namespace: CIS_METRIC_NAMESPACE,
                metricName: "RootAccountUsage",
                dimensions: {},
                statistic: "Sum",
                comparison: "GreaterThanOrEqualToThreshold",
                threshold: 1,
                periodSeconds: 300,
                evaluationPeriods: 1,
            });
            expect(specs.map((s) => s.name)).to.include.members(["cis-unauthorized-api-calls", "cis-console-signin-without-mfa", "cis-iam-policy-changes", "cis-disable-or-delete-cmk", "cis-vpc-changes"]);
            for (const spec of specs) expect(spec.description).to.match(/\(Security Hub CloudWatch\.\d+\)$/);
        });
    });
});
