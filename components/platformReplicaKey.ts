import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyOutputs, KeyPolicyArgs, aliasKey, deletionWindow, keyPolicyJson } from "./platformKey";

/** A replica takes the same policy inputs as its primary (`region` is the replica's). */
export interface PlatformReplicaKeyArgs extends KeyPolicyArgs {
    /** What the key protects, e.g. "database"; used in the alias and description. */
    readonly purpose: string;
    /** Prefix of the alias: `alias/<namePrefix>-<purpose>`. */
    readonly namePrefix: string;
    /** ARN of the multi-Region primary key (a `PlatformKey` with `multiRegion`) in another region. */
    readonly primaryKeyArn: pulumi.Input<string>;
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
export class PlatformReplicaKey extends pulumi.ComponentResource implements KeyOutputs {
    public readonly keyArn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;
    public readonly aliasName: pulumi.Output<string>;

    constructor(name: string, args: PlatformReplicaKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        const window = deletionWindow(`PlatformReplicaKey ${name}`, args.deletionWindowInDays);
        if (typeof args.primaryKeyArn === "string" && args.primaryKeyArn.split(":")[3] === args.region) {
            throw new Error(`PlatformReplicaKey ${name}: the primary key ${args.primaryKeyArn} is in ${args.region}; a replica must be in another region`);
        }
        super("startup:security:PlatformReplicaKey", name, {}, opts);
        const key = new aws.kms.ReplicaKey(
            `${name}-key`,
            {
                primaryKeyArn: args.primaryKeyArn,
                description: `${args.namePrefix} ${args.purpose} key (multi-Region replica)`,
                deletionWindowInDays: window,
                policy: keyPolicyJson(args),
                tags: { Name: `${args.namePrefix}-${args.purpose}` },
            },
            { parent: this, protect: args.protect },
        );
        const outputs = aliasKey(this, name, args, key);
        this.keyArn = outputs.keyArn;
        this.keyId = outputs.keyId;
        this.aliasName = outputs.aliasName;
        this.registerOutputs(outputs);
    }
}
