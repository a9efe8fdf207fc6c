import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ArchiveBucket } from "./archiveBucket";
import { PlatformKey } from "./platformKey";
import {
    CONFIG_SERVICE,
    SNAPSHOT_DELIVERY_FREQUENCIES,
    SnapshotDeliveryFrequency,
    configBucketStatements,
    configServiceLinkedRoleArn,
    recordingGroup,
} from "../lib/configRecorder";
import { bucketName, physicalName } from "../lib/naming";
import { parseSettings } from "../stacks/config/rules";
import { recorderSettingsSchema } from "../stacks/config/security";

/** What the stack wires into the recorder. */
export interface ConfigRecorderWiring {
    /** Prefix of AWS names (recorder, delivery channel, bucket, key alias). */
    readonly namePrefix: string;
    /** Region of the recorder: the provider's region, where its bucket and key live. */
    readonly region: string;
    /** Account of the recorder; its files land under `AWSLogs/<accountId>/Config/`. */
    readonly accountId: pulumi.Input<string>;
    /** AWS partition (`aws`), for the service-linked role's ARN. */
    readonly partition: pulumi.Input<string>;
    /** How often a configuration snapshot is delivered to the bucket. @default "TwentyFour_Hours" */
    readonly snapshotDeliveryFrequency?: SnapshotDeliveryFrequency;
    /**
     * The stack's access-log bucket (same account and region): the component's buckets send their
     * S3 server access logs there. @default - none
     */
    readonly accessLogBucketName?: pulumi.Input<string>;
    /** Let `pulumi destroy` delete the bucket while it holds files (never in prod). @default false */
    readonly forceDestroy?: boolean;
    /** Protect the recorder, its bucket and its key from deletion by Pulumi. @default false */
    readonly protect?: boolean;
}

/**
 * The `security.configRecorder` settings (stacks/config/security.ts: global types, recording
 * frequency, the service-linked role), plus the wiring. Its bucket has no Object Lock: AWS Config
 * does not deliver to a bucket with Object Lock enabled.
 */
export type ConfigRecorderArgs = z.input<typeof recorderSettingsSchema> & ConfigRecorderWiring;

/** Defaults of the recorder's wiring; the settings' defaults are CONFIG_RECORDER_DEFAULTS (stacks/config/security.ts). */
export const CONFIG_RECORDER_WIRING_DEFAULTS = {
    snapshotDeliveryFrequency: "TwentyFour_Hours",
    forceDestroy: false,
    protect: false,
} as const;

/**
 * The Region's AWS Config customer managed configuration recorder, which Security Hub's controls
 * evaluate through: it records every supported resource type with the AWS Config service-linked
 * role and delivers history and snapshot files to an archive bucket encrypted with a key of its
 * own. One recorder per account and Region: create it from one stack per account and Region.
 */
export class ConfigRecorder extends pulumi.ComponentResource {
    public readonly recorderName: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** Whether this recorder records the account's global resource types. */
    public readonly includeGlobalResourceTypes: boolean;

    constructor(name: string, args: ConfigRecorderArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("ConfigRecorder", name, recorderSettingsSchema, args);
        const snapshots = args.snapshotDeliveryFrequency ?? CONFIG_RECORDER_WIRING_DEFAULTS.snapshotDeliveryFrequency;
        if (!SNAPSHOT_DELIVERY_FREQUENCIES.includes(snapshots)) {
            throw new Error(`ConfigRecorder ${name}: snapshotDeliveryFrequency must be one of ${SNAPSHOT_DELIVERY_FREQUENCIES.join(", ")}, got ${String(snapshots)}`);
        }
        super("startup:security:ConfigRecorder", name, {}, opts);
        const protect = args.protect ?? CONFIG_RECORDER_WIRING_DEFAULTS.protect;
        const includeGlobal = s.includeGlobalResourceTypes;
        const accountId = pulumi.output(args.accountId);
        const roleArn = pulumi.all([args.partition, accountId]).apply(([partition, account]) => configServiceLinkedRoleArn(partition, account));

        // The service-linked role has no S3 or KMS permissions: AWS Config delivers as its service
        // principal, which the key policy and the bucket policy let in for this account only.
        const key = new PlatformKey(
            `${name}-key`,
            {
                purpose: "config",
                namePrefix: args.namePrefix,
                accountId: args.accountId,
                partition: args.partition,
                region: args.region,
                services: [CONFIG_SERVICE],
                protect,
            },
            { parent: this },
        );
        const history = new ArchiveBucket(
            `${name}-history`,
            {
                bucketName: accountId.apply((id) => bucketName(args.namePrefix, "config-history", id, args.region)),
                kmsKeyArn: key.keyArn,
                policyStatements: (arn) => accountId.apply((account) => configBucketStatements({ bucketArn: arn, accountId: account })),
                // No Object Lock: AWS Config does not deliver to a bucket with Object Lock enabled.
                accessLogBucketName: args.accessLogBucketName,
                forceDestroy: args.forceDestroy ?? CONFIG_RECORDER_WIRING_DEFAULTS.forceDestroy,
                protect,
            },
            { parent: this },
        );
        const role =
            s.createServiceLinkedRole
                ? new aws.iam.ServiceLinkedRole(
                      `${name}-service-linked-role`,
                      { awsServiceName: CONFIG_SERVICE },
                      // One per account, used by every Region's recorder (DR's too): never deleted with this stack.
                      { parent: this, retainOnDelete: true },
                  )
                : undefined;
        const recorder = new aws.cfg.Recorder(
            `${name}-recorder`,
            {
                name: physicalName(args.namePrefix, "config-recorder"),
                roleArn,
                recordingGroup: recordingGroup(includeGlobal),
                recordingMode: { recordingFrequency: s.recordingFrequency },
            },
            // PutConfigurationRecorder does not create the service-linked role; it must exist first.
            { parent: this, protect, dependsOn: role ? [role] : [] },
        );
        const channel = new aws.cfg.DeliveryChannel(
            `${name}-delivery-channel`,
            {
                name: physicalName(args.namePrefix, "config-delivery"),
                s3BucketName: history.bucketName,
                s3KmsKeyArn: key.keyArn,
                snapshotDeliveryProperties: { deliveryFrequency: snapshots },
            },
            // A delivery channel needs a recorder, and AWS Config checks the bucket policy when the
            // channel is put (InsufficientDeliveryPolicyException): both come first.
            { parent: this, dependsOn: [recorder, history] },
        );
        // Starting the recorder needs the delivery channel.
        new aws.cfg.RecorderStatus(`${name}-status`, { name: recorder.name, isEnabled: true }, { parent: this, dependsOn: [channel] });

        this.recorderName = recorder.name;
        this.roleArn = recorder.roleArn;
        this.bucketName = history.bucketName;
        this.bucketArn = history.bucketArn;
        this.kmsKeyArn = key.keyArn;
        this.includeGlobalResourceTypes = includeGlobal;
        this.registerOutputs({
            recorderName: this.recorderName,
            roleArn: this.roleArn,
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            kmsKeyArn: this.kmsKeyArn,
            includeGlobalResourceTypes: this.includeGlobalResourceTypes,
        });
    }
}
