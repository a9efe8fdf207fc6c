import { expect } from "chai";
import {
    ELB_LEGACY_LOG_ACCOUNTS,
    appInstancePolicy,
    autoScalingGroupArnPattern,
    autoScalingServiceLinkedRoleArn,
    cloudFrontReadStatement,
    elbAccessLogStatements,
    kmsKeyPolicy,
    logDeliveryResourcePolicy,
} from "../../lib/policy";

const ACCOUNT = "123456789012";
const BUCKET = "arn:aws:s3:::startup-prod-alb-logs-123456789012-us-east-1";

describe("lib/policy: app tier", () => {
    describe("elbAccessLogStatements", () => {
        it("grants both ELB log-delivery forms PutObject under this account's AWSLogs path in a Region older than August 2022", () => {
            expect(elbAccessLogStatements({ bucketArn: BUCKET, prefix: "alb", accountId: ACCOUNT, region: "us-east-1" })).to.deep.equal([
                {
                    Sid: "ElbAccessLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${BUCKET}/alb/AWSLogs/${ACCOUNT}/*`,
                },
                {
                    Sid: "ElbAccessLogDeliveryLegacy",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::127311923021:root" },
                    Action: "s3:PutObject",
                    Resource: `${BUCKET}/alb/AWSLogs/${ACCOUNT}/*`,
                },
            ]);
        });

        it("grants only the service principal without a prefix in Regions launched after August 2022, or when asked", () => {
            const statements = elbAccessLogStatements({ bucketArn: BUCKET, prefix: "", accountId: ACCOUNT, region: "eu-south-2" });
            expect(statements.map((s) => [s.Sid, s.Resource])).to.deep.equal([["ElbAccessLogDelivery", `${BUCKET}/AWSLogs/${ACCOUNT}/*`]]);
            const serviceOnly = elbAccessLogStatements({ bucketArn: BUCKET, prefix: "alb", accountId: ACCOUNT, region: "us-west-2", grant: "service" });
            expect(serviceOnly.map((s) => s.Sid)).to.deep.equal(["ElbAccessLogDelivery"]);
        });

        it("can use the legacy regional ELB account where it exists, and only there", () => {
            const legacy = elbAccessLogStatements({ bucketArn: BUCKET, prefix: "alb", accountId: ACCOUNT, region: "us-west-2", grant: "legacyAccount" });
            expect(legacy.map((s) => s.Principal)).to.deep.equal([{ AWS: "arn:aws:iam::797873946194:root" }]);
            expect(ELB_LEGACY_LOG_ACCOUNTS["us-east-1"]).to.equal("127311923021");
            expect(() => elbAccessLogStatements({ bucketArn: BUCKET, prefix: "alb", accountId: ACCOUNT, region: "eu-south-2", grant: "legacyAccount" })).to.throw(
                /eu-south-2 never supported the legacy ELB log policy/,
            );
        });

        it("refuses prefixes ELB would reject", () => {
            expect(() => elbAccessLogStatements({ bucketArn: BUCKET, prefix: "x/AWSLogs", accountId: ACCOUNT, region: "us-east-1" })).to.throw(/must not contain AWSLogs/);
            expect(() => elbAccessLogStatements({ bucketArn: BUCKET, prefix: "alb/", accountId: ACCOUNT, region: "us-east-1" })).to.throw(/start or end with/);
        });
    });

    it("lets log delivery write to one log group for this account only", () => {
        const group = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:aws-waf-logs-startup-prod-app`;
        const [statement] = logDeliveryResourcePolicy(group, ACCOUNT, "us-east-1", "aws").Statement;
        expect(statement.Principal).to.deep.equal({ Service: "delivery.logs.amazonaws.com" });
        expect(statement.Action).to.deep.equal(["logs:CreateLogStream", "logs:PutLogEvents"]);
        expect(statement.Resource).to.equal(`${group}:log-stream:*`);
        expect(statement.Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
        });
    });

    it("gives app instances only their own image, log group and launch hook", () => {
        const asg = autoScalingGroupArnPattern("aws", "us-east-1", ACCOUNT, "startup-prod-app");
        expect(asg).to.equal(`arn:aws:autoscaling:us-east-1:${ACCOUNT}:autoScalingGroup:*:autoScalingGroupName/startup-prod-app`);
        const repo = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/startup-prod/app`;
        const logs = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/startup-prod/app`;
        const statements = appInstancePolicy({ repositoryArn: repo, logGroupArn: logs, autoScalingGroupArn: asg }).Statement;
        const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
        expect(bySid.EcrLogin).to.deep.include({ Action: "ecr:GetAuthorizationToken", Resource: "*" });
        expect(bySid.PullAppImage).to.deep.include({ Resource: repo });
        expect(bySid.PullAppImage.Action).to.not.include("ecr:PutImage");
        expect(bySid.WriteAppLogs.Resource).to.deep.equal([logs, `${logs}:log-stream:*`]);
        expect(bySid.CompleteOwnLaunchHook).to.deep.include({ Action: "autoscaling:CompleteLifecycleAction", Resource: asg });
        expect(statements.filter((s) => s.Resource === "*").map((s) => s.Action)).to.deep.equal(["ecr:GetAuthorizationToken"]);
    });

    it("lets one CloudFront distribution read objects", () => {
        const dist = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2EXAMPLE`;
        expect(cloudFrontReadStatement("arn:aws:s3:::assets", dist)).to.deep.equal({
            Sid: "CloudFrontReadsThroughOac",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::assets/*",
            Condition: { StringEquals: { "AWS:SourceArn": dist } },
        });
    });

    describe("kmsKeyPolicy principals", () => {
        const slr = autoScalingServiceLinkedRoleArn("aws", ACCOUNT);

        it("names the EC2 Auto Scaling service-linked role", () => {
            expect(slr).to.equal(`arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`);
        });

        it("lets named roles use the key and create grants for AWS resources only", () => {
            const policy = kmsKeyPolicy({ accountId: ACCOUNT, partition: "aws", region: "us-east-1", services: [], principals: [slr] });
            const use = policy.Statement.find((s) => s.Sid === "RolesUseKey");
            const grant = policy.Statement.find((s) => s.Sid === "RolesCreateGrantsForAwsResources");
            const who = { StringEquals: { "kms:CallerAccount": ACCOUNT }, ArnEquals: { "aws:PrincipalArn": [slr] } };
            expect(use).to.deep.include({ Effect: "Allow", Principal: { AWS: "*" }, Condition: who });
            expect(use?.Action).to.include.members(["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]);
            expect(grant).to.deep.include({ Action: "kms:CreateGrant", Condition: { ...who, Bool: { "kms:GrantIsForAWSResource": true } } });
        });

        it("adds nothing when no principals are named", () => {
            const policy = kmsKeyPolicy({ accountId: ACCOUNT, partition: "aws", region: "us-east-1", services: ["sns.amazonaws.com"] });
            expect(policy.Statement.map((s) => s.Sid)).to.deep.equal(["AccountAdministersThroughIam", "ServicesEncryptForThisAccount"]);
        });
    });

    describe("kmsKeyPolicy for EventBridge publishing to an encrypted topic", () => {
        const policy = kmsKeyPolicy({
            accountId: ACCOUNT,
            partition: "aws",
            region: "us-east-1",
            services: ["cloudwatch.amazonaws.com", "events.amazonaws.com"],
        });

        it("scopes EventBridge by the topic ARN SNS sends as encryption context, not by a source account it does not send", () => {
            const events = policy.Statement.find((s) => s.Sid === "ServicesPublishToThisAccountsTopics");
            expect(events).to.deep.include({
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                Condition: { StringLike: { "kms:EncryptionContext:aws:sns:topicArn": `arn:aws:sns:us-east-1:${ACCOUNT}:*` } },
            });
        });

        it("keeps the other services on the aws:SourceAccount statement, without EventBridge", () => {
            const others = policy.Statement.find((s) => s.Sid === "ServicesEncryptForThisAccount");
            expect(others?.Principal).to.deep.equal({ Service: ["cloudwatch.amazonaws.com"] });
        });

        it("scopes RDS event notifications like EventBridge, by the topic ARN, beside it in one statement", () => {
            const both = kmsKeyPolicy({ accountId: ACCOUNT, partition: "aws", region: "us-east-1", services: ["cloudwatch.amazonaws.com", "events.amazonaws.com", "events.rds.amazonaws.com"] });
            const publishers = both.Statement.find((s) => s.Sid === "ServicesPublishToThisAccountsTopics");
            expect(publishers?.Principal).to.deep.equal({ Service: ["events.amazonaws.com", "events.rds.amazonaws.com"] });
            expect(publishers?.Condition).to.deep.equal({ StringLike: { "kms:EncryptionContext:aws:sns:topicArn": `arn:aws:sns:us-east-1:${ACCOUNT}:*` } });
            expect(both.Statement.find((s) => s.Sid === "ServicesEncryptForThisAccount")?.Principal).to.deep.equal({ Service: ["cloudwatch.amazonaws.com"] });
        });
    });
});
