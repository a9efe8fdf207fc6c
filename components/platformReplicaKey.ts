import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { kmsKeyPolicy } from "../lib/policy";
import { PLATFORM_KEY_DEFAULTS } from "./platformKey";

export interface PlatformReplicaKeyArgs {
    /** What the key protects, e.g. "database"; used in the alias and description. */
    readonly purpose: string;
    /** Prefix of the alias: `alias/<namePrefix>-<purpose>`. */
    readonly namePrefix: string;
    /** ARN of the multi-Region primary key (a `PlatformKey` with `multiRegion`) in another region. */
    readonly primaryKeyArn: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Region of the replica (the provider's region). */
    readonly region: string;
    /** Service principals that may use the key on this account's behalf. @default [] */
    readonly services?: readonly string[];
    /** Days a deleted replica waits before it is gone, 7-30. @default 30 */
    readonly deletionWindowInDays?: number;
    /** Protect the replica from `pulumi destroy`. @default false */
    readonly protect?: boolean;
}

/**
 * The replica, in this region, of a multi-Region `PlatformKey`: same key id and key material, so
 * what the primary encrypted this one decrypts (an Aurora global database's secondary needs one).
 * It has its own key policy (the same rules as `PlatformKey`) and alias. Rotation is a property of
 * the primary key and applies to its replicas.
 */
export class PlatformReplicaKey extends pulumi.ComponentResource {
    public readonly keyArn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;
    public readonly aliasName: pulumi.Output<string>;

    constructor(name: string, args: PlatformReplicaKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        const window = args.deletionWindowInDays ?? PLATFORM_KEY_DEFAULTS.deletionWindowInDays;
        if (!Number.isInteger(window) || window < 7 || window > 30) {
            throw new Error(`PlatformReplicaKey ${name}: deletionWindowInDays must be a whole number of days from 7 to 30 (KMS's range), got ${window}`);
        }
        if (typeof args.primaryKeyArn === "string" && args.primaryKeyArn.split(":")[3] === args.region) {
            throw new Error(`PlatformReplicaKey ${name}: the primary key ${args.primaryKeyArn} is in ${args.region}; a replica must be in another region`);
        }
        super("startup:security:PlatformReplicaKey", name, {}, opts);
        const services = args.services ?? [];
        const policy = pulumi
            .all([args.accountId, args.partition])
            .apply(([accountId, partition]) => JSON.stringify(kmsKeyPolicy({ accountId, partition, region: args.region, services })));
        const key = new aws.kms.ReplicaKey(
            `${name}-key`,
            {
                primaryKeyArn: args.primaryKeyArn,
                description: `${args.namePrefix} ${args.purpose} key (multi-Region replica)`,
                deletionWindowInDays: window,
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
