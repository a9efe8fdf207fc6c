import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { UserDataStore, UserDataStoreArgs } from "../../components/userDataStore";
import { MOCK_ACCOUNT_ID, ancestors, one, policyOf, runComponent } from "../helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/mrk-data";
const DR_KEY = "arn:aws:kms:us-west-2:123456789012:key/mrk-data";
const TABLE = "aws:dynamodb/table:Table";

function args(overrides: Partial<UserDataStoreArgs> = {}): UserDataStoreArgs {
    return { namePrefix: "startup-test", region: "us-east-1", accountId: MOCK_ACCOUNT_ID, kmsKeyArn: KEY, ...overrides };
}

function runStore(overrides: Partial<UserDataStoreArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const store = new UserDataStore("user-data", args(overrides), { provider });
        return { tableStreamArn: store.tableStreamArn, uploadsBucketName: store.uploadsBucketName };
    });
}

describe("UserDataStore", () => {
    it("keys an on-demand, encrypted, recoverable table by identity id, with streams for global tables", async () => {
        const run = await runStore();
        const table = one(run, TABLE);
        expect(table.inputs).to.deep.include({
            name: "startup-test-user-data",
            billingMode: "PAY_PER_REQUEST",
            hashKey: "identityId",
            rangeKey: "itemKey",
            attributes: [
                { name: "identityId", type: "S" },
                { name: "itemKey", type: "S" },
            ],
            pointInTimeRecovery: { enabled: true },
            serverSideEncryption: { enabled: true, kmsKeyArn: KEY },
            streamEnabled: true,
            streamViewType: "NEW_AND_OLD_IMAGES",
        });
        expect(table.inputs.replicas).to.equal(undefined);
        expect(run.outputs.tableStreamArn).to.match(/^arn:aws:dynamodb:us-east-1:123456789012:table\/startup-test-user-data\/stream\//);
    });

    it("protects the table with Pulumi and DynamoDB deletion protection only when asked", async () => {
        const prod = one(await runStore({ protect: true }), TABLE);
        expect(prod.protect).to.equal(true);
        expect(prod.inputs.deletionProtectionEnabled).to.equal(true);
        const dev = one(await runStore(), TABLE);
        expect(dev.protect).to.equal(false);
        expect(dev.inputs.deletionProtectionEnabled).to.equal(false);
        const protectedUploads = one(await runStore({ protect: true }), "aws:s3/bucket:Bucket");
        expect(protectedUploads.protect).to.equal(true);
        expect(protectedUploads.inputs.forceDestroy).to.equal(false);
        // Unprotected, a destroy takes the users' files with the bucket (S3 refuses a non-empty one).
        const devUploads = one(await runStore(), "aws:s3/bucket:Bucket");
        expect(devUploads).to.deep.include({ protect: false });
        expect(devUploads.inputs.forceDestroy).to.equal(true);
    });

    it("replicates to the regions it is given, each with its own KMS key and point-in-time recovery", async () => {
        const table = one(await runStore({ protect: true, replicas: [{ regionName: "us-west-2", kmsKeyArn: DR_KEY }] }), TABLE);
        expect(table.inputs.replicas).to.deep.equal([
            { regionName: "us-west-2", kmsKeyArn: DR_KEY, pointInTimeRecovery: true, deletionProtectionEnabled: true, propagateTags: true },
        ]);
    });

    it("leaves its replicas to another stack when asked (aws.dynamodb.TableReplica in DR), and only then", async () => {
        const table = one(await runStore({ userDataReplicatedByDr: true }), TABLE);
        expect(table.inputs.replicas).to.equal(undefined);
        expect(table.ignoreChanges).to.deep.equal(["replicas"]);
        expect(one(await runStore(), TABLE).ignoreChanges).to.deep.equal([]);
        expect(() => new UserDataStore("both", args({ userDataReplicatedByDr: true, replicas: [{ regionName: "us-west-2", kmsKeyArn: DR_KEY }] }))).to.throw(
            "replicas and userDataReplicatedByDr exclude each other",
        );
    });

    it("rejects replicas DynamoDB would refuse, before registering anything", () => {
        expect(() => new UserDataStore("bad", args({ replicas: [{ regionName: "us-east-1", kmsKeyArn: KEY }] }))).to.throw(
            "UserDataStore bad: replica region us-east-1 is the table's own region; list other regions only",
        );
        expect(() => new UserDataStore("bad", args({ replicas: [{ regionName: "us-west-2", kmsKeyArn: KEY }] }))).to.throw(
            `replica in us-west-2 needs a KMS key in us-west-2, got ${KEY}`,
        );
        expect(() =>
            new UserDataStore("bad", args({ replicas: [{ regionName: "us-west-2", kmsKeyArn: DR_KEY }, { regionName: "us-west-2", kmsKeyArn: DR_KEY }] })),
        ).to.throw("replica region us-west-2 is listed twice");
    });

    it("keeps uploads in an archive bucket that tiers by last access, encrypted with the data key", async () => {
        const run = await runStore();
        expect(run.outputs.uploadsBucketName).to.equal(`startup-test-user-uploads-${MOCK_ACCOUNT_ID}-us-east-1`);
        const bucket = one(run, "aws:s3/bucket:Bucket");
        expect(ancestors(run, bucket).map((a) => a.type)).to.deep.equal(["startup:storage:ArchiveBucket", "startup:identity:UserDataStore"]);
        expect(one(run, "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration").inputs.tierings).to.deep.include({
            accessTier: "ARCHIVE_ACCESS",
            days: 180,
        });
        const sse = one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules as Array<{
            applyServerSideEncryptionByDefault: { kmsMasterKeyId: string };
        }>;
        expect(sse[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).to.equal(KEY);
    });

    it("grants each identity its own items and its own uploads folder, with the policy variable intact", async () => {
        const run = await runStore();
        const table = one(run, TABLE);
        const bucket = one(run, "aws:s3/bucket:Bucket");
        const statements = policyOf(one(run, "aws:iam/policy:Policy")).Statement;
        const items = statements.find((s) => s.Sid === "OwnItemsOnly")!;
        expect(items.Resource).to.equal(table.state.arn);
        expect(items.Condition).to.deep.equal({ "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"] } });
        const uploads = statements.find((s) => s.Sid === "OwnUploadsOnly")!;
        expect(uploads.Resource).to.equal(`${String(bucket.state.arn)}/private/\${cognito-identity.amazonaws.com:sub}/*`);
        const key = statements.find((s) => s.Sid === "DataKeyThroughS3AndDynamoDbOnly")!;
        expect(key.Resource).to.equal(KEY);
    });
});
