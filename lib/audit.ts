/**
 * The audit trail as data: the trail's name rules and ARN, and the bucket-policy statements that
 * let CloudTrail deliver to an archive bucket. Pure functions, unit-tested without Pulumi;
 * `components/auditTrail.ts` creates the resources. The key-policy side is `kmsKeyPolicy` with
 * `cloudTrailArns` (lib/policy.ts).
 */
import { AlarmSpec } from "./operations";
import { CLOUDTRAIL_SERVICE, PolicyDocument, PolicyStatement, logDeliveryBucketStatements, policyDocument, serviceTrustPolicy } from "./policy";

/**
 * Trail names: 3-128 letters, digits, periods, underscores and hyphens, starting and ending with a
 * letter or digit, with no two separators in a row (AWS: CloudTrail trail naming requirements).
 */
export const TRAIL_NAME = /^(?=.{3,128}$)[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$/;

/**
 * The ARN of a trail, from its name and home Region. Built from the name rather than read from the
 * trail, so the key and bucket policies the trail itself depends on can name it without a cycle.
 */
export function cloudTrailArn(partition: string, region: string, accountId: string, trailName: string): string {
    if (!TRAIL_NAME.test(trailName)) {
        throw new Error(`"${trailName}" is not a trail name: use 3-128 letters, digits, ".", "_" or "-", starting and ending with a letter or digit`);
    }
    return `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}

export interface CloudTrailBucketArgs {
    /** ARN of the bucket the trail delivers to. */
    readonly bucketArn: string;
    /** Account whose trail delivers (log files land under `AWSLogs/<accountId>/`). */
    readonly accountId: string;
    /** The one trail allowed to deliver (`cloudTrailArn`). */
    readonly trailArn: string;
}

/**
 * Bucket-policy statements that let one trail deliver log and digest files (AWS: "Amazon S3 bucket
 * policy for CloudTrail"): CloudTrail reads the bucket ACL and puts objects under this account's
 * `AWSLogs/` path with the bucket-owner-full-control ACL, both only for the named trail
 * (aws:SourceArn). The bucket enforces bucket ownership, which still accepts that ACL.
 */
export function cloudTrailBucketStatements(args: CloudTrailBucketArgs): PolicyStatement[] {
    if (!/^arn:[a-z-]+:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/.test(args.trailArn)) throw new Error(`"${args.trailArn}" is not a trail ARN`);
    return logDeliveryBucketStatements({
        service: CLOUDTRAIL_SERVICE,
        bucketArn: args.bucketArn,
        accountId: args.accountId,
        keyPrefix: `AWSLogs/${args.accountId}`,
        condition: { "aws:SourceArn": args.trailArn },
        sids: { aclCheck: "CloudTrailAclCheck", write: "CloudTrailWrite" },
    });
}

// ---------------------------------------------------------------------------------------------
// The trail's CloudWatch Logs delivery (Security Hub CloudTrail.5) and the CIS metric filters

/**
 * The trail's log group ARN in the form CloudTrail takes for `CloudWatchLogsLogGroupArn`: the log
 * group's ARN with the log-stream wildcard (`...:log-group:<name>:*`).
 */
export function trailLogGroupArnForCloudTrail(logGroupArn: string): string {
    if (!/^arn:[a-z-]+:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+$/.test(logGroupArn)) {
        throw new Error(`"${logGroupArn}" is not a log group ARN (without a trailing :*)`);
    }
    return `${logGroupArn}:*`;
}

/**
 * Trust policy of the role CloudTrail assumes to write to the log group: CloudTrail, refused for
 * another account's or another trail's request when it carries aws:SourceAccount/aws:SourceArn.
 * The IfExists forms, not plain ones: AWS documents this trust with the principal only, and a
 * required source condition is reported to stop delivery (prowler-cloud/prowler#4714), which
 * would fail the trail's creation on the first `pulumi up`.
 */
export function cloudTrailLogsTrustPolicy(accountId: string, trailArn: string): PolicyDocument {
    if (!/^\d{12}$/.test(accountId)) throw new Error(`"${accountId}" is not an AWS account id`);
    if (!/^arn:[a-z-]+:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/.test(trailArn)) throw new Error(`"${trailArn}" is not a trail ARN`);
    return serviceTrustPolicy(CLOUDTRAIL_SERVICE, accountId, { sourceArn: trailArn, sourceContext: "ifPresent" });
}

/**
 * What that role may do (AWS: "Sending events to CloudWatch Logs", role policy): create the trail's
 * log streams and put events into them. A multi-Region trail writes one stream per Region, each
 * named `<account>_CloudTrail_<region>`, all in the trail's home-Region log group.
 */
export function cloudTrailLogsWritePolicy(logGroupArn: string, accountId: string): PolicyDocument {
    if (!/^arn:[a-z-]+:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+$/.test(logGroupArn)) throw new Error(`"${logGroupArn}" is not a log group ARN`);
    return policyDocument({
        Sid: "CloudTrailWritesItsStreams",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:log-stream:${accountId}_CloudTrail_*`,
    });
}

/** One CIS AWS Foundations metric filter, as Security Hub checks it. */
export interface CisMetricFilter {
    /** The Security Hub control it answers (CIS AWS Foundations Benchmark v1.2/v1.4 section 3/4). */
    readonly control: string;
    /** Short name: the metric's name and, as `cis-<kebab>`, the alarm's. */
    readonly metricName: string;
    /** What it means when the alarm fires, and where to look. */
    readonly description: string;
    /** The filter pattern, character for character as CIS prescribes it. */
    readonly pattern: string;
}

/** Namespace Security Hub's remediation steps use for the CIS metrics. */
export const CIS_METRIC_NAMESPACE = "LogMetrics";

const eventNames = (names: readonly string[]) => names.map((n) => `($.eventName=${n})`).join(" || ");

/**
 * The CIS metric filters behind Security Hub controls CloudWatch.1 to CloudWatch.14. Security Hub
 * fails a control unless the exact pattern prescribed by CIS is used ("Additional fields or terms
 * cannot be added"), so the patterns below are copied from the benchmark's remediation, spacing
 * included. CIS 4.15 (AWS Organizations changes) has no Security Hub control and this account has
 * no Organization; it is left out.
 */
export const CIS_METRIC_FILTERS: readonly CisMetricFilter[] = [
    {
        control: "CloudWatch.1",
        metricName: "RootAccountUsage",
        description: "The root user made an API call or signed in. Nobody should use root day to day: check who (sourceIPAddress, userAgent) in CloudTrail and rotate the root password if it was not planned.",
        pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    },
    {
        control: "CloudWatch.2",
        metricName: "UnauthorizedAPICalls",
        description: "API calls were denied (AccessDenied or UnauthorizedOperation). A few are normal; a burst means a misconfigured role or someone probing. Look up errorCode in CloudTrail.",
        pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    },
    {
        control: "CloudWatch.3",
        metricName: "ConsoleSigninWithoutMFA",
        description: "Someone signed in to the console without MFA. Every person must use MFA: find the user in CloudTrail (ConsoleLogin) and enforce MFA.",
        pattern: '{($.eventName="ConsoleLogin") && ($.additionalEventData.MFAUsed !="Yes")}',
    },
    {
        control: "CloudWatch.4",
        metricName: "IAMPolicyChanges",
        description: "An IAM policy was created, changed, attached or detached. Changes go through Pulumi: check that the caller was the deploy role.",
        pattern: `{${eventNames([
            "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy",
            "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
        ])}}`,
    },
    {
        control: "CloudWatch.5",
        metricName: "CloudTrailConfigChanges",
        description: "A trail was created, updated, deleted, started or stopped. Stopping the audit trail is how an intruder hides: check the caller at once.",
        pattern: `{${eventNames(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"])}}`,
    },
    {
        control: "CloudWatch.6",
        metricName: "ConsoleSigninFailures",
        description: "Console sign-ins failed. A burst from one address is a password-guessing attempt: check sourceIPAddress in CloudTrail.",
        pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    },
    {
        control: "CloudWatch.7",
        metricName: "DisableOrDeleteCMK",
        description: "A customer managed KMS key was disabled or scheduled for deletion: the data it encrypts becomes unreadable. Cancel the deletion (kms cancel-key-deletion) unless it was planned.",
        pattern: "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
    },
    {
        control: "CloudWatch.8",
        metricName: "S3BucketPolicyChanges",
        description: "A bucket's policy, ACL, CORS, lifecycle or replication changed outside a deploy? Check the caller and the bucket.",
        pattern: `{($.eventSource=s3.amazonaws.com) && (${eventNames([
            "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
            "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication",
        ])})}`,
    },
    {
        control: "CloudWatch.9",
        metricName: "AWSConfigChanges",
        description: "The AWS Config recorder or delivery channel changed or stopped: Security Hub's controls go blind. Check the caller and restart the recorder.",
        pattern: `{($.eventSource=config.amazonaws.com) && (${eventNames(["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"])})}`,
    },
    {
        control: "CloudWatch.10",
        metricName: "SecurityGroupChanges",
        description: "A security group or its rules changed. Network changes go through Pulumi: check the caller and the group.",
        pattern: `{${eventNames(["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"])}}`,
    },
    {
        control: "CloudWatch.11",
        metricName: "NACLChanges",
        description: "A network ACL or entry changed. Check the caller and the VPC.",
        pattern: `{${eventNames(["CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"])}}`,
    },
    {
        control: "CloudWatch.12",
        metricName: "NetworkGatewayChanges",
        description: "An internet or customer gateway was created, attached, detached or deleted. Check the caller and the VPC.",
        pattern: `{${eventNames(["CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"])}}`,
    },
    {
        control: "CloudWatch.13",
        metricName: "RouteTableChanges",
        description: "A route or route table changed. Traffic may be redirected: check the caller and the VPC.",
        pattern: `{${eventNames(["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"])}}`,
    },
    {
        control: "CloudWatch.14",
        metricName: "VPCChanges",
        description: "A VPC, its attributes or a peering connection changed. Check the caller.",
        pattern: `{${eventNames([
            "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection",
            "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink",
        ])}}`,
    },
];

/** `RootAccountUsage` -> `root-account-usage`. */
function kebab(name: string): string {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
        .toLowerCase();
}

/**
 * One alarm per CIS metric, as Security Hub's remediation sets them up: the sum over 5 minutes at
 * or above 1 notifies the topic. No data means nothing happened (notBreaching).
 */
export function cisAlarmSpecs(filters: readonly CisMetricFilter[] = CIS_METRIC_FILTERS): AlarmSpec[] {
    return filters.map((f) => ({
        name: `cis-${kebab(f.metricName)}`,
        description: `${f.description} (Security Hub ${f.control})`,
        namespace: CIS_METRIC_NAMESPACE,
        metricName: f.metricName,
        dimensions: {},
        statistic: "Sum",
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        periodSeconds: 300,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
    }));
}
