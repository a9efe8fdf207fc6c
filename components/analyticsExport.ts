import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ANALYTICS_DEFAULTS,
    EVENTS_TABLE,
    RESULTS_ROOT,
    analyticsSettingsProblems,
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
import { ARCHIVE_DEFAULTS, archiveRuleProblems } from "../lib/lifecycle";
import { NAME_LIMITS, bucketName, physicalName } from "../lib/naming";
import { ArchiveBucket } from "./archiveBucket";

export interface AnalyticsExportArgs {
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
    /** MiB Firehose buffers before writing a Parquet object, 64-128. @default 128 */
    readonly bufferSizeMiB?: number;
    /** Seconds Firehose buffers before writing, 0-900. @default 300 */
    readonly bufferIntervalSeconds?: number;
    /** Bytes one Athena query may scan before it is cancelled, at least 10 MiB. @default 1073741824 */
    readonly bytesScannedCutoffPerQuery?: number;
    /** Days delivery-error logs are kept (a CloudWatch Logs retention value). @default 90 */
    readonly errorLogRetentionDays?: number;
    /** Days after which raw events are deleted; after the Deep Archive step. @default - kept forever */
    readonly rawEventExpirationDays?: number;
    /**
     * Move raw events on to Glacier Deep Archive after 365 days. false keeps them in Glacier
     * Instant Retrieval, where Athena still reads them (the DR region's copy of prod's events,
     * queried after a failover). @default true
     */
    readonly rawDeepArchive?: boolean;
    /** Days Athena query results are kept; after the 180-day archive step. @default 365 */
    readonly queryResultExpirationDays?: number;
    /** First year partition projection covers. @default 2025 */
    readonly firstEventYear?: number;
    /** Last year partition projection covers. @default 2045 */
    readonly lastEventYear?: number;
    /** QuickSight user or group ARN that owns an Athena data source; none is created without it. @default - no data source */
    readonly quicksightPrincipalArn?: string;
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

export const ANALYTICS_EXPORT_DEFAULTS = {
    ...ANALYTICS_DEFAULTS,
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
        const d = ANALYTICS_EXPORT_DEFAULTS;
        const settings = {
            bufferSizeMiB: args.bufferSizeMiB ?? d.bufferSizeMiB,
            bufferIntervalSeconds: args.bufferIntervalSeconds ?? d.bufferIntervalSeconds,
            bytesScannedCutoffPerQuery: args.bytesScannedCutoffPerQuery ?? d.bytesScannedCutoffPerQuery,
            errorLogRetentionDays: args.errorLogRetentionDays ?? d.errorLogRetentionDays,
            firstEventYear: args.firstEventYear ?? d.firstEventYear,
            lastEventYear: args.lastEventYear ?? d.lastEventYear,
            quicksightPrincipalArn: args.quicksightPrincipalArn,
        };
        const queryResultExpirationDays = args.queryResultExpirationDays ?? d.queryResultExpirationDays;
        const problems = [
            ...analyticsSettingsProblems(settings),
            ...eventSchemaProblems(),
            ...firehosePrefixProblems(eventPrefix(), errorOutputPrefix()),
            ...archiveRuleProblems({ ...ARCHIVE_DEFAULTS, expireAfterDays: args.rawEventExpirationDays }).map((p) => `rawEventExpirationDays: ${p}`),
            ...archiveRuleProblems({ ...ARCHIVE_DEFAULTS, deepArchiveAfterDays: undefined, expireAfterDays: queryResultExpirationDays }).map(
                (p) => `queryResultExpirationDays: ${p}`,
            ),
        ];
        if (problems.length > 0) {
            throw new Error(`AnalyticsExport ${name}: ${problems.join("; ")}`);
        }
        super("startup:analytics:AnalyticsExport", name, {}, opts);

        const prefix = args.namePrefix;
        const protect = args.protect ?? d.protect;
        const forceDestroy = args.forceDestroy ?? d.forceDestroy;
        const accountId = pulumi.output(args.accountId);
        const partition = pulumi.output(args.partition);
        const streamName = physicalName(prefix, "analytics-events");

        // Raw events: kept (archived by age) well past Pinpoint's old 90 days; deleted only if asked.
        const raw = new ArchiveBucket(
            `${name}-raw`,
            {
                bucketName: accountId.apply((id) => bucketName(prefix, "analytics-raw", id, args.region)),
                kmsKeyArn: args.dataKmsKeyArn,
                archivePolicy: "age",
                ...((args.rawDeepArchive ?? d.rawDeepArchive) ? {} : { deepArchiveAfterDays: null }),
                expireAfterDays: args.rawEventExpirationDays,
                accessLogBucketName: args.accessLogBucketName,
                forceDestroy,
                protect,
            },
            { parent: this },
        );
        // Query results get their own bucket: analysts write there but only read raw events, and
        // results expire while raw events stay.
        const results = new ArchiveBucket(
            `${name}-results`,
            {
                bucketName: accountId.apply((id) => bucketName(prefix, "athena-results", id, args.region)),
                kmsKeyArn: args.dataKmsKeyArn,
                archivePolicy: "age",
                deepArchiveAfterDays: null,
                expireAfterDays: queryResultExpirationDays,
                accessLogBucketName: args.accessLogBucketName,
                forceDestroy,
                protect,
            },
            { parent: this },
        );

        const database = new aws.glue.CatalogDatabase(
            `${name}-database`,
            { name: glueDatabaseName(prefix), description: `${prefix} usage analytics` },
            { parent: this, protect },
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
                    ...projectionParameters(bucket, settings),
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

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-delivery-logs`,
            {
                name: `/${prefix}/firehose/${streamName}`,
                retentionInDays: settings.errorLogRetentionDays,
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
                assumeRolePolicy: accountId.apply((id) => JSON.stringify(firehoseTrustPolicy(id))),
                tags: { Name: roleName },
            },
            { parent: this },
        );
        const delivery = new aws.iam.RolePolicy(
            `${name}-firehose-delivery`,
            {
                role: role.id,
                policy: pulumi
                    .all([partition, accountId, raw.bucketArn, pulumi.output(args.dataKmsKeyArn), database.name, table.name, logGroup.arn, logStream.name])
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

        const stream = new aws.kinesis.FirehoseDeliveryStream(
            `${name}-stream`,
            {
                name: streamName,
                // Direct put: no Kinesis source configuration.
                destination: "extended_s3",
                serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: args.dataKmsKeyArn },
                extendedS3Configuration: {
                    roleArn: role.arn,
                    bucketArn: raw.bucketArn,
                    kmsKeyArn: args.dataKmsKeyArn,
                    prefix: eventPrefix(),
                    errorOutputPrefix: errorOutputPrefix(),
                    bufferingSize: settings.bufferSizeMiB,
                    bufferingInterval: settings.bufferIntervalSeconds,
                    // Required with format conversion; the Parquet serializer compresses (Snappy).
                    compressionFormat: "UNCOMPRESSED",
                    cloudwatchLoggingOptions: { enabled: true, logGroupName: logGroup.name, logStreamName: logStream.name },
                    dataFormatConversionConfiguration: {
                        enabled: true,
                        inputFormatConfiguration: { deserializer: { openXJsonSerDe: { caseInsensitive: true } } },
                        outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
                        schemaConfiguration: {
                            catalogId: accountId,
                            databaseName: database.name,
                            tableName: table.name,
                            region: args.region,
                            roleArn: role.arn,
                            versionId: "LATEST",
                        },
                    },
                },
                tags: { Name: streamName },
            },
            // Firehose checks the role's access to the bucket and the table when the stream is created.
            { parent: this, dependsOn: [delivery] },
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

        const workgroupName = physicalName(prefix, "analytics");
        const workgroup = new aws.athena.Workgroup(
            `${name}-workgroup`,
            {
                name: workgroupName,
                description: `Queries over ${prefix} usage events`,
                state: "ENABLED",
                forceDestroy,
                configuration: {
                    enforceWorkgroupConfiguration: true,
                    publishCloudwatchMetricsEnabled: true,
                    bytesScannedCutoffPerQuery: settings.bytesScannedCutoffPerQuery,
                    engineVersion: { selectedEngineVersion: "AUTO" },
                    resultConfiguration: {
                        outputLocation: results.bucketName.apply((bucket) => `s3://${bucket}/${RESULTS_ROOT}/`),
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.dataKmsKeyArn },
                        expectedBucketOwner: accountId,
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
                    .all([partition, accountId, workgroup.arn, database.name, table.name, raw.bucketArn, results.bucketArn, pulumi.output(args.dataKmsKeyArn)])
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

        const dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: physicalName(prefix, "analytics-ingestion"),
                dashboardBody: pulumi
                    .all([stream.name, raw.bucketName, database.name, table.name, workgroup.name])
                    .apply(([stream, rawBucket, db, tbl, wg]) =>
                        JSON.stringify(
                            ingestionDashboardBody({
                                region: args.region,
                                streamName: stream,
                                bufferIntervalSeconds: settings.bufferIntervalSeconds,
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

        let quicksightDataSourceArn: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (args.quicksightPrincipalArn !== undefined) {
            // QuickSight queries through its account-wide service role, which needs queryPolicyArn.
            const dataSource = new aws.quicksight.DataSource(
                `${name}-quicksight-source`,
                {
                    dataSourceId: physicalName(prefix, "analytics-athena"),
                    name: `${prefix} usage events (Athena)`,
                    type: "ATHENA",
                    parameters: { athena: { workGroup: workgroup.name } },
                    permissions: [{ principal: args.quicksightPrincipalArn, actions: [...QUICKSIGHT_DATA_SOURCE_OWNER_ACTIONS] }],
                    tags: { Name: `${prefix}-analytics-athena` },
                },
                { parent: this },
            );
            quicksightDataSourceArn = dataSource.arn;
        }

        this.streamName = stream.name;
        this.streamArn = stream.arn;
        this.rawBucketName = raw.bucketName;
        this.rawBucketArn = raw.bucketArn;
        this.resultsBucketName = results.bucketName;
        this.glueDatabaseName = database.name;
        this.glueTableName = table.name;
        this.workgroupName = workgroup.name;
        this.dashboardName = dashboard.dashboardName;
        this.producerPolicyArn = producerPolicy.arn;
        this.queryPolicyArn = queryPolicy.arn;
        this.firehoseRoleArn = role.arn;
        this.quicksightDataSourceArn = quicksightDataSourceArn;
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
}
