/**
 * The platform's policy rules as plain functions over resource properties, so the same code runs in
 * the CrossGuard pack (`policies/index.ts`, on what the engine sends during `pulumi preview`) and in
 * the tests (on what every stack registers under mocks).
 *
 * A resource rule is `(type, props, context) => violations`: `props` are the inputs AWS would
 * receive, and an empty list means "compliant or not applicable" (each rule also says which types it
 * applies to). A stack rule is `(resources) => violations` for checks that need more than one
 * resource, such as "every bucket has an encryption configuration". Rules read @pulumi/aws v7 input
 * shapes by type token only; they import nothing from @pulumi/aws so the pack stays small.
 */
import { ACCESS_LOG_EXEMPTION_TAG } from "../lib/bucketAudit";
import { FSBP_RDS_EVENT_CATEGORIES, RdsEventSourceType, coversFsbpCategories } from "../lib/operations";
import { CLOUDFRONT_TLS_POLICIES, isModernViewerPolicy } from "../lib/edge";
import { AMI_BLOCK_STATE, EBS_SNAPSHOT_BLOCK_STATE, SSM_AUTOMATION_LOG_DESTINATION, SSM_AUTOMATION_LOG_DESTINATION_SETTING, SSM_PUBLIC_SHARING_SETTING } from "../lib/guardrails";
import { remoteAdminExposure } from "../lib/networkAcl";
import { SOURCE_CONTEXT_EXCEPTIONS } from "../lib/policy";
import { SESSION_PREFERENCES_DOCUMENT } from "../lib/sessionManager";
import { REQUIRED_TAG_KEYS } from "../lib/tags";

export type Props = Readonly<Record<string, unknown>>;

/** What a resource rule may know besides the resource's own inputs. */
export interface RuleContext {
    /** The tags the resource's provider applies through `defaultTags`; undefined when not known. */
    readonly providerDefaultTags?: Readonly<Record<string, string>>;
    /** The resource is protected with Pulumi `protect`. @default false */
    readonly protect?: boolean;
    /** `Environment` tag values that count as production. @default PROD_ENVIRONMENTS */
    readonly prodEnvironments?: readonly string[];
}

export type ResourceRule = (type: string, props: Props, context: RuleContext) => string[];

export interface ResourceRuleSpec {
    /** Policy name in the pack. */
    readonly name: string;
    readonly description: string;
    /** Resource types (or type predicates) the rule looks at; anything else is not applicable. */
    readonly appliesTo: (type: string) => boolean;
    readonly check: ResourceRule;
}

/** A resource as a stack rule sees it: the pack passes the engine's view, tests the mocked state. */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Props;
}

export interface StackViolation {
    /** The resource at fault. */
    readonly urn: string;
    readonly message: string;
}

export type StackRule = (resources: readonly StackResource[]) => StackViolation[];

export interface StackRuleSpec {
    readonly name: string;
    readonly description: string;
    readonly check: StackRule;
}

/** `Environment` values treated as production unless the pack config says otherwise. */
export const PROD_ENVIRONMENTS: readonly string[] = ["prod"];

/** Type tokens of @pulumi/aws v7, with the v6 names that are now aliases. */
export const TYPES = {
    provider: "pulumi:providers:aws",
    bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    bucketEncryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    bucketPublicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    accountPublicAccessBlock: ["aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"],
    bucketAcl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
    rdsCluster: ["aws:rds/cluster:Cluster"],
    rdsInstance: ["aws:rds/instance:Instance"],
    rdsGlobalCluster: ["aws:rds/globalCluster:GlobalCluster"],
    rdsProxy: ["aws:rds/proxy:Proxy"],
    dynamoTable: ["aws:dynamodb/table:Table"],
    snsTopic: ["aws:sns/topic:Topic"],
    sqsQueue: ["aws:sqs/queue:Queue"],
    logGroup: ["aws:cloudwatch/logGroup:LogGroup"],
    launchTemplate: ["aws:ec2/launchTemplate:LaunchTemplate"],
    instance: ["aws:ec2/instance:Instance"],
    ebsVolume: ["aws:ebs/volume:Volume"],
    cacheReplicationGroup: ["aws:elasticache/replicationGroup:ReplicationGroup"],
    listener: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    loadBalancer: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    userPool: ["aws:cognito/userPool:UserPool"],
    backupVault: ["aws:backup/vault:Vault"],
    vpc: ["aws:ec2/vpc:Vpc"],
    /** awsx's VPC component (the mocks see it without its children). */
    awsxVpc: ["awsx:ec2:Vpc"],
    defaultNetworkAcl: ["aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"],
    /** Network ACLs with their entries inline. */
    networkAcl: ["aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "aws:ec2/networkAcl:NetworkAcl"],
    networkAclRule: ["aws:ec2/networkAclRule:NetworkAclRule"],
    kmsKey: ["aws:kms/key:Key"],
    trail: ["aws:cloudtrail/trail:Trail"],
    bucketLogging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    bucketObjectLock: [
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
    ],
    configDeliveryChannel: ["aws:cfg/deliveryChannel:DeliveryChannel"],
    rdsEventSubscription: ["aws:rds/eventSubscription:EventSubscription"],
    distribution: ["aws:cloudfront/distribution:Distribution"],
    webAcl: ["aws:wafv2/webAcl:WebAcl"],
    webAclLogging: ["aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"],
    secret: ["aws:secretsmanager/secret:Secret"],
    secretRotation: ["aws:secretsmanager/secretRotation:SecretRotation"],
    ebsEncryptionByDefault: ["aws:ebs/encryptionByDefault:EncryptionByDefault"],
    ebsSnapshotBlockPublicAccess: ["aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess"],
    amiBlockPublicAccess: ["aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess"],
    vpcBlockPublicAccess: ["aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions"],
    ssmServiceSetting: ["aws:ssm/serviceSetting:ServiceSetting"],
    iamRole: ["aws:iam/role:Role"],
    /** Customer managed policies (what IAM.1 and IAM.21 evaluate). */
    iamPolicy: ["aws:iam/policy:Policy"],
    /** Identity policies written inline, by the property that holds the document. */
    inlinePolicy: ["aws:iam/rolePolicy:RolePolicy", "aws:iam/groupPolicy:GroupPolicy", "aws:iam/userPolicy:UserPolicy"],
    permissionSetInlinePolicy: ["aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"],
    /** Everything that makes or equips an IAM user. */
    iamUser: [
        "aws:iam/user:User",
        "aws:iam/accessKey:AccessKey",
        "aws:iam/userLoginProfile:UserLoginProfile",
        "aws:iam/userPolicy:UserPolicy",
        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        "aws:iam/userGroupMembership:UserGroupMembership",
        "aws:iam/groupMembership:GroupMembership",
        "aws:iam/userSshKey:UserSshKey",
        "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
        "aws:iam/signingCertificate:SigningCertificate",
        "aws:iam/virtualMfaDevice:VirtualMfaDevice",
    ],
    iamPolicyAttachment: ["aws:iam/policyAttachment:PolicyAttachment"],
    ssmDocument: ["aws:ssm/document:Document"],
} as const;

/** Tag that documents why a secret has no automatic rotation (the accepted exception to SecretsManager.1). */
export const ROTATION_EXCEPTION_TAG = "RotationException";

/**
 * ELB security policies that negotiate TLS 1.2 or 1.3 only: the TLS13-1-2 / TLS13-1-3 families
 * (including Res, Ext, FIPS and PQ variants), TLS-1-2 and FS-1-2. ELBSecurityPolicy-2016-08, the
 * API default when `sslPolicy` is omitted, still allows TLS 1.0 (AWS: "Security policies for your
 * Application Load Balancer").
 */
export const TLS12_PLUS_SSL_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;

/** Canned ACLs that open a bucket to everyone (authenticated-read means any AWS account). */
export const PUBLIC_CANNED_ACLS: readonly string[] = ["public-read", "public-read-write", "authenticated-read"];

/** ACL grantee groups that mean "the public". */
export const PUBLIC_GRANTEE_URIS: readonly string[] = [
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

/** Resource types that must carry a `Name` tag even when they set no other tags. */
export const NAME_TAG_TYPES: readonly string[] = [...TYPES.vpc, ...TYPES.launchTemplate, ...TYPES.instance, ...TYPES.kmsKey];

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

// ---------------------------------------------------------------------------------------------
// Value helpers: inputs arrive as plain JSON; booleans of launch templates arrive as strings.

function is(type: string, types: readonly string[]): boolean {
    return types.includes(type);
}

function isTrue(value: unknown): boolean {
    return value === true || value === "true";
}

function isSet(value: unknown): value is string {
    return typeof value === "string" && value.length > 0;
}

function record(value: unknown): Record<string, unknown> | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/** String-valued tags of a tag map (other values are dropped). */
export function tagsOf(value: unknown): Record<string, string> {
    const tags = record(value) ?? {};
    return Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/**
 * The tags of an AWS provider's `defaultTags` input, which reaches the engine either as an object
 * `{ tags: {...} }` or JSON-encoded; undefined when the provider sets none.
 */
export function providerDefaultTags(providerProps: Props): Record<string, string> | undefined {
    let value = providerProps.defaultTags;
    if (typeof value === "string") {
        try {
            value = JSON.parse(value) as unknown;
        } catch {
            return undefined;
        }
    }
    const tags = record(value)?.tags;
    return tags === undefined ? undefined : tagsOf(tags);
}

/** The resource's environment: the provider's `Environment` default tag, else its own tag. */
export function environmentOf(props: Props, context: RuleContext): string | undefined {
    return context.providerDefaultTags?.Environment ?? tagsOf(props.tags).Environment;
}

export function isProd(props: Props, context: RuleContext): boolean {
    const env = environmentOf(props, context);
    return env !== undefined && (context.prodEnvironments ?? PROD_ENVIRONMENTS).includes(env);
}

// ---------------------------------------------------------------------------------------------
// Encryption at rest

/** True when every rule applies SSE-S3 (AES256), which only documented buckets may use. */
function s3RulesUseSseS3(rules: unknown[]): boolean {
    return rules.length > 0 && rules.every((rule) => record(record(rule)?.applyServerSideEncryptionByDefault)?.sseAlgorithm === "AES256");
}

/** Tag that documents why a bucket uses SSE-S3 (set by ArchiveBucket's `sseS3Reason`). */
export const SSE_S3_REASON_TAG = "SseS3Reason";

function s3RulesUseKms(rules: unknown[]): boolean {
    return (
        rules.length > 0 &&
        rules.every((rule) => {
            const sse = record(record(rule)?.applyServerSideEncryptionByDefault);
            return sse !== undefined && String(sse.sseAlgorithm).startsWith("aws:kms") && isSet(sse.kmsMasterKeyId);
        })
    );
}

export const encryptionAtRest: ResourceRule = (type, props) => {
    const v: string[] = [];
    if (is(type, TYPES.bucketEncryption)) {
        // SSE-S3 is checked against the bucket's SseS3Reason tag by the bucketsEncrypted stack rule.
        if (!s3RulesUseKms(list(props.rules)) && !s3RulesUseSseS3(list(props.rules))) {
            v.push("every rule must apply SSE-KMS: applyServerSideEncryptionByDefault { sseAlgorithm: \"aws:kms\", kmsMasterKeyId: <PlatformKey ARN> } (or AES256 on a bucket tagged SseS3Reason)");
        }
    } else if (is(type, TYPES.bucket)) {
        // The inline configuration is deprecated in v7; when present it must still be SSE-KMS.
        const inline = record(props.serverSideEncryptionConfiguration);
        if (inline !== undefined && !s3RulesUseKms([inline.rule])) {
            v.push("serverSideEncryptionConfiguration must use aws:kms with a kmsMasterKeyId (better: a BucketServerSideEncryptionConfiguration resource)");
        }
    } else if (is(type, TYPES.rdsCluster) || is(type, TYPES.rdsInstance)) {
        if (!isTrue(props.storageEncrypted)) v.push("storageEncrypted must be true");
        if (!isSet(props.kmsKeyId)) v.push("kmsKeyId must name a customer-managed key (PlatformKey)");
    } else if (is(type, TYPES.rdsGlobalCluster)) {
        // A global cluster built from an existing cluster inherits that cluster's encryption.
        if (!isSet(props.sourceDbClusterIdentifier) && !isTrue(props.storageEncrypted)) v.push("storageEncrypted must be true");
    } else if (is(type, TYPES.dynamoTable)) {
        const sse = record(props.serverSideEncryption);
        if (sse === undefined || !isTrue(sse.enabled) || !isSet(sse.kmsKeyArn)) {
            v.push("serverSideEncryption must be { enabled: true, kmsKeyArn: <PlatformKey ARN> } (a customer-managed key)");
        }
        list(props.replicas).forEach((replica, i) => {
            if (!isSet(record(replica)?.kmsKeyArn)) v.push(`replicas[${i}] must set kmsKeyArn to a key in its region`);
        });
    } else if (is(type, TYPES.snsTopic) || is(type, TYPES.sqsQueue)) {
        if (!isSet(props.kmsMasterKeyId)) v.push("kmsMasterKeyId must name a customer-managed key (PlatformKey)");
    } else if (is(type, TYPES.logGroup)) {
        if (!isSet(props.kmsKeyId)) v.push("kmsKeyId must name a customer-managed key (PlatformKey with the logs service)");
    } else if (is(type, TYPES.launchTemplate)) {
        const ebs = list(props.blockDeviceMappings).map((m) => record(record(m)?.ebs)).filter((e) => e !== undefined);
        if (ebs.length === 0) {
            v.push("blockDeviceMappings must map the root volume with ebs.encrypted: \"true\" (otherwise the AMI's setting decides)");
        } else if (!ebs.every((e) => isTrue(e.encrypted))) {
            v.push("every EBS volume in blockDeviceMappings must set encrypted: \"true\"");
        }
    } else if (is(type, TYPES.instance)) {
        if (!isTrue(record(props.rootBlockDevice)?.encrypted)) v.push("rootBlockDevice.encrypted must be true");
        if (!list(props.ebsBlockDevices).every((d) => isTrue(record(d)?.encrypted))) v.push("every ebsBlockDevices entry must set encrypted: true");
    } else if (is(type, TYPES.ebsVolume)) {
        if (!isTrue(props.encrypted)) v.push("encrypted must be true");
    } else if (is(type, TYPES.cacheReplicationGroup)) {
        if (!isTrue(props.atRestEncryptionEnabled)) v.push("atRestEncryptionEnabled must be true");
    }
    return v;
};

// ---------------------------------------------------------------------------------------------
// No public buckets

function publicGrants(grants: unknown[], uriOf: (grant: Record<string, unknown>) => unknown): boolean {
    return grants.some((g) => {
        const grant = record(g);
        return grant !== undefined && PUBLIC_GRANTEE_URIS.includes(String(uriOf(grant)));
    });
}

export const noPublicBuckets: ResourceRule = (type, props) => {
    const v: string[] = [];
    if (is(type, TYPES.bucketPublicAccessBlock) || is(type, TYPES.accountPublicAccessBlock)) {
        const off = PUBLIC_ACCESS_FLAGS.filter((flag) => props[flag] !== true);
        if (off.length > 0) v.push(`${off.join(", ")} must be true`);
    } else if (is(type, TYPES.bucket)) {
        if (PUBLIC_CANNED_ACLS.includes(String(props.acl))) v.push(`acl "${String(props.acl)}" makes the bucket public`);
        if (publicGrants(list(props.grants), (g) => g.uri)) v.push("grants give access to AllUsers or AuthenticatedUsers");
    } else if (is(type, TYPES.bucketAcl)) {
        if (PUBLIC_CANNED_ACLS.includes(String(props.acl))) v.push(`acl "${String(props.acl)}" makes the bucket public`);
        const grants = list(record(props.accessControlPolicy)?.grants);
        if (publicGrants(grants, (g) => record(g.grantee)?.uri)) v.push("accessControlPolicy grants access to AllUsers or AuthenticatedUsers");
    }
    return v;
};

// ---------------------------------------------------------------------------------------------
// TLS in transit

export const tlsInTransit: ResourceRule = (type, props) => {
    const v: string[] = [];
    if (is(type, TYPES.listener)) {
        // An ALB listener without a protocol is HTTP.
        const protocol = typeof props.protocol === "string" ? props.protocol.toUpperCase() : "HTTP";
        if (protocol === "HTTPS" || protocol === "TLS") {
            if (!TLS12_PLUS_SSL_POLICY.test(String(props.sslPolicy ?? ""))) {
                v.push(`sslPolicy ${props.sslPolicy === undefined ? "is not set (the API default ELBSecurityPolicy-2016-08 allows TLS 1.0)" : `"${String(props.sslPolicy)}" allows TLS below 1.2`}; use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer`);
            }
            if (!isSet(props.certificateArn)) v.push("certificateArn must be set");
        } else if (protocol === "HTTP") {
            const actions = list(props.defaultActions).map(record);
            const redirectsOnly =
                actions.length > 0 &&
                actions.every((a) => a !== undefined && a.type === "redirect" && String(record(a.redirect)?.protocol).toUpperCase() === "HTTPS");
            if (!redirectsOnly) v.push("an HTTP listener may only redirect to HTTPS (defaultActions: [{ type: \"redirect\", redirect: { protocol: \"HTTPS\", ... } }])");
        }
    } else if (is(type, TYPES.rdsProxy)) {
        if (!isTrue(props.requireTls)) v.push("requireTls must be true");
    } else if (is(type, TYPES.cacheReplicationGroup)) {
        if (!isTrue(props.transitEncryptionEnabled)) v.push("transitEncryptionEnabled must be true");
    }
    return v;
};

// ---------------------------------------------------------------------------------------------
// IMDSv2

export const imdsV2: ResourceRule = (type, props) => {
    if (!is(type, TYPES.launchTemplate) && !is(type, TYPES.instance)) return [];
    return record(props.metadataOptions)?.httpTokens === "required"
        ? []
        : ["metadataOptions.httpTokens must be \"required\" (IMDSv2 only)"];
};

// ---------------------------------------------------------------------------------------------
// CloudTrail (Security Hub CloudTrail.1, .2, .4, .5)

export const trailBaseline: ResourceRule = (type, props) => {
    if (!is(type, TYPES.trail)) return [];
    const v: string[] = [];
    if (!isTrue(props.isMultiRegionTrail)) v.push("isMultiRegionTrail must be true (CloudTrail.1)");
    if (!isSet(props.kmsKeyId)) v.push("kmsKeyId must name a customer-managed key (CloudTrail.2)");
    if (!isTrue(props.enableLogFileValidation)) v.push("enableLogFileValidation must be true (CloudTrail.4)");
    if (!isSet(props.cloudWatchLogsGroupArn) || !isSet(props.cloudWatchLogsRoleArn)) {
        v.push("cloudWatchLogsGroupArn and cloudWatchLogsRoleArn must deliver the trail to a CloudWatch Logs group (CloudTrail.5; AuditTrail cloudWatchLogs)");
    }
    return v;
};

// ---------------------------------------------------------------------------------------------
// Deletion protection in production

/** Stateful types that must also be protected from `pulumi destroy` in production. */
const PROTECT_TYPES: readonly string[] = [
    ...TYPES.rdsCluster,
    ...TYPES.rdsInstance,
    ...TYPES.rdsGlobalCluster,
    ...TYPES.dynamoTable,
    ...TYPES.userPool,
    ...TYPES.backupVault,
];

export const prodDeletionProtection: ResourceRule = (type, props, context) => {
    if (!isProd(props, context)) return [];
    const v: string[] = [];
    if (is(type, TYPES.rdsCluster) || is(type, TYPES.rdsInstance) || is(type, TYPES.rdsGlobalCluster)) {
        if (!isTrue(props.deletionProtection)) v.push("deletionProtection must be true in production");
    } else if (is(type, TYPES.dynamoTable)) {
        if (!isTrue(props.deletionProtectionEnabled)) v.push("deletionProtectionEnabled must be true in production");
    } else if (is(type, TYPES.loadBalancer)) {
        if (!isTrue(props.enableDeletionProtection)) v.push("enableDeletionProtection must be true in production");
    } else if (is(type, TYPES.userPool)) {
        if (props.deletionProtection !== "ACTIVE") v.push("deletionProtection must be \"ACTIVE\" in production");
    }
    if (PROTECT_TYPES.includes(type) && context.protect !== true) {
        v.push("must be created with the Pulumi `protect` option in production (pass { protect: cfg.protect })");
    }
    return v;
};

// ---------------------------------------------------------------------------------------------
// CloudFront distributions (Security Hub CloudFront.1, .3, .5, .6, .7, .8, .9, .10, .13)

const HTTPS_VIEWER_POLICIES: readonly string[] = ["redirect-to-https", "https-only"];

function isS3Origin(origin: Record<string, unknown>): boolean {
    return isSet(origin.originAccessControlId) || record(origin.s3OriginConfig) !== undefined || /\.s3[.-]/.test(String(origin.domainName ?? ""));
}

export const cloudFrontEdge: ResourceRule = (type, props) => {
    if (!is(type, TYPES.distribution)) return [];
    const v: string[] = [];
    const cert = record(props.viewerCertificate) ?? {};
    if (isTrue(cert.cloudfrontDefaultCertificate) || !isSet(cert.acmCertificateArn)) {
        v.push("viewerCertificate must use an ACM certificate (acmCertificateArn) for the distribution's own name, not the *.cloudfront.net one (CloudFront.7)");
    }
    if (cert.sslSupportMethod !== "sni-only") v.push("viewerCertificate.sslSupportMethod must be \"sni-only\" (CloudFront.8)");
    if (!isModernViewerPolicy(cert.minimumProtocolVersion)) {
        v.push(`viewerCertificate.minimumProtocolVersion must be one of ${CLOUDFRONT_TLS_POLICIES.join(", ")}, got ${String(cert.minimumProtocolVersion ?? "the default TLSv1")}`);
    }
    if (!isSet(props.webAclId)) v.push("webAclId must name a web ACL of scope CLOUDFRONT (CloudFront.6)");
    if (!isSet(record(props.loggingConfig)?.bucket)) v.push("loggingConfig.bucket must be set: standard logging (legacy) is what CloudFront.5 checks");
    const behaviors = [record(props.defaultCacheBehavior), ...list(props.orderedCacheBehaviors).map(record)];
    if (behaviors.some((b) => !HTTPS_VIEWER_POLICIES.includes(String(b?.viewerProtocolPolicy)))) {
        v.push("every cache behavior's viewerProtocolPolicy must be redirect-to-https or https-only (CloudFront.3)");
    }
    const origins = list(props.origins).map((o) => record(o) ?? {});
    if (origins.some(isS3Origin) && !isSet(props.defaultRootObject)) v.push("defaultRootObject must be set for a distribution with S3 origins (CloudFront.1)");
    origins.forEach((origin, i) => {
        if (isS3Origin(origin)) {
            if (!isSet(origin.originAccessControlId)) v.push(`origins[${i}] reads S3 without origin access control (originAccessControlId; CloudFront.13)`);
            return;
        }
        const custom = record(origin.customOriginConfig);
        if (custom?.originProtocolPolicy !== "https-only") v.push(`origins[${i}].customOriginConfig.originProtocolPolicy must be "https-only" (CloudFront.9)`);
        if (list(custom?.originSslProtocols).some((p) => p !== "TLSv1.2")) v.push(`origins[${i}].customOriginConfig.originSslProtocols must be ["TLSv1.2"] only (CloudFront.10)`);
    });
    return v;
};

// ---------------------------------------------------------------------------------------------
// Account guardrails (Security Hub EC2.1, EC2.7, EC2.172, SSM.6, SSM.7; S3.1 is no-public-buckets)

export const accountGuardrails: ResourceRule = (type, props) => {
    if (is(type, TYPES.ebsEncryptionByDefault)) {
        // `enabled` defaults to true when omitted.
        return props.enabled === false || props.enabled === "false" ? ["enabled must be true: EBS encryption by default (EC2.7)"] : [];
    }
    if (is(type, TYPES.ebsSnapshotBlockPublicAccess)) {
        return props.state === EBS_SNAPSHOT_BLOCK_STATE ? [] : [`state must be ${EBS_SNAPSHOT_BLOCK_STATE}, got ${String(props.state)}: no EBS snapshot shared publicly (EC2.1)`];
    }
    if (is(type, TYPES.amiBlockPublicAccess)) {
        return props.state === AMI_BLOCK_STATE ? [] : [`state must be ${AMI_BLOCK_STATE}, got ${String(props.state)}: no AMI shared publicly`];
    }
    if (is(type, TYPES.vpcBlockPublicAccess)) {
        const mode = String(props.internetGatewayBlockMode ?? "off");
        return mode === "block-ingress" || mode === "block-bidirectional" ? [] : [`internetGatewayBlockMode must be block-ingress or block-bidirectional, got ${mode} (EC2.172)`];
    }
    if (is(type, TYPES.ssmServiceSetting)) {
        const id = String(props.settingId ?? "");
        if (id.endsWith(SSM_PUBLIC_SHARING_SETTING) && props.settingValue !== "Disable") return [`${SSM_PUBLIC_SHARING_SETTING} must be "Disable" (SSM.7)`];
        if (id.endsWith(SSM_AUTOMATION_LOG_DESTINATION_SETTING) && props.settingValue !== SSM_AUTOMATION_LOG_DESTINATION) {
            return [`${SSM_AUTOMATION_LOG_DESTINATION_SETTING} must be "${SSM_AUTOMATION_LOG_DESTINATION}" (SSM.6)`];
        }
        return [];
    }
    return [];
};

// ---------------------------------------------------------------------------------------------
// Network ACLs (Security Hub EC2.21)

/** No inbound entry lets 0.0.0.0/0 or ::/0 reach SSH or RDP (`lib/networkAcl.ts`). */
export const naclRemoteAdmin: ResourceRule = (type, props) => {
    if (is(type, TYPES.networkAcl)) {
        return list(props.ingress)
            .map((entry) => remoteAdminExposure(record(entry) ?? {}))
            .filter((m): m is string => m !== undefined)
            .map((m) => `ingress ${m}; deny 22 and 3389 from the internet and allow other ports around them (EC2.21)`);
    }
    if (is(type, TYPES.networkAclRule) && !isTrue(props.egress)) {
        const m = remoteAdminExposure(props);
        return m === undefined ? [] : [`${m}; allow other ports around 22 and 3389 (EC2.21)`];
    }
    return [];
};

// ---------------------------------------------------------------------------------------------
// Required tags

export const requiredTags: ResourceRule = (type, props, context) => {
    if (type === TYPES.provider) {
        const tags = providerDefaultTags(props);
        if (tags === undefined) return [`defaultTags must carry ${REQUIRED_TAG_KEYS.join(", ")}`];
        const missing = REQUIRED_TAG_KEYS.filter((k) => !isSet(tags[k]));
        return missing.length > 0 ? [`defaultTags miss ${missing.join(", ")}`] : [];
    }
    if (!type.startsWith("aws:")) return [];
    const v: string[] = [];
    const own = props.tags === undefined ? undefined : tagsOf(props.tags);
    const defaults = context.providerDefaultTags;
    // Without provider default tags and without own tags, the type may not be taggable at all; the
    // provider itself is checked above.
    if (defaults !== undefined || own !== undefined) {
        const effective = { ...(defaults ?? {}), ...(own ?? {}) };
        const missing = REQUIRED_TAG_KEYS.filter((k) => !isSet(effective[k]));
        if (missing.length > 0) v.push(`missing tags ${missing.join(", ")} (set them in the provider's defaultTags)`);
    }
    if (own !== undefined && defaults !== undefined) {
        const overridden = REQUIRED_TAG_KEYS.filter((k) => own[k] !== undefined && defaults[k] !== undefined && own[k] !== defaults[k]);
        if (overridden.length > 0) v.push(`tags override the platform tags ${overridden.join(", ")}`);
    }
    const ownKeys = Object.keys(own ?? {});
    if ((ownKeys.length > 0 || NAME_TAG_TYPES.includes(type)) && !isSet(own?.Name)) {
        v.push("tags must include Name");
    }
    return v;
};

// ---------------------------------------------------------------------------------------------
// IAM: service trusts, wildcards, no IAM users

interface PolicyJsonStatement {
    readonly Sid?: string;
    readonly Effect?: string;
    readonly Principal?: unknown;
    readonly Action?: unknown;
    readonly NotAction?: unknown;
    readonly Resource?: unknown;
    readonly Condition?: unknown;
}

/** The statements of a policy document given as JSON text or an object; undefined when unknown yet. */
export function policyStatements(value: unknown): PolicyJsonStatement[] | undefined {
    let doc = value;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc) as unknown;
        } catch {
            return undefined;
        }
    }
    const statements = record(doc)?.Statement;
    if (statements === undefined) return undefined;
    return (Array.isArray(statements) ? statements : [statements]).map((s) => (record(s) ?? {}) as PolicyJsonStatement);
}

function strings(value: unknown): string[] {
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** Condition keys (any operator, lower case: IAM compares them case-insensitively). */
function conditionKeys(condition: unknown): string[] {
    return Object.values(record(condition) ?? {}).flatMap((byKey) => Object.keys(record(byKey) ?? {}).map((k) => k.toLowerCase()));
}

const SOURCE_KEYS = ["aws:sourceaccount", "aws:sourcearn", "sts:externalid"];

/**
 * A role that trusts an AWS service principal ties every such statement to this account
 * (`aws:SourceAccount`, `aws:SourceArn` or `sts:ExternalId`, with any operator, IfExists included),
 * unless every service of the statement is a documented exception (SOURCE_CONTEXT_EXCEPTIONS in
 * lib/policy.ts). Service-linked roles are not `aws:iam/role:Role` and are not checked.
 */
export const serviceTrustSourceContext: ResourceRule = (type, props) => {
    if (!is(type, TYPES.iamRole)) return [];
    const statements = policyStatements(props.assumeRolePolicy) ?? [];
    const v: string[] = [];
    statements.forEach((s, i) => {
        if (s.Effect !== "Allow") return;
        const services = strings(record(s.Principal)?.Service);
        if (services.length === 0 || services.every((svc) => svc in SOURCE_CONTEXT_EXCEPTIONS)) return;
        if (conditionKeys(s.Condition).some((k) => SOURCE_KEYS.includes(k))) return;
        v.push(
            `assumeRolePolicy statement ${s.Sid ?? i} trusts ${services.join(", ")} without aws:SourceAccount or aws:SourceArn: add the condition (StringEqualsIfExists where AWS documents no source context), or add the service to SOURCE_CONTEXT_EXCEPTIONS in lib/policy.ts with the reason`,
        );
    });
    return v;
};

/** `service:*`, the wildcard IAM.21 refuses. */
const SERVICE_WILDCARD = /^[a-z0-9-]+:\*$/i;

/**
 * Identity policies the program writes grant no administrator access (`"Action": "*"`, IAM.1),
 * no whole service (`"service:*"`, IAM.21) and no Allow with NotAction. Security Hub checks
 * customer managed policies only; the rule holds inline policies (roles, groups, permission sets)
 * to the same standard. AWS managed policies (AdministratorAccess for admins and break-glass) are
 * attached, not written, and are out of scope.
 */
export const iamPolicyWildcards: ResourceRule = (type, props) => {
    let document: unknown;
    if (is(type, TYPES.iamPolicy) || is(type, TYPES.inlinePolicy)) document = props.policy;
    else if (is(type, TYPES.permissionSetInlinePolicy)) document = props.inlinePolicy;
    else return [];
    const v: string[] = [];
    (policyStatements(document) ?? []).forEach((s, i) => {
        if (s.Effect !== "Allow") return;
        const where = `statement ${s.Sid ?? i}`;
        const actions = strings(s.Action);
        if (actions.includes("*")) v.push(`${where} allows every action ("Action": "*", Security Hub IAM.1); name the actions`);
        const whole = actions.filter((a) => SERVICE_WILDCARD.test(a));
        if (whole.length > 0) v.push(`${where} allows whole services (${whole.join(", ")}, Security Hub IAM.21); name the actions or a prefix such as ec2:Describe*`);
        if (s.NotAction !== undefined) v.push(`${where} allows with NotAction, which grants everything not listed; list the actions instead`);
    });
    return v;
};

/**
 * The program creates no IAM users, keys, passwords or user policies: people sign in through IAM
 * Identity Center permission sets, and the few break-glass users are created by hand into the
 * break-glass group (docs/security.md). That keeps IAM.2, IAM.3, IAM.5 and IAM.8 from being broken
 * by code.
 */
export const noIamUsers: ResourceRule = (type, props) => {
    if (is(type, TYPES.iamUser)) {
        return ["the program creates no IAM users or user credentials: people sign in through IAM Identity Center (access.identityCenter); break-glass users are created by hand (docs/security.md)"];
    }
    if (is(type, TYPES.iamPolicyAttachment) && list(props.users).length > 0) {
        return ["users must not get policies (Security Hub IAM.2): attach to a group or a permission set"];
    }
    return [];
};

/**
 * The Session Manager preferences document logs every session to an encrypted CloudWatch Logs
 * group or S3 bucket and encrypts session data with a KMS key.
 */
export const sessionManagerLogging: ResourceRule = (type, props) => {
    if (!is(type, TYPES.ssmDocument) || props.name !== SESSION_PREFERENCES_DOCUMENT) return [];
    let content: unknown = props.content;
    if (typeof content === "string") {
        try {
            content = JSON.parse(content) as unknown;
        } catch {
            return [];
        }
    }
    const inputs = record(record(content)?.inputs);
    if (inputs === undefined) return ["content.inputs must set the Session Manager preferences (sessionType Standard_Stream)"];
    const v: string[] = [];
    const toLogs = isSet(inputs.cloudWatchLogGroupName);
    const toS3 = isSet(inputs.s3BucketName);
    if (!toLogs && !toS3) v.push("sessions must be logged: set inputs.cloudWatchLogGroupName (or s3BucketName)");
    if (toLogs && !isTrue(inputs.cloudWatchEncryptionEnabled)) v.push("inputs.cloudWatchEncryptionEnabled must be true (the log group is KMS-encrypted)");
    if (toS3 && !isTrue(inputs.s3EncryptionEnabled)) v.push("inputs.s3EncryptionEnabled must be true");
    if (!isSet(inputs.kmsKeyId)) v.push("inputs.kmsKeyId must name the KMS key that encrypts session data");
    return v;
};

// ---------------------------------------------------------------------------------------------
// Stack rules: bucket-level resources that must exist beside each bucket

function bucketRefs(bucket: StackResource): string[] {
    return [bucket.props.bucket, bucket.props.id].filter((x): x is string => isSet(x));
}

function bucketsWithout(resources: readonly StackResource[], companions: readonly string[], covered: (b: StackResource) => boolean): StackResource[] {
    const named = new Set(resources.filter((r) => is(r.type, companions)).map((r) => r.props.bucket).filter(isSet));
    return resources.filter((r) => is(r.type, TYPES.bucket) && !bucketRefs(r).some((ref) => named.has(ref)) && !covered(r));
}

export const bucketsEncrypted: StackRule = (resources) => [
    ...bucketsWithout(resources, TYPES.bucketEncryption, (b) => {
        const inline = record(b.props.serverSideEncryptionConfiguration);
        return inline !== undefined && s3RulesUseKms([inline.rule]);
    }).map((b) => ({
        urn: b.urn,
        message: `bucket ${b.name} has no BucketServerSideEncryptionConfiguration naming it (SSE-KMS with a PlatformKey)`,
    })),
    // SSE-S3 only where the bucket documents why (e.g. ELB access logs, which support nothing else).
    ...resources
        .filter((r) => is(r.type, TYPES.bucket) && !isSet(tagsOf(r.props.tags)[SSE_S3_REASON_TAG]))
        .filter((b) =>
            resources.some(
                (c) => is(c.type, TYPES.bucketEncryption) && bucketRefs(b).includes(String(c.props.bucket)) && s3RulesUseSseS3(list(c.props.rules)),
            ),
        )
        .map((b) => ({
            urn: b.urn,
            message: `bucket ${b.name} uses SSE-S3 without a ${SSE_S3_REASON_TAG} tag: use SSE-KMS, or say why (ArchiveBucket sseS3Reason)`,
        })),
];

/**
 * Every bucket sends S3 server access logs (Security Hub S3.9): a BucketLogging names it, or the
 * bucket says why not in its AccessLogExemption tag (the access-log bucket itself).
 */
export const bucketsLogAccess: StackRule = (resources) =>
    bucketsWithout(resources, TYPES.bucketLogging, (b) => isSet(tagsOf(b.props.tags)[ACCESS_LOG_EXEMPTION_TAG])).map((b) => ({
        urn: b.urn,
        message: `bucket ${b.name} has no BucketLogging naming it: send its server access logs to the stack's access-log bucket (ArchiveBucket accessLogBucketName), or say why not (accessLogExemption)`,
    }));

/**
 * The bucket CloudTrail delivers to keeps its evidence under S3 Object Lock: a
 * BucketObjectLockConfiguration names the bucket, with a default retention (mode and days or
 * years). The bucket AWS Config delivers to must have none: AWS Config does not support a delivery
 * channel to a bucket with Object Lock enabled (AWS::Config::DeliveryChannel), so its recorder
 * would deliver nothing and Security Hub's controls would evaluate nothing.
 */
export const auditBucketsObjectLock: StackRule = (resources) => {
    const targetsOf = (type: readonly string[]) => new Set(resources.filter((r) => is(r.type, type)).map((r) => r.props.s3BucketName).filter(isSet));
    const trailTargets = targetsOf(TYPES.trail);
    const configTargets = targetsOf(TYPES.configDeliveryChannel);
    const locks = resources.filter((r) => is(r.type, TYPES.bucketObjectLock) && r.props.objectLockEnabled !== "Disabled");
    const withRetention = new Set(
        locks
            .filter((r) => {
                const retention = record(record(r.props.rule)?.defaultRetention);
                return isSet(retention?.mode) && (typeof retention?.days === "number" || typeof retention?.years === "number");
            })
            .map((r) => r.props.bucket)
            .filter(isSet),
    );
    const anyLock = new Set(locks.map((r) => r.props.bucket).filter(isSet));
    const buckets = resources.filter((r) => is(r.type, TYPES.bucket));
    const named = (b: StackResource, set: ReadonlySet<unknown>) => bucketRefs(b).some((ref) => set.has(ref));
    return [
        ...buckets
            .filter((b) => named(b, trailTargets) && !named(b, withRetention))
            .map((b) => ({
                urn: b.urn,
                message: `bucket ${b.name} receives CloudTrail logs but has no Object Lock default retention (ArchiveBucket objectLock; security.auditObjectLock)`,
            })),
        ...buckets
            .filter((b) => named(b, configTargets) && (named(b, anyLock) || b.props.objectLockEnabled === true))
            .map((b) => ({
                urn: b.urn,
                message: `bucket ${b.name} receives AWS Config's deliveries but has Object Lock, which AWS Config does not support: the recorder would deliver nothing; remove the lock (a new bucket, since it cannot be turned off)`,
            })),
    ];
};

/** The RDS event subscriptions every stack with an RDS cluster has (Security Hub RDS.19 to RDS.22). */
export const RDS_EVENT_SOURCE_TYPES: readonly RdsEventSourceType[] = Object.keys(FSBP_RDS_EVENT_CATEGORIES) as RdsEventSourceType[];

/**
 * A stack with an RDS cluster subscribes to the events Security Hub asks for, per source type; the
 * cluster subscription covers each cluster (no source ids, or the cluster's identifier among them).
 */
export const rdsEventSubscriptions: StackRule = (resources) => {
    const clusters = resources.filter((r) => is(r.type, TYPES.rdsCluster));
    if (clusters.length === 0) return [];
    const subscriptions = resources.filter((r) => is(r.type, TYPES.rdsEventSubscription) && r.props.enabled !== false);
    const covering = (sourceType: RdsEventSourceType) =>
        subscriptions.filter((s) => s.props.sourceType === sourceType && coversFsbpCategories(sourceType, list(s.props.eventCategories).filter(isSet)));
    const v: StackViolation[] = [];
    for (const cluster of clusters) {
        const id = [cluster.props.clusterIdentifier, cluster.props.id].filter(isSet);
        const forCluster = covering("db-cluster").filter((s) => {
            const ids = list(s.props.sourceIds).filter(isSet);
            return ids.length === 0 || ids.some((x) => id.includes(x));
        });
        if (forCluster.length === 0) {
            v.push({
                urn: cluster.urn,
                message: `RDS cluster ${cluster.name} has no enabled db-cluster event subscription for ${FSBP_RDS_EVENT_CATEGORIES["db-cluster"].join(", ")} (Operations.addRdsEventSubscriptions; operations.databaseEvents)`,
            });
        }
    }
    for (const sourceType of RDS_EVENT_SOURCE_TYPES.filter((t) => t !== "db-cluster")) {
        if (covering(sourceType).length === 0) {
            v.push({
                urn: clusters[0].urn,
                message: `the stack has RDS clusters but no enabled ${sourceType} event subscription for ${FSBP_RDS_EVENT_CATEGORIES[sourceType].join(", ")}`,
            });
        }
    }
    return v;
};

export const bucketsBlockPublicAccess: StackRule = (resources) =>
    bucketsWithout(resources, TYPES.bucketPublicAccessBlock, () => false).map((b) => ({
        urn: b.urn,
        message: `bucket ${b.name} has no BucketPublicAccessBlock naming it (all four flags true)`,
    }));

/**
 * Every VPC of the stack has its default network ACL managed: AWS creates it allowing all traffic
 * in, SSH and RDP from the internet included (EC2.21), and every subnet without another ACL uses
 * it. An ACL names no VPC in its inputs, so the rule counts: VPCs (an awsx VPC, or an aws VPC
 * that is not an awsx VPC's child) against DefaultNetworkAcl resources.
 */
export const defaultNetworkAclsManaged: StackRule = (resources) => {
    const vpcs = resources.filter((r) => is(r.type, TYPES.awsxVpc) || (is(r.type, TYPES.vpc) && !r.urn.includes(`${TYPES.awsxVpc[0]}$`)));
    const acls = resources.filter((r) => is(r.type, TYPES.defaultNetworkAcl)).length;
    if (vpcs.length <= acls) return [];
    return [
        {
            urn: vpcs[acls].urn,
            message: `the stack has ${vpcs.length} VPC(s) but manages ${acls} default network ACL(s): an unmanaged default ACL lets all traffic in, SSH and RDP from the internet included (EC2.21); manage each VPC's with aws.ec2.DefaultNetworkAcl (VpcTier does)`,
        },
    ];
};

// ---------------------------------------------------------------------------------------------
// Stack rule: every web ACL logs its traffic (Security Hub WAF.11)

/**
 * Every WAFv2 web ACL, regional (the ALB's) or CLOUDFRONT (the assets'), has a logging
 * configuration that names it by ARN and a destination. In a preview of a new web ACL its ARN is
 * unknown: @pulumi/policy then reports that it cannot run the rule (advisory), and the rule runs
 * on `pulumi up`, where the ARN is known (as it is under mocks).
 */
export const webAclsLogged: StackRule = (resources) => {
    const logged = new Set(
        resources
            .filter((r) => is(r.type, TYPES.webAclLogging) && list(r.props.logDestinationConfigs).some(isSet))
            .map((r) => r.props.resourceArn)
            .filter(isSet),
    );
    return resources
        .filter((r) => is(r.type, TYPES.webAcl) && !(isSet(r.props.arn) && logged.has(r.props.arn)))
        .map((acl) => ({
            urn: acl.urn,
            message: `web ACL ${acl.name}${isSet(acl.props.scope) ? ` (scope ${acl.props.scope})` : ""} has no WebAclLoggingConfiguration naming it with a destination: log its traffic to an aws-waf-logs-* log group in the web ACL's region (us-east-1 for CLOUDFRONT) (WAF.11)`,
        }));
};

// ---------------------------------------------------------------------------------------------
// Stack rule: every secret rotates, or says why not (Security Hub SecretsManager.1 and .4)

export const secretsRotated: StackRule = (resources) => {
    const rotated = new Set(resources.filter((r) => is(r.type, TYPES.secretRotation)).map((r) => r.props.secretId).filter(isSet));
    return resources
        .filter((r) => is(r.type, TYPES.secret))
        .filter((secret) => ![secret.props.id, secret.props.arn, secret.props.name].some((ref) => isSet(ref) && rotated.has(ref)))
        .filter((secret) => !isSet(tagsOf(secret.props.tags)[ROTATION_EXCEPTION_TAG]))
        .map((secret) => ({
            urn: secret.urn,
            message: `secret ${secret.name} has no SecretRotation naming it: rotate it, or say why not in a ${ROTATION_EXCEPTION_TAG} tag`,
        }));
};

// ---------------------------------------------------------------------------------------------
// The tables the pack and the tests iterate over.

const anyOf =
    (...groups: ReadonlyArray<readonly string[]>) =>
    (type: string) =>
        groups.some((g) => g.includes(type));

export const RESOURCE_RULES: readonly ResourceRuleSpec[] = [
    {
        name: "encryption-at-rest",
        description: "Data stores encrypt at rest with a customer-managed KMS key: S3 (SSE-KMS), RDS/Aurora, DynamoDB, SNS, SQS, CloudWatch Logs, EBS, ElastiCache.",
        appliesTo: anyOf(
            TYPES.bucket, TYPES.bucketEncryption, TYPES.rdsCluster, TYPES.rdsInstance, TYPES.rdsGlobalCluster, TYPES.dynamoTable,
            TYPES.snsTopic, TYPES.sqsQueue, TYPES.logGroup, TYPES.launchTemplate, TYPES.instance, TYPES.ebsVolume, TYPES.cacheReplicationGroup,
        ),
        check: encryptionAtRest,
    },
    {
        name: "no-public-buckets",
        description: "Public access blocks set all four flags, and no bucket ACL or grant opens data to the public.",
        appliesTo: anyOf(TYPES.bucket, TYPES.bucketAcl, TYPES.bucketPublicAccessBlock, TYPES.accountPublicAccessBlock),
        check: noPublicBuckets,
    },
    {
        name: "tls-in-transit",
        description: "Load balancer listeners use HTTPS with a TLS 1.2+ policy or only redirect HTTP to HTTPS; RDS Proxy and ElastiCache require TLS.",
        appliesTo: anyOf(TYPES.listener, TYPES.rdsProxy, TYPES.cacheReplicationGroup),
        check: tlsInTransit,
    },
    {
        name: "imdsv2-required",
        description: "Launch templates and instances require IMDSv2 session tokens.",
        appliesTo: anyOf(TYPES.launchTemplate, TYPES.instance),
        check: imdsV2,
    },
    {
        name: "cloudtrail-baseline",
        description: "Trails are multi-Region, KMS-encrypted, validate their log files and deliver to CloudWatch Logs (Security Hub CloudTrail.1, .2, .4, .5).",
        appliesTo: anyOf(TYPES.trail),
        check: trailBaseline,
    },
    {
        name: "prod-deletion-protection",
        description: "In production, databases, tables, load balancers and user pools have deletion protection, and data stores are Pulumi-protected.",
        appliesTo: anyOf(TYPES.rdsCluster, TYPES.rdsInstance, TYPES.rdsGlobalCluster, TYPES.dynamoTable, TYPES.loadBalancer, TYPES.userPool, TYPES.backupVault),
        check: prodDeletionProtection,
    },
    {
        name: "cloudfront-edge",
        description: `CloudFront distributions use an ACM certificate with SNI and a TLS 1.2+ viewer policy (${CLOUDFRONT_TLS_POLICIES.join(", ")}), a web ACL, standard logging, HTTPS to viewers, origin access control for S3 origins and TLS 1.2 to custom origins.`,
        appliesTo: anyOf(TYPES.distribution),
        check: cloudFrontEdge,
    },
    {
        name: "account-guardrails",
        description: "Regional account guardrails stay on: EBS encryption by default, no public EBS snapshots or AMIs, VPC Block Public Access in an ingress or bidirectional block mode, SSM documents not shareable publicly, SSM Automation output to CloudWatch Logs.",
        appliesTo: anyOf(TYPES.ebsEncryptionByDefault, TYPES.ebsSnapshotBlockPublicAccess, TYPES.amiBlockPublicAccess, TYPES.vpcBlockPublicAccess, TYPES.ssmServiceSetting),
        check: accountGuardrails,
    },
    {
        name: "nacl-no-remote-admin-from-internet",
        description: "Network ACLs let no inbound traffic from 0.0.0.0/0 or ::/0 reach TCP or UDP 22 or 3389, not even behind a deny (Security Hub EC2.21).",
        appliesTo: anyOf(TYPES.networkAcl, TYPES.networkAclRule),
        check: naclRemoteAdmin,
    },
    {
        name: "required-tags",
        description: `Every AWS resource carries ${REQUIRED_TAG_KEYS.join(", ")} (through the provider's defaultTags) and a Name tag where it sets tags.`,
        appliesTo: (type) => type === TYPES.provider || type.startsWith("aws:"),
        check: requiredTags,
    },
    {
        name: "service-trust-source-context",
        description: "Roles that trust an AWS service tie the trust to this account with aws:SourceAccount or aws:SourceArn (IfExists where AWS documents no source context), except documented exceptions.",
        appliesTo: anyOf(TYPES.iamRole),
        check: serviceTrustSourceContext,
    },
    {
        name: "iam-policy-no-wildcards",
        description: "Identity policies the program writes allow no \"*\" action (IAM.1), no whole service \"service:*\" (IAM.21) and no NotAction.",
        appliesTo: anyOf(TYPES.iamPolicy, TYPES.inlinePolicy, TYPES.permissionSetInlinePolicy),
        check: iamPolicyWildcards,
    },
    {
        name: "no-iam-users",
        description: "The program creates no IAM users or user credentials and attaches no policy to users (IAM.2, IAM.3, IAM.5, IAM.8); people use IAM Identity Center.",
        appliesTo: anyOf(TYPES.iamUser, TYPES.iamPolicyAttachment),
        check: noIamUsers,
    },
    {
        name: "session-manager-logging",
        description: "The Session Manager preferences document logs sessions to an encrypted log group or bucket and encrypts session data with a KMS key.",
        appliesTo: anyOf(TYPES.ssmDocument),
        check: sessionManagerLogging,
    },
];

export const STACK_RULES: readonly StackRuleSpec[] = [
    {
        name: "s3-bucket-encryption",
        description: "Every S3 bucket has a server-side encryption configuration resource with SSE-KMS.",
        check: bucketsEncrypted,
    },
    {
        name: "s3-bucket-public-access-block",
        description: "Every S3 bucket has a public access block resource.",
        check: bucketsBlockPublicAccess,
    },
    {
        name: "s3-server-access-logging",
        description: "Every S3 bucket sends server access logs (BucketLogging), or documents why not in its AccessLogExemption tag (Security Hub S3.9).",
        check: bucketsLogAccess,
    },
    {
        name: "audit-bucket-object-lock",
        description: "The bucket CloudTrail delivers to has an S3 Object Lock default retention; the bucket AWS Config delivers to has no Object Lock, which AWS Config does not support.",
        check: auditBucketsObjectLock,
    },
    {
        name: "rds-event-subscriptions",
        description: "A stack with RDS clusters subscribes to their cluster, instance, parameter group and security group events (Security Hub RDS.19-22).",
        check: rdsEventSubscriptions,
    },
    {
        name: "default-network-acls-managed",
        description: "Every VPC's default network ACL is managed (aws.ec2.DefaultNetworkAcl), so none keeps AWS's allow-all entries (Security Hub EC2.21).",
        check: defaultNetworkAclsManaged,
    },
    {
        name: "waf-web-acls-logged",
        description: "Every AWS WAF web ACL, regional or CLOUDFRONT, has a logging configuration naming it with a destination (Security Hub WAF.11).",
        check: webAclsLogged,
    },
    {
        name: "secrets-rotated",
        description: `Every Secrets Manager secret has a rotation schedule (SecretRotation), or a ${ROTATION_EXCEPTION_TAG} tag saying why not.`,
        check: secretsRotated,
    },
];
