import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config/load";

/**
 * An explicit AWS provider per region. The stack's region comes from `aws:region` in its own
 * config; the DR stack also needs a provider in the primary region for the few resources that
 * must live there (see stacks/dr.ts); it learns that region from the primary's outputs, so the
 * region may be an Output, and then the provider needs an explicit name. Default tags put the
 * platform tags on every resource, and the default provider is disabled in Pulumi.yaml so nothing
 * can slip past this.
 */
export function regionalProvider(cfg: PlatformConfig, region: string, name?: string): aws.Provider;
export function regionalProvider(cfg: PlatformConfig, region: pulumi.Input<string>, name: string): aws.Provider;
export function regionalProvider(cfg: PlatformConfig, region: pulumi.Input<string>, name?: string): aws.Provider {
    return new aws.Provider(name ?? `aws-${region as string}`, {
        region,
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
