/**
 * IAM documents of the usage-analytics pipeline (same style as lib/policy.ts): who may put events
 * into the stream, what Firehose may touch to deliver them, and what a query role needs.
 */
import { PolicyDocument, PolicyStatement, policyDocument, serviceTrustPolicy } from "./policy";

/** ARNs a Glue table read is authorised against: the catalog, the database and the table. */
export function glueTableArns(partition: string, region: string, accountId: string, database: string, table: string): string[] {
    const base = `arn:${partition}:glue:${region}:${accountId}`;
    return [`${base}:catalog`, `${base}:database/${database}`, `${base}:table/${database}/${table}`];
}

/**
 * Firehose's trust policy, limited to this account. Firehose passes the account id as the
 * external id when it assumes a delivery role (the console-created roles check `sts:ExternalId`);
 * the `aws:SourceAccount` statement is the platform's usual guard. Either proves the same account.
 */
export function firehoseTrustPolicy(accountId: string): PolicyDocument {
    const [sourceAccount] = serviceTrustPolicy("firehose.amazonaws.com", accountId).Statement;
    return policyDocument(
        { Sid: "FirehoseForThisAccount", ...sourceAccount },
        {
            Sid: "FirehoseWithThisAccountAsExternalId",
            Effect: "Allow",
            Principal: { Service: "firehose.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": accountId } },
        },
    );
}

/** KMS use through S3 only, for objects of the given buckets (bucket keys put the bucket ARN in the context). */
function kmsViaS3(keyArn: string, region: string, bucketArns: string[], actions: string[]): PolicyStatement {
    return {
        Sid: "UseDataKeyThroughS3ForTheseBuckets",
        Effect: "Allow",
        Action: actions,
        Resource: keyArn,
        Condition: {
            StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": bucketArns.flatMap((arn) => [arn, `${arn}/*`]) },
        },
    };
}

export interface FirehoseDeliveryPolicyArgs {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly bucketArn: string;
    readonly dataKeyArn: string;
    readonly glueDatabaseName: string;
    readonly glueTableName: string;
    readonly logGroupArn: string;
    readonly logStreamName: string;
}

/**
 * What the delivery role needs and nothing more (Firehose Developer Guide, "Controlling access"):
 * write objects into one bucket, encrypt them with the data key through S3, read the schema of
 * one Glue table, and log delivery errors to one log stream.
 */
export function firehoseDeliveryPolicy(a: FirehoseDeliveryPolicyArgs): PolicyDocument {
    return policyDocument(
        {
            Sid: "DeliverToRawEventsBucket",
            Effect: "Allow",
            Action: [
                "s3:AbortMultipartUpload",
                "s3:GetBucketLocation",
                "s3:GetObject",
                "s3:ListBucket",
                "s3:ListBucketMultipartUploads",
                "s3:PutObject",
            ],
            Resource: [a.bucketArn, `${a.bucketArn}/*`],
        },
        kmsViaS3(a.dataKeyArn, a.region, [a.bucketArn], ["kms:GenerateDataKey", "kms:Decrypt"]),
        {
            Sid: "ReadEventSchema",
            Effect: "Allow",
            Action: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
            Resource: glueTableArns(a.partition, a.region, a.accountId, a.glueDatabaseName, a.glueTableName),
        },
        {
            Sid: "LogDeliveryErrors",
            Effect: "Allow",
            Action: "logs:PutLogEvents",
            Resource: `${a.logGroupArn}:log-stream:${a.logStreamName}`,
        },
    );
}

/**
 * What a producer (the app tier, the identity pool's signed-in users) may do: put records into
 * this one stream. The stream's server-side encryption needs no KMS rights from producers:
 * Firehose encrypts with a grant it holds on the key.
 */
export function eventProducerPolicy(streamArn: string): PolicyDocument {
    return policyDocument({
        Sid: "PutUsageEvents",
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: streamArn,
    });
}

export interface AthenaQueryPolicyArgs {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly workgroupArn: string;
    readonly glueDatabaseName: string;
    readonly glueTableName: string;
    readonly rawBucketArn: string;
    readonly resultsBucketArn: string;
    readonly dataKeyArn: string;
}

/**
 * Read-only querying of the events table through one workgroup: run queries there, read the
 * table's metadata and data, write results to the results bucket.
 */
export function athenaQueryPolicy(a: AthenaQueryPolicyArgs): PolicyDocument {
    return policyDocument(
        {
            Sid: "QueryInWorkgroup",
            Effect: "Allow",
            Action: [
                "athena:GetWorkGroup",
                "athena:StartQueryExecution",
                "athena:StopQueryExecution",
                "athena:GetQueryExecution",
                "athena:GetQueryResults",
                // What the JDBC/ODBC drivers (streamed results) and the console's history use.
                "athena:GetQueryResultsStream",
                "athena:ListQueryExecutions",
                "athena:BatchGetQueryExecution",
            ],
            Resource: a.workgroupArn,
        },
        {
            // Listing actions that take no resource: the console lists workgroups and catalogs.
            Sid: "ListWorkgroupsAndCatalogs",
            Effect: "Allow",
            Action: ["athena:ListWorkGroups", "athena:ListDataCatalogs"],
            Resource: "*",
        },
        {
            Sid: "BrowseDefaultCatalog",
            Effect: "Allow",
            Action: ["athena:GetDataCatalog", "athena:ListDatabases", "athena:GetDatabase", "athena:ListTableMetadata", "athena:GetTableMetadata"],
            Resource: `arn:${a.partition}:athena:${a.region}:${a.accountId}:datacatalog/AwsDataCatalog`,
        },
        {
            Sid: "ReadEventsTableMetadata",
            Effect: "Allow",
            Action: ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions"],
            Resource: glueTableArns(a.partition, a.region, a.accountId, a.glueDatabaseName, a.glueTableName),
        },
        {
            Sid: "ReadRawEvents",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
            Resource: [a.rawBucketArn, `${a.rawBucketArn}/*`],
        },
        {
            Sid: "WriteQueryResults",
            Effect: "Allow",
            Action: [
                "s3:GetObject",
                "s3:PutObject",
                "s3:ListBucket",
                "s3:GetBucketLocation",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
                "s3:ListBucketMultipartUploads",
            ],
            Resource: [a.resultsBucketArn, `${a.resultsBucketArn}/*`],
        },
        kmsViaS3(a.dataKeyArn, a.region, [a.rawBucketArn, a.resultsBucketArn], ["kms:Decrypt", "kms:GenerateDataKey"]),
    );
}
