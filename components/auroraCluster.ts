import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    AURORA_MYSQL_FAMILY,
    CLOUDWATCH_LOG_EXPORTS,
    CLUSTER_PARAMETERS,
    INSTANCE_PARAMETERS,
    MYSQL_PORT,
    ROTATION_EXCLUDED_CHARACTERS,
    SECRET_ROTATION_DAYS,
    SERVERLESS_INSTANCE_CLASS,
    clusterLogGroupName,
    instancePlacements,
    mysqlRotationApplication,
    secretsManagerEndpoint,
} from "../lib/aurora";
import { enhancedMonitoringPolicyArn, enhancedMonitoringTrustPolicy } from "../lib/databasePolicy";
import { NAME_LIMITS, physicalName } from "../lib/naming";
import { DatabaseSettings, databaseSchema } from "../stacks/config/database";
import { parseSettings } from "../stacks/config/rules";
import { DatabaseProxy } from "./databaseProxy";
import { PlatformKey } from "./platformKey";

/** An existing Aurora global database the cluster joins as a secondary, from another region. */
export interface AuroraSecondary {
    /** Id of the global cluster to join (the primary stack exports it). */
    readonly globalClusterIdentifier: pulumi.Input<string>;
    /**
     * Region of the primary cluster, for the encrypted cross-region copy (an Output when it comes
     * from the primary stack's outputs). @default - none
     */
    readonly sourceRegion?: pulumi.Input<string>;
}

/** What the stack wires into the cluster: names, network, keys, its role in a global database. */
export interface AuroraClusterWiring {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the cluster (the provider's region). */
    readonly region: string;
    /** Account of the cluster; the monitoring and proxy roles trust RDS from it. */
    readonly accountId: pulumi.Input<string>;
    /** AWS partition, for ARNs. */
    readonly partition: pulumi.Input<string>;
    /**
     * Join this global database as a secondary: readers only, no database name, master user or
     * secret of its own (they come from the primary), no proxy. @default - a primary (standalone, or
     * a global database's primary with `globalDatabase`)
     */
    readonly secondary?: AuroraSecondary;
    readonly vpcId: pulumi.Input<string>;
    /** Isolated subnets (no route to the internet) for the cluster and the proxy, in at least two zones. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Zones the instances are spread over, round-robin, writer first. */
    readonly availabilityZones: readonly string[];
    /** Security groups whose members may connect on 3306 (the app tier). */
    readonly clientSecurityGroupIds: readonly pulumi.Input<string>[];
    /**
     * Key for storage, the master secret and Performance Insights. Required for a secondary (a
     * replica of the primary's multi-Region key). @default - a PlatformKey is created, multi-Region
     * with `globalDatabase` so the secondary's region can hold a replica
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Key that encrypts the exported log groups. */
    readonly logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Subnets of the function that rotates a global primary's own master secret
     * (`masterSecretRotationDays`): they must reach the Secrets Manager API (NAT or an interface
     * endpoint). Not used by other clusters, whose RDS-managed secret RDS rotates itself.
     * @default - none (a global primary that rotates needs them)
     */
    readonly rotationSubnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Apply modifications now instead of in the maintenance window. @default false */
    readonly applyImmediately?: boolean;
    /** Tags that put the cluster in a backup plan's selection (e.g. `{ Backup: "prod" }`). @default {} */
    readonly backupTags?: Readonly<Record<string, string>>;
    /** Protect the cluster, its key, secret and global cluster; turns on deletion protection. @default false */
    readonly protect?: boolean;
    /**
     * Keep the security log groups in AWS when the stack is destroyed: prod environments (the
     * stack keeps the key that encrypts them too). Not `protect`, which a teardown turns off
     * first. @default false
     */
    readonly keepSecurityLogs?: boolean;
    /**
     * Snapshot the cluster (`<cluster id>-final`) when it is deleted, protected or not: the one way
     * to delete a protected cluster is to unprotect it first, so tying the snapshot to `protect`
     * would lose it on exactly that path. Ignored on a global secondary (a copy of the primary).
     * @default false
     */
    readonly finalSnapshot?: boolean;
}

/**
 * The cluster's settings are the `database` config section, declared once in
 * stacks/config/database.ts (types, defaults, descriptions and the rule table DATABASE_RULES;
 * docs/config.md documents each key), plus what the stack wires in. `proxy` is the DatabaseProxy's.
 */
export type AuroraClusterArgs = z.input<typeof databaseSchema> & AuroraClusterWiring;

/** Defaults of the cluster's wiring; the settings' defaults are DATABASE_DEFAULTS (stacks/config/database.ts). */
export const AURORA_CLUSTER_DEFAULTS = { applyImmediately: false, protect: false } as const;

/**
 * Cluster inputs a member of a global database does not diff: the global cluster drives the engine
 * version, and RDS rewrites the role-dependent ones on switchover and failover.
 */
export const GLOBAL_MEMBER_IGNORED_CHANGES = ["engineVersion", "globalClusterIdentifier", "replicationSourceIdentifier"] as const;

/** What only the wiring can get wrong, each saying what to change; the settings' own rules are DATABASE_RULES. */
function wiringProblems(args: AuroraClusterArgs, s: DatabaseSettings): string[] {
    const secondary = args.secondary;
    const rotates = secondary === undefined && s.globalDatabase && (s.masterSecretRotationDays ?? SECRET_ROTATION_DAYS.default) > 0;
    const rules: Array<{ condition: boolean; message: string }> = [
        {
            condition: secondary !== undefined && (secondary.globalClusterIdentifier === undefined || secondary.globalClusterIdentifier === ""),
            message: "secondary.globalClusterIdentifier: a secondary cluster needs the id of the global cluster to join (the primary stack exports it)",
        },
        {
            condition: secondary !== undefined && args.kmsKeyArn === undefined,
            message: "kmsKeyArn: a secondary cluster needs a KMS key in its own region, such as a replica of the primary's multi-Region key",
        },
        {
            condition: secondary !== undefined && s.globalDatabase,
            message: "globalDatabase: a secondary cluster joins the primary's global database and cannot create one; set it false",
        },
        {
            condition: secondary !== undefined && s.proxy.enabled,
            message: "proxy.enabled: a secondary cluster has no master secret for RDS Proxy to log in with; set it false and add the proxy after promotion",
        },
        {
            condition: secondary !== undefined && (args.databaseName !== undefined || args.masterUsername !== undefined),
            message: "databaseName/masterUsername: a secondary cluster takes its database and master user from the primary; remove them",
        },
        {
            condition: s.secretReplicaRegions.includes(args.region),
            message: `secretReplicaRegions: ${args.region} is the cluster's own region; list only other regions`,
        },
        {
            condition: rotates && args.rotationSubnetIds === undefined,
            message: `rotationSubnetIds: a global primary rotates its master secret (masterSecretRotationDays, default ${SECRET_ROTATION_DAYS.default}) with a function in subnets that reach the Secrets Manager API; give them, or set masterSecretRotationDays: 0`,
        },
        {
            condition: args.availabilityZones.length === 0,
            message: "availabilityZones: give the zones of the isolated subnets",
        },
    ];
    return rules.filter((r) => r.condition).map((r) => r.message);
}

/** What the cluster builders share once the settings are parsed. */
interface ClusterContext {
    readonly name: string;
    readonly args: AuroraClusterArgs;
    readonly s: DatabaseSettings;
    /** `<prefix>-aurora`: the cluster's identifier and the base of its other names. */
    readonly clusterId: string;
    readonly protect: boolean;
    readonly applyImmediately: boolean;
    /** The primary of a global database this cluster creates. */
    readonly globalPrimary: boolean;
    readonly keyArn: pulumi.Output<string>;
}

/**
 * Aurora MySQL 3 on Serverless v2 (`db.serverless` writer and readers spread over zones), encrypted
 * with a customer-managed key, TLS required, IAM database authentication, audit/error/slow-query
 * logs exported to log groups it owns, Performance Insights and Enhanced Monitoring, and optionally
 * an RDS Proxy with a read-only endpoint (a DatabaseProxy child). As a primary it can create an
 * Aurora global database; as a secondary it joins one from another region.
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
        const s = parseSettings("AuroraCluster", name, databaseSchema, args);
        const problems = wiringProblems(args, s);
        if (problems.length > 0) throw new Error(`AuroraCluster ${name}: ${problems.join("; ")}`);
        super("startup:data:AuroraCluster", name, {}, opts);

        const protect = args.protect ?? AURORA_CLUSTER_DEFAULTS.protect;
        const globalPrimary = args.secondary === undefined && s.globalDatabase;
        const base = { name, args, s, protect, globalPrimary, clusterId: physicalName(args.namePrefix, "aurora", NAME_LIMITS.rds) };
        const c: ClusterContext = { ...base, applyImmediately: args.applyImmediately ?? AURORA_CLUSTER_DEFAULTS.applyImmediately, keyArn: this.key(base) };

        const { subnetGroup, sg } = this.network(c);
        const { clusterParams, instanceParams } = this.parameterGroups(c);
        const logGroups = this.logGroups(c);
        const monitoringRole = this.monitoringRole(c);
        const globalCluster = globalPrimary ? this.globalCluster(c) : undefined;
        const globalClusterIdentifier = args.secondary ? args.secondary.globalClusterIdentifier : globalCluster?.id;
        const password = globalPrimary ? this.generatedPassword() : undefined;
        const cluster = this.cluster(c, { subnetGroup, sg, clusterParams, logGroups, globalClusterIdentifier, password });
        const instances = this.instances(c, { cluster, subnetGroup, instanceParams, monitoringRole });
        const secret = this.masterSecret(c, { cluster, password, sg, instances });
        const proxy = s.proxy.enabled ? this.proxy(c, { cluster, sg, instances, secret }) : undefined;

        this.clusterIdentifier = cluster.clusterIdentifier;
        this.clusterArn = cluster.arn;
        this.clusterResourceId = cluster.clusterResourceId;
        this.writerEndpoint = cluster.endpoint;
        this.readerEndpoint = cluster.readerEndpoint;
        this.port = cluster.port;
        this.proxyEndpoint = proxy ? proxy.endpoint : pulumi.output(undefined);
        this.proxyArn = proxy ? proxy.arn : pulumi.output(undefined);
        this.proxyReadOnlyEndpoint = proxy ? proxy.readOnlyEndpoint : pulumi.output(undefined);
        this.secretArn = secret.arn;
        this.globalClusterIdentifier = globalClusterIdentifier === undefined ? pulumi.output(undefined) : pulumi.output(globalClusterIdentifier);
        this.globalWriterEndpoint = globalCluster ? globalCluster.endpoint : pulumi.output(undefined);
        this.securityGroupId = sg.id;
        this.proxySecurityGroupId = proxy ? proxy.securityGroupId : pulumi.output(undefined);
        this.kmsKeyArn = c.keyArn;
        this.engineVersion = s.engineVersion;
        this.masterUsername = args.secondary ? undefined : s.masterUsername;
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

    /** The key of storage, the master secret and Performance Insights: the given one, or a PlatformKey of its own. */
    private key(c: Omit<ClusterContext, "keyArn" | "applyImmediately">): pulumi.Output<string> {
        if (c.args.kmsKeyArn !== undefined) return pulumi.output(c.args.kmsKeyArn);
        const key = new PlatformKey(
            `${c.name}-key`,
            {
                purpose: "database",
                namePrefix: c.args.namePrefix,
                accountId: c.args.accountId,
                partition: c.args.partition,
                region: c.args.region,
                // RDS, Secrets Manager and Performance Insights use the key through grants made
                // with the caller's IAM permissions, so no service principal needs the key policy.
                services: [],
                // A global database's secondary region holds a replica of this key.
                multiRegion: c.s.globalDatabase,
                protect: c.protect,
            },
            { parent: this },
        );
        return key.keyArn;
    }

    /** The isolated subnets and a group that admits 3306 from the client groups (and, below, the proxy and rotation), nothing else. */
    private network(c: ClusterContext): { subnetGroup: aws.rds.SubnetGroup; sg: aws.ec2.SecurityGroup } {
        const subnetGroup = new aws.rds.SubnetGroup(
            `${c.name}-subnets`,
            { name: c.clusterId, description: `${c.args.namePrefix} Aurora: isolated subnets`, subnetIds: c.args.subnetIds, tags: { Name: c.clusterId } },
            { parent: this },
        );
        const sg = new aws.ec2.SecurityGroup(
            `${c.name}-sg`,
            { name: c.clusterId, description: "Aurora MySQL: 3306 from the app tier and RDS Proxy only", vpcId: c.args.vpcId, tags: { Name: c.clusterId } },
            { parent: this },
        );
        c.args.clientSecurityGroupIds.forEach((client, i) => this.mysqlFrom(`${c.name}-from-client-${i}`, sg.id, client, "MySQL from an app-tier client"));
        return { subnetGroup, sg };
    }

    /** 3306/tcp into a group from another group. */
    private mysqlFrom(ruleName: string, securityGroupId: pulumi.Input<string>, source: pulumi.Input<string>, description: string): aws.vpc.SecurityGroupIngressRule {
        return new aws.vpc.SecurityGroupIngressRule(
            ruleName,
            { securityGroupId, referencedSecurityGroupId: source, ipProtocol: "tcp", fromPort: MYSQL_PORT, toPort: MYSQL_PORT, description },
            { parent: this },
        );
    }

    /** Cluster and instance parameters: TLS required, audit on, slow queries logged to files (see lib/aurora.ts). */
    private parameterGroups(c: ClusterContext): { clusterParams: aws.rds.ClusterParameterGroup; instanceParams: aws.rds.ParameterGroup } {
        const clusterParams = new aws.rds.ClusterParameterGroup(
            `${c.name}-cluster-params`,
            {
                name: `${c.clusterId}-cluster`,
                family: AURORA_MYSQL_FAMILY,
                description: `${c.args.namePrefix} Aurora MySQL 3 cluster parameters`,
                parameters: CLUSTER_PARAMETERS.map((p) => ({ ...p })),
                tags: { Name: `${c.clusterId}-cluster` },
            },
            { parent: this },
        );
        const instanceParams = new aws.rds.ParameterGroup(
            `${c.name}-instance-params`,
            {
                name: `${c.clusterId}-instance`,
                family: AURORA_MYSQL_FAMILY,
                description: `${c.args.namePrefix} Aurora MySQL 3 instance parameters`,
                parameters: INSTANCE_PARAMETERS.map((p) => ({ ...p })),
                tags: { Name: `${c.clusterId}-instance` },
            },
            { parent: this },
        );
        return { clusterParams, instanceParams };
    }

    /** The exported logs' groups, created before the cluster under the names RDS writes to, so retention and encryption are ours. */
    private logGroups(c: ClusterContext): aws.cloudwatch.LogGroup[] {
        return CLOUDWATCH_LOG_EXPORTS.map(
            (log) =>
                new aws.cloudwatch.LogGroup(
                    `${c.name}-log-${log}`,
                    {
                        name: clusterLogGroupName(c.clusterId, log),
                        retentionInDays: c.s.logRetentionDays,
                        kmsKeyId: c.args.logsKmsKeyArn,
                        tags: { Name: `${c.clusterId}-${log}` },
                    },
                    // The audit log is security evidence: kept when a protected stack is destroyed.
                    { parent: this, retainOnDelete: c.args.keepSecurityLogs === true && log === "audit" },
                ),
        );
    }

    /** Enhanced Monitoring's role (AWS's managed policy), unless the interval is 0. */
    private monitoringRole(c: ClusterContext): aws.iam.Role | undefined {
        if (c.s.monitoringIntervalSeconds === 0) return undefined;
        const role = new aws.iam.Role(
            `${c.name}-monitoring-role`,
            {
                name: physicalName(c.args.namePrefix, "aurora-monitoring", NAME_LIMITS.iamRole),
                assumeRolePolicy: pulumi.output(c.args.accountId).apply((accountId) => JSON.stringify(enhancedMonitoringTrustPolicy(accountId))),
            },
            { parent: this },
        );
        new aws.iam.RolePolicyAttachment(
            `${c.name}-monitoring-policy`,
            { role: role.name, policyArn: pulumi.output(c.args.partition).apply(enhancedMonitoringPolicyArn) },
            { parent: this },
        );
        return role;
    }

    /** The global database a global primary creates and joins. */
    private globalCluster(c: ClusterContext): aws.rds.GlobalCluster {
        return new aws.rds.GlobalCluster(
            `${c.name}-global`,
            {
                globalClusterIdentifier: physicalName(c.args.namePrefix, "aurora-global", NAME_LIMITS.rds),
                engine: aws.rds.EngineType.AuroraMysql,
                engineVersion: c.s.engineVersion,
                storageEncrypted: true,
                deletionProtection: c.protect,
                // An unprotected stack's destroy detaches any member still attached (the
                // provider removes each from the global cluster before deleting it).
                forceDestroy: !c.protect,
            },
            { parent: this, protect: c.protect },
        );
    }

    /**
     * A global primary's master password. RDS cannot manage the master password of a cluster in a
     * global database (AWS: "Limitations for Secrets Manager integration with Amazon Aurora"), so
     * it is generated, sent through write-only arguments and kept in a secret of our own.
     */
    private generatedPassword(): pulumi.Output<string> {
        return pulumi.secret(
            aws.secretsmanager.getRandomPasswordOutput(
                // RDS forbids / " @ and spaces in MySQL passwords; at most 41 characters.
                { passwordLength: 40, excludePunctuation: true, includeSpace: false },
                { parent: this },
            ).randomPassword,
        );
    }

    /** The cluster: Serverless v2, encrypted, IAM auth, logs exported, backed up; a secondary joins the global cluster. */
    private cluster(
        c: ClusterContext,
        on: {
            subnetGroup: aws.rds.SubnetGroup;
            sg: aws.ec2.SecurityGroup;
            clusterParams: aws.rds.ClusterParameterGroup;
            logGroups: aws.cloudwatch.LogGroup[];
            globalClusterIdentifier: pulumi.Input<string> | undefined;
            password: pulumi.Output<string> | undefined;
        },
    ): aws.rds.Cluster {
        const { args, s } = c;
        const credentials: Partial<aws.rds.ClusterArgs> = args.secondary
            ? { sourceRegion: args.secondary.sourceRegion }
            : {
                  databaseName: s.databaseName,
                  masterUsername: s.masterUsername,
                  ...(on.password
                      ? { masterPasswordWo: on.password, masterPasswordWoVersion: s.masterPasswordVersion }
                      : { manageMasterUserPassword: true, masterUserSecretKmsKeyId: c.keyArn }),
              };
        return new aws.rds.Cluster(
            `${c.name}-cluster`,
            {
                clusterIdentifier: c.clusterId,
                engine: aws.rds.EngineType.AuroraMysql,
                engineMode: "provisioned",
                engineVersion: s.engineVersion,
                globalClusterIdentifier: on.globalClusterIdentifier,
                ...credentials,
                storageEncrypted: true,
                kmsKeyId: c.keyArn,
                iamDatabaseAuthenticationEnabled: true,
                serverlessv2ScalingConfiguration: {
                    minCapacity: s.minCapacityAcu,
                    maxCapacity: s.maxCapacityAcu,
                    secondsUntilAutoPause: s.minCapacityAcu === 0 ? s.secondsUntilAutoPause : undefined,
                },
                port: MYSQL_PORT,
                dbSubnetGroupName: on.subnetGroup.name,
                vpcSecurityGroupIds: [on.sg.id],
                dbClusterParameterGroupName: on.clusterParams.name,
                enabledCloudwatchLogsExports: [...CLOUDWATCH_LOG_EXPORTS],
                backupRetentionPeriod: s.backupRetentionDays,
                preferredBackupWindow: s.preferredBackupWindow,
                preferredMaintenanceWindow: s.preferredMaintenanceWindow,
                copyTagsToSnapshot: true,
                deletionProtection: c.protect,
                ...(c.args.finalSnapshot === true && c.args.secondary === undefined
                    ? { skipFinalSnapshot: false, finalSnapshotIdentifier: `${c.clusterId}-final` }
                    : { skipFinalSnapshot: true }),
                applyImmediately: c.applyImmediately,
                tags: { Name: c.clusterId, ...args.backupTags },
            },
            {
                parent: this,
                protect: c.protect,
                dependsOn: on.logGroups,
                // In a global database the engine version moves with the global cluster, and RDS
                // changes each member's role: it fills in a secondary's replication source (the
                // primary's ARN), swaps it on every switchover or failover (prod becomes the
                // secondary), and empties the global id of a member detached by a failover. Re-applying
                // the program's values would promote a secondary (the provider does so when the source
                // is removed) or try to detach or re-join a member, so neither is diffed
                // (terraform-provider-aws: `lifecycle { ignore_changes }` for members of a global
                // cluster). docs/database.md says what an operator does after a role change.
                ignoreChanges: args.secondary !== undefined || c.globalPrimary ? [...GLOBAL_MEMBER_IGNORED_CHANGES] : [],
            },
        );
    }

    /** The db.serverless instances: instance 1 is created first, so it becomes the writer; readers follow in other zones. */
    private instances(
        c: ClusterContext,
        on: { cluster: aws.rds.Cluster; subnetGroup: aws.rds.SubnetGroup; instanceParams: aws.rds.ParameterGroup; monitoringRole: aws.iam.Role | undefined },
    ): aws.rds.ClusterInstance[] {
        const instances: aws.rds.ClusterInstance[] = [];
        for (const place of instancePlacements(c.s.instances, c.args.availabilityZones)) {
            const identifier = physicalName(c.args.namePrefix, `aurora-${place.index}`, NAME_LIMITS.rds);
            instances.push(
                new aws.rds.ClusterInstance(
                    `${c.name}-instance-${place.index}`,
                    {
                        identifier,
                        clusterIdentifier: on.cluster.clusterIdentifier,
                        engine: aws.rds.EngineType.AuroraMysql,
                        instanceClass: SERVERLESS_INSTANCE_CLASS,
                        availabilityZone: place.availabilityZone,
                        promotionTier: place.promotionTier,
                        dbSubnetGroupName: on.subnetGroup.name,
                        dbParameterGroupName: on.instanceParams.name,
                        publiclyAccessible: false,
                        // The engine version is pinned in config (an LTS release); AWS recommends turning
                        // automatic minor upgrades off for LTS versions.
                        autoMinorVersionUpgrade: false,
                        performanceInsightsEnabled: true,
                        performanceInsightsKmsKeyId: c.keyArn,
                        performanceInsightsRetentionPeriod: c.s.performanceInsightsRetentionDays,
                        monitoringInterval: c.s.monitoringIntervalSeconds,
                        monitoringRoleArn: on.monitoringRole?.arn,
                        applyImmediately: c.applyImmediately,
                        // Tearing down an unprotected secondary. AWS allows deleting the last instance of
                        // a global secondary (a "headless" secondary), but refuses it on a read-replica
                        // cluster until the cluster is promoted; should RDS treat this one so, the
                        // provider promotes the cluster and retries instead of failing the destroy.
                        ...(c.args.secondary && !c.protect ? { forceDestroy: true } : {}),
                        tags: { Name: identifier },
                    },
                    { parent: this, dependsOn: instances.length > 0 ? [instances[0]] : [] },
                ),
            );
        }
        return instances;
    }

    /**
     * The master secret: RDS-managed on a standalone primary, our own (with its rotation) on a
     * global primary, none on a secondary until it is promoted. `ready` is what must exist before
     * anyone reads it.
     */
    private masterSecret(
        c: ClusterContext,
        on: { cluster: aws.rds.Cluster; password: pulumi.Output<string> | undefined; sg: aws.ec2.SecurityGroup; instances: aws.rds.ClusterInstance[] },
    ): { arn: pulumi.Output<string | undefined>; ready: pulumi.Resource[] } {
        if (c.args.secondary) return { arn: pulumi.output(undefined), ready: [] };
        if (on.password === undefined) return { arn: on.cluster.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn), ready: [] };
        const { args, s } = c;
        const rotationDays = s.masterSecretRotationDays ?? SECRET_ROTATION_DAYS.default;
        const secret = new aws.secretsmanager.Secret(
            `${c.name}-master-secret`,
            {
                name: `${args.namePrefix}/aurora/master`,
                description: `${args.namePrefix} Aurora master credentials (global database: not managed by RDS)`,
                kmsKeyId: c.keyArn,
                replicas: s.secretReplicaRegions.map((region) => ({ region })),
                tags: {
                    Name: `${args.namePrefix}-aurora-master`,
                    ...(rotationDays === 0 ? { RotationException: "automatic rotation off in config; rotate by bumping masterPasswordVersion" } : {}),
                },
            },
            { parent: this, protect: c.protect },
        );
        const value = new aws.secretsmanager.SecretVersion(
            `${c.name}-master-secret-value`,
            {
                secretId: secret.id,
                secretStringWo: pulumi
                    .all([on.password, on.cluster.endpoint])
                    .apply(([password, host]) =>
                        JSON.stringify({ engine: "mysql", host, port: MYSQL_PORT, username: s.masterUsername, password, dbClusterIdentifier: c.clusterId }),
                    ),
                secretStringWoVersion: s.masterPasswordVersion,
            },
            { parent: this },
        );
        if (rotationDays > 0) {
            // Checked by wiringProblems: a rotating global primary has its subnets.
            this.rotation(c, { afterDays: rotationDays, subnetIds: args.rotationSubnetIds as pulumi.Input<pulumi.Input<string>[]> }, { secret, value, ...on });
        }
        return { arn: secret.arn, ready: [value] };
    }

    /** The RDS Proxy (its own component) and the cluster's ingress from it. */
    private proxy(
        c: ClusterContext,
        on: {
            cluster: aws.rds.Cluster;
            sg: aws.ec2.SecurityGroup;
            instances: aws.rds.ClusterInstance[];
            secret: { arn: pulumi.Output<string | undefined>; ready: pulumi.Resource[] };
        },
    ): DatabaseProxy {
        const { enabled: _enabled, ...settings } = c.s.proxy;
        const proxy = new DatabaseProxy(
            `${c.name}-proxy`,
            {
                ...settings,
                namePrefix: c.args.namePrefix,
                region: c.args.region,
                accountId: c.args.accountId,
                vpcId: c.args.vpcId,
                subnetIds: c.args.subnetIds,
                clientSecurityGroupIds: c.args.clientSecurityGroupIds,
                clusterSecurityGroupId: on.sg.id,
                clusterIdentifier: on.cluster.clusterIdentifier,
                instances: on.instances,
                secretArn: on.secret.arn.apply((arn) => arn ?? ""),
                secretKmsKeyArn: c.keyArn,
                secretReady: on.secret.ready,
                // Until issue 16 the proxy's resources were this component's own children.
                formerParent: this,
            },
            { parent: this },
        );
        this.mysqlFrom(`${c.name}-from-proxy`, on.sg.id, proxy.securityGroupId, "MySQL from RDS Proxy");
        return proxy;
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
        c: ClusterContext,
        rotation: { afterDays: number; subnetIds: pulumi.Input<pulumi.Input<string>[]> },
        on: { secret: aws.secretsmanager.Secret; value: aws.secretsmanager.SecretVersion; sg: aws.ec2.SecurityGroup; instances: aws.rds.ClusterInstance[] },
    ): aws.secretsmanager.SecretRotation {
        const { name, args } = c;
        const fnName = physicalName(args.namePrefix, "aurora-rotation", 64);
        const sg = new aws.ec2.SecurityGroup(
            `${name}-rotation-sg`,
            { name: fnName, description: "Aurora secret rotation: MySQL to the cluster, HTTPS to Secrets Manager", vpcId: args.vpcId, tags: { Name: fnName } },
            { parent: this },
        );
        const toCluster = new aws.vpc.SecurityGroupEgressRule(
            `${name}-rotation-to-cluster`,
            { securityGroupId: sg.id, referencedSecurityGroupId: on.sg.id, ipProtocol: "tcp", fromPort: MYSQL_PORT, toPort: MYSQL_PORT, description: "MySQL to the Aurora cluster" },
            { parent: this },
        );
        // Secrets Manager's regional endpoint: through NAT, or an interface endpoint's private IPs.
        const toApi = new aws.vpc.SecurityGroupEgressRule(
            `${name}-rotation-to-secrets-manager`,
            { securityGroupId: sg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "HTTPS to the Secrets Manager API" },
            { parent: this },
        );
        const fromRotation = this.mysqlFrom(`${name}-from-rotation`, on.sg.id, sg.id, "MySQL from the secret rotation function");
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
                    kmsKeyArn: c.keyArn,
                    excludeCharacters: ROTATION_EXCLUDED_CHARACTERS,
                },
                tags: { Name: fnName },
            },
            // The provider reads the stack's parameters and capabilities back with AWS's additions
            // and then diffs on every update; the empty change set it creates makes the update fail
            // (pulumi/pulumi-aws#2717, fixed upstream in terraform-provider-aws#46748, not yet
            // known to be in this provider). To change a parameter on purpose (new subnets),
            // replace it: pulumi up --replace <this resource's URN>.
            { parent: this, ignoreChanges: ["parameters", "capabilities"] },
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
