import * as pulumi from "@pulumi/pulumi";
import { AppTierInputs, appTierConfigProblems, appTierOutputs, buildAppTier } from "./appTier";
import { ConfigError, PlatformConfig } from "./config/load";
import { buildFoundation } from "./foundation";
import { PRIMARY_EXPORTS } from "./outputs";
import { accountContext, regionalProvider } from "./providers";

/** A primary stack (dev, prod): serves traffic in its own region. */
export function primaryStack(cfg: PlatformConfig): Record<string, pulumi.Input<unknown>> {
    const appInputs: AppTierInputs = {};
    const problems = appTierConfigProblems(cfg, appInputs);
    if (problems.length > 0) throw new ConfigError(cfg.file, problems);

    const provider = regionalProvider(cfg, cfg.region);
    const account = accountContext(provider);
    const foundation = buildFoundation(cfg, account, provider);
    const { network } = foundation;
    const app = buildAppTier(cfg, account, provider, foundation, appInputs);

    return {
        [PRIMARY_EXPORTS.region]: cfg.region,
        [PRIMARY_EXPORTS.vpcCidr]: network.cidrBlock,
        [PRIMARY_EXPORTS.namePrefix]: cfg.namePrefix,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        isolatedSubnetIds: network.isolatedSubnetIds,
        ...appTierOutputs(app),
    };
}
