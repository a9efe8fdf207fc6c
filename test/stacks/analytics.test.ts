import { expect } from "chai";
import { evaluatePrefix } from "../../lib/analytics";
import { OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { one, policyOf, runOffline, some, stackRuns } from "../helpers";

const STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const STACKS = ["dev", "prod", "dr"] as const;

type Conversion = { schemaConfiguration: { databaseName: string; tableName: string; region: string; roleArn: string } };
type S3Config = { bucketArn: string; prefix: string; bufferingSize: number; bufferingInterval: number; dataFormatConversionConfiguration: Conversion };

const s3Config = (run: OfflineRun) => one(run, STREAM).inputs.extendedS3Configuration as S3Config;
const analyticsConfig = (stack: string) => readStackConfigFile(stack)["startup-platform:analytics"] as Record<string, unknown>;

describe("analytics, end to end under mocks", () => {
    const runs: Record<string, OfflineRun> = {};
    before(async () => {
        Object.assign(runs, await stackRuns());
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("converts to Parquet against the Glue database and table this stack creates", () => {
                const run = runs[stack];
                const schema = s3Config(run).dataFormatConversionConfiguration.schemaConfiguration;
                const database = one(run, "aws:glue/catalogDatabase:CatalogDatabase");
                const table = one(run, "aws:glue/catalogTable:CatalogTable");
                expect(schema.databaseName).to.equal(database.state.name);
                expect(schema.tableName).to.equal(table.state.name);
                expect(table.inputs.databaseName).to.equal(database.state.name);
                expect(schema.region).to.equal(run.region);
                expect(schema.roleArn).to.equal(one(run, "aws:iam/role:Role", "analytics-firehose-role").state.arn);
            });

            it("delivers where the table's location template says the partitions are", () => {
                const run = runs[stack];
                const table = one(run, "aws:glue/catalogTable:CatalogTable");
                const rawBucket = one(run, "aws:s3/bucket:Bucket", "analytics-raw-bucket");
                expect(s3Config(run).bucketArn).to.equal(rawBucket.state.arn);
                const template = (table.inputs.parameters as Record<string, string>)["storage.location.template"];
                const hour = { year: "2031", month: "01", day: "02", hour: "03" } as Record<string, string>;
                const filled = template.replace(/\$\{(\w+)\}/g, (_m, key: string) => hour[key]);
                const written = `s3://${String(rawBucket.state.id)}/${evaluatePrefix(s3Config(run).prefix, new Date(Date.UTC(2031, 0, 2, 3)))}`;
                expect(filled).to.equal(written);
            });

            it("lets producers put records into this stream and nothing else, and exports that policy", () => {
                const run = runs[stack];
                const stream = one(run, STREAM);
                const policy = one(run, "aws:iam/policy:Policy", "analytics-producer-policy");
                const statements = policyOf(policy).Statement;
                expect(statements).to.have.lengthOf(1);
                expect(statements[0]).to.deep.include({ Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: stream.state.arn });
                expect(run.outputs.analyticsProducerPolicyArn).to.equal(policy.state.arn);
                expect(run.outputs.analyticsStreamArn).to.equal(stream.state.arn);
            });

            it("exports the stream, bucket, catalog, workgroup and dashboard names", () => {
                const run = runs[stack];
                const prefix = `startup-${stack}`;
                expect(run.outputs).to.include({
                    analyticsStreamName: `${prefix}-analytics-events`,
                    analyticsRawBucketName: one(run, "aws:s3/bucket:Bucket", "analytics-raw-bucket").state.id,
                    analyticsGlueDatabaseName: `startup_${stack}_analytics`,
                    analyticsGlueTableName: "events",
                    analyticsWorkgroupName: `${prefix}-analytics`,
                    analyticsDashboardName: `${prefix}-analytics-ingestion`,
                });
            });

            it("sizes buffering, the scan cutoff and log retention from its own config", () => {
                const run = runs[stack];
                const cfg = analyticsConfig(stack);
                expect(s3Config(run)).to.include({ bufferingSize: cfg.bufferSizeMiB, bufferingInterval: cfg.bufferIntervalSeconds });
                const wg = one(run, "aws:athena/workgroup:Workgroup").inputs.configuration as Record<string, unknown>;
                expect(wg).to.include({ bytesScannedCutoffPerQuery: cfg.bytesScannedCutoffPerQuery, enforceWorkgroupConfiguration: true });
                expect(one(run, "aws:cloudwatch/logGroup:LogGroup", "analytics-delivery-logs").inputs.retentionInDays).to.equal(cfg.errorLogRetentionDays);
            });
        });
    }

    it("adds a QuickSight data source only when the stack's config names a principal", async () => {
        for (const stack of STACKS) expect(some(runs[stack], "aws:quicksight/dataSource:DataSource"), stack).to.have.lengthOf(0);
        const config = readStackConfigFile("dev");
        const principal = "arn:aws:quicksight:us-east-1:123456789012:user/default/analyst";
        config["startup-platform:analytics"] = { ...analyticsConfig("dev"), quicksightPrincipalArn: principal };
        const run = await runOffline({ stack: "dev", config });
        const source = one(run, "aws:quicksight/dataSource:DataSource");
        expect(source.inputs).to.deep.include({ type: "ATHENA", parameters: { athena: { workGroup: "startup-dev-analytics" } } });
        expect((source.inputs.permissions as Array<{ principal: string }>)[0].principal).to.equal(principal);
    });
});
