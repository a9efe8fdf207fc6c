import { expect } from "chai";
import { cisAlarmSpecs } from "../../lib/audit";
import { OfflineProgramError, OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { moveToRegion } from "../configHelpers";
import { MOCK_ACCOUNT_ID, PRIMARY_STACK, all, one, policyOf, runOffline, some, stackRuns } from "../helpers";

interface Watched {
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Record<string, unknown>;
}

/** What each alarm of a primary stack must watch, with dimension values read from the components. */
function expectedAlarms(run: OfflineRun): Record<string, Watched> {
    const prefix = `startup-${run.stack}`;
    const alb = one(run, "aws:lb/loadBalancer:LoadBalancer").state.arnSuffix;
    const targetGroup = one(run, "aws:lb/targetGroup:TargetGroup").state.arnSuffix;
    const cluster = one(run, "aws:rds/cluster:Cluster").state.clusterIdentifier;
    const dlq = one(run, "aws:sqs/queue:Queue", "notifications-dead-letter-queue").inputs.name;
    const stream = one(run, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream").state.name;
    const proxies = some(run, "aws:rds/proxy:Proxy");
    // The alarm watches what the failover record follows: prod's DNS switch.
    const healthChecks = some(run, "aws:route53/healthCheck:HealthCheck").filter((c) => c.name === "app-endpoint-dns-switch");
    // The stack that owns the trail alarms on its CIS metrics (no dimensions: account-wide metrics).
    const cis = some(run, "aws:cloudtrail/trail:Trail").length > 0 ? cisAlarmSpecs() : [];
    const albAlarm = (metricName: string, withTargetGroup = false): Watched => ({
        namespace: "AWS/ApplicationELB",
        metricName,
        dimensions: withTargetGroup ? { LoadBalancer: alb, TargetGroup: targetGroup } : { LoadBalancer: alb },
    });
    return {
        [`${prefix}-alb-5xx`]: albAlarm("HTTPCode_ELB_5XX_Count"),
        [`${prefix}-alb-target-5xx`]: albAlarm("HTTPCode_Target_5XX_Count"),
        [`${prefix}-alb-target-response-time`]: albAlarm("TargetResponseTime", true),
        [`${prefix}-alb-unhealthy-hosts`]: albAlarm("UnHealthyHostCount", true),
        [`${prefix}-aurora-cpu`]: { namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBClusterIdentifier: cluster } },
        [`${prefix}-aurora-acu`]: { namespace: "AWS/RDS", metricName: "ACUUtilization", dimensions: { DBClusterIdentifier: cluster } },
        [`${prefix}-aurora-connections`]: { namespace: "AWS/RDS", metricName: "DatabaseConnections", dimensions: { DBClusterIdentifier: cluster } },
        ...(proxies.length > 0
            ? {
                  [`${prefix}-db-proxy-borrow-latency`]: {
                      namespace: "AWS/RDS",
                      metricName: "DatabaseConnectionsBorrowLatency",
                      dimensions: { ProxyName: proxies[0].inputs.name },
                  },
              }
            : {}),
        [`${prefix}-jobs-dlq-not-empty`]: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: dlq } },
        [`${prefix}-events-delivery-stale`]: { namespace: "AWS/Firehose", metricName: "DeliveryToS3.DataFreshness", dimensions: { DeliveryStreamName: stream } },
        [`${prefix}-events-delivery-failing`]: { namespace: "AWS/Firehose", metricName: "DeliveryToS3.Success", dimensions: { DeliveryStreamName: stream } },
        [`${prefix}-events-conversion-failed`]: { namespace: "AWS/Firehose", metricName: "FailedConversion.Records", dimensions: { DeliveryStreamName: stream } },
        ...(healthChecks.length > 0
            ? { [`${prefix}-dns-health-check`]: { namespace: "AWS/Route53", metricName: "HealthCheckStatus", dimensions: { HealthCheckId: healthChecks[0].state.id } } }
            : {}),
        ...Object.fromEntries(cis.map((a) => [`${prefix}-${a.name}`, { namespace: a.namespace, metricName: a.metricName, dimensions: {} }])),
    };
}

/** The rest of the operations and security baseline, per stack: CloudTrail, alarms, backup selection. */
describe("audit trail, alarms and backup selection per stack", () => {
    const runs: Record<string, OfflineRun> = {};
    before(async () => {
        Object.assign(runs, await stackRuns());
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
    describe("alarms", () => {
        for (const stack of ["dev", "prod"]) {
            it(`${stack}: watches each component with the dimensions it exposes`, () => {
                const run = runs[stack];
                const expected = expectedAlarms(run);
                const alarms = all(run, "aws:cloudwatch/metricAlarm:MetricAlarm");
                const watched: Record<string, Watched> = Object.fromEntries(
                    alarms.map((a) => [
                        String(a.inputs.name),
                        { namespace: String(a.inputs.namespace), metricName: String(a.inputs.metricName), dimensions: a.inputs.dimensions as Record<string, unknown> },
                    ]),
                );
                expect(watched).to.deep.equal(expected);
                for (const [name, w] of Object.entries(watched)) {
                    for (const value of Object.values(w.dimensions)) expect(value, name).to.be.a("string").and.not.be.empty;
                }
                // The same values the stack exports for the components.
                expect(watched[`startup-${stack}-alb-unhealthy-hosts`].dimensions).to.deep.equal({
                    LoadBalancer: run.outputs.albArnSuffix,
                    TargetGroup: run.outputs.targetGroupArnSuffix,
                });
                expect(watched[`startup-${stack}-aurora-cpu`].dimensions).to.deep.equal({ DBClusterIdentifier: run.outputs.databaseClusterIdentifier });
                expect(watched[`startup-${stack}-events-delivery-failing`].dimensions).to.deep.equal({ DeliveryStreamName: run.outputs.analyticsStreamName });
            });

            it(`${stack}: notifies the operations topic on ALARM and on OK`, () => {
                const run = runs[stack];
                const topic = one(run, "aws:sns/topic:Topic", "operations-topic").state.arn;
                expect(run.outputs.operationsTopicArn).to.equal(topic);
                for (const alarm of all(run, "aws:cloudwatch/metricAlarm:MetricAlarm")) {
                    expect(alarm.inputs.alarmActions, String(alarm.inputs.name)).to.deep.equal([topic]);
                    expect(alarm.inputs.okActions, String(alarm.inputs.name)).to.deep.equal([topic]);
                }
            });

            it(`${stack}: shows the state of every alarm on the dashboard`, () => {
                const run = runs[stack];
                const dashboard = one(run, "aws:cloudwatch/dashboard:Dashboard", "dashboard-dashboard");
                const body = JSON.parse(String(dashboard.inputs.dashboardBody)) as { widgets: Array<{ type: string; properties: { alarms?: string[] } }> };
                const widgets = body.widgets.filter((w) => w.type === "alarm");
                expect(widgets).to.have.lengthOf(1);
                expect(widgets[0].properties.alarms).to.have.members(all(run, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.state.arn));
            });
        }

        it("watches prod's half of the DNS failover pair from us-east-1, where Route 53 publishes its metrics", async () => {
            const name = (run: OfflineRun) => all(run, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs.name);
            expect(name(runs.prod)).to.include("startup-prod-dns-health-check");
            expect(runs.prod.outputs.appHealthCheckId).to.be.a("string");
            // dev answers with a simple record: no health check, no alarm.
            expect(some(runs.dev, "aws:route53/healthCheck:HealthCheck")).to.deep.equal([]);
            expect(name(runs.dev)).to.not.include("startup-dev-dns-health-check");
            // A primary elsewhere cannot alarm on the metric towards its own topic: no alarm.
            const elsewhere = await runOffline({ stack: "prod", config: moveToRegion(readStackConfigFile("prod"), "eu-west-1") });
            expect(some(elsewhere, "aws:route53/healthCheck:HealthCheck")).to.have.lengthOf(2);
            expect(name(elsewhere)).to.not.include("startup-prod-dns-health-check");
        });

        it("watches RDS Proxy only where there is one (prod), and sizes the connection alarm by the maximum ACUs", () => {
            expect(some(runs.dev, "aws:rds/proxy:Proxy")).to.deep.equal([]);
            expect(all(runs.prod, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs.name)).to.include("startup-prod-db-proxy-borrow-latency");
            const threshold = (stack: string) =>
                all(runs[stack], "aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => a.inputs.name === `startup-${stack}-aurora-connections`)?.inputs.threshold;
            // 80 % of the estimated max_connections: 64 ACUs (prod) and 4 ACUs (dev).
            expect(threshold("prod")).to.equal(3255);
            expect(threshold("dev")).to.equal(122);
        });
    });
    describe("backup selection", () => {
        for (const stack of ["dev", "prod"]) {
            it(`${stack}: tags the Aurora cluster and the user-data table with the plan's selection tag`, () => {
                const run = runs[stack];
                const selection = one(run, "aws:backup/selection:Selection");
                const [rule] = selection.inputs.selectionTags as Array<{ type: string; key: string; value: string }>;
                expect(rule).to.deep.equal({ type: "STRINGEQUALS", key: "Backup", value: stack });
                expect(run.outputs.backupSelectionTag).to.deep.equal({ [rule.key]: rule.value });
                for (const [type, name] of [
                    ["aws:rds/cluster:Cluster", "database-cluster"],
                    ["aws:dynamodb/table:Table", "user-data-table"],
                ]) {
                    const tags = one(run, type, name).inputs.tags as Record<string, string>;
                    expect(tags[rule.key], `${stack} ${name}`).to.equal(rule.value);
                    expect(tags.Name, `${stack} ${name}`).to.be.a("string");
                }
            });
        }

        it("leaves the archive buckets to versioning and replication: no bucket is selected", () => {
            for (const stack of ["dev", "prod"]) {
                for (const bucket of some(runs[stack], "aws:s3/bucket:Bucket")) {
                    expect((bucket.inputs.tags as Record<string, string>).Backup, `${stack} ${bucket.name}`).to.equal(undefined);
                }
            }
        });
    });
});
