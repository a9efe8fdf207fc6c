/**
 * AWS Config recording as data: which resource types the recorder records, the service-linked role
 * it records with, and the bucket-policy statements that let AWS Config deliver into an archive
 * bucket. Pure functions, unit-tested without Pulumi; `components/configRecorder.ts` creates the
 * resources. The key-policy side is `kmsKeyPolicy` with `config.amazonaws.com` in its services.
 */
import { PolicyStatement, logDeliveryBucketStatements } from "./policy";

/** The AWS Config service principal. */
export const CONFIG_SERVICE = "config.amazonaws.com";

/** Name of the service-linked role AWS Config records with (one per account, all Regions). */
export const CONFIG_SERVICE_LINKED_ROLE_NAME = "AWSServiceRoleForConfig";

export const RECORDING_FREQUENCIES = ["CONTINUOUS", "DAILY"] as const;
export type RecordingFrequency = (typeof RECORDING_FREQUENCIES)[number];

/** How often AWS Config delivers a configuration snapshot to the bucket (API enum values). */
export const SNAPSHOT_DELIVERY_FREQUENCIES = ["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"] as const;
export type SnapshotDeliveryFrequency = (typeof SNAPSHOT_DELIVERY_FREQUENCIES)[number];

/**
 * The global IAM resource types (AWS: RecordingGroup, ExclusionByResourceTypes). A recorder with
 * `includeGlobalResourceTypes` records them in its own Region; record them in one Region only, or
 * every IAM change is recorded (and billed, and evaluated) once per Region.
 */
export const GLOBAL_IAM_RESOURCE_TYPES = ["AWS::IAM::Group", "AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::User"] as const;

/**
 * Aurora global clusters are recorded in every Region whose recorder records all supported types,
 * whatever `includeGlobalResourceTypes` says (AWS: RecordingGroup). The platform has one (prod
 * and DR share it), so a recorder that leaves global types to another Region excludes it too.
 */
export const REGION_DUPLICATED_GLOBAL_TYPES = ["AWS::RDS::GlobalCluster"] as const;

/** The `recordingGroup` of an `aws.cfg.Recorder` (v7 shape). */
export interface RecordingGroup {
    allSupported: boolean;
    includeGlobalResourceTypes?: boolean;
    recordingStrategies?: Array<{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }>;
    exclusionByResourceTypes?: Array<{ resourceTypes: string[] }>;
}

/**
 * What the recorder records: every supported resource type, current and future. In the Region
 * that owns the account's global types, that includes the IAM types; elsewhere the exclusion
 * strategy leaves out the IAM types and the Aurora global cluster, which the owning Region
 * records. (An exclusion recorder would otherwise record IAM types wherever AWS Config allows it.)
 */
export function recordingGroup(includeGlobalResourceTypes: boolean): RecordingGroup {
    if (includeGlobalResourceTypes) {
        // The strategy is optional with allSupported; AWS sets ALL_SUPPORTED_RESOURCE_TYPES.
        return { allSupported: true, includeGlobalResourceTypes: true };
    }
    return {
        allSupported: false,
        recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
        exclusionByResourceTypes: [{ resourceTypes: [...GLOBAL_IAM_RESOURCE_TYPES, ...REGION_DUPLICATED_GLOBAL_TYPES] }],
    };
}

/**
 * ARN of AWS Config's service-linked role. Built from the account rather than read from a role
 * resource: the role is account-wide, so only one stack creates it and the others name it.
 */
export function configServiceLinkedRoleArn(partition: string, accountId: string): string {
    if (!/^\d{12}$/.test(accountId)) throw new Error(`"${accountId}" is not an AWS account id`);
    return `arn:${partition}:iam::${accountId}:role/aws-service-role/${CONFIG_SERVICE}/${CONFIG_SERVICE_LINKED_ROLE_NAME}`;
}

export interface ConfigBucketArgs {
    /** ARN of the bucket AWS Config delivers to. */
    readonly bucketArn: string;
    /** Account whose recorder delivers (files land under `AWSLogs/<accountId>/Config/`). */
    readonly accountId: string;
}

/**
 * Bucket-policy statements that let AWS Config deliver configuration history and snapshot files
 * for this account only (AWS: "Permissions for the Amazon S3 Bucket for the AWS Config Delivery
 * Channel", the statements required with the service-linked role, which delivers as the
 * `config.amazonaws.com` principal): read the bucket ACL, check the bucket exists (ListBucket,
 * for HeadBucket), and put objects under `AWSLogs/<account>/Config/` with the
 * bucket-owner-full-control ACL, each only when aws:SourceAccount is this account.
 */
export function configBucketStatements(args: ConfigBucketArgs): PolicyStatement[] {
    return logDeliveryBucketStatements({
        service: CONFIG_SERVICE,
        bucketArn: args.bucketArn,
        accountId: args.accountId,
        keyPrefix: `AWSLogs/${args.accountId}/Config`,
        condition: { "aws:SourceAccount": args.accountId },
        sids: { aclCheck: "AWSConfigBucketPermissionsCheck", existenceCheck: "AWSConfigBucketExistenceCheck", write: "AWSConfigBucketDelivery" },
    });
}
