import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArchiveBucket, ArchiveBucketArgs } from "../../components/archiveBucket";
import { one, policyOf, runComponent, some } from "../helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/data";

function runBucket(overrides: Partial<ArchiveBucketArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        new ArchiveBucket("archive", { bucketName: "startup-test-archive", kmsKeyArn: KEY, ...overrides }, { provider });
    });
}

describe("ArchiveBucket", () => {
    it("versions, encrypts with the KMS key and a bucket key, blocks public access and enforces ownership", async () => {
        const run = await runBucket();
        expect(one(run, "aws:s3/bucket:Bucket").inputs).to.include({ bucket: "startup-test-archive", forceDestroy: false });
        expect(one(run, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
        expect(one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true },
        ]);
        expect(one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.include({
            blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        });
        expect(one(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
        const withoutBucketKey = await runBucket({ bucketKey: false });
        expect(one(withoutBucketKey, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: false },
        ]);
    });

    it("denies every request without TLS, and appends service statements", async () => {
        const run = await runBucket({
            policyStatements: (arn) => [{ Sid: "Delivery", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:PutObject", Resource: `${arn}/*` }],
        });
        const [deny, delivery] = policyOf(one(run, "aws:s3/bucketPolicy:BucketPolicy")).Statement;
        expect(deny).to.deep.equal({
            Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
            Resource: ["arn:aws:s3:::startup-test-archive", "arn:aws:s3:::startup-test-archive/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
        expect(delivery.Sid).to.equal("Delivery");
    });

    it("moves objects to a Glacier class at 180 days by default", async () => {
        const rules = one(await runBucket(), "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as Array<{ transitions?: Array<{ days: number; storageClass: string }> }>;
        expect(rules[0].transitions?.[0]).to.deep.equal({ days: 180, storageClass: "GLACIER_IR" });
    });

    it("uses Intelligent-Tiering archive tiers for objects not accessed for 180 days when asked", async () => {
        const run = await runBucket({ archivePolicy: "access" });
        expect(one(run, "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration").inputs.tierings).to.deep.include({ accessTier: "ARCHIVE_ACCESS", days: 180 });
        expect(some(await runBucket(), "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration")).to.have.lengthOf(0);
    });

    it("keeps an instant-access bucket's objects in Intelligent-Tiering without archive tiers, and tells writers so", async () => {
        let arrival: string | undefined;
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            arrival = new ArchiveBucket("archive", { bucketName: "startup-test-archive", kmsKeyArn: KEY, archivePolicy: "instant" }, { provider }).arrivalStorageClass;
        });
        const rules = one(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as Array<{ transitions?: Array<{ days: number; storageClass: string }> }>;
        expect(rules.flatMap((r) => r.transitions ?? [])).to.deep.equal([{ days: 0, storageClass: "INTELLIGENT_TIERING" }]);
        expect(some(run, "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration")).to.deep.equal([]);
        expect(arrival).to.equal("INTELLIGENT_TIERING");
        expect(() => new ArchiveBucket("bad", { bucketName: "b", kmsKeyArn: KEY, archivePolicy: "instant", deepArchiveAfterDays: 365 })).to.throw(
            "deepArchiveAfterDays must be unset for instant access",
        );
    });

    it("uses SSE-S3 only when no key is given and the reason is recorded on the bucket", async () => {
        const run = await runBucket({ kmsKeyArn: undefined, sseS3Reason: "ELB access log delivery supports SSE-S3 only" });
        expect(one(run, "aws:s3/bucket:Bucket").inputs.tags).to.deep.include({ SseS3Reason: "ELB access log delivery supports SSE-S3 only" });
        expect(() => new ArchiveBucket("nokey", { bucketName: "b" })).to.throw(/a bucket without kmsKeyArn must say why in sseS3Reason/);
        expect(one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
    });

    it("takes a name derived from an output, such as the account id", async () => {
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            const name = pulumi.output("123456789012").apply((id) => `startup-test-archive-${id}`);
            new ArchiveBucket("archive", { bucketName: name, kmsKeyArn: KEY }, { provider });
        });
        expect(one(run, "aws:s3/bucket:Bucket").inputs).to.include({ bucket: "startup-test-archive-123456789012" });
        expect(one(run, "aws:s3/bucket:Bucket").inputs.tags).to.deep.equal({ Name: "startup-test-archive-123456789012" });
        expect(one(run, "aws:s3/bucketPolicy:BucketPolicy").inputs.bucket).to.equal("startup-test-archive-123456789012");
        expect(() => new ArchiveBucket("bad", { bucketName: pulumi.output("b"), archiveAfterDays: 0 })).to.throw(/^ArchiveBucket bad: archiveAfterDays must be/);
    });

    it("protects the bucket when asked", async () => {
        expect(one(await runBucket({ protect: true }), "aws:s3/bucket:Bucket").protect).to.equal(true);
        expect(one(await runBucket(), "aws:s3/bucket:Bucket").protect).to.equal(false);
    });

    it("takes a name known only at deploy time, such as one built from the account id", async () => {
        const run = await runBucket({ bucketName: pulumi.output("123456789012").apply((id) => `startup-test-archive-${id}`) });
        expect(one(run, "aws:s3/bucket:Bucket").inputs).to.include({ bucket: "startup-test-archive-123456789012" });
        expect(() => new ArchiveBucket("bad", { bucketName: pulumi.output("b"), archivePolicy: "access", archiveAfterDays: 30 })).to.throw(
            /^ArchiveBucket bad: archiveAfterDays must be 90-730/,
        );
    });

    it("rejects archive settings S3 would refuse, before registering anything", () => {
        expect(() => new ArchiveBucket("bad", { bucketName: "b", archivePolicy: "access", archiveAfterDays: 30 })).to.throw(
            /ArchiveBucket bad \(b\): archiveAfterDays must be 90-730/,
        );
    });
});

describe("ArchiveBucket with computed inputs", () => {
    it("takes a computed name and statements that wait on other outputs", async () => {
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            const account = pulumi.output("123456789012");
            new ArchiveBucket(
                "logs",
                {
                    bucketName: account.apply((id) => `startup-test-logs-${id}`),
                    kmsKeyArn: KEY,
                    policyStatements: (arn) =>
                        account.apply((id) => [{ Sid: "Delivery", Effect: "Allow" as const, Principal: { Service: "x.amazonaws.com" }, Action: "s3:PutObject", Resource: `${arn}/AWSLogs/${id}/*` }]),
                },
                { provider },
            );
        });
        expect(one(run, "aws:s3/bucket:Bucket").inputs.bucket).to.equal("startup-test-logs-123456789012");
        const [, delivery] = policyOf(one(run, "aws:s3/bucketPolicy:BucketPolicy")).Statement;
        expect(delivery.Resource).to.equal("arn:aws:s3:::startup-test-logs-123456789012/AWSLogs/123456789012/*");
    });

    it("turns Object Lock on after versioning, with the default retention, without touching the bucket's own setting", async () => {
        const run = await runBucket({ objectLock: { mode: "COMPLIANCE", retentionDays: 30 } });
        const lock = one(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
        expect(lock.inputs).to.deep.equal({ bucket: "startup-test-archive", objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", days: 30 } } });
        expect(lock.dependsOn).to.deep.equal([one(run, "aws:s3/bucketVersioning:BucketVersioning").urn]);
        // Setting objectLockEnabled on the bucket would replace it.
        expect(one(run, "aws:s3/bucket:Bucket").inputs).to.not.have.property("objectLockEnabled");
        expect(some(await runBucket(), "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")).to.deep.equal([]);
    });

    it("sends its server access logs to the access-log bucket under s3/<name>/, date-partitioned", async () => {
        const run = await runBucket({ accessLogBucketName: "startup-test-s3-access-logs" });
        expect(one(run, "aws:s3/bucketLogging:BucketLogging").inputs).to.deep.equal({
            bucket: "startup-test-archive",
            targetBucket: "startup-test-s3-access-logs",
            targetPrefix: "s3/startup-test-archive/",
            targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
        });
        expect(some(await runBucket(), "aws:s3/bucketLogging:BucketLogging")).to.deep.equal([]);
    });

    it("tags the reason it sends no access logs, and refuses a reason beside a log bucket or a bad lock", async () => {
        const run = await runBucket({ accessLogExemption: "the access-log bucket itself" });
        expect(one(run, "aws:s3/bucket:Bucket").inputs.tags).to.deep.equal({ Name: "startup-test-archive", AccessLogExemption: "the access-log bucket itself" });
        expect(() => new ArchiveBucket("b", { bucketName: "b-x", kmsKeyArn: KEY, accessLogBucketName: "logs", accessLogExemption: "why" })).to.throw(
            "accessLogExemption only applies to a bucket without accessLogBucketName",
        );
        expect(() => new ArchiveBucket("b", { bucketName: "b-x", kmsKeyArn: KEY, objectLock: { mode: "GOVERNANCE", retentionDays: 0 } })).to.throw(
            "ArchiveBucket b (b-x): objectLock.retentionDays must be a whole number of days",
        );
    });
});
