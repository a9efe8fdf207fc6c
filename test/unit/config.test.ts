import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { MONTHLY_LIMIT_USD } from "../../lib/budget";
import { COMMERCIAL_REGIONS } from "../../lib/regions";
import { ConfigError, PULUMI_ENGINE_KEYS, decodeConfigValue, parsePlatformConfig } from "../../stacks/config/load";
import { readProjectConfig, stackNames } from "../../stacks/config/stackFiles";
import { ROOT, readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, moveToRegion, problemsOf } from "../configHelpers";


/** prod's real config, so each case changes one thing from a known-good file. */
function prodConfig(): Record<string, unknown> {
    return structuredClone(readStackConfigFile("prod"));
}

describe("stack config", () => {
    for (const stack of stackNames(ROOT)) {
        it(`accepts Pulumi.${stack}.yaml, with Pulumi.yaml's settings as the Pulumi CLI passes them`, () => {
            const raw = { ...readProjectConfig(ROOT), ...readStackConfigFile(stack) };
            const cfg = parsePlatformConfig(raw, { stack, file: `Pulumi.${stack}.yaml` });
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

    it("rejects unknown keys (typos), suggests the closest and lists the allowed ones", () => {
        const raw = prodConfig();
        raw["startup-platform:netwrok"] = {};
        raw["startup-platform:zzz"] = 1;
        (raw["startup-platform:network"] as Record<string, unknown>).natGateway = "single";
        const problems = problemsOf(raw);
        expect(problems).to.have.lengthOf(3);
        problems.sort();
        expect(problems[1]).to.match(/^startup-platform:netwrok: unknown key \(a typo\?\); allowed keys here: aws:region, startup-platform:environment, .*startup-platform:network, .*; did you mean startup-platform:network\?$/);
        expect(problems[0]).to.match(/^startup-platform:network\.natGateway: unknown key \(a typo\?\); allowed keys here: cidr, availabilityZones, natGateways, .*; did you mean natGateways\?$/);
        expect(problems[2]).to.match(/^startup-platform:zzz: unknown key \(a typo\?\); allowed keys here: aws:region, .*startup-platform:backup$/);
    });

    describe("keys outside the startup-platform namespace", () => {
        it("rejects a misspelled namespace, naming it and the closest one", () => {
            const raw = prodConfig();
            raw["startup-platfrom:security"] = { guardDuty: false };
            const [problem] = problemsOf(raw);
            expect(problem).to.match(/^startup-platfrom:security: unknown namespace startup-platfrom \(did you mean startup-platform\?\); this program reads startup-platform:<key> and aws:region/);
            try {
                parsePlatformConfig(raw, source);
            } catch (err) {
                expect((err as Error).message).to.include("Invalid stack configuration in Pulumi.prod.yaml (1 problem)");
            }
        });

        it("rejects an unknown namespace without a close match, and a key without a namespace", () => {
            const raw = prodConfig();
            raw["acme:widgets"] = 3;
            raw["budget"] = { monthlyLimitUsd: 10 };
            expect(problemsOf(raw).sort()).to.deep.equal([
                "acme:widgets: unknown namespace acme; this program reads startup-platform:<key> and aws:region, and Pulumi's own pulumi:disable-default-providers, pulumi:tags, pulumi:autonaming",
                "budget: a key needs a namespace; did you mean startup-platform:budget?",
            ]);
        });

        it("rejects aws: keys other than aws:region, saying the providers are explicit and what to do instead", () => {
            const raw = prodConfig();
            raw["aws:profile"] = "prod-admin";
            raw["aws:defaultTags"] = { tags: { Team: "x" } };
            raw["aws:skipMetadataApiCheck"] = false;
            raw["aws:regin"] = "us-east-1";
            const problems = problemsOf(raw);
            expect(problems).to.have.lengthOf(4);
            for (const p of problems) expect(p).to.match(/^aws:\w+: not read: every AWS provider of this program is explicit \(the default provider is disabled in Pulumi\.yaml\) and takes only aws:region from the stack file; /);
            expect(problems[0]).to.match(/^aws:profile: .*AWS_PROFILE/);
            expect(problems[1]).to.match(/^aws:defaultTags: .*startup-platform:owner, startup-platform:costCenter/);
            expect(problems[2]).to.match(/^aws:skipMetadataApiCheck: .*docs\/config\.md/);
            expect(problems[3]).to.match(/^aws:regin: .*did you mean aws:region\?$/);
        });

        it("leaves the Pulumi engine's own pulumi: settings alone, and rejects any other pulumi: key", () => {
            const raw = prodConfig();
            raw["pulumi:disable-default-providers"] = ["aws"];
            raw["pulumi:tags"] = { team: "platform" };
            raw["pulumi:autonaming"] = { pattern: "${name}" };
            expect(() => parsePlatformConfig(raw, source)).to.not.throw();
            expect(PULUMI_ENGINE_KEYS).to.include.members(Object.keys(readProjectConfig(ROOT)).filter((k) => k.startsWith("pulumi:")));
            raw["pulumi:tag"] = { team: "platform" };
            expect(problemsOf(raw)).to.deep.equal([
                "pulumi:tag: not a setting of the Pulumi engine (did you mean pulumi:tags?); the pulumi namespace holds pulumi:disable-default-providers, pulumi:tags, pulumi:autonaming",
            ]);
        });
    });

    describe("regions and zones", () => {
        it("rejects a region AWS does not have, suggesting the closest and listing the allowed ones, and its zones", () => {
            const problems = problemsOf(moveToRegion(prodConfig(), "us-east-9"));
            expect(problems[0]).to.equal(`aws:region: got "us-east-9"; not a commercial AWS region (did you mean us-east-1?); expected one of: ${COMMERCIAL_REGIONS.join(", ")}`);
            expect(problems.slice(1)).to.deep.equal([
                'startup-platform:network.availabilityZones[0]: "us-east-9a" is not a zone of a commercial AWS region (did you mean us-east-1a?)',
                'startup-platform:network.availabilityZones[1]: "us-east-9b" is not a zone of a commercial AWS region (did you mean us-east-1b?)',
                'startup-platform:network.availabilityZones[2]: "us-east-9c" is not a zone of a commercial AWS region (did you mean us-east-1c?)',
            ]);
        });

        it("accepts every commercial region with its zones", () => {
            for (const region of ["eu-central-1", "ap-southeast-7", "mx-central-1", "ca-west-1"]) {
                expect(parsePlatformConfig(moveToRegion(prodConfig(), region), source).region).to.equal(region);
            }
        });

        it("refuses GovCloud and China by name: other partitions, which the program does not support", () => {
            for (const [region, partition] of [["us-gov-west-1", "AWS GovCloud (US) (partition aws-us-gov)"], ["cn-north-1", "AWS China (partition aws-cn)"]]) {
                const [problem] = problemsOf(moveToRegion(prodConfig(), region));
                expect(problem).to.equal(
                    `aws:region: got "${region}"; a region of ${partition}, which this program does not support: it relies on the commercial partition's us-east-1 for Cost Explorer, Route 53 health-check metrics and CloudFront; use a commercial region such as us-east-1`,
                );
            }
        });

        it("validates the other keys that name a region against the same list", () => {
            const raw = prodConfig();
            (raw["startup-platform:backup"] as Record<string, unknown>).copyToRegion = "us-wst-2";
            (raw["startup-platform:database"] as Record<string, unknown>).secretReplicaRegions = ["eu-west-9"];
            const problems = problemsOf(raw);
            expect(problems).to.have.lengthOf(2);
            expect(problems[0]).to.match(/^startup-platform:database\.secretReplicaRegions\[0\]: got "eu-west-9"; not a commercial AWS region \(did you mean eu-west-1\?\); expected one of: us-east-1, /);
            expect(problems[1]).to.match(/^startup-platform:backup\.copyToRegion: got "us-wst-2"; not a commercial AWS region \(did you mean us-west-2\?\); expected one of: us-east-1, /);
        });

        it("rejects zones of another region, or names that are no zone", () => {
            const raw = prodConfig();
            (raw["startup-platform:network"] as Record<string, unknown>).availabilityZones = ["us-west-2a", "us-east-1b", "us-east-1-bos-1a"];
            const problems = problemsOf(raw);
            expect(problems).to.include('startup-platform:network.availabilityZones[0]: "us-west-2a" is not in the stack\'s region us-east-1; expected names such as us-east-1a');
            expect(problems).to.include('startup-platform:network.availabilityZones[2]: got "us-east-1-bos-1a"; expected an availability-zone name such as us-east-1a');
        });
    });

    describe("money", () => {
        const withLimit = (monthlyLimitUsd: unknown) => {
            const raw = prodConfig();
            raw["startup-platform:budget"] = { ...(raw["startup-platform:budget"] as object), monthlyLimitUsd };
            return raw;
        };
        const range = `expected an amount from ${MONTHLY_LIMIT_USD.min} to ${MONTHLY_LIMIT_USD.max} USD`;

        it("rejects absurd monthly limits, naming the key and the range", () => {
            expect(problemsOf(withLimit(1e30))).to.deep.equal([`startup-platform:budget.monthlyLimitUsd: got 1e+30; ${range}`]);
            expect(problemsOf(withLimit(0.5))).to.deep.equal([`startup-platform:budget.monthlyLimitUsd: got 0.5; ${range}`]);
            expect(problemsOf(withLimit(-10))).to.deep.equal([`startup-platform:budget.monthlyLimitUsd: got -10; ${range}`]);
        });

        it("keeps amounts to whole cents", () => {
            expect(problemsOf(withLimit(0.001))).to.include(`startup-platform:budget.monthlyLimitUsd: got 0.001; ${range}`);
            expect(problemsOf(withLimit(100.005))).to.deep.equal([
                "startup-platform:budget.monthlyLimitUsd: got 100.005; expected whole cents: at most two decimal places, such as 250 or 99.95",
            ]);
            for (const ok of [1, 99.95, 0.1 + 0.2 + 100, MONTHLY_LIMIT_USD.max]) {
                expect(parsePlatformConfig(withLimit(ok), source).budget.monthlyLimitUsd, String(ok)).to.equal(ok);
            }
        });
    });

    it("raises a ConfigError that is a pulumi.RunError, which pulumi up prints without a stack trace", () => {
        const raw = prodConfig();
        raw["startup-platform:environment"] = "production";
        try {
            parsePlatformConfig(raw, source);
            expect.fail("expected a ConfigError");
        } catch (err) {
            expect(err).to.be.instanceOf(ConfigError);
            expect(err).to.be.instanceOf(pulumi.RunError);
            expect(pulumi.RunError.isInstance(err)).to.equal(true);
            expect((err as ConfigError).file).to.equal("Pulumi.prod.yaml");
        }
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
        (raw["startup-platform:network"] as Record<string, unknown>).availabilityZones = ["us-east-1a", "us-east-1b"];
        expect(problemsOf(raw)).to.deep.equal(["startup-platform:network.availabilityZones: prod needs at least 3 availability zones, got 2"]);
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
