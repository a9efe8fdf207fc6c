import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    EVENTS_TABLE,
    RESULTS_ROOT,
    TIME_PARTITIONS,
    errorOutputPrefix,
    eventPrefix,
    firehosePrefixProblems,
    glueDatabaseName,
    projectionParameters,
    tableLocation,
} from "../lib/analytics";
import { athenaQueryPolicy, eventProducerPolicy, firehoseDeliveryPolicy, firehoseTrustPolicy } from "../lib/analyticsPolicy";
import { EVENT_COLUMNS, PARTITION_KEYS, eventSchemaProblems, glueColumns } from "../lib/eventSchema";
import { ingestionDashboardBody } from "../lib/ingestionDashboard";
import { NAME_LIMITS, bucketName, physicalName } from "../lib/naming";
import { AnalyticsSettings, analyticsSchema } from "../stacks/config/analytics";
import { parseSettings } from "../stacks/config/rules";
import { ArchiveBucket } from "./archiveBucket";

/** What the stack wires into the pipeline: names, keys, the log bucket and the stack's role. */
export interface AnalyticsExportWiring {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the stack; names the Glue schema region and the dashboard's metrics. */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Customer-managed key for the stream, both buckets and query results. */
    readonly dataKmsKeyArn: pulumi.Input<string>;
    /** Customer-managed key of the delivery-error log group. */
    readonly logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Move raw events on to Glacier Deep Archive after 365 days. false keeps them in Glacier
     * Instant Retrieval, where Athena still reads them (the DR region's copy of prod's events,
     * queried after a failover). @default true
     */
    readonly rawDeepArchive?: boolean;
    /**
     * The stack's access-log bucket (same account and region): the component's buckets send their
     * S3 server access logs there. @default - none
     */
    readonly accessLogBucketName?: pulumi.Input<string>;
    /** Let `pulumi destroy` delete non-empty buckets and a workgroup with saved queries. @default false */
    readonly forceDestroy?: boolean;
    /** Protect the buckets and the Glue database from deletion by Pulumi. @default false */
    readonly protect?: boolean;
}

/**
 * The `analytics` settings (stacks/config/analytics.ts: buffering, scan cutoff, QuickSight owner,
 * retentions, projected years and the rules between them; docs/config.md documents each key) plus
 * the wiring.
 */
export type AnalyticsExportArgs = z.input<typeof analyticsSchema> & AnalyticsExportWiring;

/** Defaults of the wiring; the settings' defaults are ANALYTICS_DEFAULTS (stacks/config/analytics.ts). */
export const ANALYTICS_EXPORT_DEFAULTS = {
    rawDeepArchive: true,
    forceDestroy: false,
    protect: false,
} as const;

/** What the owner of the QuickSight data source may do with it (the console's owner set). */
export const QUICKSIGHT_DATA_SOURCE_OWNER_ACTIONS = [
    "quicksight:DescribeDataSource",
    "quicksight:DescribeDataSourcePermissions",
    "quicksight:PassDataSource",
    "quicksight:UpdateDataSource",
    "quicksight:DeleteDataSource",
    "quicksight:UpdateDataSourcePermissions",
] as const;

const PARQUET = {
    inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    serde: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
} as const;

/**
 * Problems with the pipeline's layout in code, not in settings: the event schema, Firehose's
 * prefix rules, and the Glue partition keys against the Firehose time partitions.
 */
function layoutProblems(): string[] {
    const samePartitions = PARTITION_KEYS.map((k) => k.name).join() === TIME_PARTITIONS.map((p) => p.key).join();
    return [
        ...eventSchemaProblems(),
        ...firehosePrefixProblems(eventPrefix(), errorOutputPrefix()),
        ...(samePartitions ? [] : ["the Glue partition keys and the Firehose time partitions must list the same keys in the same order"]),
    ];
}

/** The Glue database and its events table. */
interface Catalog {
    readonly database: aws.glue.CatalogDatabase;
    readonly table: aws.glue.CatalogTable;
}

/** What Firehose delivers with: its error log group and stream, its role and the role's policy. */
interface Delivery {
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly logStream: aws.cloudwatch.LogStream;
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy;
}

/** What the builders share: the settings, the wiring, and names and values derived from them. */
interface Build {
    readonly name: string;
    readonly args: AnalyticsExportArgs;
    readonly s: AnalyticsSettings;
    readonly prefix: string;
    readonly accountId: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
    readonly streamName: string;
    readonly protect: boolean;
    readonly forceDestroy: boolean;
}

/**
 * Usage analytics: apps put JSON events into a Firehose stream (direct put, encrypted with the
 * data key), which converts them to Parquet against a Glue table defined from lib/eventSchema.ts
 * and writes them into an archive bucket under hourly `year=/month=/day=/hour=` prefixes. Athena
 * finds the partitions by projection (no crawler) in a workgroup with a scan cutoff and encrypted
 * results; a CloudWatch dashboard shows ingestion; a QuickSight data source is optional.
 * Producers get `producerPolicyArn` (put records into this stream, nothing else).
 */
export class AnalyticsExport extends pulumi.ComponentResource {
    public readonly streamName: pulumi.Output<string>;
    public readonly streamArn: pulumi.Output<string>;
    public readonly rawBucketName: pulumi.Output<string>;
    public readonly rawBucketArn: pulumi.Output<string>;
    public readonly resultsBucketName: pulumi.Output<string>;
    public readonly glueDatabaseName: pulumi.Output<string>;
    public readonly glueTableName: pulumi.Output<string>;
    public readonly workgroupName: pulumi.Output<string>;
    public readonly dashboardName: pulumi.Output<string>;
    /** Managed policy for producers: firehose:PutRecord(Batch) on this stream only. */
    public readonly producerPolicyArn: pulumi.Output<string>;
    /** Managed policy for readers (analysts, QuickSight's service role): query the events table in the workgroup. */
    public readonly queryPolicyArn: pulumi.Output<string>;
    public readonly firehoseRoleArn: pulumi.Output<string>;
    /** ARN of the QuickSight data source, when one was asked for. */
    public readonly quicksightDataSourceArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: AnalyticsExportArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("AnalyticsExport", name, analyticsSchema, args);
        const layout = layoutProblems();
        if (layout.length > 0) throw new Error(`AnalyticsExport ${name}: ${layout.join("; ")}`);
        super("startup:analytics:AnalyticsExport", name, {}, opts);

        const d = ANALYTICS_EXPORT_DEFAULTS;
        const prefix = args.namePrefix;
        const b: Build = {
            name,
            args,
            s,
            prefix,
            accountId: pulumi.output(args.accountId),
            partition: pulumi.output(args.partition),
            streamName: physicalName(prefix, "analytics-events"),
            protect: args.protect ?? d.protect,
            forceDestroy: args.forceDestroy ?? d.forceDestroy,
        };
        const { raw, results } = this.buckets(b);
        const catalog = this.catalog(b, raw);
        const delivery = this.delivery(b, raw, catalog);
        const { stream, producerPolicy } = this.stream(b, raw, catalog, delivery);
        const { workgroup, queryPolicy } = this.query(b, raw, results, catalog);
        const dashboard = this.dashboard(b, stream, raw, catalog, workgroup);

        this.streamName = stream.name;
        this.streamArn = stream.arn;
        this.rawBucketName = raw.bucketName;
        this.rawBucketArn = raw.bucketArn;
        this.resultsBucketName = results.bucketName;
        this.glueDatabaseName = catalog.database.name;
        this.glueTableName = catalog.table.name;
        this.workgroupName = workgroup.name;
        this.dashboardName = dashboard.dashboardName;
        this.producerPolicyArn = producerPolicy.arn;
        this.queryPolicyArn = queryPolicy.arn;
        this.firehoseRoleArn = delivery.role.arn;
        this.quicksightDataSourceArn = this.quicksightDataSource(b, workgroup);
        this.registerOutputs({
            streamName: this.streamName,
            streamArn: this.streamArn,
            rawBucketName: this.rawBucketName,
            rawBucketArn: this.rawBucketArn,
            resultsBucketName: this.resultsBucketName,
            glueDatabaseName: this.glueDatabaseName,
            glueTableName: this.glueTableName,
            workgroupName: this.workgroupName,
            dashboardName: this.dashboardName,
            producerPolicyArn: this.producerPolicyArn,
            queryPolicyArn: this.queryPolicyArn,
            firehoseRoleArn: this.firehoseRoleArn,
            quicksightDataSourceArn: this.quicksightDataSourceArn,
        });
    }

    /** The raw-events bucket, archived by age and kept unless asked, and the expiring query-results bucket. */
    private buckets(b: Build): { raw: ArchiveBucket; results: ArchiveBucket } {
        const { name, args, s, prefix } = b;
        // Raw events: kept (archived by age) well past Pinpoint's old 90 days; deleted only if asked.
        const raw = new ArchiveBucket(
            `${name}-raw`,
            {
                bucketName: b.accountId.apply((id) => bucketName(prefix, "analytics-raw", id, args.region)),
                kmsKeyArn: args.dataKmsKeyArn,
                archivePolicy: "age",
                ...((args.rawDeepArchive ?? ANALYTICS_EXPORT_DEFAULTS.rawDeepArchive) ? {} : { deepArchiveAfterDays: null }),
                expireAfterDays: s.rawEventRetentionDays,
                accessLogBucketName: args.accessLogBucketName,
                forceDestroy: b.forceDestroy,
                protect: b.protect,
            },
            { parent: this },
        );
        // Query results get their own bucket: analysts write there but only read raw events, and
        // results expire while raw events stay.
        const results = new ArchiveBucket(
            `${name}-results`,
            {
                bucketName: b.accountId.apply((id) => bucketName(prefix, "athena-results", id, args.region)),
                kmsKeyArn: args.dataKmsKeyArn,
                archivePolicy: "age",
                deepArchiveAfterDays: null,
                expireAfterDays: s.queryResultRetentionDays,
                accessLogBucketName: args.accessLogBucketName,
                forceDestroy: b.forceDestroy,
                protect: b.protect,
            },
            { parent: this },
        );
        return { raw, results };
    }

    /** The Glue database and the Parquet events table, its partitions found by projection. */
    private catalog(b: Build, raw: ArchiveBucket): Catalog {
        const { name, s, prefix } = b;
        const database = new aws.glue.CatalogDatabase(
            `${name}-database`,
            { name: glueDatabaseName(prefix), description: `${prefix} usage analytics` },
            { parent: this, protect: b.protect },
        );
        const table = new aws.glue.CatalogTable(
            `${name}-events-table`,
            {
                databaseName: database.name,
                name: EVENTS_TABLE,
                description: "App usage events, Parquet, hourly partitions found by projection (see lib/eventSchema.ts).",
                tableType: "EXTERNAL_TABLE",
                parameters: raw.bucketName.apply((bucket) => ({
                    EXTERNAL: "TRUE",
                    classification: "parquet",
                    "parquet.compression": "SNAPPY",
                    ...projectionParameters(bucket, s),
                    // Set here, not by hand: the program owns the table's parameters.
                    ...(s.readRestoredGlacierObjects ? { read_restored_glacier_objects: "true" } : {}),
                })),
                partitionKeys: glueColumns(PARTITION_KEYS),
                storageDescriptor: {
                    location: raw.bucketName.apply((bucket) => tableLocation(bucket)),
                    inputFormat: PARQUET.inputFormat,
                    outputFormat: PARQUET.outputFormat,
                    serDeInfo: { name: "parquet", serializationLibrary: PARQUET.serde, parameters: { "serialization.format": "1" } },
                    columns: glueColumns(EVENT_COLUMNS),
                },
            },
            { parent: this },
        );
        return { database, table };
    }

    /** The delivery-error log group and stream, and the role Firehose delivers as with its inline policy. */
    private delivery(b: Build, raw: ArchiveBucket, catalog: Catalog): Delivery {
        const { name, args, s, prefix, streamName } = b;
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-delivery-logs`,
            {
                name: `/${prefix}/firehose/${streamName}`,
                retentionInDays: s.errorLogRetentionDays,
                kmsKeyId: args.logsKmsKeyArn,
                tags: { Name: `${streamName}-delivery-errors` },
            },
            { parent: this },
        );
        const logStream = new aws.cloudwatch.LogStream(
            `${name}-delivery-log-stream`,
            { logGroupName: logGroup.name, name: "DestinationDelivery" },
            { parent: this },
        );

        const roleName = physicalName(prefix, "analytics-firehose", NAME_LIMITS.iamRole);
        const role = new aws.iam.Role(
            `${name}-firehose-role`,
            {
                name: roleName,
                description: `Firehose delivery of ${streamName} into the raw-events bucket`,
                assumeRolePolicy: b.accountId.apply((id) => JSON.stringify(firehoseTrustPolicy(id))),
                tags: { Name: roleName },
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-firehose-delivery`,
            {
                role: role.id,
                policy: pulumi
                    .all([b.partition, b.accountId, raw.bucketArn, pulumi.output(args.dataKmsKeyArn), catalog.database.name, catalog.table.name, logGroup.arn, logStream.name])
                    .apply(([part, id, bucketArn, dataKeyArn, db, tbl, logGroupArn, logStreamName]) =>
                        JSON.stringify(
                            firehoseDeliveryPolicy({
                                partition: part,
                                region: args.region,
                                accountId: id,
                                bucketArn,
                                dataKeyArn,
                                glueDatabaseName: db,
                                glueTableName: tbl,
                                logGroupArn,
                                logStreamName,
                            }),
                        ),
                    ),
            },
            { parent: this },
        );
        return { logGroup, logStream, role, policy };
    }

    /** The direct-put stream that converts JSON to Parquet, and the policy producers put records with. */
    private stream(b: Build, raw: ArchiveBucket, catalog: Catalog, delivery: Delivery): { stream: aws.kinesis.FirehoseDeliveryStream; producerPolicy: aws.iam.Policy } {
        const { name, args, s, prefix, streamName } = b;
        const stream = new aws.kinesis.FirehoseDeliveryStream(
            `${name}-stream`,
            {
                name: streamName,
                // Direct put: no Kinesis source configuration.
                destination: "extended_s3",
                serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: args.dataKmsKeyArn },
                extendedS3Configuration: {
                    roleArn: delivery.role.arn,
                    bucketArn: raw.bucketArn,
                    kmsKeyArn: args.dataKmsKeyArn,
                    prefix: eventPrefix(),
                    errorOutputPrefix: errorOutputPrefix(),
                    bufferingSize: s.bufferSizeMiB,
                    bufferingInterval: s.bufferIntervalSeconds,
                    // Required with format conversion; the Parquet serializer compresses (Snappy).
                    compressionFormat: "UNCOMPRESSED",
                    cloudwatchLoggingOptions: { enabled: true, logGroupName: delivery.logGroup.name, logStreamName: delivery.logStream.name },
                    dataFormatConversionConfiguration: {
                        enabled: true,
                        inputFormatConfiguration: { deserializer: { openXJsonSerDe: { caseInsensitive: true } } },
                        outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
                        schemaConfiguration: {
                            catalogId: b.accountId,
                            databaseName: catalog.database.name,
                            tableName: catalog.table.name,
                            region: args.region,
                            roleArn: delivery.role.arn,
                            versionId: "LATEST",
                        },
                    },
                },
                tags: { Name: streamName },
            },
            // Firehose checks the role's access to the bucket and the table when the stream is created.
            { parent: this, dependsOn: [delivery.policy] },
        );

        const producerPolicyName = physicalName(prefix, "analytics-event-producer");
        const producerPolicy = new aws.iam.Policy(
            `${name}-producer-policy`,
            {
                name: producerPolicyName,
                description: `Put usage events into ${streamName}, and nothing else`,
                policy: stream.arn.apply((arn) => JSON.stringify(eventProducerPolicy(arn))),
                tags: { Name: producerPolicyName },
            },
            { parent: this },
        );
        return { stream, producerPolicy };
    }

    /** The enforced Athena workgroup with its scan cutoff, and the policy readers query with. */
    private query(b: Build, raw: ArchiveBucket, results: ArchiveBucket, catalog: Catalog): { workgroup: aws.athena.Workgroup; queryPolicy: aws.iam.Policy } {
        const { name, args, s, prefix } = b;
        const workgroupName = physicalName(prefix, "analytics");
        const workgroup = new aws.athena.Workgroup(
            `${name}-workgroup`,
            {
                name: workgroupName,
                description: `Queries over ${prefix} usage events`,
                state: "ENABLED",
                forceDestroy: b.forceDestroy,
                configuration: {
                    enforceWorkgroupConfiguration: true,
                    publishCloudwatchMetricsEnabled: true,
                    bytesScannedCutoffPerQuery: s.bytesScannedCutoffPerQuery,
                    engineVersion: { selectedEngineVersion: "AUTO" },
                    resultConfiguration: {
                        outputLocation: results.bucketName.apply((bucket) => `s3://${bucket}/${RESULTS_ROOT}/`),
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.dataKmsKeyArn },
                        expectedBucketOwner: b.accountId,
                    },
                },
                tags: { Name: workgroupName },
            },
            { parent: this },
        );

        const queryPolicyName = physicalName(prefix, "analytics-query");
        const queryPolicy = new aws.iam.Policy(
            `${name}-query-policy`,
            {
                name: queryPolicyName,
                description: `Query ${prefix} usage events in Athena workgroup ${workgroupName}`,
                policy: pulumi
                    .all([b.partition, b.accountId, workgroup.arn, catalog.database.name, catalog.table.name, raw.bucketArn, results.bucketArn, pulumi.output(args.dataKmsKeyArn)])
                    .apply(([part, id, workgroupArn, db, tbl, rawBucketArn, resultsBucketArn, dataKeyArn]) =>
                        JSON.stringify(
                            athenaQueryPolicy({
                                partition: part,
                                region: args.region,
                                accountId: id,
                                workgroupArn,
                                glueDatabaseName: db,
                                glueTableName: tbl,
                                rawBucketArn,
                                resultsBucketArn,
                                dataKeyArn,
                            }),
                        ),
                    ),
                tags: { Name: queryPolicyName },
            },
            { parent: this },
        );
        return { workgroup, queryPolicy };
    }

    /** The CloudWatch dashboard of the stream's ingestion. */
    private dashboard(b: Build, stream: aws.kinesis.FirehoseDeliveryStream, raw: ArchiveBucket, catalog: Catalog, workgroup: aws.athena.Workgroup): aws.cloudwatch.Dashboard {
        return new aws.cloudwatch.Dashboard(
            `${b.name}-dashboard`,
            {
                dashboardName: physicalName(b.prefix, "analytics-ingestion"),
                dashboardBody: pulumi
                    .all([stream.name, raw.bucketName, catalog.database.name, catalog.table.name, workgroup.name])
                    .apply(([streamName, rawBucket, db, tbl, wg]) =>
                        JSON.stringify(
                            ingestionDashboardBody({
                                region: b.args.region,
                                streamName,
                                bufferIntervalSeconds: b.s.bufferIntervalSeconds,
                                rawBucketName: rawBucket,
                                glueDatabaseName: db,
                                glueTableName: tbl,
                                workgroupName: wg,
                            }),
                        ),
                    ),
            },
            { parent: this },
        );
    }

    /** The QuickSight Athena data source, when `quicksightPrincipalArn` names its owner; its ARN. */
    private quicksightDataSource(b: Build, workgroup: aws.athena.Workgroup): pulumi.Output<string | undefined> {
        const owner = b.s.quicksightPrincipalArn;
        if (owner === undefined) return pulumi.output(undefined);
        // QuickSight queries through its account-wide service role, which needs queryPolicyArn.
        const dataSource = new aws.quicksight.DataSource(
            `${b.name}-quicksight-source`,
            {
                dataSourceId: physicalName(b.prefix, "analytics-athena"),
                name: `${b.prefix} usage events (Athena)`,
                type: "ATHENA",
                parameters: { athena: { workGroup: workgroup.name } },
                permissions: [{ principal: owner, actions: [...QUICKSIGHT_DATA_SOURCE_OWNER_ACTIONS] }],
                tags: { Name: `${b.prefix}-analytics-athena` },
            },
            { parent: this },
        );
        return dataSource.arn;
    }
}
