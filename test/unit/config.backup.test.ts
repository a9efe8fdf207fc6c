import { expect } from "chai";
import { BACKUP_DEFAULTS } from "../../stacks/config/backup";
import { parsePlatformConfig } from "../../stacks/config/load";
import { readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, problemsOf } from "../configHelpers";

const KEY = "startup-platform:backup";

function prodWith(backup: unknown): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("prod"));
    if (backup === undefined) delete raw[KEY];
    else raw[KEY] = backup;
    return raw;
}

describe("stack config: backup", () => {
    it("copies prod to the region where the DR stack holds the copy vault", () => {
        const read = (stack: string) => parsePlatformConfig(readStackConfigFile(stack), { stack, file: `Pulumi.${stack}.yaml` });
        expect(read("prod").backup.copyToRegion).to.equal(read("dr").region);
    });

    it("defaults to a daily backup kept a week, without copies", () => {
        expect(parsePlatformConfig(prodWith(undefined), source).backup).to.deep.equal({ ...BACKUP_DEFAULTS });
    });

    it("rejects bad retention, hours and regions", () => {
        const problems = problemsOf(prodWith({ dailyRetentionDays: 0, scheduleHourUtc: 24, copyToRegion: "west" }));
        expect(problems).to.include("startup-platform:backup.dailyRetentionDays: got 0; expected 1-36500 days");
        expect(problems).to.include("startup-platform:backup.scheduleHourUtc: got 24; expected an hour 0-23");
        expect(problems.find((p) => p.startsWith("startup-platform:backup.copyToRegion"))).to.match(
            /^startup-platform:backup\.copyToRegion: got "west"; not a commercial AWS region; expected one of: us-east-1, us-east-2, /,
        );
    });

    it("holds the cross-field rules", () => {
        expect(problemsOf(prodWith({ dailyRetentionDays: 35, weeklyRetentionDays: 30 }))).to.deep.equal([
            "startup-platform:backup.weeklyRetentionDays: must be longer than dailyRetentionDays (35), or leave it out",
        ]);
        expect(problemsOf(prodWith({ copyRetentionDays: 30 }))).to.deep.equal(["startup-platform:backup.copyRetentionDays: only applies with copyToRegion"]);
    });
});
