import { expect } from "chai";
import { ConfigError, parsePlatformConfig } from "../../stacks/config/load";
import { DATABASE_DEFAULTS } from "../../stacks/config/database";
import { readStackConfigFile } from "../../tools/offline/run";

const KEY = "startup-platform:database";

function configOf(stack: string, database?: Record<string, unknown>): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile(stack));
    if (database !== undefined) raw[KEY] = database;
    return raw;
}

function problemsOf(raw: Record<string, unknown>, stack = "prod"): string[] {
    try {
        parsePlatformConfig(raw, { stack, file: `Pulumi.${stack}.yaml` });
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as ConfigError).problems;
    }
    return expect.fail("expected the config to be rejected");
}

const parse = (raw: Record<string, unknown>, stack = "prod") => parsePlatformConfig(raw, { stack, file: `Pulumi.${stack}.yaml` }).database;

/** A valid prod section to break one thing at a time. */
const prodDb = () => structuredClone(readStackConfigFile("prod")[KEY] as Record<string, unknown>);

describe("stack config: database", () => {
    it("fills the defaults, with the proxy on", () => {
        const db = parse(configOf("prod", { minCapacityAcu: 0.5, maxCapacityAcu: 8, instances: 2 }));
        expect(db).to.deep.include({
            engineVersion: "8.0.mysql_aurora.3.10.0",
            databaseName: "app",
            masterUsername: "platformadmin",
            backupRetentionDays: 7,
            logRetentionDays: DATABASE_DEFAULTS.logRetentionDays,
            performanceInsightsRetentionDays: 7,
            monitoringIntervalSeconds: 60,
            globalDatabase: false,
            secretReplicaRegions: [],
        });
        expect(db.proxy).to.deep.equal({
            enabled: true,
            iamAuth: "REQUIRED",
            idleClientTimeoutSeconds: 1800,
            maxConnectionsPercent: 90,
            maxIdleConnectionsPercent: 50,
            connectionBorrowTimeoutSeconds: 120,
        });
    });

    it("refuses the default administrator names Security Hub RDS.24 fails, in any case, and accepts any other", () => {
        for (const name of ["admin", "ADMIN", "postgres", "root"]) {
            expect(problemsOf(configOf("prod", { ...prodDb(), masterUsername: name })), name).to.deep.equal([
                `${KEY}.masterUsername: got "${name}"; is a default administrator name (admin, postgres, root), which Security Hub RDS.24 fails and every password-guessing tool tries first; choose another, such as "platformadmin". Changing it replaces a deployed cluster`,
            ]);
        }
        expect(parse(configOf("prod", { ...prodDb(), masterUsername: "admin_ops" })).masterUsername).to.equal("admin_ops");
    });

    it("rejects a minimum above the maximum", () => {
        expect(problemsOf(configOf("prod", { ...prodDb(), minCapacityAcu: 8, maxCapacityAcu: 4 }))).to.deep.equal([
            `${KEY}.minCapacityAcu: the minimum (8 ACUs) is above the maximum (4 ACUs); lower the minimum or raise the maximum`,
        ]);
    });

    it("accepts half steps from 0.5 up to 256", () => {
        for (const [minCapacityAcu, maxCapacityAcu] of [[0.5, 1], [2.5, 256], [8, 8]]) {
            expect(parse(configOf("prod", { ...prodDb(), minCapacityAcu, maxCapacityAcu })), `${minCapacityAcu}-${maxCapacityAcu}`).to.include({ minCapacityAcu, maxCapacityAcu });
        }
    });

    it("rejects capacities out of range or off the half-step grid", () => {
        const problems = problemsOf(configOf("prod", { ...prodDb(), minCapacityAcu: 1.25, maxCapacityAcu: 512 }));
        expect(problems).to.include(`${KEY}.minCapacityAcu: 1.25 ACUs is not a multiple of 0.5; use half steps such as 2, 2.5, 3`);
        expect(problems).to.include(`${KEY}.maxCapacityAcu: 512 ACUs is outside the Serverless v2 range; use 0 to 256`);
        expect(problemsOf(configOf("prod", { ...prodDb(), maxCapacityAcu: "lots" }))).to.include(`${KEY}.maxCapacityAcu: got "lots"; expected a number`);
        expect(problemsOf(configOf("prod", { ...prodDb(), minCapacityAcu: -1 }))).to.deep.equal([`${KEY}.minCapacityAcu: -1 ACUs is outside the Serverless v2 range; use 0 to 256`]);
        expect(problemsOf(configOf("prod", { ...prodDb(), minCapacityAcu: 0.5, maxCapacityAcu: 0.5 }))).to.deep.equal([
            `${KEY}.maxCapacityAcu: 0.5 ACUs is too small; the maximum must be at least 1 ACU`,
        ]);
    });

    it("allows more than 128 ACUs only on Aurora MySQL 3.06 and later", () => {
        expect(problemsOf(configOf("prod", { ...prodDb(), maxCapacityAcu: 192, engineVersion: "8.0.mysql_aurora.3.04.4" }))).to.deep.equal([
            `${KEY}.maxCapacityAcu: 192 ACUs needs Aurora MySQL 3.06.0 or later (engine 8.0.mysql_aurora.3.04.4 stops at 128); lower the maximum or upgrade the engine`,
        ]);
        expect(parse(configOf("prod", { ...prodDb(), maxCapacityAcu: 128, engineVersion: "8.0.mysql_aurora.3.04.4" })).maxCapacityAcu).to.equal(128);
    });

    it("allows 0 ACUs only where the cluster can pause", () => {
        expect(problemsOf(configOf("dev", { minCapacityAcu: 0, maxCapacityAcu: 4 }), "dev")).to.deep.equal([
            `${KEY}.minCapacityAcu: 0 ACUs never pauses behind an RDS Proxy (the proxy keeps connections open); turn the proxy off or use a minimum of 0.5`,
        ]);
        expect(
            problemsOf(configOf("prod", { ...prodDb(), minCapacityAcu: 0, proxy: { enabled: false } })),
        ).to.deep.equal([`${KEY}.minCapacityAcu: 0 ACUs never pauses on the primary of a global database; use a minimum of 0.5 or more`]);
        expect(
            problemsOf(configOf("dev", { minCapacityAcu: 0, maxCapacityAcu: 4, engineVersion: "8.0.mysql_aurora.3.04.4", proxy: { enabled: false } }), "dev"),
        ).to.deep.equal([
            `${KEY}.minCapacityAcu: 0 ACUs (auto-pause) needs Aurora MySQL 3.08.0 or later, got 8.0.mysql_aurora.3.04.4; use 0.5 or upgrade the engine`,
        ]);
        expect(problemsOf(configOf("prod", { ...prodDb(), secondsUntilAutoPause: 600 }))).to.deep.equal([
            `${KEY}.secondsUntilAutoPause: only applies when minCapacityAcu is 0; remove it`,
        ]);
    });

    it("rejects retention and monitoring values AWS does not accept", () => {
        const problems = problemsOf(
            configOf("prod", {
                ...prodDb(),
                backupRetentionDays: 3,
                logRetentionDays: 42,
                performanceInsightsRetentionDays: 30,
                monitoringIntervalSeconds: 2,
            }),
        );
        expect(problems).to.include(`${KEY}.backupRetentionDays: got 3; expected at least 7 days`);
        expect(problems.join("\n")).to.match(/startup-platform:database\.logRetentionDays: got 42; expected one of: 1, 3, 5, .*3653/);
        expect(problems).to.include(`${KEY}.performanceInsightsRetentionDays: got 30; expected 7, a multiple of 31 up to 713 (months), or 731`);
        expect(problems).to.include(`${KEY}.monitoringIntervalSeconds: got 2; expected one of: 0, 1, 5, 10, 15, 30, 60`);
        expect(problemsOf(configOf("prod", { ...prodDb(), backupRetentionDays: 36 }))).to.deep.equal([`${KEY}.backupRetentionDays: got 36; expected at most 35 days`]);
    });

    it("bounds the master secret's rotation and password version", () => {
        for (const days of [-1, 366]) {
            expect(problemsOf(configOf("prod", { ...prodDb(), masterSecretRotationDays: days }))).to.deep.equal([`${KEY}.masterSecretRotationDays: got ${days}; expected 0 (no rotation) or 1-365 days`]);
        }
        expect(parse(configOf("prod", { ...prodDb(), masterSecretRotationDays: 0 })).masterSecretRotationDays).to.equal(0);
        expect(problemsOf(configOf("prod", { ...prodDb(), masterPasswordVersion: 1e9 }))).to.deep.equal([
            `${KEY}.masterPasswordVersion: got 1000000000; expected at most 1000000: a counter bumped by one per new password`,
        ]);
    });

    it("rejects an engine version that is not Aurora MySQL 3", () => {
        expect(problemsOf(configOf("prod", { ...prodDb(), engineVersion: "8.0.36" }))).to.deep.equal([
            `${KEY}.engineVersion: got "8.0.36"; expected an Aurora MySQL 3 engine version such as 8.0.mysql_aurora.3.10.0`,
        ]);
    });

    it("holds the rules that span the stack: prod readers, DR secondaries, secret replicas", () => {
        expect(problemsOf(configOf("prod", { ...prodDb(), instances: 1 }))).to.deep.equal([
            `${KEY}.instances: prod needs a writer and at least one reader in another zone; got 1`,
        ]);
        const dr = configOf("dr", { minCapacityAcu: 0.5, maxCapacityAcu: 16, globalDatabase: true, secretReplicaRegions: ["us-east-1"] });
        expect(problemsOf(dr, "dr")).to.have.members([
            `${KEY}.globalDatabase: a DR stack joins the primary's global database as a secondary; set globalDatabase: false`,
            `${KEY}.proxy.enabled: a DR secondary has no master secret for RDS Proxy until it is promoted; set enabled: false`,
        ]);
        expect(problemsOf(configOf("prod", { ...prodDb(), secretReplicaRegions: ["us-east-1"] }))).to.deep.equal([
            `${KEY}.secretReplicaRegions[0]: us-east-1 is the stack's own region; list only other regions`,
        ]);
        expect(problemsOf(configOf("dev", { minCapacityAcu: 0.5, maxCapacityAcu: 4, secretReplicaRegions: ["us-west-2"] }), "dev")).to.deep.equal([
            `${KEY}.secretReplicaRegions: only applies with globalDatabase: true (RDS manages the secret otherwise); remove it`,
        ]);
    });

    it("checks the proxy's pool settings", () => {
        expect(problemsOf(configOf("prod", { ...prodDb(), proxy: { maxConnectionsPercent: 40, maxIdleConnectionsPercent: 60 } }))).to.deep.equal([
            `${KEY}.proxy.maxIdleConnectionsPercent: must not exceed maxConnectionsPercent (40)`,
        ]);
        expect(problemsOf(configOf("prod", { ...prodDb(), proxy: { iamAuth: "OPTIONAL" } }))).to.deep.equal([
            `${KEY}.proxy.iamAuth: got "OPTIONAL"; expected one of: "REQUIRED", "DISABLED"`,
        ]);
    });

    it("requires the section and catches typos in it", () => {
        const missing = configOf("prod");
        delete missing[KEY];
        expect(problemsOf(missing)).to.deep.equal([`${KEY}: is missing; expected a map of settings`]);
        const problems = problemsOf(configOf("prod", { ...prodDb(), maxCapacity: 8 }));
        expect(problems).to.have.lengthOf(1);
        expect(problems[0]).to.match(/^startup-platform:database\.maxCapacity: unknown key \(a typo\?\); allowed keys here: engineVersion, minCapacityAcu, maxCapacityAcu/);
    });
});
