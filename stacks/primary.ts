import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config/load";
import { buildFoundation } from "./foundation";
import { buildIdentity, identityOutputs } from "./identity";
import { buildNotifications, notificationsOutputs } from "./notifications";
import { PRIMARY_EXPORTS } from "./outputs";
import { accountContext, regionalProvider } from "./providers";

/** A primary stack (dev, prod): serves traffic in its own region. */
export function primaryStack(cfg: PlatformConfig): Record<string, pulumi.Input<unknown>> {
    const provider = regionalProvider(cfg, cfg.region);
    const account = accountContext(provider);
    const foundation = buildFoundation(cfg, account, provider);
    const { network } = foundation;
    // For AppFleet: cognitoAuth = identity.albCognitoAuth; app role policies += the two notification policies.
    const identity = buildIdentity(cfg, account, foundation, provider);
    const notifications = buildNotifications(cfg, foundation, provider);

    return {
        [PRIMARY_EXPORTS.region]: cfg.region,
        [PRIMARY_EXPORTS.vpcCidr]: network.cidrBlock,
        [PRIMARY_EXPORTS.namePrefix]: cfg.namePrefix,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        isolatedSubnetIds: network.isolatedSubnetIds,
        ...identityOutputs(identity),
        ...notificationsOutputs(notifications),
    };
}
