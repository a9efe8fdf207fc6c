import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ArchiveBucket } from "./archiveBucket";
import { ownUserDataPolicy } from "../lib/identityPolicy";
import { bucketName, physicalName } from "../lib/naming";
import { userDataSettingsSchema } from "../stacks/config/identity";
import { parseSettings } from "../stacks/config/rules";

/** A copy of the table in another region (DynamoDB global table, version 2019.11.21). */
export interface UserDataReplica {
    /** Region of the replica, e.g. the DR region. */
    readonly regionName: string;
    /** KMS key in that region: a table encrypted with a customer-managed key needs one per replica. */
    readonly kmsKeyArn: pulumi.Input<string>;
}

/** What the stack wires into the store; its one setting is `identity.userDataReplicatedByDr`. */
export interface UserDataStoreWiring {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the table and bucket. */
    readonly region: string;
    /** Account id; makes the uploads bucket name unique. */
    readonly accountId: pulumi.Input<string>;
    /** KMS key that encrypts the table, its stream and the uploads. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Replicas of the table in other regions (for DR). @default [] */
    readonly replicas?: readonly UserDataReplica[];
    /** Days after the last read until an upload moves to the archive tier. @default 180 */
    readonly uploadsArchiveAfterDays?: number;
    /**
     * The stack's access-log bucket (same account and region): the component's buckets send their
     * S3 server access logs there. @default - none
     */
    readonly accessLogBucketName?: pulumi.Input<string>;
    /**
     * Protect the table and bucket (Pulumi protect and DynamoDB deletion protection); unprotected,
     * `pulumi destroy` deletes the uploads with their bucket. @default false
     */
    readonly protect?: boolean;
    /** Tags that put the table in a backup plan's selection (e.g. `{ Backup: "prod" }`). @default {} */
    readonly backupTags?: Readonly<Record<string, string>>;
}

/**
 * The store's setting (stacks/config/identity.ts): `userDataReplicatedByDr`, another stack adds the
 * replicas (`aws.dynamodb.TableReplica` in the DR stack, which can only exist after this table), so
 * the table leaves its replicas alone instead of removing them; not with `replicas`. Plus the wiring.
 */
export type UserDataStoreArgs = z.input<typeof userDataSettingsSchema> & UserDataStoreWiring;

export const USER_DATA_STORE_DEFAULTS = { uploadsArchiveAfterDays: 180, protect: false } as const;

/** Key schema of the table: each identity's items under its own partition. */
export const USER_DATA_KEYS = { partition: "identityId", sort: "itemKey" } as const;

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

function replicaProblems(region: string, replicas: readonly UserDataReplica[]): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const replica of replicas) {
        if (!REGION.test(replica.regionName)) problems.push(`replica region "${replica.regionName}" is not a region name such as us-west-2`);
        if (replica.regionName === region) problems.push(`replica region ${replica.regionName} is the table's own region; list other regions only`);
        if (seen.has(replica.regionName)) problems.push(`replica region ${replica.regionName} is listed twice`);
        seen.add(replica.regionName);
        // A key ARN known now is checked now; one from another stack is checked by DynamoDB.
        const keyArn = typeof replica.kmsKeyArn === "string" ? replica.kmsKeyArn : undefined;
        const keyRegion = keyArn?.split(":")[3];
        if (keyArn !== undefined && keyRegion !== replica.regionName) {
            problems.push(`replica in ${replica.regionName} needs a KMS key in ${replica.regionName}, got ${keyArn}`);
        }
    }
    return problems;
}

/**
 * Per-user data synced across a user's devices, replacing Cognito Sync: a DynamoDB table keyed by
 * Cognito identity id (on-demand, point-in-time recovery, encrypted with the data key, streams on
 * so it can become a global table) and an uploads bucket, plus a managed policy that lets each
 * signed-in identity reach only its own items and its own `private/<identity id>/` folder.
 */
export class UserDataStore extends pulumi.ComponentResource {
    public readonly tableName: pulumi.Output<string>;
    public readonly tableArn: pulumi.Output<string>;
    public readonly tableStreamArn: pulumi.Output<string>;
    public readonly uploadsBucketName: pulumi.Output<string>;
    public readonly uploadsBucketArn: pulumi.Output<string>;
    /** Managed policy for the identity pool's authenticated role: own items and uploads only. */
    public readonly ownDataPolicyArn: pulumi.Output<string>;

    constructor(name: string, args: UserDataStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("UserDataStore", name, userDataSettingsSchema, args);
        const replicas = args.replicas ?? [];
        const problems = replicaProblems(args.region, replicas);
        if (replicas.length > 0 && s.userDataReplicatedByDr) {
            problems.push("replicas and userDataReplicatedByDr exclude each other: list the replicas here, or let the DR stack add them");
        }
        if (problems.length > 0) throw new Error(`UserDataStore ${name}: ${problems.join("; ")}`);
        super("startup:identity:UserDataStore", name, {}, opts);
        const protect = args.protect ?? USER_DATA_STORE_DEFAULTS.protect;
        const tableName = physicalName(args.namePrefix, "user-data");

        const table = new aws.dynamodb.Table(
            `${name}-table`,
            {
                name: tableName,
                billingMode: "PAY_PER_REQUEST",
                hashKey: USER_DATA_KEYS.partition,
                rangeKey: USER_DATA_KEYS.sort,
                attributes: [
                    { name: USER_DATA_KEYS.partition, type: "S" },
                    { name: USER_DATA_KEYS.sort, type: "S" },
                ],
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
                deletionProtectionEnabled: protect,
                // Global tables replicate through the stream; NEW_AND_OLD_IMAGES is what they need.
                streamEnabled: true,
                streamViewType: "NEW_AND_OLD_IMAGES",
                replicas:
                    replicas.length === 0
                        ? undefined
                        : replicas.map((r) => ({
                              regionName: r.regionName,
                              kmsKeyArn: r.kmsKeyArn,
                              pointInTimeRecovery: true,
                              deletionProtectionEnabled: protect,
                              propagateTags: true,
                          })),
                tags: { Name: tableName, ...args.backupTags },
            },
            // The AWS provider: use ignoreChanges on `replicas` when aws.dynamodb.TableReplica adds them.
            { parent: this, protect, ignoreChanges: s.userDataReplicatedByDr ? ["replicas"] : [] },
        );

        // Uploads are read unevenly (an avatar often, an old attachment never): archive by last access.
        const uploads = new ArchiveBucket(
            `${name}-uploads`,
            {
                bucketName: pulumi.output(args.accountId).apply((accountId) => bucketName(args.namePrefix, "user-uploads", accountId, args.region)),
                kmsKeyArn: args.kmsKeyArn,
                archivePolicy: "access",
                archiveAfterDays: args.uploadsArchiveAfterDays ?? USER_DATA_STORE_DEFAULTS.uploadsArchiveAfterDays,
                accessLogBucketName: args.accessLogBucketName,
                protect,
                // Unprotected (dev, or prod in the runbook's teardown), the store is destroyed with
                // its users' files: S3 refuses to delete a bucket that holds any.
                forceDestroy: !protect,
            },
            { parent: this },
        );

        const policy = new aws.iam.Policy(
            `${name}-own-data-policy`,
            {
                name: physicalName(args.namePrefix, "user-data-own-items"),
                description: "Signed-in app users: their own user-data items and private uploads only",
                policy: pulumi
                    .all([table.arn, uploads.bucketArn, args.kmsKeyArn])
                    .apply(([tableArn, bucketArn, kmsKeyArn]) => JSON.stringify(ownUserDataPolicy({ tableArn, bucketArn, kmsKeyArn, region: args.region }))),
            },
            { parent: this },
        );

        this.tableName = table.name;
        this.tableArn = table.arn;
        this.tableStreamArn = table.streamArn;
        this.uploadsBucketName = uploads.bucketName;
        this.uploadsBucketArn = uploads.bucketArn;
        this.ownDataPolicyArn = policy.arn;
        this.registerOutputs({
            tableName: this.tableName,
            tableArn: this.tableArn,
            tableStreamArn: this.tableStreamArn,
            uploadsBucketName: this.uploadsBucketName,
            uploadsBucketArn: this.uploadsBucketArn,
            ownDataPolicyArn: this.ownDataPolicyArn,
        });
    }
}
