import { expect } from "chai";
import { launchWarnings, redirectWarnings, warn } from "../../stacks/warnings";
import { parsePlatformConfig } from "../../stacks/config/load";
import { readStackConfigFile } from "../../tools/offline/run";
import { parseStack } from "../configHelpers";

/** prod's config with some sections changed. */
function prodWith(changes: Record<string, (section: Record<string, unknown>) => Record<string, unknown>>) {
    const raw = structuredClone(readStackConfigFile("prod"));
    for (const [key, change] of Object.entries(changes)) raw[key] = change(raw[key] as Record<string, unknown>);
    return parsePlatformConfig(raw, { stack: "prod", file: "Pulumi.prod.yaml" });
}

describe("launch warnings (stacks/warnings.ts)", () => {
    it("tells prod what to set before launch, naming the file and the key", () => {
        const warnings = launchWarnings(parseStack("prod"));
        expect(warnings).to.have.lengthOf(2);
        expect(warnings[0]).to.match(/^Pulumi\.prod\.yaml: startup-platform:identity\.emailSender is not set, .* set emailSender before launch$/);
        expect(warnings[1]).to.match(/^Pulumi\.prod\.yaml: startup-platform:budget\.activateCostAllocationTags is false, .* activate them in the console$/);
    });

    it("goes quiet once the settings are made", () => {
        const ready = prodWith({
            "startup-platform:identity": (s) => ({
                ...s,
                emailSender: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/example-startup.com", fromAddress: "no-reply@example-startup.com" },
            }),
            "startup-platform:budget": (s) => ({ ...s, activateCostAllocationTags: true }),
        });
        expect(launchWarnings(ready)).to.deep.equal([]);
    });

    it("tells prod when people have no Identity Center access, only break-glass users", () => {
        const noPeople = prodWith({
            "startup-platform:access": (s) => {
                const { identityCenter: _, ...rest } = s;
                return rest;
            },
        });
        expect(launchWarnings(noPeople).at(-1)).to.match(/^Pulumi\.prod\.yaml: startup-platform:access\.identityCenter is not set, so people reach this account only as break-glass IAM users/);
        expect(launchWarnings(parseStack("prod")).join("\n")).to.not.include("identityCenter");
    });

    it("leaves dev and the DR stack alone (dev is not production; DR uses prod's pools and tags)", () => {
        expect(launchWarnings(parseStack("dev"))).to.deep.equal([]);
        expect(launchWarnings(parseStack("dr"))).to.deep.equal([]);
    });

    it("sends warnings where the run shows them, and back again", () => {
        const seen: string[] = [];
        const restore = redirectWarnings((m) => seen.push(m));
        warn("one");
        restore();
        const other: string[] = [];
        const restoreOther = redirectWarnings((m) => other.push(m));
        warn("two");
        restoreOther();
        expect(seen).to.deep.equal(["one"]);
        expect(other).to.deep.equal(["two"]);
    });
});
