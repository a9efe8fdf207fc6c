import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config/load";

/**
 * An explicit AWS provider per region. The stack's region comes from `aws:region` in its own
 * config. Default tags put the platform tags on every resource, and the default provider is
 * disabled in Pulumi.yaml so nothing can slip past this.
 */
export function regionalProvider(cfg: PlatformConfig, region: string, name?: string): aws.Provider {
    return new aws.Provider(name ?? `aws-${region}`, {
        region,
        defaultTags: { tags: cfg.tags },
    });
}

/** Logical name of the DR stack's provider for the primary's region (its URN is in docs/dr-runbook.md). */
export const PRIMARY_PROVIDER_NAME = "aws-primary";

/**
 * Logical name of the provider a stack outside us-east-1 (DR) uses for its CloudFront certificate
 * and web ACL, which CloudFront takes from us-east-1 only (its URN is in docs/dr-runbook.md).
 */
export const EDGE_PROVIDER_NAME = "aws-edge";

/**
 * A provider for resources a stack must keep in another region than its own. Its STS calls (the
 * credential check and the account id the provider asks for when it is configured) go to STS in
 * the stack's own region (`stsRegion`), so configuring it needs nothing from the other region:
 * during an outage there, `pulumi up --exclude <this provider's URN> --exclude-dependents` updates
 * the stack's own region alone (docs/dr-runbook.md).
 */
export function outsideRegionProvider(cfg: PlatformConfig, region: string, name: string): aws.Provider {
    return new aws.Provider(name, {
        region,
        stsRegion: cfg.region,
        defaultTags: { tags: cfg.tags },
    });
}

/**
 * The DR stack's provider for the few resources that must live in the primary's region (see
 * stacks/dr.ts), which it learns from the primary's outputs.
 */
export function primaryRegionProvider(cfg: PlatformConfig, primaryRegion: string): aws.Provider {
    return outsideRegionProvider(cfg, primaryRegion, PRIMARY_PROVIDER_NAME);
}

/** Account id and partition, looked up once through the stack's provider. */
export interface AccountContext {
    readonly accountId: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
}

export function accountContext(provider: aws.Provider): AccountContext {
    const identity = aws.getCallerIdentityOutput({}, { provider });
    const partition = aws.getPartitionOutput({}, { provider });
    return { accountId: identity.accountId, partition: partition.partition };
}
