import { z } from "zod";
import { crossFieldIssue, logRetentionDays } from "./rules";
import { ANALYTICS_DEFAULTS, ANALYTICS_LIMITS, QUICKSIGHT_PRINCIPAL_ARN } from "../../lib/analytics";
import { LOG_RETENTION_DAYS } from "../../lib/constants";
import { ARCHIVE_DEFAULTS } from "../../lib/lifecycle";

/** Defaults of the `analytics` key, exported so docs and code cannot drift. */
export const ANALYTICS_CONFIG_DEFAULTS = {
    bufferSizeMiB: ANALYTICS_DEFAULTS.bufferSizeMiB,
    bufferIntervalSeconds: ANALYTICS_DEFAULTS.bufferIntervalSeconds,
    bytesScannedCutoffPerQuery: ANALYTICS_DEFAULTS.bytesScannedCutoffPerQuery,
    errorLogRetentionDays: ANALYTICS_DEFAULTS.errorLogRetentionDays,
    queryResultRetentionDays: ANALYTICS_DEFAULTS.queryResultExpirationDays,
    firstEventYear: ANALYTICS_DEFAULTS.firstEventYear,
    lastEventYear: ANALYTICS_DEFAULTS.lastEventYear,
} as const;

const L = ANALYTICS_LIMITS;
// A refinement rather than .int(): its message reaches the user ("expected a whole number of ...").
const wholeNumber = (what: string) => z.number().refine(Number.isInteger, { message: `expected ${what}`, abort: true });
/** Longest retention a lifecycle rule here is given: 100 years, as the backup and access-log keys. */
const MAX_RETENTION_DAYS = 36500;
const year = wholeNumber("a year such as 2025").min(2000, { message: "expected a year from 2000" }).max(2999, { message: "expected a four-digit year" });

export const analyticsSchema = z
    .strictObject({
        bufferSizeMiB: wholeNumber(`a whole number of MiB from ${L.minConversionBufferMiB} to ${L.maxBufferMiB}`)
            .min(L.minConversionBufferMiB, { message: `expected at least ${L.minConversionBufferMiB} MiB: Firehose refuses smaller buffers when it converts to Parquet` })
            .max(L.maxBufferMiB, { message: `expected at most ${L.maxBufferMiB} MiB (the Firehose maximum)` })
            .default(ANALYTICS_CONFIG_DEFAULTS.bufferSizeMiB)
            .describe("MiB Firehose buffers before it writes one Parquet object, 64-128. Bigger means fewer, larger files (cheaper Athena scans)."),
        bufferIntervalSeconds: wholeNumber(`a whole number of seconds from 60 to ${L.maxBufferIntervalSeconds}`)
            .min(60, { message: "expected at least 60 seconds: shorter buffers write many tiny Parquet files that slow Athena down" })
            .max(L.maxBufferIntervalSeconds, { message: `expected at most ${L.maxBufferIntervalSeconds} seconds (the Firehose maximum)` })
            .default(ANALYTICS_CONFIG_DEFAULTS.bufferIntervalSeconds)
            .describe("Seconds Firehose buffers before it writes, 60-900: the latest an event can appear in Athena."),
        bytesScannedCutoffPerQuery: wholeNumber("a whole number of bytes")
            .min(L.minBytesScannedCutoffPerQuery, { message: `expected at least ${L.minBytesScannedCutoffPerQuery} bytes (10 MiB), the smallest cutoff Athena accepts` })
            .max(Number.MAX_SAFE_INTEGER, { message: `expected at most ${Number.MAX_SAFE_INTEGER} bytes (larger numbers lose precision on the way to Athena)` })
            .default(ANALYTICS_CONFIG_DEFAULTS.bytesScannedCutoffPerQuery)
            .describe("Bytes one Athena query may scan before the workgroup cancels it (a cost guard), at least 10485760."),
        quicksightPrincipalArn: z
            .string()
            .regex(QUICKSIGHT_PRINCIPAL_ARN, {
                message: "expected a QuickSight user or group ARN such as arn:aws:quicksight:us-east-1:123456789012:group/default/analysts",
            })
            .optional()
            .describe("QuickSight user or group that owns an Athena data source on the workgroup. Default: no QuickSight data source."),
        errorLogRetentionDays: logRetentionDays()
            .default(ANALYTICS_CONFIG_DEFAULTS.errorLogRetentionDays)
            .describe(`Days Firehose delivery-error logs are kept in CloudWatch Logs; one of ${LOG_RETENTION_DAYS.join(", ")}.`),
        rawEventRetentionDays: wholeNumber("a whole number of days")
            .max(MAX_RETENTION_DAYS, { message: `expected at most ${MAX_RETENTION_DAYS} days (100 years); leave it out to keep raw events forever` })
            .optional()
            .describe(
                `Days after which raw events are deleted. Must come after the Deep Archive step (${ARCHIVE_DEFAULTS.deepArchiveAfterDays} days). Default: kept forever (archived at ${ARCHIVE_DEFAULTS.archiveAfterDays} days).`,
            ),
        queryResultRetentionDays: wholeNumber("a whole number of days")
            .max(MAX_RETENTION_DAYS, { message: `expected at most ${MAX_RETENTION_DAYS} days (100 years)` })
            .default(ANALYTICS_CONFIG_DEFAULTS.queryResultRetentionDays)
            .describe(`Days Athena query results are kept; after their ${ARCHIVE_DEFAULTS.archiveAfterDays}-day archive step.`),
        firstEventYear: year
            .default(ANALYTICS_CONFIG_DEFAULTS.firstEventYear)
            .describe("First year Athena's partition projection covers (the year events started)."),
        lastEventYear: year
            .default(ANALYTICS_CONFIG_DEFAULTS.lastEventYear)
            .describe("Last year Athena's partition projection covers; raise it before that year ends."),
    })
    .superRefine((cfg, ctx) => {
        if (cfg.rawEventRetentionDays !== undefined && cfg.rawEventRetentionDays <= ARCHIVE_DEFAULTS.deepArchiveAfterDays) {
            crossFieldIssue(
                ctx,
                ["rawEventRetentionDays"],
                `must be more than ${ARCHIVE_DEFAULTS.deepArchiveAfterDays} (raw events move to Deep Archive then; keep them well beyond Pinpoint's old 90 days), got ${cfg.rawEventRetentionDays}`,
            );
        }
        if (cfg.queryResultRetentionDays <= ARCHIVE_DEFAULTS.archiveAfterDays) {
            crossFieldIssue(
                ctx,
                ["queryResultRetentionDays"],
                `must be more than ${ARCHIVE_DEFAULTS.archiveAfterDays} (every bucket archives at ${ARCHIVE_DEFAULTS.archiveAfterDays} days), got ${cfg.queryResultRetentionDays}`,
            );
        }
        if (cfg.lastEventYear < cfg.firstEventYear) {
            crossFieldIssue(ctx, ["lastEventYear"], `must not be before firstEventYear (${cfg.firstEventYear}), got ${cfg.lastEventYear}`);
        }
    })
    .describe("Usage analytics: Firehose buffering, Athena cost guard, QuickSight owner, retention of raw events, results and error logs.");

export type AnalyticsConfig = z.infer<typeof analyticsSchema>;
