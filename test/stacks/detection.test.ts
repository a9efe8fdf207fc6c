import { expect } from "chai";
import { CIS_METRIC_FILTERS } from "../../lib/audit";
import { ACCESS_LOG_EXEMPTION_TAG } from "../../lib/bucketAudit";
import { OfflineRun, RecordedResource } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, all, one, policyOf, some, stackRuns } from "../helpers";

/**
 * Logging and detection per stack, end to end: the trail's CloudWatch Logs group and CIS alarms
 * (prod), Object Lock on the audit buckets, S3 server access logs of every bucket, Inspector,
 * Access Analyzer, GuardDuty Runtime Monitoring, and the RDS event subscriptions.
 */
describe("logging and detection per stack", () => {
    const runs: Record<string, OfflineRun> = {};
    before(async () => {
        Object.assign(runs, await stackRuns());
    });

    describe("the trail in CloudWatch Logs (prod)", () => {
        it("delivers to a log group encrypted with the stack's logs key, kept as configured", () => {
            const prod = runs.prod;
            const group = one(prod, "aws:cloudwatch/logGroup:LogGroup", "audit-trail-log-group");
            const logsKey = one(prod, "aws:kms/key:Key", "logs-key");
            expect(group.inputs).to.deep.include({ name: "/aws/cloudtrail/startup-prod-audit", kmsKeyId: logsKey.state.arn, retentionInDays: 365 });
            expect(group.protect).to.equal(true);
            // The logs key lets CloudWatch Logs of this region use it for this account's groups.
            const logsStatement = policyOf(logsKey).Statement.find((s) => s.Sid === "CloudWatchLogsEncryptThisAccountsLogGroups");
            expect(logsStatement?.Principal).to.deep.equal({ Service: ["logs.us-east-1.amazonaws.com"] });
            expect(one(prod, "aws:cloudtrail/trail:Trail").inputs.cloudWatchLogsGroupArn).to.equal(`${group.state.arn}:*`);
            expect(prod.outputs.auditLogGroupName).to.equal("/aws/cloudtrail/startup-prod-audit");
        });

        it("alarms the operations topic on each CIS metric filter", () => {
            const prod = runs.prod;
            const filters = all(prod, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
            expect(filters.map((f) => (f.inputs.metricTransformation as { name: string }).name)).to.deep.equal(CIS_METRIC_FILTERS.map((f) => f.metricName));
            const topic = one(prod, "aws:sns/topic:Topic", "operations-topic").state.arn;
            const cis = all(prod, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => String(a.inputs.name).startsWith("startup-prod-cis-"));
            expect(cis.map((a) => a.inputs.metricName)).to.deep.equal(CIS_METRIC_FILTERS.map((f) => f.metricName));
            for (const alarm of cis) expect(alarm.inputs).to.deep.include({ namespace: "LogMetrics", alarmActions: [topic], threshold: 1 });
        });

        it("exists only where the trail is: not in dev, not in DR", () => {
            for (const stack of ["dev", "dr"]) {
                expect(some(runs[stack], "aws:cloudwatch/logMetricFilter:LogMetricFilter"), stack).to.deep.equal([]);
                expect(some(runs[stack], "aws:cloudtrail/trail:Trail"), stack).to.deep.equal([]);
            }
        });
    });

    describe("Object Lock on the audit buckets", () => {
        const lockedBuckets = (run: OfflineRun) =>
            some(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").map((l) => [l.inputs.bucket, l.inputs.rule]);

        it("locks the CloudTrail bucket in prod and no AWS Config bucket (AWS Config does not deliver to a locked bucket)", () => {
            const rule = { defaultRetention: { mode: "GOVERNANCE", days: 365 } };
            expect(lockedBuckets(runs.prod)).to.deep.equal([[`startup-prod-audit-logs-${MOCK_ACCOUNT_ID}-us-east-1`, rule]]);
            expect(lockedBuckets(runs.dr)).to.deep.equal([]);
            expect(lockedBuckets(runs.dev)).to.deep.equal([]);
        });

        it("keeps the protected trail bucket: Object Lock comes from the lock configuration, not the bucket's replacing argument", () => {
            const bucket = one(runs.prod, "aws:s3/bucket:Bucket", "audit-trail-logs-bucket");
            expect(bucket.protect).to.equal(true);
            expect(bucket.inputs).to.not.have.property("objectLockEnabled");
        });
    });

    describe("S3 server access logs", () => {
        for (const stack of ["dev", "prod", "dr"]) {
            it(`${stack}: every bucket logs into the stack's access-log bucket, which says why it does not log itself`, () => {
                const run = runs[stack];
                const logBucket = one(run, "aws:s3/bucket:Bucket", "access-logs-bucket");
                expect(logBucket.inputs.bucket).to.equal(`startup-${stack}-s3-access-logs-${MOCK_ACCOUNT_ID}-${run.region}`);
                expect((logBucket.inputs.tags as Record<string, string>)[ACCESS_LOG_EXEMPTION_TAG]).to.be.a("string").and.not.be.empty;
                const logged = new Map(all(run, "aws:s3/bucketLogging:BucketLogging").map((l) => [l.inputs.bucket, l.inputs]));
                const others = all(run, "aws:s3/bucket:Bucket").filter((b: RecordedResource) => b !== logBucket);
                for (const bucket of others) {
                    expect(logged.get(bucket.state.bucket), bucket.name).to.deep.include({ targetBucket: logBucket.state.bucket, targetPrefix: `s3/${String(bucket.state.bucket)}/` });
                }
                expect(logged.size).to.equal(others.length);
            });
        }

        it("lets S3 deliver only this stack's buckets' logs, with SSE-S3 and no Object Lock on the log bucket", () => {
            const run = runs.prod;
            const policy = policyOf(one(run, "aws:s3/bucketPolicy:BucketPolicy", "access-logs-policy")).Statement.find((s) => s.Sid === "S3ServerAccessLogDelivery");
            expect(policy?.Condition).to.deep.equal({
                StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
                ArnLike: { "aws:SourceArn": "arn:aws:s3:::startup-prod-*" },
            });
            expect(one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "access-logs-encryption").inputs.rules).to.deep.equal([
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ]);
            const lockedNames = some(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").map((l) => l.inputs.bucket);
            expect(lockedNames).to.not.include(one(run, "aws:s3/bucket:Bucket", "access-logs-bucket").state.bucket);
        });
    });

    describe("regional detection: one per account and region", () => {
        it("enables Inspector (EC2, ECR, Lambda) with enhanced ECR scanning and an Access Analyzer in prod and DR, none in dev", () => {
            for (const stack of ["prod", "dr"]) {
                const enabler = one(runs[stack], "aws:inspector2/enabler:Enabler");
                expect(enabler.inputs.resourceTypes, stack).to.deep.equal(["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]);
                expect(one(runs[stack], "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration").inputs.scanType).to.equal("ENHANCED");
                expect(one(runs[stack], "aws:accessanalyzer/analyzer:Analyzer").inputs).to.deep.include({ type: "ACCOUNT", analyzerName: `startup-${stack}-account-access` });
                expect(runs[stack].outputs.accessAnalyzerArn, stack).to.be.a("string");
            }
            for (const type of ["aws:inspector2/enabler:Enabler", "aws:accessanalyzer/analyzer:Analyzer", "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"]) {
                expect(some(runs.dev, type), type).to.deep.equal([]);
            }
        });

        it("keeps prod's analyzer under the name it had: no second analyzer in TeamAccess", () => {
            expect(all(runs.prod, "aws:accessanalyzer/analyzer:Analyzer").map((a) => a.name)).to.deep.equal(["threat-detection-access-analyzer"]);
        });

        it("runs GuardDuty Runtime Monitoring with the EC2 agent managed by GuardDuty in prod and DR", () => {
            for (const stack of ["prod", "dr"]) {
                const runtime = one(runs[stack], "aws:guardduty/detectorFeature:DetectorFeature", "threat-detection-guardduty-runtime-monitoring");
                expect(runtime.inputs.additionalConfigurations, stack).to.deep.include({ name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" });
            }
        });
    });

    describe("RDS event subscriptions", () => {
        for (const stack of ["dev", "prod", "dr"]) {
            it(`${stack}: subscribes the operations topic to its own cluster's, instances' and parameter group's events`, () => {
                const run = runs[stack];
                const topic = one(run, "aws:sns/topic:Topic", "operations-topic").state.arn;
                const byType = Object.fromEntries(all(run, "aws:rds/eventSubscription:EventSubscription").map((s) => [String(s.inputs.sourceType), s.inputs]));
                expect(Object.keys(byType).sort()).to.deep.equal(["db-cluster", "db-instance", "db-parameter-group", "db-security-group"]);
                for (const s of Object.values(byType)) expect(s.snsTopic).to.equal(topic);
                expect(byType["db-cluster"].sourceIds).to.deep.equal([one(run, "aws:rds/cluster:Cluster").state.clusterIdentifier]);
                expect(byType["db-instance"].sourceIds).to.have.members(all(run, "aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs.identifier));
                expect(byType["db-parameter-group"].sourceIds).to.deep.equal([one(run, "aws:rds/parameterGroup:ParameterGroup").inputs.name]);
                // RDS publishes to the encrypted topic: the topic and its key let it.
                expect(policyOf(one(run, "aws:sns/topicPolicy:TopicPolicy")).Statement.map((s) => s.Sid)).to.include("RdsEventsPublish");
                const keyServices = policyOf(one(run, "aws:kms/key:Key", "ops-key")).Statement.find((s) => s.Sid === "ServicesPublishToThisAccountsTopics")?.Principal;
                expect((keyServices as { Service: string[] }).Service).to.include("events.rds.amazonaws.com");
            });
        }
    });
});
