/**
 * The CloudWatch dashboard of event ingestion, as plain data. Metric names are those Firehose
 * publishes in the AWS/Firehose namespace per `DeliveryStreamName` (Developer Guide, "Monitoring
 * with CloudWatch metrics"); format-conversion metrics appear once conversion is on.
 */

export const FIREHOSE_NAMESPACE = "AWS/Firehose";

/** A metric line: namespace, name, dimension name/value pairs, then rendering options. */
export type MetricLine = [string, string, ...Array<string | { stat?: string; label?: string; yAxis?: "left" | "right" }>];

export interface MetricWidget {
    type: "metric";
    x: number;
    y: number;
    width: number;
    height: number;
    properties: {
        title: string;
        region: string;
        view: "timeSeries";
        stacked: false;
        period: number;
        stat: string;
        metrics: MetricLine[];
        annotations?: { horizontal: Array<{ label: string; value: number }> };
        yAxis?: { left?: { min?: number; max?: number; label?: string } };
    };
}

export interface TextWidget {
    type: "text";
    x: number;
    y: number;
    width: number;
    height: number;
    properties: { markdown: string };
}

export interface DashboardBody {
    widgets: Array<MetricWidget | TextWidget>;
}

export interface IngestionDashboardArgs {
    readonly region: string;
    readonly streamName: string;
    /** The stream's buffer interval: data older than this is late. */
    readonly bufferIntervalSeconds: number;
    readonly rawBucketName: string;
    readonly glueDatabaseName: string;
    readonly glueTableName: string;
    readonly workgroupName: string;
}

/** Metrics graphed, in order: [title, metric names, statistic]. */
export const INGESTION_PANELS: ReadonlyArray<{ title: string; metrics: readonly string[]; stat: string }> = [
    { title: "Events received", metrics: ["IncomingRecords"], stat: "Sum" },
    { title: "Bytes received", metrics: ["IncomingBytes"], stat: "Sum" },
    { title: "Delivery to S3 success (ratio)", metrics: ["DeliveryToS3.Success"], stat: "Average" },
    { title: "Age of oldest undelivered event (s)", metrics: ["DeliveryToS3.DataFreshness"], stat: "Maximum" },
    { title: "Parquet conversion", metrics: ["SucceedConversion.Records", "FailedConversion.Records"], stat: "Sum" },
    { title: "Throttled records", metrics: ["ThrottledRecords"], stat: "Sum" },
];

const WIDTH = 12;
const HEIGHT = 6;

export function ingestionDashboardBody(a: IngestionDashboardArgs): DashboardBody {
    const header: TextWidget = {
        type: "text",
        x: 0,
        y: 0,
        width: 24,
        height: 2,
        properties: {
            markdown:
                `## Usage events: \`${a.streamName}\`\n` +
                `Parquet in \`s3://${a.rawBucketName}/events/\`, table \`${a.glueDatabaseName}.${a.glueTableName}\`, ` +
                `query in Athena workgroup \`${a.workgroupName}\`. Failed records land under \`errors/\`.`,
        },
    };
    const panels: MetricWidget[] = INGESTION_PANELS.map((panel, i) => ({
        type: "metric",
        x: (i % 2) * WIDTH,
        y: header.height + Math.floor(i / 2) * HEIGHT,
        width: WIDTH,
        height: HEIGHT,
        properties: {
            title: panel.title,
            region: a.region,
            view: "timeSeries",
            stacked: false,
            period: 300,
            stat: panel.stat,
            metrics: panel.metrics.map((name): MetricLine => [FIREHOSE_NAMESPACE, name, "DeliveryStreamName", a.streamName, { stat: panel.stat }]),
            ...(panel.metrics.includes("DeliveryToS3.DataFreshness")
                ? { annotations: { horizontal: [{ label: "buffer interval", value: a.bufferIntervalSeconds }] } }
                : {}),
            ...(panel.metrics.includes("DeliveryToS3.Success") ? { yAxis: { left: { min: 0, max: 1 } } } : {}),
        },
    }));
    return { widgets: [header, ...panels] };
}
