import { z } from "zod";

/**
 * Prod's data buckets the DR stack can replicate into its own region, by role: `analytics` is the
 * raw usage-events bucket (into DR's own analytics bucket, so DR's Athena table sees the history),
 * `uploads` the users' uploads bucket.
 */
export const REPLICABLE_BUCKETS = ["analytics", "uploads"] as const;
export type ReplicableBucket = (typeof REPLICABLE_BUCKETS)[number];

/** Defaults of the `dr` key, exported so docs and code cannot drift. */
export const DR_DEFAULTS = {
    replicateBuckets: ["analytics", "uploads"] as ReplicableBucket[],
    replicationTimeControl: true,
    replicateUserDataTable: true,
    alarms: {
        databaseReplicationLagSeconds: 60,
        bucketReplicationLatencySeconds: 900,
    },
} as const;

/** Limits of the alarm thresholds. */
export const DR_LIMITS = {
    databaseReplicationLagSeconds: { min: 1, max: 3600 },
    bucketReplicationLatencySeconds: { min: 60, max: 86_400 },
} as const;

const seconds = (range: { min: number; max: number }) => {
    const message = `expected a whole number of seconds from ${range.min} to ${range.max}`;
    // A refinement rather than .int(): its message reaches the user.
    return z.number({ message }).refine(Number.isInteger, { message, abort: true }).min(range.min, { message }).max(range.max, { message });
};

export const drAlarmsSchema = z
    .strictObject({
        databaseReplicationLagSeconds: seconds(DR_LIMITS.databaseReplicationLagSeconds)
            .default(DR_DEFAULTS.alarms.databaseReplicationLagSeconds)
            .describe(
                "Alarm when the Aurora secondary lags the primary by more than this many seconds for 5 minutes (AuroraGlobalDBReplicationLag; typically under 1 s). It bounds the data a failover loses.",
            ),
        bucketReplicationLatencySeconds: seconds(DR_LIMITS.bucketReplicationLatencySeconds)
            .default(DR_DEFAULTS.alarms.bucketReplicationLatencySeconds)
            .describe("Alarm when a replicated bucket's DR copy is behind by more than this many seconds (S3 ReplicationLatency; RTC's promise is 900)."),
    })
    .describe("Thresholds of the DR posture alarms (failed S3 replications and an unhealthy DR fleet always alarm).");

export const drSchema = z
    .strictObject({
        primaryStack: z
            .string()
            .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, {
                message: "expected a fully qualified stack name such as acme/startup-platform/prod",
            })
            .describe("Fully qualified name (org/project/stack) of the primary stack this DR stack stands by for."),
        replicateBuckets: z
            .array(z.enum(REPLICABLE_BUCKETS), { message: `expected a list of bucket roles from: ${REPLICABLE_BUCKETS.join(", ")}` })
            .refine((roles) => new Set(roles).size === roles.length, { message: "expected each bucket role once" })
            .default([...DR_DEFAULTS.replicateBuckets])
            .describe(
                "Prod buckets replicated into this region (S3 cross-region replication, KMS-encrypted, delete markers included): analytics = raw usage events, uploads = users' uploads.",
            ),
        replicateUserDataTable: z
            .boolean()
            .default(DR_DEFAULTS.replicateUserDataTable)
            .describe(
                "Add a replica of prod's user-data table in this region (DynamoDB global table, encrypted with this region's data key); prod must set identity.userDataReplicatedByDr.",
            ),
        replicationTimeControl: z
            .boolean()
            .default(DR_DEFAULTS.replicationTimeControl)
            .describe("S3 Replication Time Control: 99.99% of objects replicated within 15 minutes, with replication metrics (extra cost per GB). false = best-effort replication, still with metrics."),
        alarms: drAlarmsSchema.default({ ...DR_DEFAULTS.alarms }),
    })
    .describe("Disaster-recovery settings; required when role is dr.");

export type DrConfig = z.infer<typeof drSchema>;
