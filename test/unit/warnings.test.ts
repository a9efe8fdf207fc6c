import { expect } from "chai";
import { launchWarnings, redirectWarnings, warn } from "../../stacks/warnings";
import { parsePlatformConfig } from "../../stacks/config/load";
import { StackFileSummary, otherStackFiles, summarizeStackConfig } from "../../stacks/config/stackFiles";
import { ROOT, readStackConfigFile } from "../../tools/offline/run";
import { moveToRegion, parseStack } from "../configHelpers";

/** The other stack files of the project, as the program reads them. */
const othersOf = (stack: string): StackFileSummary[] => otherStackFiles(ROOT, stack);

/** prod's config with some sections changed. */
function prodWith(changes: Record<string, (section: Record<string, unknown>) => Record<string, unknown>>) {
    const raw = structuredClone(readStackConfigFile("prod"));
    for (const [key, change] of Object.entries(changes)) raw[key] = change(raw[key] as Record<string, unknown>);
    return parsePlatformConfig(raw, { stack: "prod", file: "Pulumi.prod.yaml" });
}

describe("launch warnings (stacks/warnings.ts)", () => {
    it("tells prod what to set before launch, naming the file and the key", () => {
        const warnings = launchWarnings(parseStack("prod"), othersOf("prod"));
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
        expect(launchWarnings(ready, othersOf("prod"))).to.deep.equal([]);
    });

    it("tells prod without enforced threat protection that Cognito.1 fails, for OFF and for AUDIT", () => {
        const off = prodWith({ "startup-platform:identity": (s) => ({ ...s, featurePlan: "ESSENTIALS", threatProtection: "OFF" }) });
        const [offWarning] = launchWarnings(off, othersOf("prod")).filter((w) => w.includes("threatProtection"));
        expect(offWarning).to.match(/^Pulumi\.prod\.yaml: startup-platform:identity\.threatProtection: threatProtection is OFF \(featurePlan ESSENTIALS\), .*Cognito\.1 fails.*set featurePlan: PLUS and threatProtection: ENFORCED/);
        const audit = prodWith({ "startup-platform:identity": (s) => ({ ...s, featurePlan: "PLUS", threatProtection: "AUDIT" }) });
        expect(launchWarnings(audit, othersOf("prod")).filter((w) => w.includes("threatProtection"))).to.have.lengthOf(1);
        expect(launchWarnings(audit, othersOf("prod")).join("\n")).to.include("AUDIT, which only scores sign-ins and blocks none");
        // prod as committed enforces it.
        expect(launchWarnings(parseStack("prod"), othersOf("prod")).filter((w) => w.includes("threatProtection"))).to.deep.equal([]);
    });

    it("tells prod when people have no Identity Center access, only break-glass users", () => {
        const noPeople = prodWith({
            "startup-platform:access": (s) => {
                const { identityCenter: _, ...rest } = s;
                return rest;
            },
        });
        expect(launchWarnings(noPeople, othersOf("prod")).at(-1)).to.match(/^Pulumi\.prod\.yaml: startup-platform:access\.identityCenter is not set, so people reach this account only as break-glass IAM users/);
        expect(launchWarnings(parseStack("prod"), othersOf("prod")).join("\n")).to.not.include("identityCenter");
    });

    it("leaves dev and the DR stack alone (dev is not production; DR uses prod's pools and tags)", () => {
        expect(launchWarnings(parseStack("dev"), othersOf("dev"))).to.deep.equal([]);
        expect(launchWarnings(parseStack("dr"), othersOf("dr"))).to.deep.equal([]);
    });

    describe("threat detection turned off in a region no other stack file covers", () => {
        /** dev's file copied to another region as a new stack qa, as README's "A new environment" starts. */
        const devCopyIn = (region: string) => parsePlatformConfig(moveToRegion(readStackConfigFile("dev"), region), { stack: "qa", file: "Pulumi.qa.yaml" });

        it("is quiet for dev, whose region prod covers with GuardDuty, Security Hub and the multi-Region trail", () => {
            expect(launchWarnings(parseStack("dev"), othersOf("dev"))).to.deep.equal([]);
        });

        it("warns for a copy of dev in another region: GuardDuty and Security Hub are per region; prod's trail still covers it", () => {
            const warnings = launchWarnings(devCopyIn("us-east-2"), othersOf("qa"));
            expect(warnings).to.have.lengthOf(3);
            expect(warnings[0]).to.match(
                /^Pulumi\.qa\.yaml: startup-platform:security\.guardDuty is false and no other stack file runs a GuardDuty detector in us-east-2 \(a detector watches only its own region\), .*set guardDuty: true, unless a stack outside this repository covers us-east-2 of this account$/,
            );
            expect(warnings[2]).to.equal(
                "Pulumi.qa.yaml: startup-platform:access.breakGlassAlerts is false and no other stack file watches us-east-2 for break-glass use (EventBridge sees IAM-user and root activity only in its own region), so a break-glass user working there goes unreported; set breakGlassAlerts: true, unless a stack outside this repository covers us-east-2 of this account",
            );
            expect(warnings[1]).to.match(/^Pulumi\.qa\.yaml: startup-platform:security\.securityHub is false and no other stack file enables Security Hub in us-east-2 .*set securityHub: true with a configRecorder \(includeGlobalResourceTypes: false and createServiceLinkedRole: false when another stack of the account records the global types and owns the role\), unless a stack outside this repository covers us-east-2 of this account$/);
        });

        it("counts every other stack file of the region, DR included, and the trail of any", () => {
            // dr runs GuardDuty and Security Hub in us-west-2.
            expect(launchWarnings(devCopyIn("us-west-2"), othersOf("qa"))).to.deep.equal([]);
            const prodWithoutTrail: StackFileSummary = { ...summarizeStackConfig("prod", readStackConfigFile("prod")) };
            const noTrail = [{ ...prodWithoutTrail, security: { ...prodWithoutTrail.security!, cloudTrail: false } }];
            const warnings = launchWarnings(devCopyIn("us-east-1"), noTrail);
            expect(warnings).to.deep.equal([
                "Pulumi.qa.yaml: startup-platform:security.cloudTrail is false and no other stack file creates the account's multi-Region trail, so nothing records this stack's API calls; set cloudTrail: true in one stack of the account (prod), unless a trail outside this repository covers it",
            ]);
        });

        it("is quiet when the stack covers its region itself", () => {
            const raw = moveToRegion(readStackConfigFile("dev"), "eu-west-1");
            raw["startup-platform:security"] = { guardDuty: true, securityHub: true, cloudTrail: false, configRecorder: {} };
            raw["startup-platform:access"] = { breakGlassAlerts: true };
            expect(launchWarnings(parsePlatformConfig(raw, { stack: "qa", file: "Pulumi.qa.yaml" }), othersOf("qa"))).to.deep.equal([]);
        });
    });

    it("warns when RDS Proxy runs without a secretsmanager endpoint in its isolated subnets, and not for prod as committed", () => {
        const proxyWarning = (warnings: string[]) => warnings.filter((w) => w.includes("startup-platform:database.proxy"));
        expect(proxyWarning(launchWarnings(parseStack("prod"), othersOf("prod")))).to.deep.equal([]);
        const raw = readStackConfigFile("prod");
        (raw["startup-platform:network"] as { interfaceEndpoints: string[] }).interfaceEndpoints = ["ec2"];
        expect(proxyWarning(launchWarnings(parsePlatformConfig(raw, { stack: "prod", file: "Pulumi.prod.yaml" }), othersOf("prod")))).to.deep.equal([
            "Pulumi.prod.yaml: startup-platform:database.proxy is on but startup-platform:network.interfaceEndpoints has no secretsmanager, and the proxy in the isolated subnets may not reach its secret (its targets then stay UNAVAILABLE); add secretsmanager to interfaceEndpoints, as Pulumi.prod.yaml does, unless the first deploy shows the proxy AVAILABLE without it",
        ]);
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
