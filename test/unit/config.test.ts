import { expect } from "chai";
import { decodeConfigValue, parsePlatformConfig } from "../../stacks/config/load";
import { readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, problemsOf } from "../configHelpers";


/** prod's real config, so each case changes one thing from a known-good file. */
function prodConfig(): Record<string, unknown> {
    return structuredClone(readStackConfigFile("prod"));
}

describe("stack config", () => {
    for (const stack of ["dev", "prod", "dr"]) {
        it(`accepts Pulumi.${stack}.yaml`, () => {
            const cfg = parsePlatformConfig(readStackConfigFile(stack), { stack, file: `Pulumi.${stack}.yaml` });
            expect(cfg.stack).to.equal(stack);
            expect(cfg.namePrefix).to.equal(`startup-${stack}`);
        });
    }

    it("fills defaults and derives protection and tags", () => {
        const prod = parsePlatformConfig(prodConfig(), source);
        expect(prod.protect).to.equal(true);
        expect(prod.role).to.equal("primary");
        expect(prod.tags).to.include({ Environment: "prod", Stack: "prod", ManagedBy: "pulumi", Owner: "platform-team" });
        const dev = parsePlatformConfig(readStackConfigFile("dev"), { stack: "dev", file: "Pulumi.dev.yaml" });
        expect(dev.protect).to.equal(false);
        expect(dev.dns.appHostname).to.equal("app");
    });

    it("names the file, the key, the value given and the values allowed", () => {
        const raw = prodConfig();
        raw["startup-platform:environment"] = "production";
        const [problem] = problemsOf(raw);
        expect(problem).to.equal(
            'startup-platform:environment: got "production"; expected one of: "dev", "staging", "prod"',
        );
        try {
            parsePlatformConfig(raw, source);
        } catch (err) {
            expect((err as Error).message).to.match(/^Invalid stack configuration in Pulumi\.prod\.yaml \(1 problem\)/);
        }
    });

    it("reports every problem at once", () => {
        const raw = prodConfig();
        raw["startup-platform:owner"] = "";
        const network = raw["startup-platform:network"] as Record<string, unknown>;
        network.cidr = "10.20.0.0/33";
        network.natGateways = "many";
        network.flowLogRetentionDays = 42;
        const problems = problemsOf(raw);
        expect(problems).to.have.lengthOf(4);
        expect(problems.join("\n")).to.include("startup-platform:network.cidr: got \"10.20.0.0/33\"; expected an IPv4 CIDR block");
        expect(problems.join("\n")).to.include('startup-platform:network.natGateways: got "many"; expected one of: "single", "onePerAz"');
        expect(problems.join("\n")).to.match(/startup-platform:network\.flowLogRetentionDays: got 42; expected one of: 1, 3, 5, .*3653/);
        expect(problems).to.include('startup-platform:owner: got ""; expected a non-empty team name');
    });

    it("rejects unknown keys (typos) and lists the allowed ones", () => {
        const raw = prodConfig();
        raw["startup-platform:netwrok"] = {};
        (raw["startup-platform:network"] as Record<string, unknown>).natGateway = "single";
        const problems = problemsOf(raw);
        expect(problems).to.have.lengthOf(2);
        problems.sort();
        expect(problems[1]).to.match(/^startup-platform:netwrok: unknown key \(a typo\?\); allowed keys here: aws:region, startup-platform:environment, .*startup-platform:network/);
        expect(problems[0]).to.match(/^startup-platform:network\.natGateway: unknown key \(a typo\?\); allowed keys here: cidr, availabilityZones, natGateways/);
    });

    it("reports missing required keys", () => {
        const raw = prodConfig();
        delete raw["aws:region"];
        delete raw["startup-platform:dns"];
        const problems = problemsOf(raw);
        expect(problems).to.include("aws:region: is missing; expected a string");
        expect(problems).to.include("startup-platform:dns: is missing; expected a map of settings");
    });

    it("asks to set the region through aws:region", () => {
        const raw = prodConfig();
        raw["startup-platform:region"] = "us-east-1";
        expect(problemsOf(raw)).to.deep.equal(["startup-platform:region: set this with aws:region instead"]);
    });

    it("holds the cross-field rules", () => {
        const raw = prodConfig();
        (raw["startup-platform:network"] as Record<string, unknown>).availabilityZones = ["us-west-2a", "us-east-1b"];
        const problems = problemsOf(raw);
        expect(problems).to.include('startup-platform:network.availabilityZones[0]: "us-west-2a" is not in the stack\'s region us-east-1; expected names such as us-east-1a');
        expect(problems).to.include("startup-platform:network.availabilityZones: prod needs at least 3 availability zones, got 2");
    });

    it("requires the primary stack name on a DR stack, and only there", () => {
        const dr = readStackConfigFile("dr");
        delete dr["startup-platform:dr"];
        expect(problemsOf(dr, { stack: "dr", file: "Pulumi.dr.yaml" })).to.deep.equal([
            "startup-platform:dr: is required when role is dr: set dr.primaryStack to the primary's org/project/stack",
        ]);
        const prod = prodConfig();
        prod["startup-platform:dr"] = { primaryStack: "a/b/c" };
        expect(problemsOf(prod)).to.deep.equal(["startup-platform:dr: only applies when role is dr; remove it or set role: dr"]);
        const badName = readStackConfigFile("dr");
        badName["startup-platform:dr"] = { primaryStack: "prod" };
        expect(problemsOf(badName, { stack: "dr", file: "Pulumi.dr.yaml" })[0]).to.include(
            "expected a fully qualified stack name such as acme/startup-platform/prod",
        );
    });

    it("decodes Pulumi's string-typed config values", () => {
        expect(decodeConfigValue('{"a":1}')).to.deep.equal({ a: 1 });
        expect(decodeConfigValue("[1,2]")).to.deep.equal([1, 2]);
        expect(decodeConfigValue("true")).to.equal(true);
        expect(decodeConfigValue("14")).to.equal(14);
        expect(decodeConfigValue("us-east-1")).to.equal("us-east-1");
        expect(decodeConfigValue("{not json")).to.equal("{not json");
    });
});
