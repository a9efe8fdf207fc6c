/**
 * The DR stack's posture alarms as tables (`AlarmSpec` rows for `Operations.addAlarms` and
 * `AlarmSet`): is the standby keeping up (Aurora lag, S3 replication), and could it take traffic
 * (a healthy DR fleet). Pure; `D` is the type of the dimension values (strings or Pulumi inputs).
 */
import { AlarmSpec } from "./operations";

/** One replicated bucket, as the S3 replication metrics name it. */
export interface ReplicatedBucketMetrics<D> {
    /** Short role, e.g. "analytics"; names the alarm. */
    readonly role: string;
    /** Source bucket NAME (the `SourceBucket` dimension). */
    readonly sourceBucket: D;
    /** Destination bucket NAME (the `DestinationBucket` dimension). */
    readonly destinationBucket: D;
    /** The replication rule's id (the `RuleId` dimension). */
    readonly ruleId: D;
}

export interface DrRegionAlarmArgs<D> {
    /** The Aurora secondary's cluster identifier. */
    readonly databaseClusterIdentifier: D;
    /** Lag that alarms, in seconds. */
    readonly databaseReplicationLagSeconds: number;
    /** The DR load balancer's and target group's ARN suffixes. */
    readonly loadBalancer: D;
    readonly targetGroup: D;
    readonly buckets: ReadonlyArray<ReplicatedBucketMetrics<D>>;
    /** Replication latency that alarms, in seconds. */
    readonly bucketReplicationLatencySeconds: number;
}

/**
 * Alarms on metrics published in the DR region: the secondary's `AuroraGlobalDBReplicationLag`
 * (milliseconds, published for the secondary cluster in its own region only; AuroraUserGuide
 * "Amazon CloudWatch metrics for Amazon Aurora"), each bucket's S3 `ReplicationLatency` (seconds,
 * published in the destination bucket's region), and the DR fleet having no healthy target.
 */
export function drRegionAlarms<D>(args: DrRegionAlarmArgs<D>): AlarmSpec<D>[] {
    return [
        {
            name: "database-replication-lag",
            description: `The Aurora secondary is more than ${args.databaseReplicationLagSeconds} s behind the primary: a failover now would lose that much. Check the primary's write load and the global cluster's status (docs/dr-runbook.md).`,
            namespace: "AWS/RDS",
            metricName: "AuroraGlobalDBReplicationLag",
            dimensions: { DBClusterIdentifier: args.databaseClusterIdentifier },
            statistic: "Maximum",
            comparison: "GreaterThanThreshold",
            threshold: args.databaseReplicationLagSeconds * 1000,
            periodSeconds: 60,
            evaluationPeriods: 5,
        },
        {
            name: "fleet-no-healthy-hosts",
            description: "The DR fleet has no healthy target: the standby could not take traffic on failover. Check the instances (image present in the DR repository?) and the target group's health checks.",
            namespace: "AWS/ApplicationELB",
            metricName: "HealthyHostCount",
            dimensions: { LoadBalancer: args.loadBalancer, TargetGroup: args.targetGroup },
            statistic: "Minimum",
            comparison: "LessThanThreshold",
            threshold: 1,
            periodSeconds: 60,
            evaluationPeriods: 5,
            datapointsToAlarm: 3,
            // No data from the target group means no target is reporting healthy either.
            treatMissingData: "breaching",
        },
        ...args.buckets.map(
            (b): AlarmSpec<D> => ({
                name: `${b.role}-replication-latency`,
                description: `Replicas of the ${b.role} bucket are more than ${args.bucketReplicationLatencySeconds} s behind (S3 RTC promises 900). Check pending operations and the replication role.`,
                namespace: "AWS/S3",
                metricName: "ReplicationLatency",
                dimensions: { SourceBucket: b.sourceBucket, DestinationBucket: b.destinationBucket, RuleId: b.ruleId },
                statistic: "Maximum",
                comparison: "GreaterThanThreshold",
                threshold: args.bucketReplicationLatencySeconds,
                periodSeconds: 300,
                evaluationPeriods: 3,
                datapointsToAlarm: 2,
            }),
        ),
    ];
}

/**
 * Alarms on metrics published in the PRIMARY region: S3 `OperationsFailedReplication` is
 * published in the source bucket's region (S3 User Guide "Using S3 Replication metrics"). Any
 * failed operation alarms: a replica that never arrives is data missing after a failover.
 */
export function primaryRegionAlarms<D>(buckets: ReadonlyArray<ReplicatedBucketMetrics<D>>): AlarmSpec<D>[] {
    return buckets.map((b) => ({
        name: `${b.role}-replication-failed`,
        description: `Objects of the ${b.role} bucket failed to replicate to the DR region. Look at the replication role's permissions and KMS keys; S3 does not retry failed operations (use S3 Batch Replication).`,
        namespace: "AWS/S3",
        metricName: "OperationsFailedReplication",
        dimensions: { SourceBucket: b.sourceBucket, DestinationBucket: b.destinationBucket, RuleId: b.ruleId },
        statistic: "Sum",
        comparison: "GreaterThanThreshold",
        threshold: 0,
        periodSeconds: 300,
        evaluationPeriods: 1,
    }));
}

/** The bucket name in an S3 bucket ARN (`arn:aws:s3:::name`). */
export function bucketNameOfArn(arn: string): string {
    const match = /^arn:[a-z-]+:s3:::([^/]+)$/.exec(arn);
    if (match === null) throw new Error(`not an S3 bucket ARN: ${arn}`);
    return match[1];
}
