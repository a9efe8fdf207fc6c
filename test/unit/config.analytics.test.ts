import { expect } from "chai";
import { ConfigError, parsePlatformConfig } from "../../stacks/config/load";
import { readStackConfigFile } from "../../tools/offline/run";

const KEY = "startup-platform:analytics";
const source = { stack: "prod", file: "Pulumi.prod.yaml" };

/** prod's real config with the analytics section replaced. */
function withAnalytics(section: unknown): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("prod"));
    if (section === undefined) delete raw[KEY];
    else raw[KEY] = section;
    return raw;
}

function problemsOf(section: unknown): string[] {
    try {
        parsePlatformConfig(withAnalytics(section), source);
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as ConfigError).problems;
    }
    expect.fail("expected the config to be rejected");
}

describe("stack config: analytics", () => {
    it("fills every default when the section is empty", () => {
        const cfg = parsePlatformConfig(withAnalytics({}), source).analytics;
        expect(cfg).to.deep.equal({
            bufferSizeMiB: 128,
            bufferIntervalSeconds: 300,
            bytesScannedCutoffPerQuery: 1073741824,
            errorLogRetentionDays: 90,
            queryResultRetentionDays: 365,
            firstEventYear: 2025,
            lastEventYear: 2045,
            readRestoredGlacierObjects: false,
        });
    });

    it("accepts a QuickSight group as the data source owner", () => {
        const arn = "arn:aws:quicksight:us-east-1:123456789012:group/default/analysts";
        expect(parsePlatformConfig(withAnalytics({ quicksightPrincipalArn: arn }), source).analytics.quicksightPrincipalArn).to.equal(arn);
    });

    it("rejects values Firehose and Athena would refuse, naming the key, the value and the limit", () => {
        const problems = problemsOf({
            bufferSizeMiB: 32,
            bufferIntervalSeconds: 1200,
            bytesScannedCutoffPerQuery: 1000000,
            errorLogRetentionDays: 42,
            quicksightPrincipalArn: "arn:aws:iam::123456789012:user/alice",
        });
        expect(problems).to.have.lengthOf(5);
        expect(problems).to.include(
            `${KEY}.bufferSizeMiB: got 32; expected at least 64 MiB: Firehose refuses smaller buffers when it converts to Parquet`,
        );
        expect(problems).to.include(`${KEY}.bufferIntervalSeconds: got 1200; expected at most 900 seconds (the Firehose maximum)`);
        expect(problems).to.include(
            `${KEY}.bytesScannedCutoffPerQuery: got 1000000; expected at least 10485760 bytes (10 MiB), the smallest cutoff Athena accepts`,
        );
        expect(problems.join("\n")).to.match(/analytics\.errorLogRetentionDays: got 42; expected one of: 1, 3, 5, .*3653/);
        expect(problems.join("\n")).to.include(
            `${KEY}.quicksightPrincipalArn: got "arn:aws:iam::123456789012:user/alice"; expected a QuickSight user or group ARN`,
        );
    });

    it("rejects fractions, too-large buffers and too-short intervals", () => {
        expect(problemsOf({ bufferSizeMiB: 64.5 })).to.deep.equal([`${KEY}.bufferSizeMiB: got 64.5; expected a whole number of MiB from 64 to 128`]);
        expect(problemsOf({ bufferSizeMiB: 256 })).to.deep.equal([`${KEY}.bufferSizeMiB: got 256; expected at most 128 MiB (the Firehose maximum)`]);
        expect(problemsOf({ bufferIntervalSeconds: 10 })[0]).to.include("expected at least 60 seconds");
        expect(problemsOf({ bufferSizeMiB: "big" })).to.deep.equal([`${KEY}.bufferSizeMiB: got "big"; expected a number`]);
    });

    it("holds the retention rules: raw events past Deep Archive, results past the archive step", () => {
        expect(problemsOf({ rawEventRetentionDays: 90 })).to.deep.equal([
            `${KEY}.rawEventRetentionDays: must be more than 365 (raw events move to Deep Archive then; keep them well beyond Pinpoint's old 90 days), got 90`,
        ]);
        expect(problemsOf({ queryResultRetentionDays: 30 })).to.deep.equal([
            `${KEY}.queryResultRetentionDays: must be more than 180 (every bucket archives at 180 days), got 30`,
        ]);
        expect(problemsOf({ firstEventYear: 2030, lastEventYear: 2026 })).to.deep.equal([
            `${KEY}.lastEventYear: must not be before firstEventYear (2030), got 2026`,
        ]);
    });

    it("bounds the retentions and the scan cutoff, which had no upper limit", () => {
        expect(problemsOf({ rawEventRetentionDays: 1e9 })).to.deep.equal([
            `${KEY}.rawEventRetentionDays: got 1000000000; expected at most 36500 days (100 years); leave it out to keep raw events forever`,
        ]);
        expect(problemsOf({ queryResultRetentionDays: 36501 })).to.deep.equal([`${KEY}.queryResultRetentionDays: got 36501; expected at most 36500 days (100 years)`]);
        expect(problemsOf({ bytesScannedCutoffPerQuery: 1e30 })).to.deep.equal([
            `${KEY}.bytesScannedCutoffPerQuery: got 1e+30; expected at most ${Number.MAX_SAFE_INTEGER} bytes (larger numbers lose precision on the way to Athena)`,
        ]);
    });

    it("rejects typos and a missing section", () => {
        const [typo] = problemsOf({ bufferSizeMB: 64 });
        expect(typo).to.match(/^startup-platform:analytics\.bufferSizeMB: unknown key \(a typo\?\); allowed keys here: bufferSizeMiB, bufferIntervalSeconds, /);
        expect(problemsOf(undefined)).to.deep.equal([`${KEY}: is missing; expected a map of settings`]);
    });
});
