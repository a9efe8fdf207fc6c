import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformKey } from "../components/platformKey";
import { VpcTier } from "../components/vpcTier";
import { autoScalingServiceLinkedRoleArn } from "../lib/policy";
import { PlatformConfig } from "./config/load";
import { AccountContext } from "./providers";

/** The keys and network every stack, primary or DR, starts from. */
export interface Foundation {
    /** Encrypts CloudWatch log groups. */
    readonly logsKey: PlatformKey;
    /**
     * Encrypts data at rest: buckets, queues, topics, tables. Multi-Region in prod so the DR
     * region can hold a replica of it.
     */
    readonly dataKey: PlatformKey;
    readonly network: VpcTier;
}

export function buildFoundation(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider): Foundation {
    const logsKey = new PlatformKey(
        "logs",
        {
            purpose: "logs",
            namePrefix: cfg.namePrefix,
            accountId: account.accountId,
            partition: account.partition,
            region: cfg.region,
            services: [`logs.${cfg.region}.amazonaws.com`],
            protect: cfg.protect,
        },
        { provider },
    );
    const dataKey = new PlatformKey(
        "data",
        {
            purpose: "data",
            namePrefix: cfg.namePrefix,
            accountId: account.accountId,
            partition: account.partition,
            region: cfg.region,
            services: ["sns.amazonaws.com", "sqs.amazonaws.com", "events.amazonaws.com", "cloudwatch.amazonaws.com"],
            // The app fleet's EBS volumes are encrypted with this key, and EC2 Auto Scaling creates
            // them as its service-linked role.
            principals: [pulumi.all([account.partition, account.accountId]).apply(([p, a]) => autoScalingServiceLinkedRoleArn(p, a))],
            multiRegion: cfg.isProd && cfg.role === "primary",
            protect: cfg.protect,
        },
        { provider },
    );
    const network = new VpcTier(
        "network",
        {
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            partition: account.partition,
            cidrBlock: cfg.network.cidr,
            availabilityZones: cfg.network.availabilityZones,
            natGateways: cfg.network.natGateways,
            flowLogRetentionDays: cfg.network.flowLogRetentionDays,
            flowLogTrafficType: cfg.network.flowLogTrafficType,
            logsKmsKeyArn: logsKey.keyArn,
        },
        { provider },
    );
    return { logsKey, dataKey, network };
}
