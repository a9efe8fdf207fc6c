import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { AnalyticsExport, AnalyticsExportArgs, QUICKSIGHT_DATA_SOURCE_OWNER_ACTIONS } from "../../components/analyticsExport";
import { errorOutputPrefix, evaluatePrefix, eventPrefix } from "../../lib/analytics";
import { EVENT_COLUMNS, PARTITION_KEYS } from "../../lib/eventSchema";
import { OfflineRun, RecordedResource } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, all, ancestors, one, policyOf, runComponent, some } from "../helpers";

const DATA_KEY = "arn:aws:kms:us-east-1:123456789012:key/data";
const LOGS_KEY = "arn:aws:kms:us-east-1:123456789012:key/logs";
const QS_GROUP = "arn:aws:quicksight:us-east-1:123456789012:group/default/analysts";

function args(overrides: Partial<AnalyticsExportArgs> = {}): AnalyticsExportArgs {
    return {
        namePrefix: "startup-test",
        region: "us-east-1",
        accountId: MOCK_ACCOUNT_ID,
        partition: "aws",
        dataKmsKeyArn: DATA_KEY,
        logsKmsKeyArn: LOGS_KEY,
        ...overrides,
    };
}

function runExport(overrides: Partial<AnalyticsExportArgs> = {}): Promise<OfflineRun> {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const analytics = new AnalyticsExport("analytics", args(overrides), { provider });
        return {
            streamArn: analytics.streamArn,
            producerPolicyArn: analytics.producerPolicyArn,
            queryPolicyArn: analytics.queryPolicyArn,
            quicksightDataSourceArn: analytics.quicksightDataSourceArn.apply((arn) => arn ?? "none"),
        };
    });
}

type S3Config = {
    bucketArn: string;
    roleArn: string;
    prefix: string;
    errorOutputPrefix: string;
    bufferingSize: number;
    bufferingInterval: number;
    compressionFormat: string;
    kmsKeyArn: string;
    cloudwatchLoggingOptions: { enabled: boolean; logGroupName: string; logStreamName: string };
    dataFormatConversionConfiguration: {
        enabled: boolean;
        inputFormatConfiguration: { deserializer: Record<string, unknown> };
        outputFormatConfiguration: { serializer: Record<string, unknown> };
        schemaConfiguration: { databaseName: string; tableName: string; region: string; roleArn: string };
    };
};

const STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const s3Config = (run: OfflineRun) => one(run, STREAM).inputs.extendedS3Configuration as S3Config;
const bucketNamed = (run: OfflineRun, name: string): RecordedResource => one(run, "aws:s3/bucket:Bucket", `${name}-bucket`);
const bucketOf = (run: OfflineRun, type: string, bucket: RecordedResource) =>
    all(run, type).find((r) => r.inputs.bucket === bucket.state.id) as RecordedResource;

describe("AnalyticsExport", () => {
    let run: OfflineRun;
    before(async () => {
        run = await runExport();
    });

    it("creates a direct-put Firehose stream to S3, encrypted at rest with the data key", () => {
        const stream = one(run, STREAM);
        expect(stream.inputs).to.include({ destination: "extended_s3", name: "startup-test-analytics-events" });
        expect(stream.inputs.kinesisSourceConfiguration).to.equal(undefined);
        expect(stream.inputs.serverSideEncryption).to.deep.equal({ enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: DATA_KEY });
        const s3 = s3Config(run);
        expect(s3.bucketArn).to.equal(bucketNamed(run, "analytics-raw").state.arn);
        expect(s3.kmsKeyArn).to.equal(DATA_KEY);
    });

    it("writes hourly partitions, and failed records under an error prefix Firehose accepts", () => {
        const s3 = s3Config(run);
        expect(s3.prefix).to.equal(eventPrefix());
        expect(s3.errorOutputPrefix).to.equal(errorOutputPrefix());
        expect(s3.errorOutputPrefix).to.include("!{firehose:error-output-type}");
        expect(s3.prefix).to.not.include("!{firehose:error-output-type}");
    });

    it("buffers at least 64 MiB and leaves compression to the Parquet serializer", async () => {
        expect(s3Config(run)).to.include({ bufferingSize: 128, bufferingInterval: 300, compressionFormat: "UNCOMPRESSED" });
        const small = await runExport({ bufferSizeMiB: 64, bufferIntervalSeconds: 900 });
        expect(s3Config(small)).to.include({ bufferingSize: 64, bufferingInterval: 900 });
    });

    it("converts JSON to Parquet against the very Glue table and database it creates", () => {
        const conversion = s3Config(run).dataFormatConversionConfiguration;
        expect(conversion.enabled).to.equal(true);
        expect(conversion.inputFormatConfiguration.deserializer).to.have.property("openXJsonSerDe");
        expect(conversion.outputFormatConfiguration.serializer).to.deep.equal({ parquetSerDe: { compression: "SNAPPY" } });
        const database = one(run, "aws:glue/catalogDatabase:CatalogDatabase");
        const table = one(run, "aws:glue/catalogTable:CatalogTable");
        expect(conversion.schemaConfiguration).to.deep.include({
            databaseName: database.state.name,
            tableName: table.state.name,
            region: "us-east-1",
            roleArn: one(run, "aws:iam/role:Role").state.arn,
        });
        expect(table.inputs.databaseName).to.equal(database.state.name);
        expect(database.inputs.name).to.equal("startup_test_analytics");
    });

    it("defines a Parquet external table from the schema in code, with projected partitions", () => {
        const table = one(run, "aws:glue/catalogTable:CatalogTable");
        const sd = table.inputs.storageDescriptor as {
            location: string;
            inputFormat: string;
            outputFormat: string;
            serDeInfo: { serializationLibrary: string };
            columns: Array<{ name: string; type: string }>;
        };
        const bucket = bucketNamed(run, "analytics-raw").state.id as string;
        expect(table.inputs.tableType).to.equal("EXTERNAL_TABLE");
        expect(sd.inputFormat).to.equal("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        expect(sd.outputFormat).to.equal("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
        expect(sd.serDeInfo.serializationLibrary).to.equal("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
        expect(sd.columns.map((c) => c.name)).to.deep.equal(EVENT_COLUMNS.map((c) => c.name));
        expect((table.inputs.partitionKeys as Array<{ name: string }>).map((k) => k.name)).to.deep.equal(PARTITION_KEYS.map((k) => k.name));
        expect(sd.location).to.equal(`s3://${bucket}/events/`);
        const params = table.inputs.parameters as Record<string, string>;
        expect(params).to.include({ "projection.enabled": "true", "projection.year.type": "integer", "projection.year.range": "2025,2045", classification: "parquet" });
        // The template, filled for one hour, is exactly where Firehose writes that hour.
        const at = new Date(Date.UTC(2027, 10, 9, 21));
        const filled = params["storage.location.template"].replace(/\$\{(\w+)\}/g, (_m, key: string) => ({ year: "2027", month: "11", day: "09", hour: "21" })[key] ?? "?");
        expect(filled).to.equal(`s3://${bucket}/${evaluatePrefix(s3Config(run).prefix, at)}`);
    });

    it("delivers through a least-privilege role that only Firehose of this account may assume", () => {
        const role = one(run, "aws:iam/role:Role");
        const trust = policyOf(role, "assumeRolePolicy").Statement;
        expect(trust.map((s) => s.Principal)).to.deep.equal([{ Service: "firehose.amazonaws.com" }, { Service: "firehose.amazonaws.com" }]);
        expect(trust[0].Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } });
        const [s3, kms, glue, logs] = policyOf(one(run, "aws:iam/rolePolicy:RolePolicy")).Statement;
        const bucketArn = bucketNamed(run, "analytics-raw").state.arn;
        expect(s3.Resource).to.deep.equal([bucketArn, `${bucketArn}/*`]);
        expect(kms.Resource).to.equal(DATA_KEY);
        const table = one(run, "aws:glue/catalogTable:CatalogTable");
        expect(glue.Resource).to.include(table.state.arn);
        const group = one(run, "aws:cloudwatch/logGroup:LogGroup");
        expect(logs.Resource).to.equal(`${group.state.arn}:log-stream:DestinationDelivery`);
        expect(one(run, STREAM).inputs.extendedS3Configuration).to.deep.include({ roleArn: role.state.arn });
    });

    it("logs delivery errors to a KMS-encrypted log group and stream", () => {
        const group = one(run, "aws:cloudwatch/logGroup:LogGroup");
        expect(group.inputs).to.include({ kmsKeyId: LOGS_KEY, retentionInDays: 90 });
        const logStream = one(run, "aws:cloudwatch/logStream:LogStream");
        expect(logStream.inputs.logGroupName).to.equal(group.state.name);
        expect(s3Config(run).cloudwatchLoggingOptions).to.deep.equal({ enabled: true, logGroupName: group.state.name, logStreamName: logStream.state.name });
    });

    it("exposes a producer policy that may only put records into this stream", () => {
        const policy = one(run, "aws:iam/policy:Policy", "analytics-producer-policy");
        const statements = policyOf(policy).Statement;
        expect(statements).to.deep.equal([
            { Sid: "PutUsageEvents", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: one(run, STREAM).state.arn },
        ]);
        expect(run.outputs.producerPolicyArn).to.equal(policy.state.arn);
        expect(run.outputs.streamArn).to.equal("arn:aws:firehose:us-east-1:123456789012:deliverystream/startup-test-analytics-events");
    });

    it("keeps raw events in an age-archived bucket and query results in a separate expiring one", () => {
        const raw = bucketNamed(run, "analytics-raw");
        const results = bucketNamed(run, "analytics-results");
        expect(raw.inputs.bucket).to.equal("startup-test-analytics-raw-123456789012-us-east-1");
        expect(results.inputs.bucket).to.equal("startup-test-athena-results-123456789012-us-east-1");
        type Rule = { id: string; transitions?: Array<{ days: number; storageClass: string }>; expiration?: { days?: number } };
        const rules = (b: RecordedResource) => bucketOf(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", b).inputs.rules as Rule[];
        expect(rules(raw)[0].transitions).to.deep.equal([
            { days: 180, storageClass: "GLACIER_IR" },
            { days: 365, storageClass: "DEEP_ARCHIVE" },
        ]);
        expect(rules(raw).some((r) => r.id === "expire-current-objects")).to.equal(false);
        expect(rules(results)[0].transitions).to.deep.equal([{ days: 180, storageClass: "GLACIER_IR" }]);
        expect(rules(results).find((r) => r.id === "expire-current-objects")?.expiration).to.deep.equal({ days: 365 });
        for (const b of [raw, results]) {
            const sse = bucketOf(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", b);
            expect((sse.inputs.rules as Array<{ applyServerSideEncryptionByDefault: unknown }>)[0].applyServerSideEncryptionByDefault).to.deep.equal({
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: DATA_KEY,
            });
        }
    });

    it("lets Athena read restored Deep Archive objects only when asked, through the table it owns", async () => {
        const params = (r: OfflineRun) => one(r, "aws:glue/catalogTable:CatalogTable").inputs.parameters as Record<string, string>;
        expect(params(run)).to.not.have.property("read_restored_glacier_objects");
        expect(params(await runExport({ readRestoredGlacierObjects: true }))).to.include({ read_restored_glacier_objects: "true", "projection.enabled": "true" });
    });

    it("expires raw events only when asked", async () => {
        const expiring = await runExport({ rawEventRetentionDays: 730 });
        const raw = bucketNamed(expiring, "analytics-raw");
        const rules = bucketOf(expiring, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", raw).inputs.rules as Array<{ id: string; expiration?: unknown }>;
        expect(rules.find((r) => r.id === "expire-current-objects")?.expiration).to.deep.equal({ days: 730 });
    });

    it("queries in an enforced Athena workgroup with a scan cutoff and KMS-encrypted results", () => {
        const wg = one(run, "aws:athena/workgroup:Workgroup");
        const results = bucketNamed(run, "analytics-results");
        expect(wg.inputs).to.include({ name: "startup-test-analytics", state: "ENABLED", forceDestroy: false });
        expect(wg.inputs.configuration).to.deep.equal({
            enforceWorkgroupConfiguration: true,
            publishCloudwatchMetricsEnabled: true,
            bytesScannedCutoffPerQuery: 1073741824,
            engineVersion: { selectedEngineVersion: "AUTO" },
            resultConfiguration: {
                outputLocation: `s3://${String(results.state.id)}/results/`,
                encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: DATA_KEY },
                expectedBucketOwner: MOCK_ACCOUNT_ID,
            },
        });
    });

    it("gives readers a query policy scoped to the workgroup and the two buckets", () => {
        const policy = one(run, "aws:iam/policy:Policy", "analytics-query-policy");
        const bySid = Object.fromEntries(policyOf(policy).Statement.map((s) => [s.Sid, s]));
        expect(bySid.QueryInWorkgroup.Resource).to.equal(one(run, "aws:athena/workgroup:Workgroup").state.arn);
        expect(bySid.WriteQueryResults.Resource).to.deep.equal([bucketNamed(run, "analytics-results").state.arn, `${String(bucketNamed(run, "analytics-results").state.arn)}/*`]);
        expect(run.outputs.queryPolicyArn).to.equal(policy.state.arn);
    });

    it("draws an ingestion dashboard for this stream", () => {
        const dashboard = one(run, "aws:cloudwatch/dashboard:Dashboard");
        expect(dashboard.inputs.dashboardName).to.equal("startup-test-analytics-ingestion");
        const body = JSON.parse(String(dashboard.inputs.dashboardBody)) as { widgets: Array<{ type: string; properties: { metrics?: string[][] } }> };
        const lines = body.widgets.flatMap((w) => w.properties.metrics ?? []);
        expect(lines.map((l) => l[1])).to.include.members(["IncomingRecords", "DeliveryToS3.DataFreshness", "FailedConversion.Records"]);
        expect(new Set(lines.map((l) => l[3]))).to.deep.equal(new Set(["startup-test-analytics-events"]));
    });

    it("creates a QuickSight Athena data source only when a principal is named", async () => {
        expect(some(run, "aws:quicksight/dataSource:DataSource")).to.have.lengthOf(0);
        expect(run.outputs.quicksightDataSourceArn).to.equal("none");
        const withQs = await runExport({ quicksightPrincipalArn: QS_GROUP });
        const source = one(withQs, "aws:quicksight/dataSource:DataSource");
        expect(source.inputs).to.deep.include({
            type: "ATHENA",
            parameters: { athena: { workGroup: one(withQs, "aws:athena/workgroup:Workgroup").state.name } },
            permissions: [{ principal: QS_GROUP, actions: [...QUICKSIGHT_DATA_SOURCE_OWNER_ACTIONS] }],
        });
        expect(withQs.outputs.quicksightDataSourceArn).to.equal(source.state.arn);
    });

    it("protects the buckets and the catalog when asked, and parents everything under the component", async () => {
        const protectedRun = await runExport({ protect: true });
        expect(all(protectedRun, "aws:s3/bucket:Bucket").map((b) => b.protect)).to.deep.equal([true, true]);
        expect(one(protectedRun, "aws:glue/catalogDatabase:CatalogDatabase").protect).to.equal(true);
        expect(all(run, "aws:s3/bucket:Bucket").map((b) => b.protect)).to.deep.equal([false, false]);
        for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:") && x.name.startsWith("analytics"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:analytics:AnalyticsExport");
        }
    });

    it("rejects bad settings in the words of the analytics section (stacks/config/analytics.ts), before registering anything", () => {
        // Field checks: the key, the value given and what is expected, as for a stack file.
        expect(() => new AnalyticsExport("bad", args({ bufferSizeMiB: 32, bytesScannedCutoffPerQuery: 1000 }))).to.throw(
            /^AnalyticsExport bad: bufferSizeMiB: got 32; expected at least 64 MiB: Firehose refuses smaller buffers when it converts to Parquet; bytesScannedCutoffPerQuery: got 1000; expected at least 10485760 bytes \(10 MiB\)/,
        );
        // A rule of the section's table: raw events outlive their last archive step.
        expect(() => new AnalyticsExport("bad", args({ rawEventRetentionDays: 200 }))).to.throw(
            "AnalyticsExport bad: rawEventRetentionDays: must be more than 365 (raw events move to Deep Archive then; keep them well beyond Pinpoint's old 90 days), got 200",
        );
    });
});
