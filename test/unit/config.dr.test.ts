import { expect } from "chai";
import { DR_DEFAULTS } from "../../stacks/config/dr";
import { ConfigError, parsePlatformConfig } from "../../stacks/config/load";
import { readStackConfigFile } from "../../tools/offline/run";
import { parseStack, problemsOf as problemsOfStack } from "../configHelpers";

const KEY = "startup-platform:dr";

function drConfig(dr?: Record<string, unknown>): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("dr"));
    if (dr !== undefined) raw[KEY] = dr;
    return raw;
}

const parse = (raw: Record<string, unknown>) => parsePlatformConfig(raw, { stack: "dr", file: "Pulumi.dr.yaml" }).dr;

const DR_SOURCE = { stack: "dr", file: "Pulumi.dr.yaml" };
const problemsOf = (raw: Record<string, unknown>) => problemsOfStack(raw, DR_SOURCE);

const PRIMARY = "example-startup/startup-platform/prod";

describe("stack config: dr", () => {
    it("reads Pulumi.dr.yaml: prod's raw events and uploads replicated with RTC, the user-data table, alarm thresholds", () => {
        expect(parse(drConfig())).to.deep.equal({
            primaryStack: PRIMARY,
            replicateBuckets: ["analytics", "uploads"],
            replicateUserDataTable: true,
            replicationTimeControl: true,
            alarms: { databaseReplicationLagSeconds: 60, bucketReplicationLatencySeconds: 900 },
        });
    });

    it("fills the defaults from DR_DEFAULTS", () => {
        expect(parse(drConfig({ primaryStack: PRIMARY }))).to.deep.equal({
            primaryStack: PRIMARY,
            replicateBuckets: [...DR_DEFAULTS.replicateBuckets],
            replicateUserDataTable: DR_DEFAULTS.replicateUserDataTable,
            replicationTimeControl: DR_DEFAULTS.replicationTimeControl,
            alarms: { ...DR_DEFAULTS.alarms },
        });
    });

    it("accepts no replicated buckets at all", () => {
        expect(parse(drConfig({ primaryStack: PRIMARY, replicateBuckets: [] }))?.replicateBuckets).to.deep.equal([]);
    });

    it("rejects unknown bucket roles, repeats, bad thresholds and typos, saying what is expected", () => {
        const problems = problemsOf(
            drConfig({
                primaryStack: "prod",
                replicateBuckets: ["analytics", "logs"],
                replicationTimeControl: "yes",
                alarms: { databaseReplicationLagSeconds: 0, bucketReplicationLatencySeconds: 30.5, lag: 1 },
            }),
        );
        expect(problems).to.include('startup-platform:dr.primaryStack: got "prod"; expected a fully qualified stack name such as acme/startup-platform/prod');
        expect(problems).to.include('startup-platform:dr.replicateBuckets[1]: got "logs"; expected one of: "analytics", "uploads"');
        expect(problems).to.include('startup-platform:dr.replicationTimeControl: got "yes"; expected a boolean');
        expect(problems).to.include("startup-platform:dr.alarms.databaseReplicationLagSeconds: got 0; expected a whole number of seconds from 1 to 3600");
        expect(problems).to.include("startup-platform:dr.alarms.bucketReplicationLatencySeconds: got 30.5; expected a whole number of seconds from 60 to 86400");
        expect(problems.join("\n")).to.match(/startup-platform:dr\.alarms\.lag: unknown key \(a typo\?\); allowed keys here: databaseReplicationLagSeconds, bucketReplicationLatencySeconds/);
    });

    it("rejects a bucket listed twice", () => {
        expect(problemsOf(drConfig({ primaryStack: PRIMARY, replicateBuckets: ["analytics", "analytics"] }))).to.deep.equal([
            'startup-platform:dr.replicateBuckets: got ["analytics","analytics"]; expected each bucket role once',
        ]);
    });

    it("is required on a DR stack and refused on a primary", () => {
        const raw = drConfig();
        delete raw[KEY];
        expect(problemsOf(raw).join("\n")).to.include("startup-platform:dr: is required when role is dr");
        const prod = structuredClone(readStackConfigFile("prod"));
        prod[KEY] = { primaryStack: PRIMARY };
        expect(() => parsePlatformConfig(prod, { stack: "prod", file: "Pulumi.prod.yaml" })).to.throw(ConfigError, "only applies when role is dr");
    });

    it("makes DR the SECONDARY half of the app name's failover pair: dns.routing must be failover", () => {
        const raw = drConfig();
        raw["startup-platform:dns"] = { ...(raw["startup-platform:dns"] as Record<string, unknown>), routing: "simple" };
        expect(problemsOf(raw)).to.deep.equal([
            "startup-platform:dns.routing: a DR stack answers as the SECONDARY half of a failover pair; set failover (and failover in its primary's stack)",
        ]);
        expect(parseStack("prod").dns.routing).to.equal("failover");
        expect(parseStack("dev").dns.routing).to.equal("simple");
    });
});
