import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config/load";
import { SINGLETONS, singletonConflicts } from "../../stacks/config/singletons";
import { allStacks } from "../../tools/plan";
import { readStackConfigFile } from "../../tools/offline/run";
import { moveToRegion } from "../configHelpers";

const parse = (stack: string, edit?: (raw: Record<string, unknown>) => void) => {
    const raw = readStackConfigFile(stack);
    edit?.(raw);
    return parsePlatformConfig(raw, { stack, file: `Pulumi.${stack}.yaml` });
};

describe("stack config: one owner per account (and Region) across the stack files", () => {
    it("holds for every stack file of the project (a new one included)", () => {
        expect(singletonConflicts(allStacks().map((stack) => parse(stack)))).to.deep.equal([]);
    });

    it("gives the account's pieces and us-east-1's to prod, us-west-2's to DR, none to dev", () => {
        const stacks = ["dev", "prod", "dr"].map((stack) => parse(stack));
        const owners = (key: string) => stacks.filter((s) => SINGLETONS.find((x) => x.key === key)!.owns(s)).map((s) => s.stack).sort();
        expect(owners("access.sessionManager")).to.deep.equal(["dr", "prod"]);
        expect(owners("access.manageAccount")).to.deep.equal(["prod"]);
        // prod watches us-east-1 for break-glass use, DR us-west-2; dev shares prod's region.
        expect(owners("access.breakGlassAlerts")).to.deep.equal(["dr", "prod"]);
    });

    it("refuses a second break-glass alert rule in a Region, which would report every use twice", () => {
        const dev = parse("dev", (raw) => {
            raw["startup-platform:access"] = { breakGlassAlerts: true };
        });
        expect(singletonConflicts([dev, parse("prod")])).to.deep.equal([
            "Pulumi.dev.yaml and Pulumi.prod.yaml both set startup-platform:access.breakGlassAlerts in us-east-1 and may share an account (set startup-platform:deployment.accountId on both if they do not): the Region's break-glass alert rule (EventBridge sees only its own Region's events) exists once per account and Region; keep it in one of them",
        ]);
    });

    it("refuses dev owning us-east-1's Session Manager preferences beside prod in a shared account", () => {
        const dev = parse("dev", (raw) => {
            raw["startup-platform:access"] = { breakGlassAlerts: false, sessionManager: {} };
        });
        expect(singletonConflicts([dev, parse("prod")])).to.deep.equal([
            "Pulumi.dev.yaml and Pulumi.prod.yaml both set startup-platform:access.sessionManager in us-east-1 and may share an account (set startup-platform:deployment.accountId on both if they do not): the Region's Session Manager preferences (the SSM-SessionManagerRunShell document) exists once per account and Region; keep it in one of them",
        ]);
    });

    it("allows it once dev and prod are pinned to different accounts, and not when pinned to the same", () => {
        const pinned = (stack: string, accountId: string, edit?: (raw: Record<string, unknown>) => void) =>
            parse(stack, (raw) => {
                raw["startup-platform:deployment"] = { accountId };
                edit?.(raw);
            });
        const ownsEverything = (raw: Record<string, unknown>) => {
            raw["startup-platform:access"] = { manageAccount: true, sessionManager: {} };
            raw["startup-platform:security"] = { guardDuty: true, cloudTrail: true };
        };
        expect(singletonConflicts([pinned("dev", "444455556666", ownsEverything), pinned("prod", "111122223333")])).to.deep.equal([]);
        const same = singletonConflicts([pinned("dev", "111122223333", ownsEverything), pinned("prod", "111122223333")]);
        expect(same.map((p) => p.split(" both set ")[1].split(" ")[0])).to.deep.equal([
            "startup-platform:access.manageAccount",
            "startup-platform:access.breakGlassAlerts",
            "startup-platform:security.cloudTrail",
            "startup-platform:access.sessionManager",
            "startup-platform:security.guardDuty",
        ]);
        expect(same[0]).to.include("deploy into the same account");
    });

    it("allows one owner per Region: a second Region's stack owns that Region's pieces", () => {
        const west = parse("dev", (raw) => {
            moveToRegion(raw, "us-west-1");
            raw["startup-platform:access"] = { sessionManager: {} };
            raw["startup-platform:security"] = { guardDuty: true };
        });
        expect(singletonConflicts([west, parse("prod"), parse("dr")])).to.deep.equal([]);
    });
});
