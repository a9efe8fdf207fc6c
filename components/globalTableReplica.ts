import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface GlobalTableReplicaArgs {
    /** ARN of the table in the primary region (streams on, `NEW_AND_OLD_IMAGES`). */
    readonly globalTableArn: pulumi.Input<string>;
    /** Region of the replica: the provider's region. */
    readonly region: string;
    /** Key in this region that encrypts the replica (the table uses a customer-managed key). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Point-in-time recovery on the replica. @default true */
    readonly pointInTimeRecovery?: boolean;
    /** DynamoDB deletion protection and Pulumi protect on the replica. @default false */
    readonly protect?: boolean;
}

export const GLOBAL_TABLE_REPLICA_DEFAULTS = { pointInTimeRecovery: true, protect: false } as const;

/**
 * A replica, in this region, of a DynamoDB table that lives in another region, making it a global
 * table (version 2019.11.21): writes in either region reach the other, typically within a second.
 * Created by the DR stack, so the primary's table never depends on DR; that table must ignore
 * changes to its own `replicas` (`UserDataStore`'s `userDataReplicatedByDr`).
 */
export class GlobalTableReplica extends pulumi.ComponentResource {
    public readonly replicaArn: pulumi.Output<string>;

    constructor(name: string, args: GlobalTableReplicaArgs, opts?: pulumi.ComponentResourceOptions) {
        const tableRegion = typeof args.globalTableArn === "string" ? args.globalTableArn.split(":")[3] : undefined;
        if (tableRegion === args.region) {
            throw new Error(`GlobalTableReplica ${name}: the table ${String(args.globalTableArn)} is in ${args.region}; a replica must be in another region`);
        }
        const keyRegion = typeof args.kmsKeyArn === "string" ? args.kmsKeyArn.split(":")[3] : undefined;
        if (keyRegion !== undefined && keyRegion !== args.region) {
            throw new Error(`GlobalTableReplica ${name}: the replica's KMS key must be in ${args.region}, got ${args.kmsKeyArn as string}`);
        }
        super("startup:data:GlobalTableReplica", name, {}, opts);
        const protect = args.protect ?? GLOBAL_TABLE_REPLICA_DEFAULTS.protect;
        const replica = new aws.dynamodb.TableReplica(
            `${name}-replica`,
            {
                globalTableArn: args.globalTableArn,
                kmsKeyArn: args.kmsKeyArn,
                pointInTimeRecovery: args.pointInTimeRecovery ?? GLOBAL_TABLE_REPLICA_DEFAULTS.pointInTimeRecovery,
                deletionProtectionEnabled: protect,
                tags: { Name: pulumi.output(args.globalTableArn).apply((arn) => arn.split("/").pop() ?? arn) },
            },
            { parent: this, protect },
        );
        this.replicaArn = replica.arn;
        this.registerOutputs({ replicaArn: this.replicaArn });
    }
}
