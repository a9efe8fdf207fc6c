import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { kmsKeyPolicy } from "../lib/policy";

export interface PlatformKeyArgs {
    /** What the key protects, e.g. "data" or "logs"; used in the alias and description. */
    readonly purpose: string;
    /** Prefix of the alias: `alias/<namePrefix>-<purpose>`. */
    readonly namePrefix: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
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
    /**
     * Create a multi-Region primary key, so the DR region can hold a replica of it.
     * @default false
     */
    readonly multiRegion?: boolean;
    /** Days a deleted key waits before it is gone. @default 30 */
    readonly deletionWindowInDays?: number;
    /** Protect the key from `pulumi destroy`. @default false */
    readonly protect?: boolean;
}

export const PLATFORM_KEY_DEFAULTS = { deletionWindowInDays: 30, multiRegion: false } as const;

/**
 * A customer-managed KMS key with yearly rotation, an alias, and a key policy that lets named AWS
 * services use it for this account only.
 */
export class PlatformKey extends pulumi.ComponentResource {
    public readonly keyArn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;
    public readonly aliasName: pulumi.Output<string>;

    constructor(name: string, args: PlatformKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("startup:security:PlatformKey", name, {}, opts);
        const services = args.services ?? [];
        const policy = pulumi
            .all([args.accountId, args.partition, pulumi.all([...(args.principals ?? [])]), pulumi.all([...(args.cloudTrailArns ?? [])])])
            .apply(([accountId, partition, principals, cloudTrailArns]) =>
                JSON.stringify(kmsKeyPolicy({ accountId, partition, region: args.region, services, principals, cloudTrailArns })),
            );
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `${args.namePrefix} ${args.purpose} key`,
                enableKeyRotation: true,
                multiRegion: args.multiRegion ?? PLATFORM_KEY_DEFAULTS.multiRegion,
                deletionWindowInDays: args.deletionWindowInDays ?? PLATFORM_KEY_DEFAULTS.deletionWindowInDays,
                policy,
                tags: { Name: `${args.namePrefix}-${args.purpose}` },
            },
            { parent: this, protect: args.protect },
        );
        const alias = new aws.kms.Alias(
            `${name}-alias`,
            { name: `alias/${args.namePrefix}-${args.purpose}`, targetKeyId: key.keyId },
            { parent: this },
        );
        this.keyArn = key.arn;
        this.keyId = key.keyId;
        this.aliasName = alias.name;
        this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.aliasName });
    }
}
