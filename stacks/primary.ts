import * as pulumi from "@pulumi/pulumi";
import { baselineOutputs, buildDashboard, buildPrimaryBaseline, checkPrimaryBaselineConfig } from "./baseline";
import { PlatformConfig } from "./config/load";
import { buildFoundation } from "./network";
import { PRIMARY_EXPORTS } from "./outputs";
import { accountContext, regionalProvider } from "./providers";

/** A primary stack (dev, prod): serves traffic in its own region. */
export function primaryStack(cfg: PlatformConfig): Record<string, pulumi.Input<unknown>> {
    checkPrimaryBaselineConfig(cfg);
    const provider = regionalProvider(cfg, cfg.region);
    const account = accountContext(provider);
    const foundation = buildFoundation(cfg, account, provider);
    const { network } = foundation;
    const baseline = buildPrimaryBaseline(cfg, account, provider);

    // Built last: it shows what the stack built.
    const dashboard = buildDashboard(cfg, foundation, baseline, provider);

    return {
        [PRIMARY_EXPORTS.region]: cfg.region,
        [PRIMARY_EXPORTS.vpcCidr]: network.cidrBlock,
        [PRIMARY_EXPORTS.namePrefix]: cfg.namePrefix,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        isolatedSubnetIds: network.isolatedSubnetIds,
        ...baselineOutputs(baseline, dashboard),
    };
}
