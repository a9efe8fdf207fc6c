import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ACU_LIMITS,
    AURORA_MYSQL_FAMILY,
    BACKUP_RETENTION_DAYS,
    CLOUDWATCH_LOG_EXPORTS,
    CLUSTER_PARAMETERS,
    DEFAULT_ENGINE_VERSION,
    INSTANCE_PARAMETERS,
    MAX_INSTANCES,
    MONITORING_INTERVALS,
    MYSQL_PORT,
    MonitoringInterval,
    PERFORMANCE_INSIGHTS_RETENTION_DAYS,
    ROTATION_EXCLUDED_CHARACTERS,
    SECRET_ROTATION_DAYS,
    SERVERLESS_INSTANCE_CLASS,
    capacityProblems,
    clusterLogGroupName,
    instancePlacements,
    mysqlRotationApplication,
    parseEngineVersion,
    secretsManagerEndpoint,
} from "../lib/aurora";
import { LOG_RETENTION_DAYS } from "../lib/constants";
import {
    enhancedMonitoringPolicyArn,
    enhancedMonitoringTrustPolicy,
    proxySecretAccessPolicy,
    rdsProxyTrustPolicy,
} from "../lib/databasePolicy";
import { NAME_LIMITS, physicalName } from "../lib/naming";
import { PlatformKey } from "./platformKey";

/**
 * What the cluster is: a primary (optionally creating and joining a global database), or a
 * secondary that joins an existing global database from another region.
 */
export type AuroraClusterMode =
    | {
          readonly kind: "primary";
          /** Create an Aurora global database and join it as its primary. */
          readonly global: boolean;
      }
    | {
          readonly kind: "secondary";
          /** Id of the global cluster to join (the primary stack exports it). */
          readonly globalClusterIdentifier: pulumi.Input<string>;
          /**
           * Region of the primary cluster, for the encrypted cross-region copy (an Output when it
           * comes from the primary stack's outputs).
           */
          readonly sourceRegion?: pulumi.Input<string>;
      };

/** Connection pooling of the RDS Proxy in front of the cluster. */
export interface AuroraProxySettings {
    /** Clients must present IAM auth tokens ("REQUIRED") or may log in with the secret's password ("DISABLED"). @default "REQUIRED" */
    readonly iamAuth?: "REQUIRED" | "DISABLED";
    /** Seconds an idle client connection stays open, 1-28800. @default 1800 */
    readonly idleClientTimeoutSeconds?: number;
    /** Pool size, as a percentage of the instance's max_connections. @default 90 */
    readonly maxConnectionsPercent?: number;
    /** Idle connections the proxy keeps, as a percentage of max_connections; at most maxConnectionsPercent. @default 50 */
    readonly maxIdleConnectionsPercent?: number;
    /** Seconds a client waits for a pooled connection when the pool is full, 1-3600. @default 120 */
    readonly connectionBorrowTimeoutSeconds?: number;
}

/** Where and how often the rotation function rotates a global primary's master secret. */
export interface AuroraSecretRotation {
    /** Days between rotations, 1-365. */
    readonly afterDays: number;
    /** Subnets of the rotation function: egress to Secrets Manager, same VPC as the cluster. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

export interface AuroraClusterArgs {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the cluster (the provider's region). */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Primary (optionally global) or secondary of a global database. */
    readonly mode: AuroraClusterMode;
    readonly vpcId: pulumi.Input<string>;
    /** Isolated subnets (no route to the internet) for the cluster and the proxy, in at least two zones. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Zones the instances are spread over, round-robin, writer first. */
    readonly availabilityZones: readonly string[];
    /** Security groups whose members may connect on 3306 (the app tier). */
    readonly clientSecurityGroupIds: readonly pulumi.Input<string>[];
    /** Aurora MySQL 3 engine version; a secondary must run the primary's. @default DEFAULT_ENGINE_VERSION */
    readonly engineVersion?: string;
    /** Serverless v2 minimum capacity, ACUs (0 = auto-pause where supported). */
    readonly minCapacityAcu: number;
    /** Serverless v2 maximum capacity, ACUs (1-256). */
    readonly maxCapacityAcu: number;
    /** Idle seconds before an instance pauses; only with a minimum of 0 ACUs. @default 300 (AWS default) */
    readonly secondsUntilAutoPause?: number;
    /** db.serverless instances: a writer plus readers (on a secondary, all readers). @default 1 */
    readonly instances?: number;
    /** Database created with the cluster; primary only. @default "app" */
    readonly databaseName?: string;
    /** Master user name; primary only. @default "admin" */
    readonly masterUsername?: string;
    /**
     * Generation of the master password of a global primary (whose password RDS cannot manage);
     * bump it to rotate. @default 1
     */
    readonly masterPasswordVersion?: number;
    /** Key for storage, the master secret and Performance Insights. Required for a secondary. @default - a PlatformKey is created */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Make the created key multi-Region, so a DR region can hold a replica of it. @default false */
    readonly multiRegionKey?: boolean;
    /** Key that encrypts the exported log groups. */
    readonly logsKmsKeyArn: pulumi.Input<string>;
    /** Days the exported logs (audit, error, slowquery) are kept. */
    readonly logRetentionDays: number;
    /** Days automated backups are kept, 7-35. @default 7 */
    readonly backupRetentionDays?: number;
    /** Daily backup window, UTC "hh:mm-hh:mm". @default - chosen by AWS */
    readonly preferredBackupWindow?: string;
    /** Weekly maintenance window, UTC "ddd:hh:mm-ddd:hh:mm". @default - chosen by AWS */
    readonly preferredMaintenanceWindow?: string;
    /** Performance Insights retention: 7, a multiple of 31 up to 713, or 731 days. @default 7 */
    readonly performanceInsightsRetentionDays?: number;
    /** Enhanced Monitoring interval in seconds; 0 turns it off. @default 60 */
    readonly monitoringIntervalSeconds?: MonitoringInterval;
    /** RDS Proxy in front of the cluster; omit for none (a secondary cannot have one). @default - no proxy */
    readonly proxy?: AuroraProxySettings;
    /** Regions the master secret of a global primary is replicated to (the DR region). @default [] */
    readonly secretReplicaRegions?: readonly string[];
    /**
     * Automatic rotation of a global primary's own master secret by AWS's single-user rotation
     * function for MySQL (deployed from the Serverless Application Repository), running in
     * `subnetIds`, which must reach the Secrets Manager API (NAT or an interface endpoint).
     * Without it the secret carries a `RotationException` tag; RDS rotates the secrets it manages
     * (non-global clusters) itself.
     * @default - no rotation
     */
    readonly secretRotation?: AuroraSecretRotation;
    /** Apply modifications now instead of in the maintenance window. @default false */
    readonly applyImmediately?: boolean;
    /** Tags that put the cluster in a backup plan's selection (e.g. `{ Backup: "prod" }`). @default {} */
    readonly backupTags?: Readonly<Record<string, string>>;
    /** Protect the cluster, its key, secret and global cluster; turns on deletion protection and a final snapshot. @default false */
    readonly protect?: boolean;
}

/** Whether the cluster is a member of an Aurora global database (a global primary or a secondary). */
export function inGlobalDatabase(mode: AuroraClusterMode): boolean {
    return mode.kind === "secondary" || mode.global;
}

/**
 * Cluster inputs a member of a global database does not diff: the global cluster drives the engine
 * version, and RDS rewrites the role-dependent ones on switchover and failover.
 */
export const GLOBAL_MEMBER_IGNORED_CHANGES = ["engineVersion", "globalClusterIdentifier", "replicationSourceIdentifier"] as const;

export const AURORA_CLUSTER_DEFAULTS = {
    engineVersion: DEFAULT_ENGINE_VERSION,
    instances: 1,
    databaseName: "app",
    masterUsername: "admin",
    masterPasswordVersion: 1,
    backupRetentionDays: BACKUP_RETENTION_DAYS.min,
    performanceInsightsRetentionDays: 7,
    monitoringIntervalSeconds: 60,
    multiRegionKey: false,
    applyImmediately: false,
    protect: false,
    proxy: {
        iamAuth: "REQUIRED",
        idleClientTimeoutSeconds: 1800,
        maxConnectionsPercent: 90,
        maxIdleConnectionsPercent: 50,
        connectionBorrowTimeoutSeconds: 120,
    },
} as const;

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * Every problem with the arguments, at once, each saying what to change. A table of
 * `{ condition, message }` in the style of aws-cdk's validate-database-cluster-props.
 */
export function auroraClusterArgProblems(args: AuroraClusterArgs): string[] {
    const mode = args.mode;
    const secondary = mode.kind === "secondary";
    const globalPrimary = mode.kind === "primary" && mode.global;
    const engineVersion = args.engineVersion ?? AURORA_CLUSTER_DEFAULTS.engineVersion;
    const proxy = args.proxy;
    const proxyDefaults = AURORA_CLUSTER_DEFAULTS.proxy;
    const maxConn = proxy?.maxConnectionsPercent ?? proxyDefaults.maxConnectionsPercent;
    const maxIdle = proxy?.maxIdleConnectionsPercent ?? proxyDefaults.maxIdleConnectionsPercent;
    const replicas = args.secretReplicaRegions ?? [];
    const rules: Array<{ condition: boolean; message: string }> = [
        {
            condition: secondary && (mode.globalClusterIdentifier === undefined || mode.globalClusterIdentifier === ""),
            message: "mode.globalClusterIdentifier: a secondary cluster needs the id of the global cluster to join (the primary stack exports it)",
        },
        {
            condition: secondary && args.kmsKeyArn === undefined,
            message: "kmsKeyArn: a secondary cluster needs a KMS key in its own region, such as a replica of the primary's multi-Region key",
        },
        {
            condition: secondary && proxy !== undefined,
            message: "proxy: a secondary cluster has no master secret for RDS Proxy to log in with; omit proxy and create it after promotion",
        },
        {
            condition: secondary && (args.databaseName !== undefined || args.masterUsername !== undefined),
            message: "databaseName/masterUsername: a secondary cluster takes its database and master user from the primary; remove them",
        },
        {
            condition: args.multiRegionKey === true && args.kmsKeyArn !== undefined,
            message: "multiRegionKey: only applies to the key this component creates; omit kmsKeyArn or multiRegionKey",
        },
        {
            condition: globalPrimary && args.kmsKeyArn === undefined && args.multiRegionKey !== true,
            message: "multiRegionKey: the primary of a global database needs a multi-Region key so the secondary's region can hold a replica; set multiRegionKey: true",
        },
        {
            condition: replicas.length > 0 && !globalPrimary,
            message: "secretReplicaRegions: only a global primary has a secret of its own to replicate (RDS manages the others); remove it",
        },
        {
            condition: args.secretRotation !== undefined && !globalPrimary,
            message: "secretRotation: only a global primary keeps a master secret of its own; RDS rotates the secrets it manages (every 7 days by default); remove it",
        },
        {
            condition: args.secretRotation !== undefined && !isInt(args.secretRotation.afterDays, SECRET_ROTATION_DAYS.min, SECRET_ROTATION_DAYS.max),
            message: `secretRotation.afterDays: ${args.secretRotation?.afterDays} is not a whole number of days from ${SECRET_ROTATION_DAYS.min} to ${SECRET_ROTATION_DAYS.max}`,
        },
        {
            condition: replicas.includes(args.region),
            message: `secretReplicaRegions: ${args.region} is the cluster's own region; list only other regions`,
        },
        {
            condition: parseEngineVersion(engineVersion) === undefined,
            message: `engineVersion: "${engineVersion}" is not an Aurora MySQL 3 version; use one such as ${DEFAULT_ENGINE_VERSION}`,
        },
        {
            condition: args.secondsUntilAutoPause !== undefined && args.minCapacityAcu !== 0,
            message: "secondsUntilAutoPause: only applies when minCapacityAcu is 0; remove it",
        },
        {
            condition:
                args.secondsUntilAutoPause !== undefined &&
                !isInt(args.secondsUntilAutoPause, ACU_LIMITS.autoPauseSeconds.min, ACU_LIMITS.autoPauseSeconds.max),
            message: `secondsUntilAutoPause: ${args.secondsUntilAutoPause} is outside ${ACU_LIMITS.autoPauseSeconds.min}-${ACU_LIMITS.autoPauseSeconds.max} seconds`,
        },
        {
            condition: !isInt(args.instances ?? AURORA_CLUSTER_DEFAULTS.instances, 1, MAX_INSTANCES),
            message: `instances: ${args.instances} is not a whole number from 1 to ${MAX_INSTANCES} (a writer and up to 15 readers)`,
        },
        {
            condition: args.availabilityZones.length === 0,
            message: "availabilityZones: give the zones of the isolated subnets",
        },
        {
            condition: !isInt(args.backupRetentionDays ?? AURORA_CLUSTER_DEFAULTS.backupRetentionDays, BACKUP_RETENTION_DAYS.min, BACKUP_RETENTION_DAYS.max),
            message: `backupRetentionDays: ${args.backupRetentionDays} is outside ${BACKUP_RETENTION_DAYS.min}-${BACKUP_RETENTION_DAYS.max} days`,
        },
        {
            condition: !PERFORMANCE_INSIGHTS_RETENTION_DAYS.includes(args.performanceInsightsRetentionDays ?? AURORA_CLUSTER_DEFAULTS.performanceInsightsRetentionDays),
            message: `performanceInsightsRetentionDays: ${args.performanceInsightsRetentionDays} is not allowed; use 7, a multiple of 31 up to 713, or 731`,
        },
        {
            condition: !(MONITORING_INTERVALS as readonly number[]).includes(args.monitoringIntervalSeconds ?? AURORA_CLUSTER_DEFAULTS.monitoringIntervalSeconds),
            message: `monitoringIntervalSeconds: ${args.monitoringIntervalSeconds} is not allowed; use one of ${MONITORING_INTERVALS.join(", ")}`,
        },
        {
            condition: !(LOG_RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays),
            message: `logRetentionDays: ${args.logRetentionDays} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(", ")}`,
        },
        {
            condition: !isInt(args.masterPasswordVersion ?? AURORA_CLUSTER_DEFAULTS.masterPasswordVersion, 1, Number.MAX_SAFE_INTEGER),
            message: `masterPasswordVersion: ${args.masterPasswordVersion} is not a whole number of 1 or more`,
        },
        {
            condition: proxy !== undefined && !isInt(proxy.idleClientTimeoutSeconds ?? proxyDefaults.idleClientTimeoutSeconds, 1, 28_800),
            message: `proxy.idleClientTimeoutSeconds: ${proxy?.idleClientTimeoutSeconds} is outside 1-28800 seconds`,
        },
        {
            condition: proxy !== undefined && !isInt(maxConn, 1, 100),
            message: `proxy.maxConnectionsPercent: ${maxConn} is outside 1-100`,
        },
        {
            condition: proxy !== undefined && !(isInt(maxIdle, 0, 100) && maxIdle <= maxConn),
            message: `proxy.maxIdleConnectionsPercent: ${maxIdle} must be a whole number from 0 to maxConnectionsPercent (${maxConn})`,
        },
        {
            condition: proxy !== undefined && !isInt(proxy.connectionBorrowTimeoutSeconds ?? proxyDefaults.connectionBorrowTimeoutSeconds, 1, 3600),
            message: `proxy.connectionBorrowTimeoutSeconds: ${proxy?.connectionBorrowTimeoutSeconds} is outside 1-3600 seconds`,
        },
    ];
    return [
        ...rules.filter((r) => r.condition).map((r) => r.message),
        ...capacityProblems({
            minAcu: args.minCapacityAcu,
            maxAcu: args.maxCapacityAcu,
            engineVersion,
            proxy: proxy !== undefined,
            globalPrimary,
        }).map((p) => `${p.field}: ${p.message}`),
    ];
}

/**
 * Aurora MySQL 3 on Serverless v2 (`db.serverless` writer and readers spread over zones), encrypted
 * with a customer-managed key, TLS required, IAM database authentication, audit/error/slow-query
 * logs exported to log groups it owns, Performance Insights and Enhanced Monitoring, and optionally
 * an RDS Proxy with a read-only endpoint. As a primary it can create an Aurora global database; as
 * a secondary it joins one from another region.
 */
export class AuroraCluster extends pulumi.ComponentResource {
    public readonly clusterIdentifier: pulumi.Output<string>;
    public readonly clusterArn: pulumi.Output<string>;
    /** Resource id (`cluster-...`) that IAM database authentication policies name (`rds-db:connect`). */
    public readonly clusterResourceId: pulumi.Output<string>;
    /** Writer endpoint (cluster endpoint). */
    public readonly writerEndpoint: pulumi.Output<string>;
    /** Reader endpoint, load-balanced over the readers. */
    public readonly readerEndpoint: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    /** The proxy's default (read/write) endpoint; undefined without a proxy. */
    public readonly proxyEndpoint: pulumi.Output<string | undefined>;
    /** ARN of the proxy (its `prx-...` id is what `rds-db:connect` policies name); undefined without a proxy. */
    public readonly proxyArn: pulumi.Output<string | undefined>;
    /** The proxy's read-only endpoint; undefined without a proxy or without readers. */
    public readonly proxyReadOnlyEndpoint: pulumi.Output<string | undefined>;
    /** Secret holding the master credentials; undefined on a secondary (it has none until promoted). */
    public readonly secretArn: pulumi.Output<string | undefined>;
    /** Global cluster this cluster belongs to; undefined when not part of one. */
    public readonly globalClusterIdentifier: pulumi.Output<string | undefined>;
    /**
     * The global database's writer endpoint, which follows the writer through switchovers and
     * failovers to another region; undefined unless this cluster created the global database.
     */
    public readonly globalWriterEndpoint: pulumi.Output<string | undefined>;
    /** Security group of the cluster (3306 from the clients and the proxy only). */
    public readonly securityGroupId: pulumi.Output<string>;
    /** Security group of the proxy; undefined without a proxy. */
    public readonly proxySecurityGroupId: pulumi.Output<string | undefined>;
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** Identifiers of the cluster's instances (writer first), e.g. for RDS event subscriptions. */
    public readonly instanceIdentifiers: pulumi.Output<string>[];
    /** Name of the instances' DB parameter group. */
    public readonly instanceParameterGroupName: pulumi.Output<string>;
    public readonly engineVersion: string;
    /** The master user (the user in the master secret, and the one RDS Proxy logs in as); undefined on a secondary. */
    public readonly masterUsername: string | undefined;

    constructor(name: string, args: AuroraClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = auroraClusterArgProblems(args);
        if (problems.length > 0) {
            throw new Error(`AuroraCluster ${name}: invalid arguments:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        }
        super("startup:data:AuroraCluster", name, {}, opts);

        const d = AURORA_CLUSTER_DEFAULTS;
        const mode = args.mode;
        const globalPrimary = mode.kind === "primary" && mode.global;
        const engineVersion = args.engineVersion ?? d.engineVersion;
        const protect = args.protect ?? d.protect;
        const applyImmediately = args.applyImmediately ?? d.applyImmediately;
        const monitoringInterval = args.monitoringIntervalSeconds ?? d.monitoringIntervalSeconds;
        const clusterId = physicalName(args.namePrefix, "aurora", NAME_LIMITS.rds);

        const key =
            args.kmsKeyArn === undefined
                ? new PlatformKey(
                      `${name}-key`,
                      {
                          purpose: "database",
                          namePrefix: args.namePrefix,
                          accountId: args.accountId,
                          partition: args.partition,
                          region: args.region,
                          // RDS, Secrets Manager and Performance Insights use the key through grants made
                          // with the caller's IAM permissions, so no service principal needs the key policy.
                          services: [],
                          multiRegion: args.multiRegionKey ?? d.multiRegionKey,
                          protect,
                      },
                      { parent: this },
                  )
                : undefined;
        const keyArn = key ? key.keyArn : pulumi.output(args.kmsKeyArn as pulumi.Input<string>);

        // Network: the cluster admits 3306 from the given client groups and the proxy, nothing else.
        const subnetGroup = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            {
                name: clusterId,
                description: `${args.namePrefix} Aurora: isolated subnets`,
                subnetIds: args.subnetIds,
                tags: { Name: clusterId },
            },
            { parent: this },
        );
        const dbSg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                name: clusterId,
                description: "Aurora MySQL: 3306 from the app tier and RDS Proxy only",
                vpcId: args.vpcId,
                tags: { Name: clusterId },
            },
            { parent: this },
        );
        const mysqlFrom = (ruleName: string, securityGroupId: pulumi.Input<string>, source: pulumi.Input<string>, description: string) =>
            new aws.vpc.SecurityGroupIngressRule(
                ruleName,
                { securityGroupId, referencedSecurityGroupId: source, ipProtocol: "tcp", fromPort: MYSQL_PORT, toPort: MYSQL_PORT, description },
                { parent: this },
            );
        args.clientSecurityGroupIds.forEach((client, i) => mysqlFrom(`${name}-from-client-${i}`, dbSg.id, client, "MySQL from an app-tier client"));

        // Parameter groups: TLS required, audit on, slow queries logged to files (see lib/aurora.ts).
        const clusterParams = new aws.rds.ClusterParameterGroup(
            `${name}-cluster-params`,
            {
                name: `${clusterId}-cluster`,
                family: AURORA_MYSQL_FAMILY,
                description: `${args.namePrefix} Aurora MySQL 3 cluster parameters`,
                parameters: CLUSTER_PARAMETERS.map((p) => ({ ...p })),
                tags: { Name: `${clusterId}-cluster` },
            },
            { parent: this },
        );
        const instanceParams = new aws.rds.ParameterGroup(
            `${name}-instance-params`,
            {
                name: `${clusterId}-instance`,
                family: AURORA_MYSQL_FAMILY,
                description: `${args.namePrefix} Aurora MySQL 3 instance parameters`,
                parameters: INSTANCE_PARAMETERS.map((p) => ({ ...p })),
                tags: { Name: `${clusterId}-instance` },
            },
            { parent: this },
        );

        // Created before the cluster under the names RDS writes to, so retention and encryption are ours.
        const logGroups = CLOUDWATCH_LOG_EXPORTS.map(
            (log) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-log-${log}`,
                    {
                        name: clusterLogGroupName(clusterId, log),
                        retentionInDays: args.logRetentionDays,
                        kmsKeyId: args.logsKmsKeyArn,
                        tags: { Name: `${clusterId}-${log}` },
                    },
                    { parent: this },
                ),
        );

        const monitoringRole =
            monitoringInterval > 0
                ? new aws.iam.Role(
                      `${name}-monitoring-role`,
                      {
                          name: physicalName(args.namePrefix, "aurora-monitoring", NAME_LIMITS.iamRole),
                          assumeRolePolicy: pulumi.output(args.accountId).apply((accountId) => JSON.stringify(enhancedMonitoringTrustPolicy(accountId))),
                      },
                      { parent: this },
                  )
                : undefined;
        if (monitoringRole) {
            new aws.iam.RolePolicyAttachment(
                `${name}-monitoring-policy`,
                { role: monitoringRole.name, policyArn: pulumi.output(args.partition).apply(enhancedMonitoringPolicyArn) },
                { parent: this },
            );
        }

        const globalCluster = globalPrimary
            ? new aws.rds.GlobalCluster(
                  `${name}-global`,
                  {
                      globalClusterIdentifier: physicalName(args.namePrefix, "aurora-global", NAME_LIMITS.rds),
                      engine: aws.rds.EngineType.AuroraMysql,
                      engineVersion,
                      storageEncrypted: true,
                      deletionProtection: protect,
                      // An unprotected stack's destroy detaches any member still attached (the
                      // provider removes each from the global cluster before deleting it).
                      forceDestroy: !protect,
                  },
                  { parent: this, protect },
              )
            : undefined;
        const globalClusterIdentifier: pulumi.Input<string> | undefined =
            mode.kind === "secondary" ? mode.globalClusterIdentifier : globalCluster?.id;

        // RDS cannot manage the master password of a cluster in a global database (AWS: "Limitations
        // for Secrets Manager integration with Amazon Aurora"), so a global primary gets a generated
        // password sent through write-only arguments and kept in a secret of its own.
        const username = args.masterUsername ?? d.masterUsername;
        const passwordVersion = args.masterPasswordVersion ?? d.masterPasswordVersion;
        const generatedPassword = globalPrimary
            ? pulumi.secret(
                  aws.secretsmanager.getRandomPasswordOutput(
                      // RDS forbids / " @ and spaces in MySQL passwords; at most 41 characters.
                      { passwordLength: 40, excludePunctuation: true, includeSpace: false },
                      { parent: this },
                  ).randomPassword,
              )
            : undefined;

        const credentials: Partial<aws.rds.ClusterArgs> =
            mode.kind === "secondary"
                ? { sourceRegion: mode.sourceRegion }
                : {
                      databaseName: args.databaseName ?? d.databaseName,
                      masterUsername: username,
                      ...(generatedPassword
                          ? { masterPasswordWo: generatedPassword, masterPasswordWoVersion: passwordVersion }
                          : { manageMasterUserPassword: true, masterUserSecretKmsKeyId: keyArn }),
                  };

        const cluster = new aws.rds.Cluster(
            `${name}-cluster`,
            {
                clusterIdentifier: clusterId,
                engine: aws.rds.EngineType.AuroraMysql,
                engineMode: "provisioned",
                engineVersion,
                globalClusterIdentifier,
                ...credentials,
                storageEncrypted: true,
                kmsKeyId: keyArn,
                iamDatabaseAuthenticationEnabled: true,
                serverlessv2ScalingConfiguration: {
                    minCapacity: args.minCapacityAcu,
                    maxCapacity: args.maxCapacityAcu,
                    secondsUntilAutoPause: args.minCapacityAcu === 0 ? args.secondsUntilAutoPause : undefined,
                },
                port: MYSQL_PORT,
                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [dbSg.id],
                dbClusterParameterGroupName: clusterParams.name,
                enabledCloudwatchLogsExports: [...CLOUDWATCH_LOG_EXPORTS],
                backupRetentionPeriod: args.backupRetentionDays ?? d.backupRetentionDays,
                preferredBackupWindow: args.preferredBackupWindow,
                preferredMaintenanceWindow: args.preferredMaintenanceWindow,
                copyTagsToSnapshot: true,
                deletionProtection: protect,
                skipFinalSnapshot: !protect,
                finalSnapshotIdentifier: protect ? `${clusterId}-final` : undefined,
                applyImmediately,
                tags: { Name: clusterId, ...args.backupTags },
            },
            {
                parent: this,
                protect,
                dependsOn: logGroups,
                // In a global database the engine version moves with the global cluster, and RDS
                // changes each member's role: it fills in a secondary's replication source (the
                // primary's ARN), swaps it on every switchover or failover (prod becomes the
                // secondary), and empties the global id of a member detached by a failover. Re-applying
                // the program's values would promote a secondary (the provider does so when the source
                // is removed) or try to detach or re-join a member, so neither is diffed
                // (terraform-provider-aws: `lifecycle { ignore_changes }` for members of a global
                // cluster). docs/database.md says what an operator does after a role change.
                ignoreChanges: inGlobalDatabase(mode) ? [...GLOBAL_MEMBER_IGNORED_CHANGES] : [],
            },
        );

        // Instance 1 is created first, so it becomes the writer; readers follow in other zones.
        const instances: aws.rds.ClusterInstance[] = [];
        for (const place of instancePlacements(args.instances ?? d.instances, args.availabilityZones)) {
            const identifier = physicalName(args.namePrefix, `aurora-${place.index}`, NAME_LIMITS.rds);
            instances.push(
                new aws.rds.ClusterInstance(
                    `${name}-instance-${place.index}`,
                    {
                        identifier,
                        clusterIdentifier: cluster.clusterIdentifier,
                        engine: aws.rds.EngineType.AuroraMysql,
                        instanceClass: SERVERLESS_INSTANCE_CLASS,
                        availabilityZone: place.availabilityZone,
                        promotionTier: place.promotionTier,
                        dbSubnetGroupName: subnetGroup.name,
                        dbParameterGroupName: instanceParams.name,
                        publiclyAccessible: false,
                        // The engine version is pinned in config (an LTS release); AWS recommends turning
                        // automatic minor upgrades off for LTS versions.
                        autoMinorVersionUpgrade: false,
                        performanceInsightsEnabled: true,
                        performanceInsightsKmsKeyId: keyArn,
                        performanceInsightsRetentionPeriod: args.performanceInsightsRetentionDays ?? d.performanceInsightsRetentionDays,
                        monitoringInterval,
                        monitoringRoleArn: monitoringRole?.arn,
                        applyImmediately,
                        // Tearing down an unprotected secondary. AWS allows deleting the last instance of
                        // a global secondary (a "headless" secondary), but refuses it on a read-replica
                        // cluster until the cluster is promoted; should RDS treat this one so, the
                        // provider promotes the cluster and retries instead of failing the destroy.
                        ...(mode.kind === "secondary" && !protect ? { forceDestroy: true } : {}),
                        tags: { Name: identifier },
                    },
                    { parent: this, dependsOn: instances.length > 0 ? [instances[0]] : [] },
                ),
            );
        }

        // The master secret: RDS-managed, or ours for a global primary.
        let secretArn: pulumi.Output<string | undefined>;
        let secretReady: pulumi.Resource[] = [];
        if (generatedPassword) {
            const secret = new aws.secretsmanager.Secret(
                `${name}-master-secret`,
                {
                    name: `${args.namePrefix}/aurora/master`,
                    description: `${args.namePrefix} Aurora master credentials (global database: not managed by RDS)`,
                    kmsKeyId: keyArn,
                    replicas: (args.secretReplicaRegions ?? []).map((region) => ({ region })),
                    tags: {
                        Name: `${args.namePrefix}-aurora-master`,
                        ...(args.secretRotation === undefined
                            ? { RotationException: "automatic rotation off in config; rotate by bumping masterPasswordVersion" }
                            : {}),
                    },
                },
                { parent: this, protect },
            );
            const value = new aws.secretsmanager.SecretVersion(
                `${name}-master-secret-value`,
                {
                    secretId: secret.id,
                    secretStringWo: pulumi
                        .all([generatedPassword, cluster.endpoint])
                        .apply(([password, host]) =>
                            JSON.stringify({ engine: "mysql", host, port: MYSQL_PORT, username, password, dbClusterIdentifier: clusterId }),
                        ),
                    secretStringWoVersion: passwordVersion,
                },
                { parent: this },
            );
            secretArn = secret.arn;
            secretReady = [value];
            if (args.secretRotation !== undefined) {
                this.rotation(name, args, args.secretRotation, { secret, value, dbSg, keyArn, instances, mysqlFrom });
            }
        } else if (mode.kind === "primary") {
            secretArn = cluster.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn);
        } else {
            secretArn = pulumi.output(undefined);
        }

        let proxyEndpoint: pulumi.Output<string | undefined> = pulumi.output(undefined);
        let proxyArn: pulumi.Output<string | undefined> = pulumi.output(undefined);
        let proxyReadOnlyEndpoint: pulumi.Output<string | undefined> = pulumi.output(undefined);
        let proxySecurityGroupId: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (args.proxy !== undefined) {
            const p = { ...d.proxy, ...args.proxy };
            const proxyName = physicalName(args.namePrefix, "aurora-proxy", NAME_LIMITS.rds);
            const proxySg = new aws.ec2.SecurityGroup(
                `${name}-proxy-sg`,
                {
                    name: proxyName,
                    description: "RDS Proxy: 3306 from the app tier, out to the Aurora cluster only",
                    vpcId: args.vpcId,
                    tags: { Name: proxyName },
                },
                { parent: this },
            );
            args.clientSecurityGroupIds.forEach((client, i) =>
                mysqlFrom(`${name}-proxy-from-client-${i}`, proxySg.id, client, "MySQL from an app-tier client"),
            );
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-proxy-to-cluster`,
                { securityGroupId: proxySg.id, referencedSecurityGroupId: dbSg.id, ipProtocol: "tcp", fromPort: MYSQL_PORT, toPort: MYSQL_PORT, description: "MySQL to the Aurora cluster" },
                { parent: this },
            );
            mysqlFrom(`${name}-from-proxy`, dbSg.id, proxySg.id, "MySQL from RDS Proxy");

            const role = new aws.iam.Role(
                `${name}-proxy-role`,
                { name: physicalName(args.namePrefix, "aurora-proxy", NAME_LIMITS.iamRole), assumeRolePolicy: pulumi.output(args.accountId).apply((id) => JSON.stringify(rdsProxyTrustPolicy(id))) },
                { parent: this },
            );
            const access = new aws.iam.RolePolicy(
                `${name}-proxy-secret-access`,
                {
                    role: role.id,
                    policy: pulumi
                        .all([secretArn, keyArn])
                        .apply(([secret, kmsKeyArn]) => JSON.stringify(proxySecretAccessPolicy({ secretArn: secret ?? "", kmsKeyArn, region: args.region }))),
                },
                { parent: this },
            );
            const proxy = new aws.rds.Proxy(
                `${name}-proxy`,
                {
                    name: proxyName,
                    engineFamily: "MYSQL",
                    requireTls: true,
                    roleArn: role.arn,
                    auths: [
                        {
                            authScheme: "SECRETS",
                            secretArn: secretArn.apply((arn) => arn ?? ""),
                            iamAuth: p.iamAuth,
                            description: "Aurora master credentials",
                        },
                    ],
                    idleClientTimeout: p.idleClientTimeoutSeconds,
                    debugLogging: false,
                    vpcSubnetIds: args.subnetIds,
                    vpcSecurityGroupIds: [proxySg.id],
                    tags: { Name: proxyName },
                },
                { parent: this, dependsOn: [access, ...secretReady] },
            );
            const pool = new aws.rds.ProxyDefaultTargetGroup(
                `${name}-proxy-pool`,
                {
                    dbProxyName: proxy.name,
                    connectionPoolConfig: {
                        maxConnectionsPercent: p.maxConnectionsPercent,
                        maxIdleConnectionsPercent: p.maxIdleConnectionsPercent,
                        connectionBorrowTimeout: p.connectionBorrowTimeoutSeconds,
                    },
                },
                { parent: this },
            );
            new aws.rds.ProxyTarget(
                `${name}-proxy-target`,
                { dbProxyName: proxy.name, targetGroupName: pool.name, dbClusterIdentifier: cluster.clusterIdentifier },
                { parent: this, dependsOn: instances },
            );
            proxyEndpoint = proxy.endpoint;
            proxyArn = proxy.arn;
            proxySecurityGroupId = proxySg.id;
            if (instances.length > 1) {
                const readOnlyName = physicalName(args.namePrefix, "aurora-proxy-ro", NAME_LIMITS.rds);
                const readOnly = new aws.rds.ProxyEndpoint(
                    `${name}-proxy-read-only`,
                    {
                        dbProxyName: proxy.name,
                        dbProxyEndpointName: readOnlyName,
                        targetRole: "READ_ONLY",
                        vpcSubnetIds: args.subnetIds,
                        vpcSecurityGroupIds: [proxySg.id],
                        tags: { Name: readOnlyName },
                    },
                    { parent: this },
                );
                proxyReadOnlyEndpoint = readOnly.endpoint;
            }
        }

        this.clusterIdentifier = cluster.clusterIdentifier;
        this.clusterArn = cluster.arn;
        this.clusterResourceId = cluster.clusterResourceId;
        this.writerEndpoint = cluster.endpoint;
        this.readerEndpoint = cluster.readerEndpoint;
        this.port = cluster.port;
        this.proxyEndpoint = proxyEndpoint;
        this.proxyArn = proxyArn;
        this.proxyReadOnlyEndpoint = proxyReadOnlyEndpoint;
        this.secretArn = secretArn;
        this.globalClusterIdentifier = globalClusterIdentifier === undefined ? pulumi.output(undefined) : pulumi.output(globalClusterIdentifier);
        this.globalWriterEndpoint = globalCluster ? globalCluster.endpoint : pulumi.output(undefined);
        this.securityGroupId = dbSg.id;
        this.proxySecurityGroupId = proxySecurityGroupId;
        this.kmsKeyArn = keyArn;
        this.engineVersion = engineVersion;
        this.masterUsername = mode.kind === "secondary" ? undefined : username;
        this.instanceIdentifiers = instances.map((i) => i.identifier);
        this.instanceParameterGroupName = instanceParams.name;
        this.registerOutputs({
            instanceIdentifiers: this.instanceIdentifiers,
            instanceParameterGroupName: this.instanceParameterGroupName,
            clusterIdentifier: this.clusterIdentifier,
            clusterArn: this.clusterArn,
            clusterResourceId: this.clusterResourceId,
            writerEndpoint: this.writerEndpoint,
            readerEndpoint: this.readerEndpoint,
            port: this.port,
            proxyEndpoint: this.proxyEndpoint,
            proxyArn: this.proxyArn,
            proxyReadOnlyEndpoint: this.proxyReadOnlyEndpoint,
            secretArn: this.secretArn,
            globalClusterIdentifier: this.globalClusterIdentifier,
            globalWriterEndpoint: this.globalWriterEndpoint,
            securityGroupId: this.securityGroupId,
            proxySecurityGroupId: this.proxySecurityGroupId,
            kmsKeyArn: this.kmsKeyArn,
            engineVersion: this.engineVersion,
            masterUsername: this.masterUsername,
        });
    }

    /**
     * The global primary's secret rotation: AWS's single-user MySQL rotation function from the
     * Serverless Application Repository (a CloudFormation stack with the function, its role and
     * the permission for Secrets Manager to invoke it), in its own security group that may reach
     * the cluster on 3306 and Secrets Manager on 443, and the rotation schedule. The function logs
     * in with the current password and sets a new one with `SET PASSWORD` inside MySQL; the
     * cluster's write-only `masterPasswordWo` is never read back, so Pulumi sees no drift, and it
     * is only sent again when `masterPasswordVersion` is bumped.
     */
    private rotation(
        name: string,
        args: AuroraClusterArgs,
        rotation: AuroraSecretRotation,
        on: {
            secret: aws.secretsmanager.Secret;
            value: aws.secretsmanager.SecretVersion;
            dbSg: aws.ec2.SecurityGroup;
            keyArn: pulumi.Output<string>;
            instances: aws.rds.ClusterInstance[];
            mysqlFrom: (ruleName: string, securityGroupId: pulumi.Input<string>, source: pulumi.Input<string>, description: string) => aws.vpc.SecurityGroupIngressRule;
        },
    ): aws.secretsmanager.SecretRotation {
        const fnName = physicalName(args.namePrefix, "aurora-rotation", 64);
        const sg = new aws.ec2.SecurityGroup(
            `${name}-rotation-sg`,
            { name: fnName, description: "Aurora secret rotation: MySQL to the cluster, HTTPS to Secrets Manager", vpcId: args.vpcId, tags: { Name: fnName } },
            { parent: this },
        );
        const toCluster = new aws.vpc.SecurityGroupEgressRule(
            `${name}-rotation-to-cluster`,
            { securityGroupId: sg.id, referencedSecurityGroupId: on.dbSg.id, ipProtocol: "tcp", fromPort: MYSQL_PORT, toPort: MYSQL_PORT, description: "MySQL to the Aurora cluster" },
            { parent: this },
        );
        // Secrets Manager's regional endpoint: through NAT, or an interface endpoint's private IPs.
        const toApi = new aws.vpc.SecurityGroupEgressRule(
            `${name}-rotation-to-secrets-manager`,
            { securityGroupId: sg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "HTTPS to the Secrets Manager API" },
            { parent: this },
        );
        const fromRotation = on.mysqlFrom(`${name}-from-rotation`, on.dbSg.id, sg.id, "MySQL from the secret rotation function");
        const app = pulumi.output(args.partition).apply(mysqlRotationApplication);
        const stack = new aws.serverlessrepository.CloudFormationStack(
            `${name}-rotation-function`,
            {
                name: fnName,
                applicationId: app.applicationId,
                semanticVersion: app.semanticVersion,
                capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
                parameters: {
                    endpoint: pulumi.output(args.partition).apply((partition) => secretsManagerEndpoint(args.region, partition)),
                    functionName: fnName,
                    vpcSubnetIds: pulumi.output(rotation.subnetIds).apply((ids) => ids.join(",")),
                    vpcSecurityGroupIds: sg.id,
                    // The secret is encrypted with the cluster key: the function's role may use it.
                    kmsKeyArn: on.keyArn,
                    excludeCharacters: ROTATION_EXCLUDED_CHARACTERS,
                },
                tags: { Name: fnName },
            },
            { parent: this },
        );
        return new aws.secretsmanager.SecretRotation(
            `${name}-master-secret-rotation`,
            {
                secretId: on.secret.id,
                rotationLambdaArn: stack.outputs.apply((outputs) => {
                    const arn = outputs.RotationLambdaARN;
                    if (arn === undefined) throw new Error(`the rotation application ${fnName} has no RotationLambdaARN output`);
                    return arn;
                }),
                rotationRules: { automaticallyAfterDays: rotation.afterDays },
                // The first rotation waits for the schedule (the app and proxy start on the first
                // password); Secrets Manager runs the function's testSecret step now to check it.
                rotateImmediately: false,
            },
            { parent: this, dependsOn: [on.value, ...on.instances, toCluster, toApi, fromRotation] },
        );
    }
}
