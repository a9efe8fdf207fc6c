import { expect } from "chai";
import { bucketNameOfArn, drRegionAlarms, primaryRegionAlarms } from "../../lib/drAlarms";
import { alarmProblems } from "../../lib/operations";

const BUCKET = { role: "analytics", sourceBucket: "startup-prod-raw", destinationBucket: "startup-dr-raw", ruleId: "to-dr-region" };

describe("lib/drAlarms", () => {
    const dr = drRegionAlarms({
        databaseClusterIdentifier: "startup-dr-aurora",
        databaseReplicationLagSeconds: 60,
        loadBalancer: "app/startup-dr-app/0123456789abcdef",
        targetGroup: "targetgroup/startup-dr-app/0123456789abcdef",
        buckets: [BUCKET],
        bucketReplicationLatencySeconds: 900,
    });
    const byName = (name: string) => dr.find((a) => a.name === name)!;

    it("watches the Aurora secondary's global replication lag, in milliseconds, on the secondary cluster", () => {
        expect(byName("database-replication-lag")).to.deep.include({
            namespace: "AWS/RDS",
            metricName: "AuroraGlobalDBReplicationLag",
            dimensions: { DBClusterIdentifier: "startup-dr-aurora" },
            comparison: "GreaterThanThreshold",
            threshold: 60_000,
        });
    });

    it("alarms when the DR fleet has fewer than one healthy target, counting silence as unhealthy", () => {
        expect(byName("fleet-no-healthy-hosts")).to.deep.include({
            namespace: "AWS/ApplicationELB",
            metricName: "HealthyHostCount",
            dimensions: { LoadBalancer: "app/startup-dr-app/0123456789abcdef", TargetGroup: "targetgroup/startup-dr-app/0123456789abcdef" },
            statistic: "Minimum",
            comparison: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "breaching",
        });
    });

    it("watches each replicated bucket's latency here and its failed operations in the source region, by rule", () => {
        const dims = { SourceBucket: "startup-prod-raw", DestinationBucket: "startup-dr-raw", RuleId: "to-dr-region" };
        expect(byName("analytics-replication-latency")).to.deep.include({ namespace: "AWS/S3", metricName: "ReplicationLatency", dimensions: dims, threshold: 900 });
        expect(primaryRegionAlarms([BUCKET])).to.deep.equal([
            {
                name: "analytics-replication-failed",
                description: primaryRegionAlarms([BUCKET])[0].description,
                namespace: "AWS/S3",
                metricName: "OperationsFailedReplication",
                dimensions: dims,
                statistic: "Sum",
                comparison: "GreaterThanThreshold",
                threshold: 0,
                periodSeconds: 300,
                evaluationPeriods: 1,
            },
        ]);
    });

    it("produces rows Operations.addAlarms accepts", () => {
        expect(alarmProblems([...dr, ...primaryRegionAlarms([BUCKET])])).to.deep.equal([]);
    });

    it("reads a bucket name from its ARN", () => {
        expect(bucketNameOfArn("arn:aws:s3:::startup-dr-raw")).to.equal("startup-dr-raw");
        expect(() => bucketNameOfArn("arn:aws:s3:::bucket/key")).to.throw("not an S3 bucket ARN");
    });
});
