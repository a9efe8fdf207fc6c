/**
 * Aurora MySQL facts as plain data and pure functions: engine versions, the legal
 * Serverless v2 capacity range, allowed retention and monitoring values, the parameter groups,
 * log-group names and instance layout. No Pulumi here, so each is unit-tested directly; the rules
 * built on these facts are the `database` section's table (DATABASE_RULES in
 * stacks/config/database.ts), which the config and AuroraCluster share.
 */

export const AURORA_MYSQL_ENGINE = "aurora-mysql";
/** Parameter-group family of Aurora MySQL 3 (MySQL 8.0 compatible). */
export const AURORA_MYSQL_FAMILY = "aurora-mysql8.0";
export const MYSQL_PORT = 3306;
/** Instance class of Aurora Serverless v2 writers and readers. */
export const SERVERLESS_INSTANCE_CLASS = "db.serverless";

/**
 * Aurora MySQL 3.10 is a long-term-support release (with 3.04), compatible with MySQL 8.0.42
 * (AWS: "Long-term support (LTS) and beta releases for Amazon Aurora MySQL"; release notes,
 * 3.10.0 of July 31, 2025).
 */
export const DEFAULT_ENGINE_VERSION = "8.0.mysql_aurora.3.10.0";

const ENGINE_VERSION = /^8\.0\.mysql_aurora\.3\.(\d{2})\.(\d{1,2})$/;

/** `8.0.mysql_aurora.3.10.0` -> `[3, 10, 0]`; undefined for anything but an Aurora MySQL 3 version. */
export function parseEngineVersion(version: string): [number, number, number] | undefined {
    const match = ENGINE_VERSION.exec(version);
    return match ? [3, Number(match[1]), Number(match[2])] : undefined;
}

/** True when `version` is at least `minimum` (both Aurora MySQL 3 engine versions). */
export function engineVersionAtLeast(version: string, minimum: string): boolean {
    const a = parseEngineVersion(version);
    const b = parseEngineVersion(minimum);
    if (a === undefined || b === undefined) return false;
    for (let i = 0; i < 3; i++) {
        if (a[i] !== b[i]) return a[i] > b[i];
    }
    return true;
}

/** The Serverless v2 capacity range AWS accepts, in Aurora capacity units (ACUs). */
export const ACU_LIMITS = {
    min: 0,
    max: 256,
    step: 0.5,
    /** Older engine versions stop at 128 ACUs. */
    legacyMax: 128,
    /** First Aurora MySQL version whose minimum may be 0 ACUs (auto-pause). */
    autoPauseFromVersion: "8.0.mysql_aurora.3.08.0",
    /** First Aurora MySQL version whose maximum may exceed 128 ACUs. */
    maxAbove128FromVersion: "8.0.mysql_aurora.3.06.0",
    /** Seconds an idle instance waits before it pauses (minimum 0 only). */
    autoPauseSeconds: { min: 300, max: 86_400 },
} as const;

/** Allowed Performance Insights retention: 7 days, a whole number of months (31-day units, 1-23), or 731. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS: readonly number[] = [
    7,
    ...Array.from({ length: 23 }, (_, i) => (i + 1) * 31),
    731,
];

/** Enhanced Monitoring intervals RDS accepts, in seconds; 0 turns it off. */
export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;
export type MonitoringInterval = (typeof MONITORING_INTERVALS)[number];

/** Automated backups: AWS allows 1-35 days; the platform keeps at least a week. */
export const BACKUP_RETENTION_DAYS = { min: 7, max: 35 } as const;

/** Logs exported to CloudWatch; `audit` needs `server_audit_logging` on (see CLUSTER_PARAMETERS). */
export const CLOUDWATCH_LOG_EXPORTS = ["audit", "error", "slowquery"] as const;
export type AuroraLogExport = (typeof CLOUDWATCH_LOG_EXPORTS)[number];

/** The log group RDS writes an exported Aurora log to. Created by us first, so retention and encryption are ours. */
export function clusterLogGroupName(clusterIdentifier: string, log: AuroraLogExport): string {
    return `/aws/rds/cluster/${clusterIdentifier}/${log}`;
}

export interface DbParameter {
    readonly name: string;
    readonly value: string;
    /** `immediate` for dynamic parameters; static ones must be `pending-reboot` or AWS rejects the change. */
    readonly applyMethod: "immediate" | "pending-reboot";
}

/**
 * Cluster-level parameters (names from AWS "Aurora MySQL configuration parameters", cluster-level
 * table). All are dynamic. Binary logging stays off (the default): Aurora replicas and global
 * databases replicate at the storage layer, and a binlog would cost write throughput and block
 * auto-pause.
 */
export const CLUSTER_PARAMETERS: readonly DbParameter[] = [
    // Refuse unencrypted connections to every instance of the cluster; no reboot needed.
    { name: "require_secure_transport", value: "ON", applyMethod: "immediate" },
    // Advanced Auditing feeds the exported `audit` log; logging every DML would swamp it.
    { name: "server_audit_logging", value: "1", applyMethod: "immediate" },
    { name: "server_audit_events", value: "CONNECT,QUERY_DCL,QUERY_DDL", applyMethod: "immediate" },
    { name: "character_set_server", value: "utf8mb4", applyMethod: "immediate" },
    { name: "collation_server", value: "utf8mb4_0900_ai_ci", applyMethod: "immediate" },
    // Deadlocks under high concurrency end up in the error log, which is exported.
    { name: "innodb_print_all_deadlocks", value: "1", applyMethod: "immediate" },
];

/** Instance-level parameters (AWS instance-level table). All dynamic. */
export const INSTANCE_PARAMETERS: readonly DbParameter[] = [
    { name: "slow_query_log", value: "1", applyMethod: "immediate" },
    { name: "long_query_time", value: "1", applyMethod: "immediate" },
    // Slow and general logs reach CloudWatch only when written to files.
    { name: "log_output", value: "FILE", applyMethod: "immediate" },
];

/** Most instances an Aurora cluster holds: one writer and 15 readers. */
export const MAX_INSTANCES = 16;

export interface InstancePlacement {
    /** 1-based instance number; instance 1 is created first and becomes the writer. */
    readonly index: number;
    readonly availabilityZone: string;
    /**
     * Failover priority: the writer 0 and the first reader 1 (readers in tiers 0-1 also scale with
     * the writer, so the failover target is warm); further readers 2-15 scale on their own load.
     */
    readonly promotionTier: number;
}

/** Spreads instances over the zones round-robin, so the first reader is in another zone than the writer. */
export function instancePlacements(count: number, zones: readonly string[]): InstancePlacement[] {
    if (zones.length === 0) throw new Error("instancePlacements: give at least one availability zone");
    return Array.from({ length: count }, (_, i) => ({
        index: i + 1,
        availabilityZone: zones[i % zones.length],
        promotionTier: Math.min(i, 15),
    }));
}

export interface GlobalMemberDetach {
    /** Region of the member cluster (the DR region). */
    readonly region: string;
    readonly globalClusterIdentifier: string;
    /** ARN of the member: RemoveFromGlobalCluster takes the cluster ARN, not its identifier. */
    readonly clusterArn: string;
}

/**
 * The first step of tearing a secondary down, in the order AWS documents for deleting a global
 * database ("remove all secondary DB clusters", each becoming a standalone cluster, then delete
 * their instances): detach the member and wait until it is available again. `pulumi destroy`
 * then deletes a standalone cluster.
 */
export function detachFromGlobalClusterCommand(m: GlobalMemberDetach): string {
    const parts = m.clusterArn.split(":");
    if (parts[2] !== "rds" || parts[5] !== "cluster" || parts[6] === undefined || parts[6] === "") {
        throw new Error(`detachFromGlobalClusterCommand: ${m.clusterArn} is not an RDS cluster ARN`);
    }
    if (parts[3] !== m.region) throw new Error(`detachFromGlobalClusterCommand: ${m.clusterArn} is not in ${m.region}`);
    return [
        `aws rds remove-from-global-cluster --region ${m.region} --global-cluster-identifier ${m.globalClusterIdentifier} --db-cluster-identifier ${m.clusterArn}`,
        `aws rds wait db-cluster-available --region ${m.region} --db-cluster-identifier ${parts[6]}`,
    ].join(" && ");
}

/**
 * Automatic rotation of a master secret the platform keeps itself (a global primary's): 1-365
 * days between rotations. Security Hub's SecretsManager.4 flags secrets older than 90 days by
 * default, so keep it at 90 or less.
 */
export const SECRET_ROTATION_DAYS = { min: 1, max: 365, default: 30 } as const;

/** A Serverless Application Repository application, as `aws.serverlessrepository.CloudFormationStack` takes it. */
export interface RotationApplication {
    readonly applicationId: string;
    readonly semanticVersion: string;
}

/**
 * AWS's single-user rotation function for MySQL (`SecretsManagerRDSMySQLRotationSingleUser`) per
 * partition, pinned to the versions aws-cdk's SecretRotationApplication pins, so an update never
 * picks up a new function version unannounced. These versions run Python 3.12 (aws/aws-cdk#37660,
 * which moved them off 3.10), which Lambda supports until 31 October 2028 (Security Hub Lambda.2).
 */
const MYSQL_SINGLE_USER_ROTATION: Readonly<Record<string, RotationApplication>> = {
    aws: { applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMySQLRotationSingleUser", semanticVersion: "1.1.671" },
    "aws-cn": { applicationId: "arn:aws-cn:serverlessrepo:cn-north-1:193023089310:applications/SecretsManagerRDSMySQLRotationSingleUser", semanticVersion: "1.1.440" },
    "aws-us-gov": { applicationId: "arn:aws-us-gov:serverlessrepo:us-gov-west-1:023102451235:applications/SecretsManagerRDSMySQLRotationSingleUser", semanticVersion: "1.1.397" },
};

export function mysqlRotationApplication(partition: string): RotationApplication {
    const app = MYSQL_SINGLE_USER_ROTATION[partition];
    if (app === undefined) throw new Error(`no MySQL rotation application is published in partition ${partition}; use one of ${Object.keys(MYSQL_SINGLE_USER_ROTATION).join(", ")}`);
    return app;
}

/** The Secrets Manager endpoint the rotation function calls (resolves to an interface endpoint when the VPC has one with private DNS). */
export function secretsManagerEndpoint(region: string, partition: string): string {
    return `https://secretsmanager.${region}.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

/**
 * Characters the rotation function leaves out of new passwords: what RDS refuses in a master
 * password (/ " @ and spaces), plus the quote and backslash, so the password also survives being
 * set through the RDS API (masterPasswordVersion) and shell quoting.
 */
export const ROTATION_EXCLUDED_CHARACTERS = " /@\"'\\";
