import { z } from "zod";
import { SettingsRule, awsRegion, logRetentionDays, numberLiterals, refineWith } from "./rules";
import {
    ACU_LIMITS,
    BACKUP_RETENTION_DAYS,
    DEFAULT_ENGINE_VERSION,
    MAX_INSTANCES,
    MONITORING_INTERVALS,
    PERFORMANCE_INSIGHTS_RETENTION_DAYS,
    SECRET_ROTATION_DAYS,
    engineVersionAtLeast,
    parseEngineVersion,
} from "../../lib/aurora";
import { LOG_RETENTION_DAYS } from "../../lib/constants";

/** Defaults of the `database` key, exported so docs and code cannot drift. */
export const DATABASE_DEFAULTS = {
    engineVersion: DEFAULT_ENGINE_VERSION,
    instances: 1,
    databaseName: "app",
    // Not a name Security Hub RDS.24 counts as a default (DEFAULT_MASTER_USERNAMES).
    masterUsername: "platformadmin",
    masterPasswordVersion: 1,
    backupRetentionDays: BACKUP_RETENTION_DAYS.min,
    logRetentionDays: 30,
    performanceInsightsRetentionDays: 7,
    monitoringIntervalSeconds: 60,
    globalDatabase: false,
    secretReplicaRegions: [] as string[],
    proxy: {
        enabled: true,
        iamAuth: "REQUIRED",
        idleClientTimeoutSeconds: 1800,
        maxConnectionsPercent: 90,
        maxIdleConnectionsPercent: 50,
        connectionBorrowTimeoutSeconds: 120,
    },
} as const;

/**
 * Administrator names the database refuses: `admin` and `postgres`, the defaults AWS Config's
 * rds-cluster-default-admin-check (Security Hub RDS.24) fails a cluster for, and `root`, MySQL's own
 * superuser name, which scanners try first as well.
 */
export const DEFAULT_MASTER_USERNAMES: readonly string[] = ["admin", "postgres", "root"];

/** User names RDS keeps for itself on MySQL engines (`rdsadmin` runs its maintenance), which CreateDBCluster refuses. */
export const RDS_RESERVED_USERNAMES: readonly string[] = ["rdsadmin"];

const wholeNumber = (min: number, max: number, what: string) =>
    z
        .number()
        .int({ message: `expected a whole number of ${what}` })
        .min(min, { message: `expected at least ${min} ${what}` })
        .max(max, { message: `expected at most ${max} ${what}` });

const acu = z.number({ message: "expected a number of ACUs such as 0.5, 2 or 16" });

/** The proxy's own settings: `database.proxy` without `enabled`, what DatabaseProxy takes. */
const proxyShape = {
    iamAuth: z
        .enum(["REQUIRED", "DISABLED"])
        .default(DATABASE_DEFAULTS.proxy.iamAuth)
        .describe("REQUIRED: clients log in to the proxy with IAM auth tokens; DISABLED: with the secret's password."),
    idleClientTimeoutSeconds: wholeNumber(1, 28_800, "seconds")
        .default(DATABASE_DEFAULTS.proxy.idleClientTimeoutSeconds)
        .describe("Seconds an idle client connection to the proxy stays open (1-28800)."),
    maxConnectionsPercent: wholeNumber(1, 100, "percent")
        .default(DATABASE_DEFAULTS.proxy.maxConnectionsPercent)
        .describe("Pool size as a percentage of the instance's max_connections (1-100)."),
    maxIdleConnectionsPercent: wholeNumber(0, 100, "percent")
        .default(DATABASE_DEFAULTS.proxy.maxIdleConnectionsPercent)
        .describe("Idle pooled connections kept, as a percentage of max_connections; at most maxConnectionsPercent."),
    connectionBorrowTimeoutSeconds: wholeNumber(1, 3600, "seconds")
        .default(DATABASE_DEFAULTS.proxy.connectionBorrowTimeoutSeconds)
        .describe("Seconds a client waits for a pooled connection when the pool is exhausted (1-3600)."),
};

/** The RDS Proxy's settings, defaults filled in: what DatabaseProxy takes besides its wiring. */
export type ProxySettings = z.output<z.ZodObject<typeof proxyShape>>;

/** The proxy's rules across keys, on the stack file (`database.proxy`) and on DatabaseProxy's args alike. */
export const PROXY_RULES: ReadonlyArray<SettingsRule<ProxySettings>> = [
    {
        path: ["maxIdleConnectionsPercent"],
        check: (p) => (p.maxIdleConnectionsPercent > p.maxConnectionsPercent ? `must not exceed maxConnectionsPercent (${p.maxConnectionsPercent})` : undefined),
    },
];

/** `database.proxy` as DatabaseProxy validates it: the pool and login settings, without `enabled`. */
export const proxySettingsSchema = z.strictObject(proxyShape).superRefine(refineWith(PROXY_RULES));

const proxySchema = z
    .strictObject({
        enabled: z
            .boolean()
            .default(DATABASE_DEFAULTS.proxy.enabled)
            .describe("Put an RDS Proxy (TLS required) with a read-only endpoint in front of the cluster. Turn off to let a 0-ACU cluster auto-pause."),
        ...proxyShape,
    })
    .superRefine(refineWith(PROXY_RULES))
    .describe("RDS Proxy settings.");

const databaseFields = z.strictObject({
    engineVersion: z
        .string()
        .refine((v) => parseEngineVersion(v) !== undefined, {
            message: `expected an Aurora MySQL 3 engine version such as ${DEFAULT_ENGINE_VERSION}`,
        })
        .default(DATABASE_DEFAULTS.engineVersion)
        .describe("Aurora MySQL 3 (MySQL 8.0 compatible) engine version. Default: the 3.10 long-term-support release."),
    minCapacityAcu: acu.describe(
        "Serverless v2 minimum capacity in ACUs, 0-256 in steps of 0.5. 0 auto-pauses an idle cluster (Aurora MySQL 3.08+, no proxy, no global database).",
    ),
    maxCapacityAcu: acu.describe("Serverless v2 maximum capacity in ACUs, 1-256 in steps of 0.5 (above 128 needs Aurora MySQL 3.06+)."),
    secondsUntilAutoPause: wholeNumber(ACU_LIMITS.autoPauseSeconds.min, ACU_LIMITS.autoPauseSeconds.max, "seconds")
        .optional()
        .describe("Idle seconds before a 0-ACU instance pauses (300-86400). Default: AWS's 300."),
    instances: wholeNumber(1, MAX_INSTANCES, "instances")
        .default(DATABASE_DEFAULTS.instances)
        .describe("db.serverless instances: one writer plus readers spread over the zones (prod: at least 2)."),
    databaseName: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, { message: "expected a MySQL database name: a letter, then up to 63 letters, digits or underscores" })
        .default(DATABASE_DEFAULTS.databaseName)
        .describe("Database created with the cluster."),
    masterUsername: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, { message: "expected a MySQL user name: a letter, then up to 15 letters, digits or underscores" })
        .refine((name) => !RDS_RESERVED_USERNAMES.includes(name.toLowerCase()), {
            message: `is reserved by RDS for its own maintenance user (${RDS_RESERVED_USERNAMES.join(", ")}); choose another, such as "${DATABASE_DEFAULTS.masterUsername}"`,
        })
        .refine((name) => !DEFAULT_MASTER_USERNAMES.includes(name.toLowerCase()), {
            message: `is a default administrator name (${DEFAULT_MASTER_USERNAMES.join(", ")}), which Security Hub RDS.24 fails and every password-guessing tool tries first; choose another, such as "${DATABASE_DEFAULTS.masterUsername}". Changing it replaces a deployed cluster`,
        })
        .default(DATABASE_DEFAULTS.masterUsername)
        .describe(
            `Master user; not ${DEFAULT_MASTER_USERNAMES.join(", ")} (any case; Security Hub RDS.24) nor ${RDS_RESERVED_USERNAMES.join(", ")} (RDS's own). The app's IAM login through RDS Proxy, its DATABASE_USER and the master secret all use it. Changing it replaces the cluster. Its password is generated by AWS and kept in Secrets Manager, never in config.`,
        ),
    masterPasswordVersion: z
        .number()
        .int({ message: "expected a whole number such as 1 or 2" })
        .min(1, { message: "expected 1 or more" })
        .max(1_000_000, { message: "expected at most 1000000: a counter bumped by one per new password" })
        .default(DATABASE_DEFAULTS.masterPasswordVersion)
        .describe("Global database only (RDS cannot manage its password): bump to generate and apply a new master password."),
    backupRetentionDays: wholeNumber(BACKUP_RETENTION_DAYS.min, BACKUP_RETENTION_DAYS.max, "days")
        .default(DATABASE_DEFAULTS.backupRetentionDays)
        .describe(`Days automated backups are kept (${BACKUP_RETENTION_DAYS.min}-${BACKUP_RETENTION_DAYS.max}).`),
    preferredBackupWindow: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a UTC window such as "03:00-04:00"' })
        .optional()
        .describe("Daily backup window, UTC hh:mm-hh:mm. Default: chosen by AWS."),
    preferredMaintenanceWindow: z
        .string()
        .regex(/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/, {
            message: 'expected a UTC window such as "sun:04:30-sun:05:30"',
        })
        .optional()
        .describe("Weekly maintenance window, UTC ddd:hh:mm-ddd:hh:mm. Default: chosen by AWS."),
    logRetentionDays: logRetentionDays()
        .default(DATABASE_DEFAULTS.logRetentionDays)
        .describe(`Days the exported audit, error and slow-query logs are kept; one of ${LOG_RETENTION_DAYS.join(", ")}.`),
    performanceInsightsRetentionDays: z
        .number()
        .refine((v) => PERFORMANCE_INSIGHTS_RETENTION_DAYS.includes(v), {
            message: "expected 7, a multiple of 31 up to 713 (months), or 731",
        })
        .default(DATABASE_DEFAULTS.performanceInsightsRetentionDays)
        .describe("Days Performance Insights keeps its data: 7, a multiple of 31 up to 713, or 731."),
    monitoringIntervalSeconds: numberLiterals(MONITORING_INTERVALS)
        .default(DATABASE_DEFAULTS.monitoringIntervalSeconds)
        .describe(`Enhanced Monitoring interval in seconds; one of ${MONITORING_INTERVALS.join(", ")} (0 = off).`),
    globalDatabase: z
        .boolean()
        .default(DATABASE_DEFAULTS.globalDatabase)
        .describe("Create an Aurora global database and join it as primary, so a DR stack can add a secondary (prod)."),
    masterSecretRotationDays: z
        .number()
        .int({ message: "expected a whole number of days" })
        // 0 is "no rotation"; the rest is SECRET_ROTATION_DAYS (its min is 1).
        .min(0, { message: `expected 0 (no rotation) or ${SECRET_ROTATION_DAYS.min}-${SECRET_ROTATION_DAYS.max} days` })
        .max(SECRET_ROTATION_DAYS.max, { message: `expected 0 (no rotation) or ${SECRET_ROTATION_DAYS.min}-${SECRET_ROTATION_DAYS.max} days` })
        .optional()
        .describe(
            `Global database only: days between automatic rotations of the master secret by AWS's single-user rotation function (in the private subnets); 0 turns rotation off (a documented exception). Default: ${SECRET_ROTATION_DAYS.default}. Other clusters use the RDS-managed secret, which RDS rotates itself.`,
        ),
    secretReplicaRegions: z
        .array(awsRegion())
        .default([...DATABASE_DEFAULTS.secretReplicaRegions])
        .describe("Global database only: regions the master secret is replicated to (the DR region)."),
    proxy: proxySchema.prefault({}),
});

/** The database's settings, defaults filled in: what AuroraCluster takes besides its wiring. */
export type DatabaseSettings = z.output<typeof databaseFields>;

const onHalfStep = (acus: number) => Math.abs(acus / ACU_LIMITS.step - Math.round(acus / ACU_LIMITS.step)) < 1e-9;

/**
 * A capacity outside what ServerlessV2ScalingConfiguration accepts (AWS API reference: 0 to 256
 * ACUs in half steps).
 */
function acuProblem(acus: number): string | undefined {
    if (!Number.isFinite(acus) || acus < ACU_LIMITS.min || acus > ACU_LIMITS.max) {
        return `${acus} ACUs is outside the Serverless v2 range; use ${ACU_LIMITS.min} to ${ACU_LIMITS.max}`;
    }
    return onHalfStep(acus) ? undefined : `${acus} ACUs is not a multiple of ${ACU_LIMITS.step}; use half steps such as 2, 2.5, 3`;
}

/**
 * The database's rules across keys, one table, checked on the stack file and on AuroraCluster's
 * args alike: AWS's Serverless v2 capacity rules (0 only where auto-pause is supported, above 128
 * only on recent versions) and ours (0 only where the cluster can actually pause; settings of a
 * global database only with one).
 */
export const DATABASE_RULES: ReadonlyArray<SettingsRule<DatabaseSettings>> = [
    { path: ["minCapacityAcu"], check: (d) => acuProblem(d.minCapacityAcu) },
    { path: ["maxCapacityAcu"], check: (d) => acuProblem(d.maxCapacityAcu) },
    {
        path: ["maxCapacityAcu"],
        check: (d) => (d.maxCapacityAcu < 1 && d.maxCapacityAcu >= 0 ? `${d.maxCapacityAcu} ACUs is too small; the maximum must be at least 1 ACU` : undefined),
    },
    {
        path: ["minCapacityAcu"],
        check: (d) =>
            d.minCapacityAcu > d.maxCapacityAcu
                ? `the minimum (${d.minCapacityAcu} ACUs) is above the maximum (${d.maxCapacityAcu} ACUs); lower the minimum or raise the maximum`
                : undefined,
    },
    {
        path: ["maxCapacityAcu"],
        check: (d) =>
            d.maxCapacityAcu > ACU_LIMITS.legacyMax && d.maxCapacityAcu <= ACU_LIMITS.max && !engineVersionAtLeast(d.engineVersion, ACU_LIMITS.maxAbove128FromVersion)
                ? `${d.maxCapacityAcu} ACUs needs Aurora MySQL 3.06.0 or later (engine ${d.engineVersion} stops at ${ACU_LIMITS.legacyMax}); lower the maximum or upgrade the engine`
                : undefined,
    },
    {
        path: ["minCapacityAcu"],
        check: (d) =>
            d.minCapacityAcu === 0 && !engineVersionAtLeast(d.engineVersion, ACU_LIMITS.autoPauseFromVersion)
                ? `0 ACUs (auto-pause) needs Aurora MySQL 3.08.0 or later, got ${d.engineVersion}; use 0.5 or upgrade the engine`
                : undefined,
    },
    // RDS Proxy keeps connections open, and the primary of a global database never pauses.
    {
        path: ["minCapacityAcu"],
        check: (d) =>
            d.minCapacityAcu === 0 && d.proxy.enabled
                ? "0 ACUs never pauses behind an RDS Proxy (the proxy keeps connections open); turn the proxy off or use a minimum of 0.5"
                : undefined,
    },
    {
        path: ["minCapacityAcu"],
        check: (d) => (d.minCapacityAcu === 0 && d.globalDatabase ? "0 ACUs never pauses on the primary of a global database; use a minimum of 0.5 or more" : undefined),
    },
    {
        path: ["secondsUntilAutoPause"],
        check: (d) => (d.secondsUntilAutoPause !== undefined && d.minCapacityAcu !== 0 ? "only applies when minCapacityAcu is 0; remove it" : undefined),
    },
    {
        path: ["masterSecretRotationDays"],
        check: (d) =>
            d.masterSecretRotationDays !== undefined && !d.globalDatabase
                ? "only applies with globalDatabase: true (RDS rotates the secret it manages); remove it"
                : undefined,
    },
    {
        path: ["secretReplicaRegions"],
        check: (d) =>
            d.secretReplicaRegions.length > 0 && !d.globalDatabase ? "only applies with globalDatabase: true (RDS manages the secret otherwise); remove it" : undefined,
    },
];

export const databaseSchema = databaseFields
    .superRefine(refineWith(DATABASE_RULES))
    .describe("The Aurora MySQL Serverless v2 cluster, its proxy, backups and monitoring.");

export type DatabaseConfig = DatabaseSettings;

/** The settings of the whole stack that the database rules look at. */
interface DatabaseContext {
    readonly region: string;
    readonly environment: string;
    readonly role: string;
    readonly network: { readonly availabilityZones: readonly string[] };
    readonly database: DatabaseConfig;
}

/**
 * Rules that need keys outside the `database` section; called from the config schema's
 * superRefine. `report(path, message)` adds one problem.
 */
export function databaseCrossFieldRules(cfg: DatabaseContext, report: (path: Array<string | number>, message: string) => void): void {
    const db = cfg.database;
    if (cfg.environment === "prod" && cfg.role === "primary" && db.instances < 2) {
        report(["database", "instances"], `prod needs a writer and at least one reader in another zone; got ${db.instances}`);
    }
    if (cfg.role === "dr" && db.globalDatabase) {
        report(["database", "globalDatabase"], "a DR stack joins the primary's global database as a secondary; set globalDatabase: false");
    }
    if (cfg.role === "dr" && db.proxy.enabled) {
        report(["database", "proxy", "enabled"], "a DR secondary has no master secret for RDS Proxy until it is promoted; set enabled: false");
    }
    db.secretReplicaRegions.forEach((region, i) => {
        if (region === cfg.region) {
            report(["database", "secretReplicaRegions", i], `${region} is the stack's own region; list only other regions`);
        }
    });
}
