import { z } from "zod";
import { MAX_OBJECT_LOCK_DAYS, OBJECT_LOCK_DEFAULTS, OBJECT_LOCK_MODES } from "../../lib/bucketAudit";
import { RECORDING_FREQUENCIES } from "../../lib/configRecorder";
import { VPC_BLOCK_PUBLIC_ACCESS_MODES } from "../../lib/guardrails";
import { ECR_SCAN_FREQUENCIES, FINDING_FREQUENCIES, GUARDDUTY_FEATURES, INSPECTOR_RESOURCE_TYPES } from "../../lib/threatDetection";
import { SettingsRule, logRetentionDays, refineWith } from "./rules";

/** Defaults of the `security` key, exported so docs and code cannot drift. */
export const SECURITY_DEFAULTS = {
    guardDuty: true,
    guardDutyFeatures: [],
    findingPublishingFrequency: "FIFTEEN_MINUTES",
    securityHub: false,
    cloudTrail: false,
    trailLogRetentionDays: 365,
    cisAlarms: true,
    accessAnalyzer: false,
    accessLogExpireDays: 365,
    auditObjectLock: { enabled: true, ...OBJECT_LOCK_DEFAULTS },
} as const;

/** Defaults of `security.inspector`, which is off unless given (`{}` takes these). */
export const INSPECTOR_DEFAULTS = {
    resourceTypes: INSPECTOR_RESOURCE_TYPES,
    ecrScanFrequency: "CONTINUOUS_SCAN",
} as const;

/** Defaults of `security.configRecorder`, which is off unless given (`{}` takes these). */
export const CONFIG_RECORDER_DEFAULTS = {
    includeGlobalResourceTypes: true,
    recordingFrequency: "CONTINUOUS",
    createServiceLinkedRole: true,
} as const;

export const auditObjectLockSchema = z
    .strictObject({
        enabled: z
            .boolean()
            .default(SECURITY_DEFAULTS.auditObjectLock.enabled)
            .describe("Turn S3 Object Lock on for the CloudTrail bucket. Once on, it can never be turned off for that bucket."),
        mode: z
            .enum(OBJECT_LOCK_MODES)
            .default(SECURITY_DEFAULTS.auditObjectLock.mode)
            .describe(
                "GOVERNANCE: only principals with s3:BypassGovernanceRetention can delete a locked version early. COMPLIANCE: nobody, root included, until the retention ends, and the retention cannot be shortened.",
            ),
        retentionDays: z
            .number()
            .int()
            .min(1, { message: `expected 1-${MAX_OBJECT_LOCK_DAYS} days` })
            .max(MAX_OBJECT_LOCK_DAYS, { message: `expected 1-${MAX_OBJECT_LOCK_DAYS} days` })
            .default(SECURITY_DEFAULTS.auditObjectLock.retentionDays)
            .describe("Days each log file version stays locked after it is delivered."),
    })
    .default({ ...SECURITY_DEFAULTS.auditObjectLock })
    .describe(
        "S3 Object Lock (write once, read many) on the CloudTrail bucket (security.cloudTrail). Not on the AWS Config bucket: AWS Config does not deliver to a bucket with Object Lock.",
    );

export const inspectorSchema = z
    .strictObject({
        resourceTypes: z
            .array(z.enum(INSPECTOR_RESOURCE_TYPES))
            .min(1, { message: "expected at least one resource type" })
            .refine((types) => new Set(types).size === types.length, { message: "expected distinct resource types" })
            .refine((types) => !types.includes("LAMBDA_CODE") || types.includes("LAMBDA"), { message: "LAMBDA_CODE needs LAMBDA (code scanning extends standard scanning)" })
            .default([...INSPECTOR_DEFAULTS.resourceTypes])
            .describe(`What Amazon Inspector scans: ${INSPECTOR_RESOURCE_TYPES.join(", ")}. Without Lambda functions the LAMBDA types cost nothing and keep Security Hub's Inspector.3/4 passing.`),
        ecrScanFrequency: z
            .enum(ECR_SCAN_FREQUENCIES)
            .default(INSPECTOR_DEFAULTS.ecrScanFrequency)
            .describe("Enhanced scanning of the region's ECR registry (when ECR is scanned): CONTINUOUS_SCAN rescans images as new CVEs are published; SCAN_ON_PUSH scans each image once."),
    })
    .describe("Amazon Inspector in the stack's region (one per account and region, like GuardDuty): EC2 instances, ECR images, Lambda functions. {} takes the defaults.");

export const configRecorderSchema = z
    .strictObject({
        includeGlobalResourceTypes: z
            .boolean()
            .default(CONFIG_RECORDER_DEFAULTS.includeGlobalResourceTypes)
            .describe(
                "Record the global IAM types (users, groups, roles, policies) and the Aurora global cluster in this region. One region per account: the primary (prod) sets true; the DR stack must set false, or every IAM change is recorded twice.",
            ),
        recordingFrequency: z
            .enum(RECORDING_FREQUENCIES)
            .default(CONFIG_RECORDER_DEFAULTS.recordingFrequency)
            .describe(
                "CONTINUOUS records every change; DAILY records at most one item per changed resource a day, at four times the price per item, so change-triggered Security Hub findings can lag a change by up to a day.",
            ),
        createServiceLinkedRole: z
            .boolean()
            .default(CONFIG_RECORDER_DEFAULTS.createServiceLinkedRole)
            .describe(
                "Create the account's AWSServiceRoleForConfig, which the recorder uses. One per account: the primary (prod) sets true; the DR stack sets false, and so does a stack whose account already has the role (or import it).",
            ),
    })
    .describe(
        "The region's AWS Config recorder (all supported resource types, to an SSE-KMS archive bucket), which Security Hub's controls evaluate. One per account and region; required with securityHub.",
    );

/**
 * What ConfigRecorder takes: `security.configRecorder`. Its bucket gets no Object Lock: AWS Config
 * does not support a delivery channel to a bucket with Object Lock enabled (AWS::Config::
 * DeliveryChannel and PutDeliveryChannel).
 */
export const recorderSettingsSchema = configRecorderSchema;

export type ConfigRecorderConfig = z.output<typeof configRecorderSchema>;

/** Defaults of `security.guardrails`, exported so docs and code cannot drift. */
export const GUARDRAILS_DEFAULTS = {
    s3AccountPublicAccessBlock: true,
    ebsEncryptionByDefault: true,
    ebsSnapshotBlockPublicAccess: true,
    amiBlockPublicAccess: true,
    vpcBlockPublicAccess: "block-ingress",
    blockSsmDocumentPublicSharing: true,
    automationLogging: true,
    automationLogRetentionDays: 365,
} as const;

export const guardrailsSchema = z
    .strictObject({
        s3AccountPublicAccessBlock: z
            .boolean()
            .default(GUARDRAILS_DEFAULTS.s3AccountPublicAccessBlock)
            .describe(
                "Turn on the account-wide S3 Block Public Access (all four settings; Security Hub S3.1). Account-wide: only the stack with access.manageAccount sets true; DR and stacks sharing that account set false.",
            ),
        ebsEncryptionByDefault: z
            .boolean()
            .default(GUARDRAILS_DEFAULTS.ebsEncryptionByDefault)
            .describe("Encrypt every new EBS volume of the region by default, with the AWS managed key aws/ebs unless a volume names its own (EC2.7)."),
        ebsSnapshotBlockPublicAccess: z
            .boolean()
            .default(GUARDRAILS_DEFAULTS.ebsSnapshotBlockPublicAccess)
            .describe(
                "Block public access for EBS snapshots in the region, in block-all-sharing mode: no snapshot can be shared publicly and any already public is hidden (AWS Config ebs-snapshot-block-public-access).",
            ),
        amiBlockPublicAccess: z
            .boolean()
            .default(GUARDRAILS_DEFAULTS.amiBlockPublicAccess)
            .describe("Block public sharing of AMIs in the region (block-new-sharing: AMIs already public stay so; the platform has none)."),
        vpcBlockPublicAccess: z
            .enum(VPC_BLOCK_PUBLIC_ACCESS_MODES)
            .default(GUARDRAILS_DEFAULTS.vpcBlockPublicAccess)
            .describe(
                "VPC Block Public Access for the region (EC2.172): block-ingress (NAT egress still works), block-bidirectional, or off. Every stack's VPC excludes its public subnets (load balancer, NAT), so its own traffic keeps flowing.",
            ),
        blockSsmDocumentPublicSharing: z
            .boolean()
            .default(GUARDRAILS_DEFAULTS.blockSsmDocumentPublicSharing)
            .describe("Refuse public sharing of SSM documents in the region (SSM.7)."),
        automationLogging: z
            .boolean()
            .default(GUARDRAILS_DEFAULTS.automationLogging)
            .describe(
                "Send the output of SSM Automation runbooks' script steps in the region to CloudWatch Logs (SSM.6): to a KMS-encrypted log group of this stack (the stack's logs key). Destroying the stack keeps CloudWatch as the destination and returns the log group to Automation's default.",
            ),
        automationLogRetentionDays: logRetentionDays()
            .default(GUARDRAILS_DEFAULTS.automationLogRetentionDays)
            .describe("Days the Automation log group keeps script output (a retention CloudWatch accepts)."),
    })
    .describe(
        "Account guardrails this stack owns: the account-wide S3 public access block and the region's EBS encryption by default, EBS snapshot and AMI public access blocks, VPC Block Public Access, SSM document sharing block and SSM Automation logging. One stack per account and region (prod in us-east-1, DR in us-west-2); absent elsewhere.",
    );

export type GuardrailsConfig = z.output<typeof guardrailsSchema>;

const securityFields = z.strictObject({
    guardDuty: z
        .boolean()
        .default(SECURITY_DEFAULTS.guardDuty)
        .describe(
            "Create a GuardDuty detector in the stack's region. One detector per account and region: a stack sharing an account and region with another (dev beside prod) sets false.",
        ),
    guardDutyFeatures: z
        .array(z.enum(GUARDDUTY_FEATURES))
        .refine((features) => new Set(features).size === features.length, { message: "expected distinct protection plans" })
        .default([...SECURITY_DEFAULTS.guardDutyFeatures])
        .describe(`GuardDuty protection plans to enable: ${GUARDDUTY_FEATURES.join(", ")}.`),
    findingPublishingFrequency: z
        .enum(FINDING_FREQUENCIES)
        .default(SECURITY_DEFAULTS.findingPublishingFrequency)
        .describe("How often GuardDuty re-publishes updated findings."),
    securityHub: z
        .boolean()
        .default(SECURITY_DEFAULTS.securityHub)
        .describe("Enable Security Hub (default standards) in the stack's region; one per account and region."),
    cloudTrail: z
        .boolean()
        .default(SECURITY_DEFAULTS.cloudTrail)
        .describe(
            "Create the account's multi-Region CloudTrail trail (KMS-encrypted, to an archive bucket). One stack per account: prod; never the DR stack.",
        ),
    configRecorder: configRecorderSchema.optional(),
    trailLogRetentionDays: logRetentionDays()
        .default(SECURITY_DEFAULTS.trailLogRetentionDays)
        .describe("Days the trail's events are kept in its CloudWatch Logs group (a retention CloudWatch accepts); the S3 copy is kept for good."),
    cisAlarms: z
        .boolean()
        .default(SECURITY_DEFAULTS.cisAlarms)
        .describe("With cloudTrail: the CIS metric filters on the trail's log group and their alarms to the operations topic (Security Hub CloudWatch.1-14)."),
    accessAnalyzer: z
        .boolean()
        .default(SECURITY_DEFAULTS.accessAnalyzer)
        .describe("Create an IAM Access Analyzer for the account (type ACCOUNT) in the stack's region. One per account and region: a stack sharing an account and region with another (dev beside prod) leaves it false."),
    accessLogExpireDays: z
        .number()
        .int({ message: "expected a whole number of days" })
        .min(181, { message: "expected more than 180 days (the logs move to Glacier Instant Retrieval at 180)" })
        .max(36_500, { message: "expected at most 36500 days (100 years), the longest retention the other keys accept" })
        .default(SECURITY_DEFAULTS.accessLogExpireDays)
        .describe("Days the stack's S3 server access logs are kept in its access-log bucket before they are deleted (after 180 they are in Glacier Instant Retrieval)."),
    auditObjectLock: auditObjectLockSchema,
    inspector: inspectorSchema.optional(),
    guardrails: guardrailsSchema.optional(),
});

/** The security section's settings, defaults filled in. */
export type SecuritySettings = z.output<typeof securityFields>;

/**
 * What ThreatDetection takes of the section: the detector and its plans, Security Hub and its
 * recorder, Inspector, the Access Analyzer, and the Object Lock of the recorder's bucket.
 */
const threatDetectionFields = securityFields.pick({
    guardDuty: true,
    guardDutyFeatures: true,
    findingPublishingFrequency: true,
    securityHub: true,
    configRecorder: true,
    inspector: true,
    accessAnalyzer: true,
});

export type ThreatDetectionSettings = z.output<typeof threatDetectionFields>;

/**
 * The security section's rules across keys, checked on the stack file and on ThreatDetection's
 * args alike: each is about threat detection's keys.
 */
export const SECURITY_RULES: ReadonlyArray<SettingsRule<ThreatDetectionSettings>> = [
    { path: ["guardDutyFeatures"], check: (s) => (!s.guardDuty && s.guardDutyFeatures.length > 0 ? "need guardDuty: true (features belong to this stack's detector)" : undefined) },
    {
        path: ["guardDutyFeatures"],
        check: (s) =>
            s.guardDutyFeatures.includes("RUNTIME_MONITORING") && s.guardDutyFeatures.includes("EKS_RUNTIME_MONITORING")
                ? "RUNTIME_MONITORING and EKS_RUNTIME_MONITORING cannot both be enabled; keep RUNTIME_MONITORING"
                : undefined,
    },
    {
        path: ["configRecorder"],
        check: (s) =>
            s.securityHub && s.configRecorder === undefined
                ? "is required when securityHub is true: most Security Hub controls are AWS Config rules, which evaluate what this region's recorder records; set configRecorder: {} (or its keys)"
                : undefined,
    },
];

/** The threat detection settings as ThreatDetection validates them. */
export const threatDetectionSettingsSchema = threatDetectionFields.superRefine(refineWith(SECURITY_RULES));

/** What AuditTrail takes of the section: its CloudWatch Logs retention, the CIS alarms and its bucket's Object Lock. */
export const auditTrailSettingsSchema = securityFields.pick({ trailLogRetentionDays: true, cisAlarms: true, auditObjectLock: true });

export const securitySchema = securityFields
    .superRefine(refineWith(SECURITY_RULES))
    .default({
        guardDuty: SECURITY_DEFAULTS.guardDuty,
        guardDutyFeatures: [],
        findingPublishingFrequency: SECURITY_DEFAULTS.findingPublishingFrequency,
        securityHub: SECURITY_DEFAULTS.securityHub,
        cloudTrail: SECURITY_DEFAULTS.cloudTrail,
        trailLogRetentionDays: SECURITY_DEFAULTS.trailLogRetentionDays,
        cisAlarms: SECURITY_DEFAULTS.cisAlarms,
        accessAnalyzer: SECURITY_DEFAULTS.accessAnalyzer,
        accessLogExpireDays: SECURITY_DEFAULTS.accessLogExpireDays,
        auditObjectLock: { ...SECURITY_DEFAULTS.auditObjectLock },
    })
    .describe(
        "Threat detection (GuardDuty, Inspector, IAM Access Analyzer, Security Hub and its AWS Config recorder) in the stack's region, the account's CloudTrail trail, the evidence buckets (Object Lock, server access logs) and the account guardrails.",
    );

export type SecurityConfig = SecuritySettings;
