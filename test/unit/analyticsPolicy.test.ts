import { expect } from "chai";
import { athenaQueryPolicy, eventProducerPolicy, firehoseDeliveryPolicy, firehoseTrustPolicy, glueTableArns } from "../../lib/analyticsPolicy";

const ACCOUNT = "123456789012";
const STREAM = `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/startup-prod-analytics-events`;
const BUCKET = "arn:aws:s3:::raw";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/data`;

describe("lib/analyticsPolicy", () => {
    it("lets producers put records into the one stream and do nothing else", () => {
        const doc = eventProducerPolicy(STREAM);
        expect(doc.Statement).to.deep.equal([
            { Sid: "PutUsageEvents", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: STREAM },
        ]);
        expect(JSON.stringify(doc)).to.not.match(/kms:|\*"/);
    });

    it("lets Firehose assume the delivery role for this account only", () => {
        const statements = firehoseTrustPolicy(ACCOUNT).Statement;
        expect(statements.map((s) => s.Principal)).to.deep.equal([{ Service: "firehose.amazonaws.com" }, { Service: "firehose.amazonaws.com" }]);
        expect(statements.map((s) => s.Condition)).to.deep.equal([
            { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            { StringEquals: { "sts:ExternalId": ACCOUNT } },
        ]);
    });

    it("gives the delivery role the bucket, the key through S3, the table's schema and one log stream", () => {
        const doc = firehoseDeliveryPolicy({
            partition: "aws",
            region: "us-east-1",
            accountId: ACCOUNT,
            bucketArn: BUCKET,
            dataKeyArn: KEY,
            glueDatabaseName: "db",
            glueTableName: "events",
            logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/x/firehose`,
            logStreamName: "DestinationDelivery",
        });
        const [s3, kms, glue, logs] = doc.Statement;
        expect(s3.Resource).to.deep.equal([BUCKET, `${BUCKET}/*`]);
        expect(s3.Action).to.include("s3:PutObject").and.not.include("s3:DeleteObject");
        expect(kms).to.deep.include({ Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEY });
        expect(kms.Condition).to.deep.equal({
            StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET, `${BUCKET}/*`] },
        });
        expect(glue.Action).to.deep.equal(["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"]);
        expect(glue.Resource).to.deep.equal(glueTableArns("aws", "us-east-1", ACCOUNT, "db", "events"));
        expect(logs).to.deep.include({
            Action: "logs:PutLogEvents",
            Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/x/firehose:log-stream:DestinationDelivery`,
        });
        expect(JSON.stringify(doc)).to.not.include('"*"');
    });

    it("scopes Glue reads to the catalog, database and table ARNs", () => {
        expect(glueTableArns("aws", "eu-west-1", ACCOUNT, "db", "events")).to.deep.equal([
            `arn:aws:glue:eu-west-1:${ACCOUNT}:catalog`,
            `arn:aws:glue:eu-west-1:${ACCOUNT}:database/db`,
            `arn:aws:glue:eu-west-1:${ACCOUNT}:table/db/events`,
        ]);
    });

    it("lets readers query in the workgroup, read raw events and write only to the results bucket", () => {
        const doc = athenaQueryPolicy({
            partition: "aws",
            region: "us-east-1",
            accountId: ACCOUNT,
            workgroupArn: `arn:aws:athena:us-east-1:${ACCOUNT}:workgroup/wg`,
            glueDatabaseName: "db",
            glueTableName: "events",
            rawBucketArn: BUCKET,
            resultsBucketArn: "arn:aws:s3:::results",
            dataKeyArn: KEY,
        });
        const bySid = Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
        expect(bySid.QueryInWorkgroup.Resource).to.equal(`arn:aws:athena:us-east-1:${ACCOUNT}:workgroup/wg`);
        expect(bySid.ReadRawEvents.Action).to.not.include("s3:PutObject");
        expect(bySid.WriteQueryResults.Resource).to.deep.equal(["arn:aws:s3:::results", "arn:aws:s3:::results/*"]);
        const writes = doc.Statement.filter((s) => ([] as string[]).concat(s.Action).includes("s3:PutObject"));
        expect(writes.map((s) => s.Sid)).to.deep.equal(["WriteQueryResults"]);
        // The drivers stream results, the console lists history, workgroups and catalogs.
        expect(bySid.QueryInWorkgroup.Action).to.include.members(["athena:GetQueryResultsStream", "athena:ListQueryExecutions", "athena:BatchGetQueryExecution"]);
        // Only the listing actions that take no resource get "*".
        const anywhere = doc.Statement.filter((s) => s.Resource === "*");
        expect(anywhere).to.deep.equal([{ Sid: "ListWorkgroupsAndCatalogs", Effect: "Allow", Action: ["athena:ListWorkGroups", "athena:ListDataCatalogs"], Resource: "*" }]);
    });
});
