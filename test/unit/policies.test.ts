import { expect } from "chai";
import type { ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { contextOf, policyPackArgs, resourcePolicies, stackPolicies } from "../../policies/pack";
import {
    Props,
    RESOURCE_RULES,
    RuleContext,
    STACK_RULES,
    StackResource,
    TLS12_PLUS_SSL_POLICY,
    environmentOf,
    providerDefaultTags,
} from "../../policies/rules";
import { defaultNetworkAclRules } from "../../lib/networkAcl";

const PLATFORM_TAGS = {
    Project: "startup-platform",
    Stack: "prod",
    Environment: "prod",
    Role: "primary",
    Owner: "platform-team",
    CostCenter: "eng-platform",
    ManagedBy: "pulumi",
};
const KEY = "arn:aws:kms:us-east-1:123456789012:key/abc";
const prod: RuleContext = { providerDefaultTags: PLATFORM_TAGS, protect: true };
const dev: RuleContext = { providerDefaultTags: { ...PLATFORM_TAGS, Stack: "dev", Environment: "dev" }, protect: false };

function rule(name: string) {
    const spec = RESOURCE_RULES.find((r) => r.name === name);
    if (!spec) throw new Error(`no rule ${name}`);
    return spec;
}

/** Violations of one rule, after checking that the rule applies to the type. */
function check(name: string, type: string, props: Props, context: RuleContext = prod): string[] {
    const spec = rule(name);
    expect(spec.appliesTo(type), `${name} applies to ${type}`).to.equal(true);
    return spec.check(type, props, context);
}

interface Case {
    readonly type: string;
    readonly ok: Props;
    readonly bad: Props;
    /** Fragment of the violation message for `bad`. */
    readonly says: string;
    readonly context?: RuleContext;
}

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/c";
const DISTRIBUTION: Props = {
    aliases: ["assets.example.com"],
    defaultRootObject: "index.html",
    webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/1",
    loggingConfig: { bucket: "logs.s3.amazonaws.com", prefix: "cloudfront/" },
    viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https", targetOriginId: "s3" },
    origins: [{ originId: "s3", domainName: "b.s3.us-east-1.amazonaws.com", originAccessControlId: "oac" }],
};

/** A trust policy (JSON text) for a service, with an optional condition. */
function trust(service: string | string[], condition?: Record<string, Record<string, string>>): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }] });
}

/** An identity policy (JSON text) allowing the actions on everything. */
function allow(action: string | string[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "S", Effect: "Allow", Action: action, Resource: "*" }] });
}

/** Session Manager preferences document content (JSON text) with these inputs. */
function sessionDoc(inputs: Record<string, unknown>): string {
    return JSON.stringify({ schemaVersion: "1.0", sessionType: "Standard_Stream", inputs });
}

const kmsRules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }];

const CASES: Record<string, Case[]> = {
    "encryption-at-rest": [
        { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", ok: { bucket: "b", rules: kmsRules }, bad: { bucket: "b", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse" } }] }, says: "SSE-KMS" },
        { type: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", ok: { bucket: "b", rules: kmsRules }, bad: { bucket: "b", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }, says: "kmsMasterKeyId" },
        { type: "aws:s3/bucket:Bucket", ok: { bucket: "b" }, bad: { bucket: "b", serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } }, says: "aws:kms" },
        { type: "aws:rds/cluster:Cluster", ok: { engine: "aurora-mysql", storageEncrypted: true, kmsKeyId: KEY }, bad: { engine: "aurora-mysql" }, says: "storageEncrypted must be true" },
        { type: "aws:rds/instance:Instance", ok: { storageEncrypted: true, kmsKeyId: KEY }, bad: { storageEncrypted: true }, says: "kmsKeyId" },
        { type: "aws:rds/globalCluster:GlobalCluster", ok: { globalClusterIdentifier: "g", storageEncrypted: true }, bad: { globalClusterIdentifier: "g" }, says: "storageEncrypted" },
        { type: "aws:dynamodb/table:Table", ok: { serverSideEncryption: { enabled: true, kmsKeyArn: KEY } }, bad: { serverSideEncryption: { enabled: true } }, says: "customer-managed" },
        { type: "aws:dynamodb/table:Table", ok: { serverSideEncryption: { enabled: true, kmsKeyArn: KEY }, replicas: [{ regionName: "us-west-2", kmsKeyArn: KEY }] }, bad: { serverSideEncryption: { enabled: true, kmsKeyArn: KEY }, replicas: [{ regionName: "us-west-2" }] }, says: "replicas[0]" },
        { type: "aws:sns/topic:Topic", ok: { kmsMasterKeyId: KEY }, bad: {}, says: "kmsMasterKeyId" },
        { type: "aws:sqs/queue:Queue", ok: { kmsMasterKeyId: KEY }, bad: { sqsManagedSseEnabled: true }, says: "kmsMasterKeyId" },
        { type: "aws:cloudwatch/logGroup:LogGroup", ok: { kmsKeyId: KEY }, bad: { retentionInDays: 7 }, says: "kmsKeyId" },
        { type: "aws:ec2/launchTemplate:LaunchTemplate", ok: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY } }] }, bad: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }, says: "encrypted" },
        { type: "aws:ec2/launchTemplate:LaunchTemplate", ok: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: true } }] }, bad: {}, says: "map the root volume" },
        { type: "aws:ec2/instance:Instance", ok: { rootBlockDevice: { encrypted: true } }, bad: { rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ deviceName: "/dev/sdf" }] }, says: "ebsBlockDevices" },
        { type: "aws:ebs/volume:Volume", ok: { encrypted: true }, bad: { encrypted: false }, says: "encrypted must be true" },
        { type: "aws:elasticache/replicationGroup:ReplicationGroup", ok: { atRestEncryptionEnabled: true, transitEncryptionEnabled: true }, bad: {}, says: "atRestEncryptionEnabled" },
    ],
    "no-public-buckets": [
        { type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", ok: { bucket: "b", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, bad: { bucket: "b", blockPublicAcls: true, blockPublicPolicy: true }, says: "ignorePublicAcls, restrictPublicBuckets must be true" },
        { type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", ok: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, bad: { blockPublicAcls: false, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, says: "blockPublicAcls must be true" },
        { type: "aws:s3/bucket:Bucket", ok: { bucket: "b", acl: "private" }, bad: { bucket: "b", acl: "public-read" }, says: "public-read" },
        { type: "aws:s3/bucketV2:BucketV2", ok: { bucket: "b" }, bad: { bucket: "b", grants: [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ"] }] }, says: "AllUsers" },
        { type: "aws:s3/bucketAcl:BucketAcl", ok: { bucket: "b", acl: "private" }, bad: { bucket: "b", acl: "authenticated-read" }, says: "authenticated-read" },
        { type: "aws:s3/bucketAclV2:BucketAclV2", ok: { bucket: "b", accessControlPolicy: { owner: { id: "o" }, grants: [{ grantee: { type: "CanonicalUser", id: "o" }, permission: "FULL_CONTROL" }] } }, bad: { bucket: "b", accessControlPolicy: { owner: { id: "o" }, grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, permission: "READ" }] } }, says: "AuthenticatedUsers" },
    ],
    "tls-in-transit": [
        { type: "aws:lb/listener:Listener", ok: { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }, bad: { protocol: "HTTPS", port: 443, certificateArn: "c", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }, says: "ELBSecurityPolicy-2016-08 allows TLS 1.0" },
        { type: "aws:alb/listener:Listener", ok: { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", certificateArn: "c", defaultActions: [] }, bad: { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-0-2021-06", certificateArn: "c", defaultActions: [] }, says: "allows TLS below 1.2" },
        { type: "aws:lb/listener:Listener", ok: { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: "c", defaultActions: [] }, bad: { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", defaultActions: [] }, says: "certificateArn" },
        { type: "aws:lb/listener:Listener", ok: { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }, bad: { protocol: "HTTP", port: 80, defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }, says: "may only redirect to HTTPS" },
        { type: "aws:lb/listener:Listener", ok: { port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", statusCode: "HTTP_301" } }] }, bad: { port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", statusCode: "HTTP_301" } }] }, says: "may only redirect" },
        { type: "aws:rds/proxy:Proxy", ok: { engineFamily: "MYSQL", requireTls: true }, bad: { engineFamily: "MYSQL" }, says: "requireTls" },
        { type: "aws:elasticache/replicationGroup:ReplicationGroup", ok: { transitEncryptionEnabled: true }, bad: { transitEncryptionEnabled: false }, says: "transitEncryptionEnabled" },
    ],
    "imdsv2-required": [
        { type: "aws:ec2/launchTemplate:LaunchTemplate", ok: { metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" } }, bad: { metadataOptions: { httpTokens: "optional" } }, says: "httpTokens" },
        { type: "aws:ec2/instance:Instance", ok: { metadataOptions: { httpTokens: "required" } }, bad: {}, says: "IMDSv2" },
    ],
    "cloudtrail-baseline": [
        {
            type: "aws:cloudtrail/trail:Trail",
            ok: { isMultiRegionTrail: true, kmsKeyId: KEY, enableLogFileValidation: true, cloudWatchLogsGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cloudtrail/t:*", cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/t" },
            bad: { isMultiRegionTrail: true, kmsKeyId: KEY, enableLogFileValidation: true },
            says: "CloudTrail.5",
        },
        {
            type: "aws:cloudtrail/trail:Trail",
            ok: { isMultiRegionTrail: true, kmsKeyId: KEY, enableLogFileValidation: true, cloudWatchLogsGroupArn: "g:*", cloudWatchLogsRoleArn: "r" },
            bad: { cloudWatchLogsGroupArn: "g:*", cloudWatchLogsRoleArn: "r" },
            says: "isMultiRegionTrail must be true (CloudTrail.1)\nkmsKeyId must name a customer-managed key (CloudTrail.2)\nenableLogFileValidation must be true (CloudTrail.4)",
        },
    ],
    "prod-deletion-protection": [
        { type: "aws:rds/cluster:Cluster", ok: { deletionProtection: true }, bad: { deletionProtection: false }, says: "deletionProtection must be true" },
        { type: "aws:rds/globalCluster:GlobalCluster", ok: { deletionProtection: true }, bad: {}, says: "deletionProtection" },
        { type: "aws:dynamodb/table:Table", ok: { deletionProtectionEnabled: true }, bad: {}, says: "deletionProtectionEnabled" },
        { type: "aws:lb/loadBalancer:LoadBalancer", ok: { enableDeletionProtection: true }, bad: {}, says: "enableDeletionProtection" },
        { type: "aws:alb/loadBalancer:LoadBalancer", ok: { enableDeletionProtection: true }, bad: { enableDeletionProtection: false }, says: "enableDeletionProtection" },
        { type: "aws:cognito/userPool:UserPool", ok: { deletionProtection: "ACTIVE" }, bad: { deletionProtection: "INACTIVE" }, says: "\"ACTIVE\"" },
    ],
    "cloudfront-edge": [
        { type: "aws:cloudfront/distribution:Distribution", ok: DISTRIBUTION, bad: { ...DISTRIBUTION, viewerCertificate: { cloudfrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1" } }, says: "ACM certificate (acmCertificateArn)" },
        { type: "aws:cloudfront/distribution:Distribution", ok: DISTRIBUTION, bad: { ...DISTRIBUTION, viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "vip", minimumProtocolVersion: "TLSv1.2_2021" } }, says: "\"sni-only\" (CloudFront.8)" },
        { type: "aws:cloudfront/distribution:Distribution", ok: DISTRIBUTION, bad: { ...DISTRIBUTION, viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2019" } }, says: "got TLSv1.2_2019" },
        { type: "aws:cloudfront/distribution:Distribution", ok: DISTRIBUTION, bad: { ...DISTRIBUTION, webAclId: undefined }, says: "CloudFront.6" },
        { type: "aws:cloudfront/distribution:Distribution", ok: DISTRIBUTION, bad: { ...DISTRIBUTION, loggingConfig: undefined }, says: "CloudFront.5" },
        { type: "aws:cloudfront/distribution:Distribution", ok: DISTRIBUTION, bad: { ...DISTRIBUTION, orderedCacheBehaviors: [{ pathPattern: "/x/*", viewerProtocolPolicy: "allow-all" }] }, says: "CloudFront.3" },
        { type: "aws:cloudfront/distribution:Distribution", ok: DISTRIBUTION, bad: { ...DISTRIBUTION, defaultRootObject: undefined }, says: "CloudFront.1" },
        { type: "aws:cloudfront/distribution:Distribution", ok: DISTRIBUTION, bad: { ...DISTRIBUTION, origins: [{ originId: "s3", domainName: "b.s3.us-east-1.amazonaws.com" }] }, says: "CloudFront.13" },
        {
            type: "aws:cloudfront/distribution:Distribution",
            ok: { ...DISTRIBUTION, origins: [{ originId: "api", domainName: "api.example.com", customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], httpPort: 80, httpsPort: 443 } }] },
            bad: { ...DISTRIBUTION, origins: [{ originId: "api", domainName: "api.example.com", customOriginConfig: { originProtocolPolicy: "match-viewer", originSslProtocols: ["TLSv1", "TLSv1.2"], httpPort: 80, httpsPort: 443 } }] },
            says: "CloudFront.10",
        },
    ],
    "account-guardrails": [
        { type: "aws:ebs/encryptionByDefault:EncryptionByDefault", ok: { enabled: true }, bad: { enabled: false }, says: "EC2.7" },
        { type: "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess", ok: { state: "block-all-sharing" }, bad: { state: "block-new-sharing" }, says: "state must be block-all-sharing, got block-new-sharing" },
        { type: "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess", ok: { state: "block-new-sharing" }, bad: { state: "unblocked" }, says: "no AMI shared publicly" },
        { type: "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions", ok: { internetGatewayBlockMode: "block-ingress" }, bad: { internetGatewayBlockMode: "off" }, says: "got off (EC2.172)" },
        { type: "aws:ssm/serviceSetting:ServiceSetting", ok: { settingId: "arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/documents/console/public-sharing-permission", settingValue: "Disable" }, bad: { settingId: "arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/documents/console/public-sharing-permission", settingValue: "Enable" }, says: "SSM.7" },
        { type: "aws:ssm/serviceSetting:ServiceSetting", ok: { settingId: "arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/automation/customer-script-log-destination", settingValue: "CloudWatch" }, bad: { settingId: "arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/automation/customer-script-log-destination", settingValue: "None" }, says: "customer-script-log-destination must be \"CloudWatch\" (SSM.6)" },
        { type: "aws:ssm/serviceSetting:ServiceSetting", ok: { settingId: "arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/automation/customer-script-log-group-name", settingValue: "/startup-prod/ssm/automation" }, bad: { settingId: "arn:aws:ssm:us-east-1:123456789012:servicesetting/ssm/documents/console/public-sharing-permission", settingValue: "Enable" }, says: "SSM.7" },
    ],
    "nacl-no-remote-admin-from-internet": [
        {
            type: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
            ok: { defaultNetworkAclId: "acl-1", ingress: defaultNetworkAclRules("10.20.0.0/16").ingress },
            // AWS's own default entry, even behind denies of 22 and 3389.
            bad: { defaultNetworkAclId: "acl-1", ingress: [{ ruleNo: 90, action: "deny", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 }, { ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }] },
            says: "ingress rule 100 allows all traffic from 0.0.0.0/0, which includes ports 22 and 3389",
        },
        {
            type: "aws:ec2/networkAcl:NetworkAcl",
            ok: { vpcId: "vpc-1", ingress: [{ ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 443, toPort: 443 }] },
            bad: { vpcId: "vpc-1", ingress: [{ ruleNo: 100, action: "allow", protocol: "udp", ipv6CidrBlock: "::/0", fromPort: 3000, toPort: 4000 }] },
            says: "allows udp 3000-4000 from ::/0, which includes port 3389; deny 22 and 3389 from the internet",
        },
        {
            type: "aws:ec2/networkAclRule:NetworkAclRule",
            ok: { networkAclId: "acl-1", ruleNumber: 100, egress: true, ruleAction: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0" },
            bad: { networkAclId: "acl-1", ruleNumber: 100, ruleAction: "allow", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 },
            says: "rule 100 allows tcp 22-22 from 0.0.0.0/0, which includes port 22",
        },
    ],
    "required-tags": [
        { type: "pulumi:providers:aws", ok: { region: "us-east-1", defaultTags: JSON.stringify({ tags: PLATFORM_TAGS }) }, bad: { region: "us-east-1", defaultTags: { tags: { Project: "startup-platform" } } }, says: "defaultTags miss Stack, Environment, Owner, CostCenter, ManagedBy" },
        { type: "pulumi:providers:aws", ok: { defaultTags: { tags: PLATFORM_TAGS } }, bad: { region: "us-east-1" }, says: "defaultTags must carry" },
        { type: "aws:sns/topic:Topic", ok: { tags: { Name: "ops" } }, bad: { tags: { Name: "ops", Environment: "dev" } }, says: "override the platform tags Environment" },
        { type: "aws:sns/topic:Topic", ok: { tags: { Name: "ops" } }, bad: { tags: { Purpose: "alerts" } }, says: "tags must include Name" },
        { type: "aws:ec2/launchTemplate:LaunchTemplate", ok: { tags: { Name: "app" } }, bad: {}, says: "tags must include Name" },
        { type: "aws:sns/topic:Topic", ok: { tags: { ...PLATFORM_TAGS, Name: "ops" } }, bad: { tags: { Name: "ops", Project: "startup-platform" } }, says: "missing tags Stack, Environment, Owner, CostCenter, ManagedBy", context: { protect: false } },
    ],
    "service-trust-source-context": [
        { type: "aws:iam/role:Role", ok: { assumeRolePolicy: trust("backup.amazonaws.com", { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } }) }, bad: { assumeRolePolicy: trust("backup.amazonaws.com") }, says: "trusts backup.amazonaws.com without aws:SourceAccount" },
        { type: "aws:iam/role:Role", ok: { assumeRolePolicy: trust(["ssm.amazonaws.com"], { ArnLike: { "AWS:SourceArn": "arn:aws:ssm:*:123456789012:automation-execution/*" } }) }, bad: { assumeRolePolicy: trust(["ec2.amazonaws.com", "ssm.amazonaws.com"]) }, says: "trusts ec2.amazonaws.com, ssm.amazonaws.com" },
        { type: "aws:iam/role:Role", ok: { assumeRolePolicy: JSON.parse(trust("firehose.amazonaws.com", { StringEquals: { "sts:ExternalId": "123456789012" } })) as unknown }, bad: { assumeRolePolicy: JSON.parse(trust("firehose.amazonaws.com", { StringEquals: { "aws:PrincipalAccount": "123456789012" } })) as unknown }, says: "SOURCE_CONTEXT_EXCEPTIONS" },
    ],
    "iam-policy-no-wildcards": [
        { type: "aws:iam/policy:Policy", ok: { policy: allow(["ec2:Describe*", "ssm:StartSession"]) }, bad: { policy: allow("*") }, says: "IAM.1" },
        { type: "aws:iam/rolePolicy:RolePolicy", ok: { policy: allow("logs:PutLogEvents") }, bad: { policy: allow(["logs:PutLogEvents", "s3:*"]) }, says: "whole services (s3:*, Security Hub IAM.21)" },
        { type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", ok: { inlinePolicy: allow("ssm:StartSession") }, bad: { inlinePolicy: JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", NotAction: "iam:*", Resource: "*" } }) }, says: "NotAction" },
    ],
    "no-iam-users": [
        { type: "aws:iam/policyAttachment:PolicyAttachment", ok: { groups: ["break-glass"], policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, bad: { users: ["ana"], policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, says: "IAM.2" },
        { type: "aws:iam/policyAttachment:PolicyAttachment", ok: { roles: ["r"], users: [] }, bad: { users: ["ana"], roles: ["r"] }, says: "attach to a group or a permission set" },
    ],
    "session-manager-logging": [
        { type: "aws:ssm/document:Document", ok: { name: "SSM-SessionManagerRunShell", content: sessionDoc({ cloudWatchLogGroupName: "/sessions", cloudWatchEncryptionEnabled: true, kmsKeyId: "k" }) }, bad: { name: "SSM-SessionManagerRunShell", content: sessionDoc({ cloudWatchLogGroupName: "", kmsKeyId: "k" }) }, says: "sessions must be logged" },
        { type: "aws:ssm/document:Document", ok: { name: "other-runbook", content: sessionDoc({}) }, bad: { name: "SSM-SessionManagerRunShell", content: sessionDoc({ cloudWatchLogGroupName: "/sessions", cloudWatchEncryptionEnabled: false }) }, says: "cloudWatchEncryptionEnabled must be true" },
        { type: "aws:ssm/document:Document", ok: { name: "SSM-SessionManagerRunShell", content: sessionDoc({ s3BucketName: "b", s3EncryptionEnabled: true, kmsKeyId: "k" }) }, bad: { name: "SSM-SessionManagerRunShell", content: sessionDoc({ s3BucketName: "b", s3EncryptionEnabled: true }) }, says: "kmsKeyId must name the KMS key" },
    ],
};

describe("policy rules", () => {
    it("has cases for every resource rule", () => {
        expect(Object.keys(CASES).sort()).to.deep.equal(RESOURCE_RULES.map((r) => r.name).sort());
    });

    for (const [name, cases] of Object.entries(CASES)) {
        describe(name, () => {
            cases.forEach((c, i) => {
                it(`${c.type} #${i}: passes when compliant, says "${c.says}" when not`, () => {
                    expect(check(name, c.type, c.ok, c.context ?? prod)).to.deep.equal([]);
                    const violations = check(name, c.type, c.bad, c.context ?? prod);
                    expect(violations.join("\n")).to.include(c.says);
                });
            });

            it("does not apply to unrelated types", () => {
                const other = name === "required-tags" ? "kubernetes:core/v1:Pod" : rule(name).appliesTo("aws:iam/role:Role") ? "aws:sns/topic:Topic" : "aws:iam/role:Role";
                expect(rule(name).appliesTo(other)).to.equal(false);
                expect(rule(name).check(other, { tags: { Environment: "prod" } }, prod)).to.deep.equal([]);
            });
        });
    }

    describe("prod-deletion-protection outside production", () => {
        it("asks production data stores for Pulumi protect as well", () => {
            const unprotected: RuleContext = { providerDefaultTags: PLATFORM_TAGS, protect: false };
            expect(check("prod-deletion-protection", "aws:dynamodb/table:Table", { deletionProtectionEnabled: true }, unprotected)).to.deep.equal([
                "must be created with the Pulumi `protect` option in production (pass { protect: cfg.protect })",
            ]);
            expect(check("prod-deletion-protection", "aws:lb/loadBalancer:LoadBalancer", { enableDeletionProtection: true }, unprotected)).to.deep.equal([]);
        });

        it("does not ask dev for deletion protection or protect", () => {
            expect(check("prod-deletion-protection", "aws:rds/cluster:Cluster", { deletionProtection: false }, dev)).to.deep.equal([]);
        });

        it("reads the environment from the provider's default tags, else the resource's own tags", () => {
            expect(environmentOf({ tags: { Environment: "dev" } }, prod)).to.equal("prod");
            expect(environmentOf({ tags: { Environment: "staging" } }, {})).to.equal("staging");
            expect(check("prod-deletion-protection", "aws:dynamodb/table:Table", { tags: { Environment: "prod" } }, {})).to.have.lengthOf(2);
        });

        it("treats the configured environments as production", () => {
            const staging: RuleContext = { providerDefaultTags: { Environment: "staging" }, protect: false, prodEnvironments: ["prod", "staging"] };
            expect(check("prod-deletion-protection", "aws:lb/loadBalancer:LoadBalancer", {}, staging)).to.deep.equal([
                "enableDeletionProtection must be true in production",
            ]);
        });
    });

    describe("required-tags on untaggable resources", () => {
        it("does not guess: no provider tags and no own tags is left to the provider check", () => {
            expect(check("required-tags", "aws:iam/rolePolicy:RolePolicy", { policy: "{}" }, { protect: false })).to.deep.equal([]);
        });
    });

    describe("IAM rules", () => {
        it("accepts a trust whose services are all documented exceptions, and no other", () => {
            expect(check("service-trust-source-context", "aws:iam/role:Role", { assumeRolePolicy: trust("ec2.amazonaws.com") })).to.deep.equal([]);
            expect(check("service-trust-source-context", "aws:iam/role:Role", { assumeRolePolicy: trust(["ec2.amazonaws.com", "backup.amazonaws.com"]) })).to.have.lengthOf(1);
        });

        it("checks only Allow statements with a service principal, and skips a trust not known yet", () => {
            const federated = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" }] });
            expect(check("service-trust-source-context", "aws:iam/role:Role", { assumeRolePolicy: federated })).to.deep.equal([]);
            expect(check("service-trust-source-context", "aws:iam/role:Role", {})).to.deep.equal([]);
            expect(check("service-trust-source-context", "aws:iam/role:Role", { assumeRolePolicy: "<computed>" })).to.deep.equal([]);
        });

        it("ignores wildcards in Deny statements, and a prefix wildcard is fine", () => {
            const deny = JSON.stringify({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] });
            expect(check("iam-policy-no-wildcards", "aws:iam/groupPolicy:GroupPolicy", { policy: deny })).to.deep.equal([]);
            expect(check("iam-policy-no-wildcards", "aws:iam/policy:Policy", { policy: allow(["ec2:Describe*", "kms:GenerateDataKey*"]) })).to.deep.equal([]);
        });

        it("refuses every kind of IAM user resource", () => {
            for (const type of ["aws:iam/user:User", "aws:iam/accessKey:AccessKey", "aws:iam/userLoginProfile:UserLoginProfile", "aws:iam/userGroupMembership:UserGroupMembership"]) {
                expect(check("no-iam-users", type, { user: "ana" }).join(), type).to.include("IAM Identity Center");
            }
        });
    });

    it("accepts only TLS 1.2+ ELB policies", () => {
        const ok = [
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
            "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
            "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            "ELBSecurityPolicy-TLS-1-2-2017-01",
            "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
        ];
        const bad = ["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06", "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-FS-2018-06"];
        expect(ok.filter((p) => !TLS12_PLUS_SSL_POLICY.test(p))).to.deep.equal([]);
        expect(bad.filter((p) => TLS12_PLUS_SSL_POLICY.test(p))).to.deep.equal([]);
    });

    it("reads provider default tags given as an object or as JSON text", () => {
        expect(providerDefaultTags({ defaultTags: { tags: { A: "1" } } })).to.deep.equal({ A: "1" });
        expect(providerDefaultTags({ defaultTags: '{"tags":{"A":"1"}}' })).to.deep.equal({ A: "1" });
        expect(providerDefaultTags({ defaultTags: "not json" })).to.equal(undefined);
        expect(providerDefaultTags({})).to.equal(undefined);
    });
});

describe("stack policy rules", () => {
    const urn = (name: string) => `urn:pulumi:prod::startup-platform::aws:s3/bucket:Bucket::${name}`;
    const bucket = (name: string, props: Props = {}): StackResource => ({ type: "aws:s3/bucket:Bucket", name, urn: urn(name), props: { bucket: `${name}-physical`, id: `${name}-physical`, ...props } });
    const companion = (type: string, bucketName: string): StackResource => ({ type, name: `${bucketName}-x`, urn: `urn:x:${type}:${bucketName}`, props: { bucket: bucketName } });
    const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    const stackRule = (name: string) => STACK_RULES.find((r) => r.name === name)!.check;

    it("passes buckets that have an encryption configuration and a public access block naming them", () => {
        const resources = [bucket("archive"), companion(SSE, "archive-physical"), companion(PAB, "archive-physical")];
        expect(stackRule("s3-bucket-encryption")(resources)).to.deep.equal([]);
        expect(stackRule("s3-bucket-public-access-block")(resources)).to.deep.equal([]);
    });

    it("matches companions by the bucket's id as well as its name (ids differ from names under mocks)", () => {
        const resources = [bucket("archive", { id: "archive-id" }), companion(SSE, "archive-id"), companion(PAB, "archive-id")];
        expect(stackRule("s3-bucket-encryption")(resources)).to.deep.equal([]);
        expect(stackRule("s3-bucket-public-access-block")(resources)).to.deep.equal([]);
    });

    it("names each bucket that lacks one, at its urn", () => {
        const resources = [bucket("archive"), bucket("logs"), companion(SSE, "archive-physical"), companion(PAB, "logs-physical")];
        expect(stackRule("s3-bucket-encryption")(resources)).to.deep.equal([
            { urn: urn("logs"), message: "bucket logs has no BucketServerSideEncryptionConfiguration naming it (SSE-KMS with a PlatformKey)" },
        ]);
        expect(stackRule("s3-bucket-public-access-block")(resources).map((v) => v.urn)).to.deep.equal([urn("archive")]);
    });

    it("accepts SSE-S3 only on a bucket that says why in its SseS3Reason tag", () => {
        const sseS3 = { ...companion(SSE, "logs-physical"), props: { bucket: "logs-physical", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } };
        expect(stackRule("s3-bucket-encryption")([bucket("logs"), sseS3])).to.deep.equal([
            { urn: urn("logs"), message: "bucket logs uses SSE-S3 without a SseS3Reason tag: use SSE-KMS, or say why (ArchiveBucket sseS3Reason)" },
        ]);
        const documented = bucket("logs", { tags: { Name: "logs", SseS3Reason: "ELB access log delivery supports SSE-S3 only" } });
        expect(stackRule("s3-bucket-encryption")([documented, sseS3])).to.deep.equal([]);
    });

    it("accepts an inline SSE-KMS configuration, and does not apply without buckets", () => {
        const inline = { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } } } };
        expect(stackRule("s3-bucket-encryption")([bucket("b", inline)])).to.deep.equal([]);
        expect(stackRule("s3-bucket-encryption")([])).to.deep.equal([]);
    });
});

describe("stack policy rules for logging and detection", () => {
    const stackRule = (name: string) => STACK_RULES.find((r) => r.name === name)!.check;
    const res = (type: string, name: string, props: Props): StackResource => ({ type, name, urn: `urn:${type}::${name}`, props });
    const bucket = (name: string, tags: Record<string, string> = { Name: name }) => res("aws:s3/bucket:Bucket", name, { bucket: name, id: name, tags });
    const LOGGING = "aws:s3/bucketLogging:BucketLogging";
    const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

    describe("s3-server-access-logging", () => {
        it("passes buckets that log to the access-log bucket, and the access-log bucket that says why it does not", () => {
            const resources = [
                bucket("logs", { Name: "logs", AccessLogExemption: "the access-log bucket itself" }),
                bucket("data"),
                res(LOGGING, "data-access-logs", { bucket: "data", targetBucket: "logs", targetPrefix: "s3/data/" }),
            ];
            expect(stackRule("s3-server-access-logging")(resources)).to.deep.equal([]);
        });

        it("names the bucket that neither logs nor says why", () => {
            const violations = stackRule("s3-server-access-logging")([bucket("data"), bucket("other"), res(LOGGING, "x", { bucket: "other", targetBucket: "logs", targetPrefix: "s3/other/" })]);
            expect(violations.map((v) => v.urn)).to.deep.equal(["urn:aws:s3/bucket:Bucket::data"]);
            expect(violations[0].message).to.include("has no BucketLogging naming it");
        });
    });

    describe("audit-bucket-object-lock", () => {
        const trail = res("aws:cloudtrail/trail:Trail", "trail", { s3BucketName: "audit" });
        const channel = res("aws:cfg/deliveryChannel:DeliveryChannel", "channel", { s3BucketName: "config" });
        const lock = (b: string, rule: unknown = { defaultRetention: { mode: "GOVERNANCE", days: 365 } }) => res(LOCK, `${b}-lock`, { bucket: b, objectLockEnabled: "Enabled", rule });

        it("passes the trail's bucket with a default retention and the recorder's without a lock, and ignores other buckets", () => {
            expect(stackRule("audit-bucket-object-lock")([trail, channel, bucket("audit"), bucket("config"), bucket("data"), lock("audit"), lock("data")])).to.deep.equal([]);
        });

        it("fails the trail's bucket without a default retention, and the recorder's bucket with any lock", () => {
            const violations = stackRule("audit-bucket-object-lock")([trail, channel, bucket("audit"), bucket("config"), lock("audit", null), lock("config")]);
            expect(violations.map((v) => v.urn)).to.deep.equal(["urn:aws:s3/bucket:Bucket::audit", "urn:aws:s3/bucket:Bucket::config"]);
            expect(violations[0].message).to.include("receives CloudTrail logs but has no Object Lock default retention");
            expect(violations[1].message).to.include("has Object Lock, which AWS Config does not support");
        });
    });

    describe("rds-event-subscriptions", () => {
        const cluster = res("aws:rds/cluster:Cluster", "database-cluster", { clusterIdentifier: "startup-prod-aurora", id: "startup-prod-aurora" });
        const sub = (sourceType: string, eventCategories: string[], sourceIds: string[] = []) =>
            res("aws:rds/eventSubscription:EventSubscription", sourceType, { sourceType, eventCategories, sourceIds, enabled: true });
        const complete = [
            sub("db-cluster", ["failure", "maintenance", "failover"], ["startup-prod-aurora"]),
            sub("db-instance", ["maintenance", "configuration change", "failure"], ["startup-prod-aurora-1"]),
            sub("db-parameter-group", [], ["startup-prod-aurora-instance"]),
            sub("db-security-group", ["configuration change", "failure"]),
        ];

        it("passes a cluster with the four subscriptions FSBP asks for (no categories means all), and a stack without clusters", () => {
            expect(stackRule("rds-event-subscriptions")([cluster, ...complete])).to.deep.equal([]);
            expect(stackRule("rds-event-subscriptions")([])).to.deep.equal([]);
        });

        it("fails a cluster whose subscription misses a category or is about another cluster, and a missing source type", () => {
            const other = [sub("db-cluster", ["failure", "maintenance"], ["someone-elses"]), ...complete.slice(1, 3)];
            expect(stackRule("rds-event-subscriptions")([cluster, ...other]).map((v) => v.message)).to.deep.equal([
                "RDS cluster database-cluster has no enabled db-cluster event subscription for failure, maintenance (Operations.addRdsEventSubscriptions; operations.databaseEvents)",
                "the stack has RDS clusters but no enabled db-security-group event subscription for configuration change, failure",
            ]);
            const partial = [sub("db-cluster", ["failure"]), ...complete.slice(1)];
            expect(stackRule("rds-event-subscriptions")([cluster, ...partial])).to.have.lengthOf(1);
        });
    });
});

describe("stack policy rule default-network-acls-managed", () => {
    const check = STACK_RULES.find((r) => r.name === "default-network-acls-managed")!.check;
    const res = (type: string, urn: string): StackResource => ({ type, name: urn, urn, props: {} });
    const awsxVpc = res("awsx:ec2:Vpc", "urn:pulumi:prod::p::startup:network:VpcTier$awsx:ec2:Vpc::network-vpc");
    // In a real stack the engine also shows awsx's child VPC: the same VPC, counted once.
    const child = res("aws:ec2/vpc:Vpc", "urn:pulumi:prod::p::startup:network:VpcTier$awsx:ec2:Vpc$aws:ec2/vpc:Vpc::network-vpc");
    const acl = res("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "urn:acl");

    it("passes a stack whose VPC's default ACL is managed, and a stack without VPCs", () => {
        expect(check([awsxVpc, child, acl])).to.deep.equal([]);
        expect(check([])).to.deep.equal([]);
    });

    it("names the VPC whose default ACL is left to AWS", () => {
        const plain = res("aws:ec2/vpc:Vpc", "urn:pulumi:prod::p::aws:ec2/vpc:Vpc::extra");
        expect(check([awsxVpc, child, acl, plain])).to.deep.equal([
            {
                urn: plain.urn,
                message:
                    "the stack has 2 VPC(s) but manages 1 default network ACL(s): an unmanaged default ACL lets all traffic in, SSH and RDP from the internet included (EC2.21); manage each VPC's with aws.ec2.DefaultNetworkAcl (VpcTier does)",
            },
        ]);
    });
});

describe("stack policy rule waf-web-acls-logged", () => {
    const ACL = "aws:wafv2/webAcl:WebAcl";
    const acl = (name: string, scope = "CLOUDFRONT"): StackResource => ({
        type: ACL,
        name,
        urn: `urn:acl:${name}`,
        props: { name, scope, arn: `arn:aws:wafv2:us-east-1:123456789012:${scope === "CLOUDFRONT" ? "global" : "regional"}/webacl/${name}/1` },
    });
    const logging = (resourceArn: unknown, logDestinationConfigs: unknown = ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-x"]): StackResource => ({
        type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
        name: "logging",
        urn: "urn:logging",
        props: { resourceArn, logDestinationConfigs },
    });
    const check = STACK_RULES.find((r) => r.name === "waf-web-acls-logged")!.check;

    it("passes web ACLs of either scope whose logging configuration names them, and a stack without web ACLs", () => {
        const assets = acl("assets");
        const app = acl("app", "REGIONAL");
        expect(check([assets, app, logging(assets.props.arn), logging(app.props.arn)])).to.deep.equal([]);
        expect(check([])).to.deep.equal([]);
    });

    it("names the web ACL without logging, or whose logging names no destination", () => {
        const assets = acl("assets");
        const app = acl("app", "REGIONAL");
        expect(check([assets, app, logging(app.props.arn)])).to.deep.equal([
            {
                urn: "urn:acl:assets",
                message:
                    "web ACL assets (scope CLOUDFRONT) has no WebAclLoggingConfiguration naming it with a destination: log its traffic to an aws-waf-logs-* log group in the web ACL's region (us-east-1 for CLOUDFRONT) (WAF.11)",
            },
        ]);
        expect(check([assets, logging(assets.props.arn, [])]).map((v) => v.urn)).to.deep.equal(["urn:acl:assets"]);
        expect(check([assets, logging("arn:aws:wafv2:us-east-1:123456789012:global/webacl/other/2")]).map((v) => v.urn)).to.deep.equal(["urn:acl:assets"]);
    });
});

describe("stack policy rule secrets-rotated", () => {
    const SECRET = "aws:secretsmanager/secret:Secret";
    const secret = (name: string, props: Props = {}): StackResource => ({ type: SECRET, name, urn: `urn:secret:${name}`, props: { name: `app/${name}`, id: `app/${name}`, arn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:app/${name}-Ab12Cd`, ...props } });
    const rotation = (secretId: string): StackResource => ({ type: "aws:secretsmanager/secretRotation:SecretRotation", name: `rot-${secretId}`, urn: `urn:rot:${secretId}`, props: { secretId } });
    const check = STACK_RULES.find((r) => r.name === "secrets-rotated")!.check;

    it("passes a secret whose rotation names it by id or ARN", () => {
        expect(check([secret("a"), rotation("app/a")])).to.deep.equal([]);
        expect(check([secret("b"), rotation("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/b-Ab12Cd")])).to.deep.equal([]);
    });

    it("names a secret without rotation at its urn, unless a RotationException tag says why", () => {
        expect(check([secret("a"), rotation("app/other")])).to.deep.equal([
            { urn: "urn:secret:a", message: "secret a has no SecretRotation naming it: rotate it, or say why not in a RotationException tag" },
        ]);
        expect(check([secret("a", { tags: { Name: "a", RotationException: "rotated by hand each quarter" } })])).to.deep.equal([]);
    });
});

describe("policy pack wrappers", () => {
    class NotApplicable extends Error {}

    function resourceArgs(type: string, props: Props, extra: Partial<ResourceValidationArgs> = {}): ResourceValidationArgs {
        return {
            type,
            props: props as Record<string, unknown>,
            urn: `urn:pulumi:prod::startup-platform::${type}::r`,
            name: "r",
            opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            provider: { type: "pulumi:providers:aws", urn: "urn:p", name: "aws", props: { defaultTags: JSON.stringify({ tags: PLATFORM_TAGS }) } },
            stackTags: new Map(),
            isType: () => false,
            asType: () => undefined,
            getConfig: <T extends object>() => ({}) as T,
            notApplicable: (reason?: string): never => {
                throw new NotApplicable(reason);
            },
            ...extra,
        };
    }

    function run(policyName: string, args: ResourceValidationArgs): string[] {
        const policy = resourcePolicies().find((p) => p.name === policyName)!;
        const reported: string[] = [];
        const validate = policy.validateResource;
        if (typeof validate !== "function") throw new Error("expected one validation function");
        void validate(args, (message) => reported.push(message));
        return reported;
    }

    it("registers every rule as a mandatory policy", () => {
        const args = policyPackArgs();
        expect(args.policies.map((p) => p.name)).to.deep.equal([...RESOURCE_RULES.map((r) => r.name), ...STACK_RULES.map((r) => r.name)]);
        expect(args.policies.every((p) => p.enforcementLevel === "mandatory")).to.equal(true);
    });

    it("reports each violation with the resource's type and name", () => {
        expect(run("encryption-at-rest", resourceArgs("aws:sns/topic:Topic", {}))).to.deep.equal([
            "aws:sns/topic:Topic r: kmsMasterKeyId must name a customer-managed key (PlatformKey)",
        ]);
    });

    it("marks other types not applicable", () => {
        expect(() => run("imdsv2-required", resourceArgs("aws:sns/topic:Topic", {}))).to.throw(NotApplicable);
    });

    it("takes the environment from the provider's default tags and the production list from config", () => {
        const lb = resourceArgs("aws:lb/loadBalancer:LoadBalancer", {});
        expect(contextOf(lb).providerDefaultTags).to.include({ Environment: "prod" });
        expect(run("prod-deletion-protection", lb)).to.have.lengthOf(1);
        const onlyStaging = resourceArgs("aws:lb/loadBalancer:LoadBalancer", {}, { getConfig: <T extends object>() => ({ prodEnvironments: ["staging"] }) as T });
        expect(run("prod-deletion-protection", onlyStaging)).to.deep.equal([]);
    });

    it("runs stack rules over the stack's resources and reports at the bucket's urn", () => {
        const policy = stackPolicies().find((p) => p.name === "s3-bucket-public-access-block")!;
        const reported: Array<[string, string | undefined]> = [];
        const args = {
            resources: [{ type: "aws:s3/bucket:Bucket", name: "b", urn: "urn:b", props: { bucket: "b" } }],
        } as unknown as StackValidationArgs;
        void policy.validateStack(args, (message, urn) => reported.push([message, urn]));
        expect(reported).to.deep.equal([["bucket b has no BucketPublicAccessBlock naming it (all four flags true)", "urn:b"]]);
    });
});
