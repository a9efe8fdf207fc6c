import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArchiveBucket } from "./archiveBucket";
import { PlatformKey } from "./platformKey";
import {
    CONFIG_SERVICE,
    RECORDING_FREQUENCIES,
    RecordingFrequency,
    SNAPSHOT_DELIVERY_FREQUENCIES,
    SnapshotDeliveryFrequency,
    configBucketStatements,
    configServiceLinkedRoleArn,
    recordingGroup,
} from "../lib/configRecorder";
import { ObjectLockSettings } from "../lib/bucketAudit";
import { bucketName, physicalName } from "../lib/naming";

export interface ConfigRecorderArgs {
    /** Prefix of AWS names (recorder, delivery channel, bucket, key alias). */
    readonly namePrefix: string;
    /** Region of the recorder: the provider's region, where its bucket and key live. */
    readonly region: string;
    /** Account of the recorder; its files land under `AWSLogs/<accountId>/Config/`. */
    readonly accountId: pulumi.Input<string>;
    /** AWS partition (`aws`), for the service-linked role's ARN. */
    readonly partition: pulumi.Input<string>;
    /**
     * Record the global IAM resource types (and the Aurora global cluster) in this Region. Exactly
     * one Region of the account should: the others exclude them. @default true
     */
    readonly includeGlobalResourceTypes?: boolean;
    /** CONTINUOUS records every change; DAILY at most one item per resource a day. @default "CONTINUOUS" */
    readonly recordingFrequency?: RecordingFrequency;
    /** How often a configuration snapshot is delivered to the bucket. @default "TwentyFour_Hours" */
    readonly snapshotDeliveryFrequency?: SnapshotDeliveryFrequency;
    /**
     * Create the account's AWS Config service-linked role (AWSServiceRoleForConfig). It is one per
     * account: exactly one stack creates it, the others name it. @default true
     */
    readonly createServiceLinkedRole?: boolean;
    /**
     * The stack's access-log bucket (same account and region): the component's buckets send their
     * S3 server access logs there. @default - none
     */
    readonly accessLogBucketName?: pulumi.Input<string>;
    /** Object Lock on the delivery bucket (see ArchiveBucket). @default - none */
    readonly objectLock?: ObjectLockSettings;
    /** Let `pulumi destroy` delete the bucket while it holds files (never in prod). @default false */
    readonly forceDestroy?: boolean;
    /** Protect the recorder, its bucket and its key from deletion by Pulumi. @default false */
    readonly protect?: boolean;
}

export const CONFIG_RECORDER_DEFAULTS = {
    includeGlobalResourceTypes: true,
    recordingFrequency: "CONTINUOUS",
    snapshotDeliveryFrequency: "TwentyFour_Hours",
    createServiceLinkedRole: true,
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
        const frequency = args.recordingFrequency ?? CONFIG_RECORDER_DEFAULTS.recordingFrequency;
        const snapshots = args.snapshotDeliveryFrequency ?? CONFIG_RECORDER_DEFAULTS.snapshotDeliveryFrequency;
        const problems: string[] = [];
        if (!RECORDING_FREQUENCIES.includes(frequency)) {
            problems.push(`recordingFrequency must be one of ${RECORDING_FREQUENCIES.join(", ")}, got ${String(frequency)}`);
        }
        if (!SNAPSHOT_DELIVERY_FREQUENCIES.includes(snapshots)) {
            problems.push(`snapshotDeliveryFrequency must be one of ${SNAPSHOT_DELIVERY_FREQUENCIES.join(", ")}, got ${String(snapshots)}`);
        }
        if (problems.length > 0) throw new Error(`ConfigRecorder ${name}: ${problems.join("; ")}`);
        super("startup:security:ConfigRecorder", name, {}, opts);
        const protect = args.protect ?? CONFIG_RECORDER_DEFAULTS.protect;
        const includeGlobal = args.includeGlobalResourceTypes ?? CONFIG_RECORDER_DEFAULTS.includeGlobalResourceTypes;
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
                objectLock: args.objectLock,
                accessLogBucketName: args.accessLogBucketName,
                forceDestroy: args.forceDestroy ?? CONFIG_RECORDER_DEFAULTS.forceDestroy,
                protect,
            },
            { parent: this },
        );
        const role =
            (args.createServiceLinkedRole ?? CONFIG_RECORDER_DEFAULTS.createServiceLinkedRole)
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
                recordingMode: { recordingFrequency: frequency },
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
