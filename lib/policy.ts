/**
 * IAM and resource policy documents as plain data. Pure builders, unit-tested without Pulumi, so
 * every policy the platform attaches can be read and checked in one place.
 */

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | Record<string, string | string[]>;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[] | boolean | number>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** Condition keys that tie a service's role assumption to this account (confused-deputy guard). */
export const SOURCE_CONTEXT_KEYS = ["aws:SourceAccount", "aws:SourceArn", "sts:ExternalId"] as const;

export interface ServiceTrustOptions {
    /**
     * The resources that may make the service assume the role, matched with `ArnLike` on
     * `aws:SourceArn` (wildcards allowed), e.g. `arn:aws:ec2:us-east-1:<account>:vpc-flow-log/*`.
     * Only where AWS documents the service sending it. @default - none
     */
    readonly sourceArn?: string;
    /**
     * `documented`: AWS documents the service sending `aws:SourceAccount` when it assumes the role,
     * so the condition is required (`StringEquals`). `ifPresent`: AWS documents no such context for
     * this service; the condition is checked only when the service sends the key
     * (`StringEqualsIfExists`), so it refuses another account's request without ever locking the
     * service out. @default "documented"
     */
    readonly sourceContext?: "documented" | "ifPresent";
}

/**
 * A role trust policy for an AWS service, limited to this account (`aws:SourceAccount`, and
 * `aws:SourceArn` when given) so the service cannot be used as a confused deputy by another account.
 */
export function serviceTrustPolicy(service: string | string[], accountId: string, options: ServiceTrustOptions = {}): PolicyDocument {
    if (!/^\d{12}$/.test(accountId)) throw new Error(`serviceTrustPolicy: "${accountId}" is not an AWS account id`);
    if (options.sourceArn !== undefined && options.sourceArn.split(":")[4] !== accountId) {
        throw new Error(`serviceTrustPolicy: source ARN ${options.sourceArn} is not in account ${accountId}`);
    }
    const ifPresent = options.sourceContext === "ifPresent";
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: {
            [ifPresent ? "StringEqualsIfExists" : "StringEquals"]: { "aws:SourceAccount": accountId },
            ...(options.sourceArn !== undefined ? { [ifPresent ? "ArnLikeIfExists" : "ArnLike"]: { "aws:SourceArn": options.sourceArn } } : {}),
        },
    });
}

/**
 * Service principals whose role trust carries no source condition at all, and why. The policy
 * pack's `service-trust-source-context` rule accepts these and nothing else.
 */
export const SOURCE_CONTEXT_EXCEPTIONS: Readonly<Record<string, string>> = {
    "ec2.amazonaws.com": "an instance profile's role is assumed by EC2 for the instance, with no source account or ARN in the request",
};

/** A trust policy for EC2 instances (instance profiles carry no source-account context). */
export function ec2TrustPolicy(): PolicyDocument {
    return policyDocument({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
}

export interface KmsKeyPolicyArgs {
    readonly accountId: string;
    readonly partition: string;
    readonly region: string;
    /**
     * Service principals allowed to use the key on this account's behalf, e.g.
     * `logs.us-east-1.amazonaws.com`, `sns.amazonaws.com`.
     */
    readonly services: readonly string[];
    /**
     * IAM role ARNs (in this account) that may use the key directly, e.g. a service-linked role.
     * @default []
     */
    readonly principals?: readonly string[];
    /**
     * The trails CloudTrail may encrypt log files for; required exactly when `services` includes
     * `cloudtrail.amazonaws.com` (see `cloudTrailArn` in lib/audit.ts). @default []
     */
    readonly cloudTrailArns?: readonly string[];
}

/** The CloudTrail service principal; a key policy names the trails it may encrypt for. */
export const CLOUDTRAIL_SERVICE = "cloudtrail.amazonaws.com";

/**
 * The EventBridge service principal. When a rule's target is an encrypted SNS topic, the KMS
 * requests carry no aws:SourceAccount or aws:SourceArn, so a key policy scopes it by the encryption
 * context SNS sends (the topic's ARN) instead.
 */
export const EVENTBRIDGE_SERVICE = "events.amazonaws.com";
/** RDS event notifications' principal (event subscriptions publishing to SNS). */
export const RDS_EVENTS_SERVICE = "events.rds.amazonaws.com";
/**
 * Services that publish to this account's encrypted topics and whose KMS requests are scoped by
 * the topic ARN SNS passes as encryption context: whether they carry aws:SourceAccount there is
 * not documented (for EventBridge, AWS says it does not), and a condition on a key that is not
 * sent would silently drop every notification.
 */
const TOPIC_PUBLISHERS: readonly string[] = [EVENTBRIDGE_SERVICE, RDS_EVENTS_SERVICE];

/** Statement ids of `logDeliveryBucketStatements`, as each service's documentation names them. */
export interface LogDeliverySids {
    readonly aclCheck: string;
    /** Also let the service check that the bucket exists (ListBucket, for HeadBucket). */
    readonly existenceCheck?: string;
    readonly write: string;
}

export interface LogDeliveryBucketArgs {
    /** The delivering service's principal, e.g. cloudtrail.amazonaws.com. */
    readonly service: string;
    readonly bucketArn: string;
    readonly accountId: string;
    /** Key prefix under the bucket the service writes below, e.g. `AWSLogs/<account>/Config`. */
    readonly keyPrefix: string;
    /** What ties every request to us, e.g. `{ "aws:SourceArn": trailArn }`. */
    readonly condition: Readonly<Record<string, string>>;
    readonly sids: LogDeliverySids;
}

/**
 * The bucket-policy statements AWS documents for a service that delivers log files into an S3
 * bucket (CloudTrail, AWS Config): read the bucket ACL, optionally check the bucket exists, and
 * put objects below `keyPrefix` with the bucket-owner-full-control ACL, each only under `condition`.
 */
export function logDeliveryBucketStatements(args: LogDeliveryBucketArgs): PolicyStatement[] {
    if (!/^arn:[a-z-]+:s3:::[^/]+$/.test(args.bucketArn)) throw new Error(`"${args.bucketArn}" is not an S3 bucket ARN`);
    if (!/^\d{12}$/.test(args.accountId)) throw new Error(`"${args.accountId}" is not an AWS account id`);
    const principal = { Service: args.service };
    const onBucket = (Sid: string, Action: string): PolicyStatement => ({
        Sid,
        Effect: "Allow",
        Principal: principal,
        Action,
        Resource: args.bucketArn,
        Condition: { StringEquals: { ...args.condition } },
    });
    return [
        onBucket(args.sids.aclCheck, "s3:GetBucketAcl"),
        ...(args.sids.existenceCheck ? [onBucket(args.sids.existenceCheck, "s3:ListBucket")] : []),
        {
            Sid: args.sids.write,
            Effect: "Allow",
            Principal: principal,
            Action: "s3:PutObject",
            Resource: `${args.bucketArn}/${args.keyPrefix}/*`,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...args.condition } },
        },
    ];
}

/**
 * Key policy of a customer-managed key: the account administers it through IAM, and each named
 * service may use it for encryption in this account only. Two services are scoped the way AWS
 * documents for them instead of by source account: CloudWatch Logs (by the log group in the
 * encryption context) and CloudTrail (by the trails, `cloudTrailArns`).
 */
export function kmsKeyPolicy(args: KmsKeyPolicyArgs): PolicyDocument {
    const trails = args.cloudTrailArns ?? [];
    const cloudTrail = args.services.includes(CLOUDTRAIL_SERVICE);
    if (cloudTrail && trails.length === 0) {
        throw new Error(`kmsKeyPolicy: ${CLOUDTRAIL_SERVICE} needs cloudTrailArns, the trails it may encrypt log files for`);
    }
    if (!cloudTrail && trails.length > 0) {
        throw new Error(`kmsKeyPolicy: cloudTrailArns are given but ${CLOUDTRAIL_SERVICE} is not in services; add it or drop the trails`);
    }
    const statements: PolicyStatement[] = [
        {
            Sid: "AccountAdministersThroughIam",
            Effect: "Allow",
            Principal: { AWS: `arn:${args.partition}:iam::${args.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
    ];
    const logs = args.services.filter((s) => s.startsWith("logs."));
    const publishers = args.services.filter((s) => TOPIC_PUBLISHERS.includes(s));
    const others = args.services.filter((s) => !s.startsWith("logs.") && s !== CLOUDTRAIL_SERVICE && !TOPIC_PUBLISHERS.includes(s));
    const useKey = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
    if (logs.length > 0) {
        // CloudWatch Logs is scoped by the encryption context it always sends, not by source account
        // (AWS: "Encrypt log data in CloudWatch Logs using AWS KMS").
        statements.push({
            Sid: "CloudWatchLogsEncryptThisAccountsLogGroups",
            Effect: "Allow",
            Principal: { Service: logs },
            Action: useKey,
            Resource: "*",
            Condition: {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:*` },
            },
        });
    }
    if (cloudTrail) statements.push(...cloudTrailKeyStatements(args.partition, args.accountId, trails));
    if (publishers.length > 0) {
        // EventBridge rules and RDS event subscriptions publishing to this account's encrypted
        // topics in this region: SNS asks KMS for a data key with the topic's ARN as encryption context.
        statements.push({
            Sid: "ServicesPublishToThisAccountsTopics",
            Effect: "Allow",
            Principal: { Service: publishers.length === 1 ? publishers[0] : [...publishers] },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringLike: { "kms:EncryptionContext:aws:sns:topicArn": `arn:${args.partition}:sns:${args.region}:${args.accountId}:*` } },
        });
    }
    if (others.length > 0) {
        statements.push({
            Sid: "ServicesEncryptForThisAccount",
            Effect: "Allow",
            Principal: { Service: others },
            Action: useKey,
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
        });
    }
    const principals = args.principals ?? [];
    if (principals.length > 0) {
        // Named by aws:PrincipalArn, not in Principal: KMS rejects a key policy whose Principal is a
        // role that does not exist yet, and a service-linked role such as AWSServiceRoleForAutoScaling
        // only appears when the service is first used. The statements stay as narrow: these roles,
        // this account, and grants only for AWS resources (the EBS volumes they launch).
        const who = {
            StringEquals: { "kms:CallerAccount": args.accountId },
            ArnEquals: { "aws:PrincipalArn": [...principals] },
        };
        statements.push(
            { Sid: "RolesUseKey", Effect: "Allow", Principal: { AWS: "*" }, Action: useKey, Resource: "*", Condition: who },
            {
                Sid: "RolesCreateGrantsForAwsResources",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { ...who, Bool: { "kms:GrantIsForAWSResource": true } },
            },
        );
    }
    return policyDocument(...statements);
}

/**
 * CloudTrail needs only data keys (to encrypt log and digest files) and the key's description, for
 * the named trails of this account (AWS: "Configure AWS KMS key policies for CloudTrail", with the
 * recommended aws:SourceArn condition). Reading the logs back goes through IAM (kms:Decrypt).
 */
function cloudTrailKeyStatements(partition: string, accountId: string, trailArns: readonly string[]): PolicyStatement[] {
    const forTrails = { "aws:SourceArn": [...trailArns] };
    return [
        {
            Sid: "CloudTrailEncryptLogFiles",
            Effect: "Allow",
            Principal: { Service: CLOUDTRAIL_SERVICE },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringEquals: forTrails,
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${accountId}:trail/*` },
            },
        },
        {
            Sid: "CloudTrailDescribeKey",
            Effect: "Allow",
            Principal: { Service: CLOUDTRAIL_SERVICE },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: forTrails },
        },
    ];
}

/**
 * The service-linked role EC2 Auto Scaling launches instances with. It needs the key policy's
 * permission to create EBS volumes encrypted with a customer-managed key (AWS: "Required AWS KMS
 * key policy for use with encrypted volumes").
 */
export function autoScalingServiceLinkedRoleArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/**
 * Trust policy of the role VPC Flow Logs publishes to CloudWatch Logs with, as AWS documents it
 * ("IAM role for publishing flow logs to CloudWatch Logs"): this account, and only its flow logs.
 */
export function flowLogsTrustPolicy(partition: string, region: string, accountId: string): PolicyDocument {
    return serviceTrustPolicy("vpc-flow-logs.amazonaws.com", accountId, { sourceArn: `arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*` });
}

/** Lets VPC Flow Logs write to one log group. */
export function flowLogsWritePolicy(logGroupArn: string): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
    });
}

/** Denies any request to the bucket that does not use TLS. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/**
 * Regional Elastic Load Balancing accounts of the legacy access-log bucket policy, for the Regions
 * that existed before August 2022 (AWS: "Enable access logs for your Application Load Balancer").
 * Regions not listed never supported the legacy policy.
 */
export const ELB_LEGACY_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-southeast-3": "589379963580",
    "ap-south-1": "718504428378",
    "ap-northeast-3": "383597477331",
    "ap-northeast-2": "600734575887",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-northeast-1": "582318560864",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-south-1": "635631232127",
    "eu-west-3": "009996457667",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-gov-east-1": "190560391635",
    "us-gov-west-1": "048591011584",
};

export interface ElbAccessLogArgs {
    /** ARN of the log bucket. */
    readonly bucketArn: string;
    /** Key prefix the load balancer writes under (no leading or trailing slash, no "AWSLogs"). */
    readonly prefix: string;
    /** Account that owns the load balancers. */
    readonly accountId: string;
    readonly region: string;
    /**
     * `service`: the log-delivery service principal, AWS's form for Regions launched from August
     * 2022. `legacyAccount`: the regional ELB account, the form AWS documented for Regions
     * launched before then. `both`: the two statements, so delivery works whichever form the
     * Region honours; it grants nothing more (the resource pins this account's prefix).
     * @default "both" in a Region with a legacy ELB account (ELB_LEGACY_LOG_ACCOUNTS), else "service"
     */
    readonly grant?: "service" | "legacyAccount" | "both";
}

/**
 * Bucket-policy statements that let Application Load Balancer access logs be delivered. The
 * resource path pins the load balancers' account, so no other account's load balancer can write.
 * The bucket must use SSE-S3: ALB log delivery supports no other server-side encryption.
 */
export function elbAccessLogStatements(args: ElbAccessLogArgs): PolicyStatement[] {
    if (args.prefix.includes("AWSLogs") || args.prefix.startsWith("/") || args.prefix.endsWith("/")) {
        throw new Error(`ALB access-log prefix "${args.prefix}" must not contain AWSLogs nor start or end with "/"`);
    }
    const resource = `${args.bucketArn}/${args.prefix ? `${args.prefix}/` : ""}AWSLogs/${args.accountId}/*`;
    const elbAccount = ELB_LEGACY_LOG_ACCOUNTS[args.region];
    const grant = args.grant ?? (elbAccount === undefined ? "service" : "both");
    if (grant !== "service" && elbAccount === undefined) {
        throw new Error(`${args.region} never supported the legacy ELB log policy; use grant: "service"`);
    }
    const statements: PolicyStatement[] = [];
    if (grant !== "legacyAccount") {
        statements.push({
            Sid: "ElbAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: resource,
        });
    }
    if (grant !== "service") {
        const partition = args.bucketArn.split(":")[1];
        statements.push({
            Sid: "ElbAccessLogDeliveryLegacy",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${elbAccount}:root` },
            Action: "s3:PutObject",
            Resource: resource,
        });
    }
    return statements;
}

/**
 * CloudWatch Logs resource policy that lets vended-log delivery (here: AWS WAF) write into one log
 * group, for this account only. Managing it ourselves keeps WAF from growing the shared
 * `AWSWAF-LOGS` policy towards its size limit.
 */
export function logDeliveryResourcePolicy(logGroupArn: string, accountId: string, region: string, partition: string): PolicyDocument {
    return policyDocument({
        Sid: "LogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:log-stream:*`,
        Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": `arn:${partition}:logs:${region}:${accountId}:*` },
        },
    });
}

export interface AppInstancePolicyArgs {
    /** The app's image repository. */
    readonly repositoryArn: string;
    /** Log group the app container writes to. */
    readonly logGroupArn: string;
    /** ARN pattern of the instances' Auto Scaling group (see `autoScalingGroupArnPattern`). */
    readonly autoScalingGroupArn: string;
}

/** `arn:...:autoScalingGroup:*:autoScalingGroupName/<name>`: the group by name, before its id exists. */
export function autoScalingGroupArnPattern(partition: string, region: string, accountId: string, groupName: string): string {
    return `arn:${partition}:autoscaling:${region}:${accountId}:autoScalingGroup:*:autoScalingGroupName/${groupName}`;
}

/**
 * What the app instances may do beyond AmazonSSMManagedInstanceCore and their telemetry policy: pull their
 * own image, write their own log group, and report their own launch hook done.
 */
export function appInstancePolicy(args: AppInstancePolicyArgs): PolicyDocument {
    return policyDocument(
        // GetAuthorizationToken has no resource-level permissions.
        { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
            Sid: "PullAppImage",
            Effect: "Allow",
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
            Resource: args.repositoryArn,
        },
        {
            Sid: "WriteAppLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [args.logGroupArn, `${args.logGroupArn}:log-stream:*`],
        },
        {
            Sid: "CompleteOwnLaunchHook",
            Effect: "Allow",
            Action: "autoscaling:CompleteLifecycleAction",
            Resource: args.autoScalingGroupArn,
        },
    );
}

/**
 * What the instances may report to CloudWatch, in place of the AWS managed
 * CloudWatchAgentServerPolicy (which allows PutMetricData into any namespace, log writes to any
 * group, creating groups, ec2:DescribeTags/DescribeVolumes, X-Ray and reading AmazonCloudWatch-*
 * parameters, all on `*`): put metrics into the app's own namespace only. PutMetricData has no
 * resource-level permissions, so the `cloudwatch:namespace` condition is what scopes it. The app's
 * logs go to its log group through `appInstancePolicy`, session logs through the Session Manager
 * policy; no CloudWatch agent runs, so nothing needs the agent's EC2 tag or volume lookups.
 */
export function instanceTelemetryPolicy(metricNamespace: string): PolicyDocument {
    return policyDocument({
        Sid: "PutAppMetrics",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": metricNamespace } },
    });
}

/**
 * Lets one CloudFront distribution (through origin access control) read a bucket's objects, and
 * nothing else (AWS: "Restricting access to an Amazon S3 origin").
 */
export function cloudFrontReadStatement(bucketArn: string, distributionArn: string): PolicyStatement {
    return {
        Sid: "CloudFrontReadsThroughOac",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: `${bucketArn}/*`,
        Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
    };
}
