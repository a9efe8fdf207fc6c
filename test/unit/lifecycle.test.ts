import { expect } from "chai";
import { ARCHIVE_DEFAULTS, ArchiveRuleArgs, archiveLifecycleRules, archiveRuleProblems, arrivalStorageClass, intelligentTieringRules } from "../../lib/lifecycle";

const base: ArchiveRuleArgs = { ...ARCHIVE_DEFAULTS };

describe("lib/lifecycle", () => {
    it("archives by age to Glacier Instant Retrieval at 180 days, then Deep Archive", () => {
        const [archive, noncurrent, abort] = archiveLifecycleRules(base);
        expect(archive.transitions).to.deep.equal([
            { days: 180, storageClass: "GLACIER_IR" },
            { days: 365, storageClass: "DEEP_ARCHIVE" },
        ]);
        expect(noncurrent.noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 90 });
        expect(noncurrent.expiration).to.deep.equal({ expiredObjectDeleteMarker: true });
        expect(abort.abortIncompleteMultipartUpload).to.deep.equal({ daysAfterInitiation: 7 });
        expect(intelligentTieringRules(base)).to.deep.equal([]);
    });

    it("archives by last access through Intelligent-Tiering tiers at 180 days", () => {
        const args: ArchiveRuleArgs = { ...base, policy: "access" };
        expect(archiveLifecycleRules(args)[0].transitions).to.deep.equal([{ days: 0, storageClass: "INTELLIGENT_TIERING" }]);
        expect(intelligentTieringRules(args)).to.deep.equal([
            { accessTier: "ARCHIVE_ACCESS", days: 180 },
            { accessTier: "DEEP_ARCHIVE_ACCESS", days: 365 },
        ]);
    });

    it("keeps instant-access objects in Intelligent-Tiering's millisecond tiers: no opt-in archive tier, ever", () => {
        const args: ArchiveRuleArgs = { ...base, policy: "instant", deepArchiveAfterDays: undefined };
        expect(archiveRuleProblems(args)).to.deep.equal([]);
        expect(archiveLifecycleRules(args)[0].transitions).to.deep.equal([{ days: 0, storageClass: "INTELLIGENT_TIERING" }]);
        expect(intelligentTieringRules(args)).to.deep.equal([]);
        expect(archiveRuleProblems({ ...args, deepArchiveAfterDays: 365 })).to.deep.equal([
            "deepArchiveAfterDays must be unset for instant access: its objects never leave the millisecond tiers, got 365",
        ]);
        // Objects may expire at any age: there is no archive step to wait for.
        expect(archiveRuleProblems({ ...args, expireAfterDays: 30 })).to.deep.equal([]);
    });

    it("says which class a replica should arrive in: Intelligent-Tiering for access and instant buckets, the source's for age", () => {
        expect(arrivalStorageClass("instant")).to.equal("INTELLIGENT_TIERING");
        expect(arrivalStorageClass("access")).to.equal("INTELLIGENT_TIERING");
        expect(arrivalStorageClass("age")).to.equal(undefined);
    });

    it("can stop at the first archive tier and expire objects at the end", () => {
        const rules = archiveLifecycleRules({ ...base, deepArchiveAfterDays: undefined, expireAfterDays: 2555 });
        expect(rules[0].transitions).to.deep.equal([{ days: 180, storageClass: "GLACIER_IR" }]);
        expect(rules.at(-1)).to.deep.include({ id: "expire-current-objects", expiration: { days: 2555 } });
    });

    it("accepts the defaults and rejects numbers S3 would refuse or bill for nothing", () => {
        expect(archiveRuleProblems(base)).to.deep.equal([]);
        expect(archiveRuleProblems({ ...base, policy: "access", archiveAfterDays: 60 })[0]).to.include("must be 90-730");
        expect(archiveRuleProblems({ ...base, policy: "access", deepArchiveAfterDays: 900 })[0]).to.include("180-730");
        expect(archiveRuleProblems({ ...base, deepArchiveAfterDays: 200 })[0]).to.include("at least archiveAfterDays + 90 (270)");
        expect(archiveRuleProblems({ ...base, expireAfterDays: 300 })[0]).to.include("must come after the last archive step");
        expect(archiveRuleProblems({ ...base, archiveAfterDays: 0 })[0]).to.include("positive whole number");
    });
});
