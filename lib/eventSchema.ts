/**
 * The usage-event schema, in code. One list of typed columns feeds the Glue table that Firehose
 * reads to convert JSON events to Parquet and that Athena queries; the apps send one JSON object
 * per event with these keys. Adding a column is a one-line change here (Firehose picks up the new
 * table version); renaming or retyping one breaks old Parquet files, so add instead.
 */

/** Hive/Glue column types this schema uses. */
export type ColumnType = "string" | "int" | "bigint" | "double" | "boolean" | "timestamp" | "date";

export interface EventColumn {
    readonly name: string;
    readonly type: ColumnType;
    readonly comment: string;
}

export const EVENT_COLUMNS: readonly EventColumn[] = [
    { name: "event_id", type: "string", comment: "Unique id the app gives the event (a UUID); lets queries drop duplicates from retries." },
    { name: "event_type", type: "string", comment: "What happened, e.g. app_open, provider_viewed, notification_opened." },
    { name: "occurred_at", type: "timestamp", comment: "When it happened on the device, UTC, ISO-8601 (2025-02-07T15:13:01.392Z) or epoch millis." },
    { name: "user_id", type: "string", comment: "Cognito identity id of the signed-in user (sent by the app; not verified by Firehose)." },
    { name: "provider_id", type: "string", comment: "Service provider the event concerns, when there is one." },
    { name: "session_id", type: "string", comment: "App session the event belongs to." },
    { name: "platform", type: "string", comment: "ios, android or web." },
    { name: "app_version", type: "string", comment: "App version that sent the event." },
    { name: "properties", type: "string", comment: "Event-specific attributes as a JSON object, kept as text; read with json_extract_scalar." },
];

/**
 * Partition columns, in path order. They are not in the event JSON: Firehose writes each object
 * under `year=/month=/day=/hour=` of its arrival time, and Athena projects them from the path.
 */
export const PARTITION_KEYS: readonly EventColumn[] = [
    { name: "year", type: "int", comment: "Arrival year (UTC)." },
    { name: "month", type: "int", comment: "Arrival month (UTC), 1-12." },
    { name: "day", type: "int", comment: "Arrival day of month (UTC), 1-31." },
    { name: "hour", type: "int", comment: "Arrival hour (UTC), 0-23." },
];

/**
 * Athena DDL reserved words an event field might plausibly be called; such a column needs
 * backquotes in every DDL statement (and `timestamp` a SerDe key mapping).
 */
const RESERVED = new Set(["timestamp", "date", "time", "user", "order", "group", "table", "partition", "values", "interval", "range", "current"]);

/**
 * Problems with a column list, empty when fine. Names must be lower-case snake case because the
 * OpenX JSON SerDe lower-cases JSON keys before matching them to columns.
 */
export function eventSchemaProblems(
    columns: readonly EventColumn[] = EVENT_COLUMNS,
    partitionKeys: readonly EventColumn[] = PARTITION_KEYS,
): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const column of columns) {
        if (!/^[a-z][a-z0-9_]{0,254}$/.test(column.name)) {
            problems.push(`column "${column.name}" must be lower-case snake case (the JSON SerDe lower-cases keys)`);
        }
        if (RESERVED.has(column.name)) problems.push(`column "${column.name}" is a reserved word in Hive/Athena; pick another name`);
        if (seen.has(column.name)) problems.push(`column "${column.name}" appears twice`);
        seen.add(column.name);
    }
    for (const key of partitionKeys) {
        if (seen.has(key.name)) problems.push(`column "${key.name}" collides with the partition key of the same name`);
    }
    if (!columns.some((c) => c.type === "timestamp")) problems.push("the schema needs a timestamp column for when the event occurred");
    return problems;
}

/** Columns in the shape of `aws.glue.CatalogTable` storageDescriptor columns and partition keys. */
export function glueColumns(columns: readonly EventColumn[]): Array<{ name: string; type: string; comment: string }> {
    return columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment }));
}
