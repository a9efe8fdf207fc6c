/**
 * Layout and limits of the usage-analytics pipeline, as plain data: where Firehose writes events,
 * how Athena finds them again without a crawler (partition projection), and the AWS limits the
 * settings must respect. The Firehose prefix and the Glue table's location template are both
 * derived from TIME_PARTITIONS, so they cannot drift apart. The pipeline's settings, their defaults
 * and their rules are the `analytics` section (stacks/config/analytics.ts).
 */

/** Top-level key prefix of delivered (Parquet) events. */
export const EVENTS_ROOT = "events";
/** Top-level key prefix of records Firehose could not convert or deliver. */
export const ERRORS_ROOT = "errors";

/** One time partition: its column, the Firehose timestamp pattern and its projection. */
export interface TimePartition {
    readonly key: string;
    /** Java DateTimeFormatter pattern Firehose evaluates at arrival time (UTC). */
    readonly pattern: "yyyy" | "MM" | "dd" | "HH";
    /** Zero-padded width of the value in the path. */
    readonly digits: number;
    /** Projected range; the year's comes from settings. */
    readonly range?: readonly [number, number];
}

export const TIME_PARTITIONS: readonly TimePartition[] = [
    { key: "year", pattern: "yyyy", digits: 4 },
    { key: "month", pattern: "MM", digits: 2, range: [1, 12] },
    { key: "day", pattern: "dd", digits: 2, range: [1, 31] },
    { key: "hour", pattern: "HH", digits: 2, range: [0, 23] },
];

export const ANALYTICS_LIMITS = {
    /** Firehose refuses SizeInMBs below 64 when record format conversion is on. */
    minConversionBufferMiB: 64,
    /** BufferingHints.SizeInMBs maximum. */
    maxBufferMiB: 128,
    /** BufferingHints.IntervalInSeconds maximum. */
    maxBufferIntervalSeconds: 900,
    /**
     * Athena's API accepts 10 MB (10,000,000 bytes); the Pulumi/Terraform provider requires 10 MiB,
     * so 10 MiB is the smallest value that passes both.
     */
    minBytesScannedCutoffPerQuery: 10 * 1024 * 1024,
    /** Firehose limit on an evaluated prefix. */
    maxEvaluatedPrefixLength: 512,
} as const;

/** `events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/` */
export function eventPrefix(root: string = EVENTS_ROOT): string {
    return `${root}/${TIME_PARTITIONS.map((p) => `${p.key}=!{timestamp:${p.pattern}}`).join("/")}/`;
}

/**
 * Failed records go under their error type first (format-conversion-failed, processing-failed...)
 * so each kind can be inspected or replayed on its own.
 */
export function errorOutputPrefix(root: string = ERRORS_ROOT): string {
    return `${root}/!{firehose:error-output-type}/${TIME_PARTITIONS.map((p) => `${p.key}=!{timestamp:${p.pattern}}`).join("/")}/`;
}

/** `s3://bucket/events/` */
export function tableLocation(bucket: string, root: string = EVENTS_ROOT): string {
    return `s3://${bucket}/${root}/`;
}

/** `s3://bucket/events/year=${year}/month=${month}/day=${day}/hour=${hour}/` (Athena's template syntax). */
export function locationTemplate(bucket: string, root: string = EVENTS_ROOT): string {
    return `s3://${bucket}/${root}/${TIME_PARTITIONS.map((p) => `${p.key}=\${${p.key}}`).join("/")}/`;
}

export interface ProjectionYears {
    readonly firstEventYear: number;
    readonly lastEventYear: number;
}

/**
 * Glue table parameters for Athena partition projection: the partitions are computed from these
 * ranges and the location template, so no crawler or MSCK REPAIR is ever needed.
 */
export function projectionParameters(bucket: string, years: ProjectionYears, root: string = EVENTS_ROOT): Record<string, string> {
    const params: Record<string, string> = { "projection.enabled": "true" };
    for (const p of TIME_PARTITIONS) {
        const [min, max] = p.range ?? [years.firstEventYear, years.lastEventYear];
        params[`projection.${p.key}.type`] = "integer";
        params[`projection.${p.key}.range`] = `${min},${max}`;
        params[`projection.${p.key}.digits`] = String(p.digits);
    }
    params["storage.location.template"] = locationTemplate(bucket, root);
    return params;
}

/**
 * Evaluates a Firehose prefix the way Firehose does for one arrival time (UTC), for tests and
 * length checks. Only the patterns this platform uses are supported.
 */
export function evaluatePrefix(prefix: string, at: Date, errorOutputType = "format-conversion-failed"): string {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    const parts: Record<string, string> = {
        yyyy: pad(at.getUTCFullYear(), 4),
        MM: pad(at.getUTCMonth() + 1, 2),
        dd: pad(at.getUTCDate(), 2),
        HH: pad(at.getUTCHours(), 2),
    };
    return prefix
        .replace(/!\{timestamp:([^}]+)\}/g, (match, pattern: string) => parts[pattern] ?? match)
        .replace(/!\{firehose:error-output-type\}/g, errorOutputType)
        .replace(/!\{firehose:random-string\}/g, "x".repeat(11));
}

const EXPRESSION = /!\{([A-Za-z]+):([^}]*)\}/g;
const NAMESPACES = new Set(["firehose", "timestamp", "partitionKeyFromQuery", "partitionKeyFromLambda"]);

/**
 * Firehose's rules for Prefix and ErrorOutputPrefix (Developer Guide, "Custom prefixes for Amazon
 * S3 objects"); returns what is wrong, empty when fine.
 */
export function firehosePrefixProblems(prefix: string, errorPrefix: string | undefined): string[] {
    const problems: string[] = [];
    const expressions = (text: string) => [...text.matchAll(EXPRESSION)];
    for (const [label, text] of [["prefix", prefix], ["error prefix", errorPrefix ?? ""]] as const) {
        if (text.replace(EXPRESSION, "").includes("!{")) problems.push(`${label}: "!{" may only start a !{namespace:value} expression`);
        for (const [, namespace] of expressions(text)) {
            if (!NAMESPACES.has(namespace)) problems.push(`${label}: unknown expression namespace "${namespace}"`);
        }
        if (evaluatePrefix(text, new Date(Date.UTC(2030, 11, 31, 23))).length > ANALYTICS_LIMITS.maxEvaluatedPrefixLength) {
            problems.push(`${label}: longer than ${ANALYTICS_LIMITS.maxEvaluatedPrefixLength} characters once evaluated`);
        }
    }
    if (prefix.includes("!{firehose:error-output-type}")) problems.push("prefix: may not contain !{firehose:error-output-type}");
    if (expressions(prefix).length > 0 && !errorPrefix) {
        problems.push("error prefix: required when the prefix contains expressions");
    }
    if (errorPrefix && expressions(errorPrefix).length > 0 && !errorPrefix.includes("!{firehose:error-output-type}")) {
        problems.push("error prefix: an error prefix with expressions must include !{firehose:error-output-type}");
    }
    return problems;
}

/** A QuickSight user or group ARN: arn:aws:quicksight:<identity-region>:<account>:user|group/<namespace>/<name>. */
export const QUICKSIGHT_PRINCIPAL_ARN = /^arn:aws[a-z-]*:quicksight:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:(user|group)\/[A-Za-z0-9._-]+\/[^/\s]+$/;

/** Name of the events table in the Glue database. */
export const EVENTS_TABLE = "events";
/** Key prefix of Athena query results in the results bucket. */
export const RESULTS_ROOT = "results";

/**
 * Glue database name for a stack: Athena and Glue want lower-case letters, digits and
 * underscores, so the platform's kebab-case prefix becomes snake case.
 */
export function glueDatabaseName(namePrefix: string): string {
    return `${namePrefix}_analytics`.toLowerCase().replace(/[^a-z0-9_]+/g, "_");
}
