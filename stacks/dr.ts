import * as pulumi from "@pulumi/pulumi";
import { cidrsOverlap } from "../lib/cidr";
import { analyticsOutputs, buildAnalytics } from "./analytics";
import { baselineOutputs, buildDashboard, buildDrBaseline, drBaselineProblems } from "./baseline";
import { ConfigError, PlatformConfig } from "./config/load";
import { buildSecondaryDatabase } from "./database";
import { buildFoundation } from "./foundation";
import { PRIMARY_EXPORTS, PrimaryExportName, missingPrimaryExports, primaryOutput } from "./outputs";
import { accountContext, regionalProvider } from "./providers";
import { buildBucketReplications } from "./replication";

/** Problems only visible once the primary's outputs are read; the DR stack fails on any. */
export function drDeployTimeProblems(
    cfg: PlatformConfig,
    primary: { region: string; vpcCidr: string; databaseEngineVersion: string; databaseSecretReplicaRegions: readonly string[] },
): string[] {
    const problems: string[] = [];
    if (primary.region === cfg.region) {
        problems.push(`aws:region: the DR stack must run in another region than its primary (${primary.region})`);
    }
    if (cidrsOverlap(primary.vpcCidr, cfg.network.cidr)) {
        problems.push(`startup-platform:network.cidr: ${cfg.network.cidr} overlaps the primary's VPC ${primary.vpcCidr}; pick a disjoint block`);
    }
    if (primary.databaseEngineVersion !== cfg.database.engineVersion) {
        problems.push(
            `startup-platform:database.engineVersion: a global database's secondary runs the primary's engine version; set it to ${primary.databaseEngineVersion} (got ${cfg.database.engineVersion})`,
        );
    }
    if (!primary.databaseSecretReplicaRegions.includes(cfg.region)) {
        problems.push(
            `the primary does not replicate its database secret to ${cfg.region}: add ${cfg.region} to startup-platform:database.secretReplicaRegions in the primary's stack file and deploy it first`,
        );
    }
    return problems;
}

/** Rules across config sections of a DR stack; checked before any resource is registered. */
export function drConfigProblems(cfg: PlatformConfig): string[] {
    return drBaselineProblems(cfg);
}

/**
 * The DR stack: a warm standby of the primary in another region. It reads everything it needs
 * from the primary through a stack reference (names in stacks/outputs.ts) and never the other way
 * round, so the primary deploys first and on its own. The few resources that must live in the
 * primary region but name DR resources (S3 replication configurations) are created here with a
 * provider for the primary region.
 */
export async function drStack(cfg: PlatformConfig): Promise<Record<string, pulumi.Input<unknown>>> {
    if (cfg.dr === undefined) throw new ConfigError(cfg.file, ["startup-platform:dr: is required when role is dr"]);
    const primary = new pulumi.StackReference("primary", { name: cfg.dr.primaryStack });
    const missing = await missingPrimaryExports(primary);
    if (missing.length > 0) {
        throw new ConfigError(cfg.file, [
            `startup-platform:dr.primaryStack: ${cfg.dr.primaryStack} does not export ${missing.join(", ")}; deploy the primary first (pulumi up -s <primary>), with a global database (database.globalDatabase: true)`,
        ]);
    }
    const read = <T = string>(name: PrimaryExportName) => primaryOutput<T>(primary, name);
    const primaryRegion = read(PRIMARY_EXPORTS.region);

    // Checked at deploy time: the values only exist once the primary stack has been read.
    const checks = pulumi
        .all([primaryRegion, read(PRIMARY_EXPORTS.vpcCidr), read(PRIMARY_EXPORTS.databaseEngineVersion), read<string[]>(PRIMARY_EXPORTS.databaseSecretReplicaRegions)])
        .apply(([region, vpcCidr, databaseEngineVersion, databaseSecretReplicaRegions]) => {
            const problems = drDeployTimeProblems(cfg, { region, vpcCidr, databaseEngineVersion, databaseSecretReplicaRegions });
            if (problems.length > 0) throw new ConfigError(cfg.file, problems);
            return "ok";
        });

    const provider = regionalProvider(cfg, cfg.region);
    // For the primary-region halves of cross-region wiring that need DR's resources to exist.
    const primaryProvider = regionalProvider(cfg, primaryRegion, "aws-primary");
    const account = accountContext(provider);
    const foundation = buildFoundation(cfg, account, provider);
    const { network } = foundation;
    const analytics = buildAnalytics(cfg, account, foundation, provider);
    const baseline = buildDrBaseline(cfg, account, provider);

    // Built last: it shows what the stack built.
    const dashboard = buildDashboard(cfg, foundation, baseline, provider);

    // Placeholder until the app tier exists: the DR fleet's security group goes here.
    const database = buildSecondaryDatabase(
        cfg,
        account,
        provider,
        foundation,
        {
            globalClusterIdentifier: read(PRIMARY_EXPORTS.databaseGlobalClusterId),
            kmsKeyArn: read(PRIMARY_EXPORTS.databaseKmsKeyArn),
            region: primaryRegion,
        },
        [],
    );

    const replications = buildBucketReplications(
        cfg,
        account,
        primaryProvider,
        { region: primaryRegion, dataKeyArn: read(PRIMARY_EXPORTS.dataKeyArn) },
        foundation.dataKey.keyArn,
        {
            // Into DR's own raw-events bucket: after a failover DR's Athena table sees prod's history.
            analytics: {
                sourceBucketName: read(PRIMARY_EXPORTS.analyticsRawBucketName),
                sourceBucketArn: read(PRIMARY_EXPORTS.analyticsRawBucketArn),
                destinationBucketArn: analytics.rawBucketArn,
                destination: analytics,
            },
        },
    );

    // The primary replicates its master secret here under the same name: same ARN but the region.
    const databaseSecretArn = pulumi
        .all([read(PRIMARY_EXPORTS.databaseSecretArn), primaryRegion])
        .apply(([arn, region]) => arn.replace(`:secretsmanager:${region}:`, `:secretsmanager:${cfg.region}:`));

    return {
        region: cfg.region,
        primaryRegion,
        drChecks: checks,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        isolatedSubnetIds: network.isolatedSubnetIds,
        databaseClusterIdentifier: database.cluster.clusterIdentifier,
        databaseClusterArn: database.cluster.clusterArn,
        databaseReaderEndpoint: database.cluster.readerEndpoint,
        databaseKmsKeyArn: database.key.keyArn,
        databaseSecretArn,
        replicatedBuckets: Object.fromEntries(
            Object.entries(replications).map(([role, r]) => [role, { source: r.sourceBucketName, destination: r.destinationBucketArn, ruleId: r.ruleId }]),
        ),
        ...analyticsOutputs(analytics),
        ...baselineOutputs(baseline, dashboard),
    };
}
