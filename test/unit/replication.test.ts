import { expect } from "chai";
import { REPLICATION_RULE_ID, RTC_MINUTES, arnRegion, bucketReplicationPolicy, replicationProblems, replicationRule } from "../../lib/replication";

const SRC = "arn:aws:s3:::startup-prod-analytics-raw-123456789012-us-east-1";
const DST = "arn:aws:s3:::startup-dr-analytics-raw-123456789012-us-west-2";
const SRC_KEY = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234";
const DST_KEY = "arn:aws:kms:us-west-2:123456789012:key/abcd";

describe("lib/replication", () => {
    const policy = bucketReplicationPolicy({
        sourceBucketArn: SRC,
        sourceKmsKeyArn: SRC_KEY,
        sourceRegion: "us-east-1",
        destinationBucketArn: DST,
        destinationKmsKeyArn: DST_KEY,
        destinationRegion: "us-west-2",
    });
    const statement = (sid: string) => policy.Statement.find((s) => s.Sid === sid);

    it("lets the role read only the source bucket's configuration and object versions", () => {
        expect(statement("ReadSourceReplicationConfiguration")).to.deep.include({
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: SRC,
        });
        expect(statement("ReadSourceObjectVersions")).to.deep.include({
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: `${SRC}/*`,
        });
    });

    it("lets it write replicas, delete markers and tags only into the destination", () => {
        expect(statement("WriteReplicas")).to.deep.include({
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: `${DST}/*`,
        });
    });

    it("decrypts with the source key and encrypts with the destination key, each only through S3 in its region for its bucket", () => {
        expect(statement("DecryptSourceObjects")).to.deep.equal({
            Sid: "DecryptSourceObjects",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: SRC_KEY,
            Condition: {
                StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [SRC, `${SRC}/*`] },
            },
        });
        expect(statement("EncryptReplicas")).to.deep.equal({
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: "kms:Encrypt",
            Resource: DST_KEY,
            Condition: {
                StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [DST, `${DST}/*`] },
            },
        });
    });

    it("grants nothing else: no wildcard actions or resources", () => {
        expect(policy.Statement).to.have.lengthOf(5);
        for (const s of policy.Statement) {
            expect(s.Effect).to.equal("Allow");
            expect([s.Action].flat().some((a) => a.endsWith("*")), s.Sid).to.equal(false);
            expect([s.Resource].flat(), s.Sid).to.not.include("*");
        }
    });

    it("builds one V2 rule for the whole bucket: KMS objects, delete markers, RTC with metrics", () => {
        expect(replicationRule({ destinationBucketArn: DST, destinationKmsKeyArn: DST_KEY, timeControl: true })).to.deep.equal({
            id: REPLICATION_RULE_ID,
            status: "Enabled",
            priority: 1,
            filter: {},
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
                bucket: DST,
                encryptionConfiguration: { replicaKmsKeyId: DST_KEY },
                metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                replicationTime: { status: "Enabled", time: { minutes: 15 } },
            },
        });
        expect(RTC_MINUTES).to.equal(15);
    });

    it("writes replicas in the storage class asked for, and in the source's otherwise", () => {
        const rule = replicationRule({ destinationBucketArn: DST, destinationKmsKeyArn: DST_KEY, timeControl: true, storageClass: "INTELLIGENT_TIERING" });
        expect(rule.destination.storageClass).to.equal("INTELLIGENT_TIERING");
        expect(replicationRule({ destinationBucketArn: DST, destinationKmsKeyArn: DST_KEY, timeControl: true }).destination).to.not.have.property("storageClass");
    });

    it("keeps metrics without RTC, and then without RTC's event threshold", () => {
        const rule = replicationRule({ destinationBucketArn: DST, destinationKmsKeyArn: DST_KEY, timeControl: false });
        expect(rule.destination).to.not.have.property("replicationTime");
        expect(rule.destination.metrics).to.deep.equal({ status: "Enabled" });
        expect(rule.deleteMarkerReplication).to.deep.equal({ status: "Enabled" });
    });

    it("rejects a replication within one region and keys outside their bucket's region", () => {
        expect(replicationProblems({ sourceRegion: "us-east-1", destinationRegion: "us-west-2", sourceKmsKeyArn: SRC_KEY, destinationKmsKeyArn: DST_KEY })).to.deep.equal([]);
        expect(replicationProblems({ sourceRegion: "us-east-1", destinationRegion: "us-east-1" })).to.deep.equal([
            "destination region us-east-1 is the source's region; cross-region replication needs another region",
        ]);
        expect(replicationProblems({ sourceRegion: "us-east-1", destinationRegion: "us-west-2", destinationKmsKeyArn: SRC_KEY })).to.deep.equal([
            `destination KMS key ${SRC_KEY} is in us-east-1; it must be in the destination bucket's region us-west-2`,
        ]);
        expect(arnRegion("arn:aws:s3:::bucket")).to.equal(undefined);
        expect(arnRegion(DST_KEY)).to.equal("us-west-2");
    });
});
