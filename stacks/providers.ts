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
 * The DR stack's provider for the few resources that must live in the primary's region (see
 * stacks/dr.ts), which it learns from the primary's outputs. Its STS calls (the credential check
 * and the account id the provider asks for when it is configured) go to STS in the DR stack's own
 * region (`stsRegion`), so configuring it needs nothing from the primary region: during an outage
 * there, `pulumi up --exclude <this provider's URN> --exclude-dependents` updates the DR region
 * alone (docs/dr-runbook.md).
 */
export function primaryRegionProvider(cfg: PlatformConfig, primaryRegion: string): aws.Provider {
    return new aws.Provider(PRIMARY_PROVIDER_NAME, {
        region: primaryRegion,
        stsRegion: cfg.region,
        defaultTags: { tags: cfg.tags },
    });
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
