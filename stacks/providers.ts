import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config/load";
import { PREVIEW_ONLY_ENV, parsePreviewOnly, pinnedAccount, previewIdentityProblems } from "./config/deployment";
import { arnAccount } from "./config/rules";
import { PrimaryDeployment } from "./outputs";

/**
 * Who a provider acts as: the account it is pinned to (`allowedAccountIds`: any other account's
 * credentials fail before a change) and the role it assumes with the credentials Pulumi runs with.
 */
export interface ProviderIdentity {
    /** @default - not pinned */
    readonly accountId?: pulumi.Input<string>;
    /** @default - the credentials are used as they are */
    readonly assumeRoleArn?: pulumi.Input<string | undefined>;
    readonly sessionName?: string;
    readonly externalId?: pulumi.Input<string | undefined>;
}

/**
 * Whether this run is a read-only preview (`STARTUP_PLATFORM_PREVIEW_ONLY`, set by the
 * pull-request workflow): every provider then assumes the stack's preview roles instead of its
 * deploy roles. An unparseable value counts as a preview here; `previewModeProblems` refuses it.
 */
export function isPreviewOnly(env: NodeJS.ProcessEnv = process.env): boolean {
    return parsePreviewOnly(env[PREVIEW_ONLY_ENV]) !== false;
}

/**
 * What stops a read-only preview from running as a deploy role (checked before any resource is
 * registered): the preview roles it needs and the flag's value, with the keys to set.
 */
export function previewModeProblems(cfg: PlatformConfig, env: NodeJS.ProcessEnv = process.env): string[] {
    return previewIdentityProblems(cfg.deployment, cfg.access.identityCenter?.assumeRoleArn, env[PREVIEW_ONLY_ENV]);
}

/**
 * The identity a stack's own providers use, from `startup-platform:deployment`: its deploy role, or
 * in a read-only preview its preview role (`previewRoleArn`), same account, session name and
 * external id.
 */
export function deploymentIdentity(cfg: PlatformConfig, previewOnly: boolean = isPreviewOnly()): ProviderIdentity {
    const d = cfg.deployment;
    return {
        accountId: pinnedAccount(d),
        assumeRoleArn: previewOnly ? d?.previewRoleArn : d?.assumeRoleArn,
        sessionName: d?.sessionName ?? defaultSessionName(cfg),
        externalId: d?.externalId,
    };
}

/**
 * The identity of the DR stack's provider in the primary's Region, which changes resources of the
 * primary's account (replication on its buckets, its registry, alarms on its topic): pinned to the
 * primary's account, as the primary's role, else as the DR stack's own role (both stacks share the
 * account, see `drDeployTimeProblems`). A read-only preview never takes the primary's deploy role:
 * it uses the DR stack's own preview role, which is in the same account.
 */
export function primaryRegionIdentity(cfg: PlatformConfig, primary: PrimaryDeployment, previewOnly: boolean = isPreviewOnly()): ProviderIdentity {
    const own = cfg.deployment;
    if (previewOnly) {
        return { accountId: primary.accountId, assumeRoleArn: own?.previewRoleArn, externalId: own?.externalId, sessionName: own?.sessionName ?? defaultSessionName(cfg) };
    }
    return {
        accountId: primary.accountId,
        assumeRoleArn: primary.assumeRoleArn ?? own?.assumeRoleArn,
        externalId: primary.assumeRoleArn !== undefined ? primary.externalId : own?.externalId,
        sessionName: own?.sessionName ?? defaultSessionName(cfg),
    };
}

/** `pulumi-<stack>`, cut to STS's 64 characters. */
export function defaultSessionName(cfg: PlatformConfig): string {
    return `pulumi-${cfg.stack}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

/** The provider inputs of an identity: assumeRoles and allowedAccountIds, only when set. */
function identityInputs(identity: ProviderIdentity): Pick<aws.ProviderArgs, "assumeRoles" | "allowedAccountIds"> {
    const role = pulumi.output(identity.assumeRoleArn);
    const account = pulumi.output(identity.accountId);
    const known = identity.assumeRoleArn !== undefined || identity.accountId !== undefined;
    if (!known) return {};
    return {
        // An Output may resolve to nothing (a primary without a role): then no role and no pin.
        assumeRoles: pulumi
            .all([role, pulumi.output(identity.externalId)])
            .apply(([roleArn, externalId]) =>
                roleArn === undefined ? [] : [{ roleArn, sessionName: identity.sessionName, ...(externalId === undefined ? {} : { externalId }) }],
            ),
        allowedAccountIds: pulumi.all([account, role]).apply(([accountId, roleArn]) => {
            const pinned = accountId ?? (roleArn === undefined ? undefined : arnAccount(roleArn));
            return pinned === undefined ? [] : [pinned];
        }),
    };
}

/**
 * An explicit AWS provider per region. The stack's region comes from `aws:region` in its own
 * config. Default tags put the platform tags on every resource, and the default provider is
 * disabled in Pulumi.yaml so nothing can slip past this. The provider acts as `identity`: by
 * default the stack's own (`startup-platform:deployment`), pinned to its account and assuming its
 * role.
 */
export function regionalProvider(cfg: PlatformConfig, region: string, name?: string, identity: ProviderIdentity = deploymentIdentity(cfg)): aws.Provider {
    return new aws.Provider(name ?? `aws-${region}`, {
        region,
        defaultTags: { tags: cfg.tags },
        ...identityInputs(identity),
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
export function outsideRegionProvider(cfg: PlatformConfig, region: string, name: string, identity: ProviderIdentity = deploymentIdentity(cfg)): aws.Provider {
    return new aws.Provider(name, {
        region,
        stsRegion: cfg.region,
        defaultTags: { tags: cfg.tags },
        ...identityInputs(identity),
    });
}

/**
 * The DR stack's provider for the few resources that must live in the primary's region (see
 * stacks/dr.ts), which it learns from the primary's outputs; it acts as `identity`
 * (`primaryRegionIdentity`).
 */
export function primaryRegionProvider(cfg: PlatformConfig, primaryRegion: string, identity: ProviderIdentity): aws.Provider {
    return outsideRegionProvider(cfg, primaryRegion, PRIMARY_PROVIDER_NAME, identity);
}

/**
 * The provider for IAM Identity Center, in the instance's home Region and acting as the account
 * that manages it: the management or delegated administrator account's role when
 * `access.identityCenter.assumeRoleArn` is set (in a read-only preview,
 * `deployment.identityCenterPreviewRoleArn` in that account), else the stack's own identity.
 * Undefined when the stack manages no permission sets.
 */
export function identityCenterProvider(cfg: PlatformConfig, previewOnly: boolean = isPreviewOnly()): aws.Provider | undefined {
    const ic = cfg.access.identityCenter;
    if (ic === undefined) return undefined;
    const role = previewOnly ? cfg.deployment?.identityCenterPreviewRoleArn : ic.assumeRoleArn;
    const identity: ProviderIdentity =
        ic.assumeRoleArn === undefined
            ? deploymentIdentity(cfg, previewOnly)
            : { accountId: arnAccount(ic.assumeRoleArn), assumeRoleArn: role, sessionName: defaultSessionName(cfg) };
    return regionalProvider(cfg, ic.region, "aws-identity-center", identity);
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
