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

    it("tells prod without enforced threat protection that Cognito.1 fails, for OFF and for AUDIT", () => {
        const off = prodWith({ "startup-platform:identity": (s) => ({ ...s, featurePlan: "ESSENTIALS", threatProtection: "OFF" }) });
        const [offWarning] = launchWarnings(off).filter((w) => w.includes("threatProtection"));
        expect(offWarning).to.match(/^Pulumi\.prod\.yaml: startup-platform:identity\.threatProtection: threatProtection is OFF \(featurePlan ESSENTIALS\), .*Cognito\.1 fails.*set featurePlan: PLUS and threatProtection: ENFORCED/);
        const audit = prodWith({ "startup-platform:identity": (s) => ({ ...s, featurePlan: "PLUS", threatProtection: "AUDIT" }) });
        expect(launchWarnings(audit).filter((w) => w.includes("threatProtection"))).to.have.lengthOf(1);
        expect(launchWarnings(audit).join("\n")).to.include("AUDIT, which only scores sign-ins and blocks none");
        // prod as committed enforces it.
        expect(launchWarnings(parseStack("prod")).filter((w) => w.includes("threatProtection"))).to.deep.equal([]);
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
