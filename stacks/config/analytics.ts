import { z } from "zod";
import { SettingsRule, logRetentionDays, refineWith } from "./rules";
import { ANALYTICS_LIMITS, QUICKSIGHT_PRINCIPAL_ARN } from "../../lib/analytics";
import { LOG_RETENTION_DAYS } from "../../lib/constants";
import { ARCHIVE_DEFAULTS } from "../../lib/lifecycle";

/** Defaults of the `analytics` key, exported so docs and code cannot drift. */
export const ANALYTICS_DEFAULTS = {
    bufferSizeMiB: 128,
    bufferIntervalSeconds: 300,
    /** 1 GiB: a month of partitions of a young app, and a hard stop for a runaway full scan. */
    bytesScannedCutoffPerQuery: 1024 ** 3,
    errorLogRetentionDays: 90,
    queryResultRetentionDays: 365,
    firstEventYear: 2025,
    lastEventYear: 2045,
    readRestoredGlacierObjects: false,
} as const;

const L = ANALYTICS_LIMITS;
// A refinement rather than .int(): its message reaches the user ("expected a whole number of ...").
const wholeNumber = (what: string) => z.number().refine(Number.isInteger, { message: `expected ${what}`, abort: true });
/** Longest retention a lifecycle rule here is given: 100 years, as the backup and access-log keys. */
const MAX_RETENTION_DAYS = 36500;
const year = wholeNumber("a year such as 2025").min(2000, { message: "expected a year from 2000" }).max(2999, { message: "expected a four-digit year" });

const analyticsFields = z
    .strictObject({
        bufferSizeMiB: wholeNumber(`a whole number of MiB from ${L.minConversionBufferMiB} to ${L.maxBufferMiB}`)
            .min(L.minConversionBufferMiB, { message: `expected at least ${L.minConversionBufferMiB} MiB: Firehose refuses smaller buffers when it converts to Parquet` })
            .max(L.maxBufferMiB, { message: `expected at most ${L.maxBufferMiB} MiB (the Firehose maximum)` })
            .default(ANALYTICS_DEFAULTS.bufferSizeMiB)
            .describe("MiB Firehose buffers before it writes one Parquet object, 64-128. Bigger means fewer, larger files (cheaper Athena scans)."),
        bufferIntervalSeconds: wholeNumber(`a whole number of seconds from 60 to ${L.maxBufferIntervalSeconds}`)
            .min(60, { message: "expected at least 60 seconds: shorter buffers write many tiny Parquet files that slow Athena down" })
            .max(L.maxBufferIntervalSeconds, { message: `expected at most ${L.maxBufferIntervalSeconds} seconds (the Firehose maximum)` })
            .default(ANALYTICS_DEFAULTS.bufferIntervalSeconds)
            .describe("Seconds Firehose buffers before it writes, 60-900: the latest an event can appear in Athena."),
        bytesScannedCutoffPerQuery: wholeNumber("a whole number of bytes")
            .min(L.minBytesScannedCutoffPerQuery, { message: `expected at least ${L.minBytesScannedCutoffPerQuery} bytes (10 MiB), the smallest cutoff Athena accepts` })
            .max(Number.MAX_SAFE_INTEGER, { message: `expected at most ${Number.MAX_SAFE_INTEGER} bytes (larger numbers lose precision on the way to Athena)` })
            .default(ANALYTICS_DEFAULTS.bytesScannedCutoffPerQuery)
            .describe("Bytes one Athena query may scan before the workgroup cancels it (a cost guard), at least 10485760."),
        quicksightPrincipalArn: z
            .string()
            .regex(QUICKSIGHT_PRINCIPAL_ARN, {
                message: "expected a QuickSight user or group ARN such as arn:aws:quicksight:us-east-1:123456789012:group/default/analysts",
            })
            .optional()
            .describe("QuickSight user or group that owns an Athena data source on the workgroup. Default: no QuickSight data source."),
        errorLogRetentionDays: logRetentionDays()
            .default(ANALYTICS_DEFAULTS.errorLogRetentionDays)
            .describe(`Days Firehose delivery-error logs are kept in CloudWatch Logs; one of ${LOG_RETENTION_DAYS.join(", ")}.`),
        rawEventRetentionDays: wholeNumber("a whole number of days")
            .max(MAX_RETENTION_DAYS, { message: `expected at most ${MAX_RETENTION_DAYS} days (100 years); leave it out to keep raw events forever` })
            .optional()
            .describe(
                `Days after which raw events are deleted. Must come after the Deep Archive step (${ARCHIVE_DEFAULTS.deepArchiveAfterDays} days). Default: kept forever (archived at ${ARCHIVE_DEFAULTS.archiveAfterDays} days).`,
            ),
        queryResultRetentionDays: wholeNumber("a whole number of days")
            .max(MAX_RETENTION_DAYS, { message: `expected at most ${MAX_RETENTION_DAYS} days (100 years)` })
            .default(ANALYTICS_DEFAULTS.queryResultRetentionDays)
            .describe(`Days Athena query results are kept; after their ${ARCHIVE_DEFAULTS.archiveAfterDays}-day archive step.`),
        firstEventYear: year
            .default(ANALYTICS_DEFAULTS.firstEventYear)
            .describe("First year Athena's partition projection covers (the year events started)."),
        lastEventYear: year
            .default(ANALYTICS_DEFAULTS.lastEventYear)
            .describe("Last year Athena's partition projection covers; raise it before that year ends."),
        readRestoredGlacierObjects: z
            .boolean()
            .default(ANALYTICS_DEFAULTS.readRestoredGlacierObjects)
            .describe(
                "Let Athena read raw events restored from Deep Archive (the table property read_restored_glacier_objects); set it while querying restored months (docs/analytics.md). Off, Athena skips Deep Archive objects.",
            ),
    });

/** The analytics settings, defaults filled in: what AnalyticsExport takes besides its wiring. */
export type AnalyticsSettings = z.output<typeof analyticsFields>;

/** The analytics rules across keys and against the archive steps, on the stack file and on AnalyticsExport's args alike. */
export const ANALYTICS_RULES: ReadonlyArray<SettingsRule<AnalyticsSettings>> = [
    {
        path: ["rawEventRetentionDays"],
        check: (a) =>
            a.rawEventRetentionDays !== undefined && a.rawEventRetentionDays <= ARCHIVE_DEFAULTS.deepArchiveAfterDays
                ? `must be more than ${ARCHIVE_DEFAULTS.deepArchiveAfterDays} (raw events move to Deep Archive then; keep them well beyond Pinpoint's old 90 days), got ${a.rawEventRetentionDays}`
                : undefined,
    },
    {
        path: ["queryResultRetentionDays"],
        check: (a) =>
            a.queryResultRetentionDays <= ARCHIVE_DEFAULTS.archiveAfterDays
                ? `must be more than ${ARCHIVE_DEFAULTS.archiveAfterDays} (every bucket archives at ${ARCHIVE_DEFAULTS.archiveAfterDays} days), got ${a.queryResultRetentionDays}`
                : undefined,
    },
    {
        path: ["lastEventYear"],
        check: (a) => (a.lastEventYear < a.firstEventYear ? `must not be before firstEventYear (${a.firstEventYear}), got ${a.lastEventYear}` : undefined),
    },
];

export const analyticsSchema = analyticsFields
    .superRefine(refineWith(ANALYTICS_RULES))
    .describe("Usage analytics: Firehose buffering, Athena cost guard, QuickSight owner, retention of raw events, results and error logs.");

export type AnalyticsConfig = AnalyticsSettings;
