import * as pulumi from "@pulumi/pulumi";
import { cidrsOverlap } from "../lib/cidr";
import { analyticsOutputs, buildAnalytics } from "./analytics";
import { appTierConfigProblems } from "./appTier";
import { baselineOutputs, buildDashboard, buildDrBaseline, drBaselineProblems } from "./baseline";
import { ConfigError, PlatformConfig } from "./config/load";
import { buildFoundation } from "./foundation";
import { buildNotifications, notificationsOutputs } from "./notifications";
import { PRIMARY_EXPORTS } from "./outputs";
import { accountContext, regionalProvider } from "./providers";

/** Rules across config sections of a DR stack; checked before any resource is registered. */
export function drConfigProblems(cfg: PlatformConfig): string[] {
    // DR has no user pool of its own: its load balancer cannot sign users in through Cognito.
    return [...appTierConfigProblems(cfg, false), ...drBaselineProblems(cfg)];
}

/**
 * The DR stack: a warm standby of the primary in another region. It reads everything it needs
 * from the primary through a stack reference (names in stacks/outputs.ts).
 */
export function drStack(cfg: PlatformConfig): Record<string, pulumi.Input<unknown>> {
    if (cfg.dr === undefined) throw new ConfigError(cfg.file, ["startup-platform:dr: is required when role is dr"]);
    const primary = new pulumi.StackReference("primary", { name: cfg.dr.primaryStack });
    const primaryRegion = primary.requireOutput(PRIMARY_EXPORTS.region) as pulumi.Output<string>;
    const primaryCidr = primary.requireOutput(PRIMARY_EXPORTS.vpcCidr) as pulumi.Output<string>;

    // Checked at deploy time: the two values only exist once the primary stack has been read.
    const checks = pulumi.all([primaryRegion, primaryCidr]).apply(([region, cidr]) => {
        const problems: string[] = [];
        if (region === cfg.region) {
            problems.push(`aws:region: the DR stack must run in another region than its primary (${region})`);
        }
        if (cidrsOverlap(cidr, cfg.network.cidr)) {
            problems.push(`startup-platform:network.cidr: ${cfg.network.cidr} overlaps the primary's VPC ${cidr}; pick a disjoint block`);
        }
        if (problems.length > 0) throw new ConfigError(cfg.file, problems);
        return "ok";
    });

    const provider = regionalProvider(cfg, cfg.region);
    const account = accountContext(provider);
    const foundation = buildFoundation(cfg, account, provider);
    const { network } = foundation;
    const analytics = buildAnalytics(cfg, account, foundation, provider);
    const baseline = buildDrBaseline(cfg, account, provider);

    // Built last: it shows what the stack built.
    const dashboard = buildDashboard(cfg, foundation, baseline, provider);
    // SNS and SQS are regional: the standby fleet gets its own fan-out. Sign-in stays with the
    // primary's Cognito pools (no cross-region replication); DR clients are pointed at them.
    const notifications = buildNotifications(cfg, foundation, provider);
    const primaryIdentity = {
        region: primaryRegion,
        userPoolId: primary.requireOutput(PRIMARY_EXPORTS.userPoolId),
        identityPoolId: primary.requireOutput(PRIMARY_EXPORTS.identityPoolId),
        signInUrl: primary.requireOutput(PRIMARY_EXPORTS.signInUrl),
        mobileClientId: primary.requireOutput(PRIMARY_EXPORTS.mobileClientId),
    };

    return {
        region: cfg.region,
        primaryRegion,
        drChecks: checks,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        isolatedSubnetIds: network.isolatedSubnetIds,
        ...analyticsOutputs(analytics),
        ...baselineOutputs(baseline, dashboard),
        primaryIdentity,
        ...notificationsOutputs(notifications),
    };
}
