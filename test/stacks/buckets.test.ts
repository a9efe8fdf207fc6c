import { expect } from "chai";
import { OfflineRun, RecordedResource } from "../../tools/offline/run";
import { STACKS, everyStackRun, policyOf, some } from "../helpers";

/**
 * Bucket hygiene on EVERY bucket the program creates, in every stack: whichever slice adds a
 * bucket, it is found here by type and its settings are matched by the `bucket` input equal to
 * the bucket's id.
 */

const GLACIER_CLASSES = ["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"];

type Rule = {
    status?: string;
    transitions?: Array<{ days?: number; storageClass: string }>;
};

/** The resources of a type that configure this bucket. */
function settingsOf(run: OfflineRun, type: string, bucket: RecordedResource): RecordedResource[] {
    return some(run, type).filter((r) => r.inputs.bucket === bucket.state.id);
}

function hasArchiveRuleAt180Days(run: OfflineRun, bucket: RecordedResource): boolean {
    const rules = settingsOf(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket).flatMap(
        (l) => (l.inputs.rules as Rule[] | undefined) ?? [],
    );
    const enabled = rules.filter((r) => r.status === "Enabled");
    // By age: a transition to a Glacier class at 180 days.
    const byAge = enabled.some((r) => (r.transitions ?? []).some((t) => t.days === 180 && GLACIER_CLASSES.includes(t.storageClass)));
    // By last access: everything into Intelligent-Tiering, whose archive tier starts at 180 days.
    const intoTiering = enabled.some((r) => (r.transitions ?? []).some((t) => t.storageClass === "INTELLIGENT_TIERING"));
    const tiers = settingsOf(run, "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration", bucket).flatMap(
        (c) => (c.inputs.status === "Enabled" ? ((c.inputs.tierings as Array<{ accessTier: string; days: number }>) ?? []) : []),
    );
    const byAccess = intoTiering && tiers.some((t) => t.accessTier === "ARCHIVE_ACCESS" && t.days === 180);
    // Instant access (DR's copies): Intelligent-Tiering with no opt-in tier; its automatic Archive
    // Instant Access tier takes what was not read for 90 days, still readable in milliseconds.
    const instant = intoTiering && tiers.length === 0;
    return byAge || byAccess || instant;
}

describe("every bucket, in every stack", () => {
    const runs: Record<string, OfflineRun> = {};
    before(async () => {
        Object.assign(runs, Object.fromEntries(await everyStackRun()));
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            const buckets = () => some(runs[stack], "aws:s3/bucket:Bucket");

            it("has buckets to check", () => {
                expect(buckets()).to.not.be.empty;
            });

            it("versions every bucket", () => {
                for (const b of buckets()) {
                    const versioning = settingsOf(runs[stack], "aws:s3/bucketVersioning:BucketVersioning", b);
                    expect(versioning.map((v) => v.inputs.versioningConfiguration), b.name).to.deep.equal([{ status: "Enabled" }]);
                }
            });

            it("encrypts every bucket by default, KMS ones with a bucket key (CloudTrail's without: it would need kms:Decrypt)", () => {
                for (const b of buckets()) {
                    const sse = settingsOf(runs[stack], "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", b);
                    expect(sse, b.name).to.have.lengthOf(1);
                    const rules = sse[0].inputs.rules as Array<{ applyServerSideEncryptionByDefault: { sseAlgorithm: string; kmsMasterKeyId?: string }; bucketKeyEnabled?: boolean }>;
                    expect(rules, b.name).to.not.be.empty;
                    for (const rule of rules) {
                        const algorithm = rule.applyServerSideEncryptionByDefault.sseAlgorithm;
                        expect(["aws:kms", "aws:kms:dsse", "AES256"], b.name).to.include(algorithm);
                        if (algorithm.startsWith("aws:kms")) {
                            expect(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId, b.name).to.be.a("string");
                            expect(rule.bucketKeyEnabled, b.name).to.equal(!String(b.inputs.bucket).includes("-audit-logs-"));
                        }
                    }
                }
            });

            it("blocks all public access on every bucket", () => {
                for (const b of buckets()) {
                    const blocks = settingsOf(runs[stack], "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", b);
                    expect(blocks, b.name).to.have.lengthOf(1);
                    expect(blocks[0].inputs, b.name).to.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
                }
            });

            it("disables ACLs (bucket owner enforced) on every bucket but those that say why they need them", () => {
                for (const b of buckets()) {
                    const ownership = settingsOf(runs[stack], "aws:s3/bucketOwnershipControls:BucketOwnershipControls", b);
                    const reason = (b.inputs.tags as Record<string, string> | undefined)?.AclsEnabledReason;
                    expect(ownership.map((o) => o.inputs.rule), b.name).to.deep.equal([{ objectOwnership: reason ? "BucketOwnerPreferred" : "BucketOwnerEnforced" }]);
                }
                // Only CloudFront's legacy log delivery needs them.
                const withAcls = buckets().filter((b) => (b.inputs.tags as Record<string, string> | undefined)?.AclsEnabledReason !== undefined);
                expect(withAcls.map((b) => b.name)).to.deep.equal(["assets-logs-bucket"]);
            });

            it("denies requests without TLS to every bucket and its objects", () => {
                for (const b of buckets()) {
                    const policies = settingsOf(runs[stack], "aws:s3/bucketPolicy:BucketPolicy", b);
                    expect(policies, b.name).to.have.lengthOf(1);
                    const deny = policyOf(policies[0]).Statement.find(
                        (s) => s.Effect === "Deny" && JSON.stringify(s.Condition) === JSON.stringify({ Bool: { "aws:SecureTransport": "false" } }),
                    );
                    expect(deny, `${b.name}: a TLS-deny statement`).to.not.equal(undefined);
                    expect(deny?.Principal, b.name).to.equal("*");
                    expect(deny?.Action, b.name).to.equal("s3:*");
                    expect(deny?.Resource, b.name).to.have.members([b.state.arn, `${String(b.state.arn)}/*`]);
                }
            });

            it("archives what has not been needed for 180 days, in every bucket", () => {
                for (const b of buckets()) {
                    expect(hasArchiveRuleAt180Days(runs[stack], b), `${b.name}: a 180-day archive rule`).to.equal(true);
                }
            });
        });
    }
});
