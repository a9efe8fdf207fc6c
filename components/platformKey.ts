import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { kmsKeyPolicy } from "../lib/policy";

/** What a key's policy is built from; shared by `PlatformKey` and `PlatformReplicaKey`. */
export interface KeyPolicyArgs {
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Region of the key (the provider's region). */
    readonly region: string;
    /** Service principals that may use the key on this account's behalf. @default [] */
    readonly services?: readonly string[];
    /**
     * IAM roles of this account that may use the key directly, e.g. the EC2 Auto Scaling
     * service-linked role that launches instances with encrypted volumes. @default []
     */
    readonly principals?: readonly pulumi.Input<string>[];
    /**
     * Trails that may encrypt their log files with the key; required exactly when `services`
     * includes `cloudtrail.amazonaws.com` (see `kmsKeyPolicy`). @default []
     */
    readonly cloudTrailArns?: readonly pulumi.Input<string>[];
}

export interface PlatformKeyArgs extends KeyPolicyArgs {
    /** What the key protects, e.g. "data" or "logs"; used in the alias and description. */
    readonly purpose: string;
    /** Prefix of the alias: `alias/<namePrefix>-<purpose>`. */
    readonly namePrefix: string;
    /**
     * Create a multi-Region primary key, so the DR region can hold a replica of it.
     * @default false
     */
    readonly multiRegion?: boolean;
    /** Days a deleted key waits before it is gone, 7-30. @default 30 */
    readonly deletionWindowInDays?: number;
    /** Protect the key from `pulumi destroy`. @default false */
    readonly protect?: boolean;
    /**
     * Leave the key in AWS when the stack is destroyed: what it encrypted and outlives the stack
     * (security log groups kept with `retainOnDelete`) stays readable. @default false
     */
    readonly retainOnDelete?: boolean;
}

export const PLATFORM_KEY_DEFAULTS = { deletionWindowInDays: 30, multiRegion: false } as const;

/** The key policy (`kmsKeyPolicy`) as the JSON the key takes, once its inputs are known. */
export function keyPolicyJson(args: KeyPolicyArgs): pulumi.Output<string> {
    const services = args.services ?? [];
    return pulumi
        .all([args.accountId, args.partition, pulumi.all([...(args.principals ?? [])]), pulumi.all([...(args.cloudTrailArns ?? [])])])
        .apply(([accountId, partition, principals, cloudTrailArns]) =>
            JSON.stringify(kmsKeyPolicy({ accountId, partition, region: args.region, services, principals, cloudTrailArns })),
        );
}

/** The deletion window, checked against KMS's range (7 to 30 days) before anything is registered. */
export function deletionWindow(component: string, days: number | undefined): number {
    const window = days ?? PLATFORM_KEY_DEFAULTS.deletionWindowInDays;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
        throw new Error(`${component}: deletionWindowInDays must be a whole number of days from 7 to 30 (KMS's range), got ${window}`);
    }
    return window;
}

/** The public outputs of a key component. */
export interface KeyOutputs {
    readonly keyArn: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;
    readonly aliasName: pulumi.Output<string>;
}

/** Gives `key` its alias `alias/<namePrefix>-<purpose>` under `parent`; returns the outputs to expose. */
export function aliasKey(
    parent: pulumi.ComponentResource,
    name: string,
    args: { readonly namePrefix: string; readonly purpose: string },
    key: aws.kms.Key | aws.kms.ReplicaKey,
): KeyOutputs {
    const alias = new aws.kms.Alias(`${name}-alias`, { name: `alias/${args.namePrefix}-${args.purpose}`, targetKeyId: key.keyId }, { parent });
    return { keyArn: key.arn, keyId: key.keyId, aliasName: alias.name };
}

/**
 * A customer-managed KMS key with yearly rotation, an alias, and a key policy that lets named AWS
 * services use it for this account only.
 */
export class PlatformKey extends pulumi.ComponentResource implements KeyOutputs {
    public readonly keyArn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;
    public readonly aliasName: pulumi.Output<string>;

    constructor(name: string, args: PlatformKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        const window = deletionWindow(`PlatformKey ${name}`, args.deletionWindowInDays);
        super("startup:security:PlatformKey", name, {}, opts);
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `${args.namePrefix} ${args.purpose} key`,
                enableKeyRotation: true,
                multiRegion: args.multiRegion ?? PLATFORM_KEY_DEFAULTS.multiRegion,
                deletionWindowInDays: window,
                policy: keyPolicyJson(args),
                tags: { Name: `${args.namePrefix}-${args.purpose}` },
            },
            { parent: this, protect: args.protect, retainOnDelete: args.retainOnDelete },
        );
        const outputs = aliasKey(this, name, args, key);
        this.keyArn = outputs.keyArn;
        this.keyId = outputs.keyId;
        this.aliasName = outputs.aliasName;
        this.registerOutputs(outputs);
    }
}
