import { z } from "zod";
import { CONFIG_RECORDER_DEFAULTS } from "../../components/configRecorder";
import { FINDING_FREQUENCIES, GUARDDUTY_FEATURES } from "../../components/threatDetection";
import { RECORDING_FREQUENCIES } from "../../lib/configRecorder";
import { VPC_BLOCK_PUBLIC_ACCESS_MODES } from "../../lib/guardrails";
import { crossFieldIssue } from "./rules";

/** Defaults of the `security` key, exported so docs and code cannot drift. */
export const SECURITY_DEFAULTS = {
    guardDuty: true,
    guardDutyFeatures: [],
    findingPublishingFrequency: "FIFTEEN_MINUTES",
    securityHub: false,
    cloudTrail: false,
} as const;

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

export type ConfigRecorderConfig = z.infer<typeof configRecorderSchema>;

/** Defaults of `security.guardrails`, exported so docs and code cannot drift. */
export const GUARDRAILS_DEFAULTS = {
    s3AccountPublicAccessBlock: true,
    ebsEncryptionByDefault: true,
    vpcBlockPublicAccess: "block-ingress",
    blockSsmDocumentPublicSharing: true,
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
    })
    .describe(
        "Account guardrails this stack owns: the account-wide S3 public access block and the region's EBS encryption by default, VPC Block Public Access and SSM document sharing block. One stack per account and region (prod in us-east-1, DR in us-west-2); absent elsewhere.",
    );

export type GuardrailsConfig = z.infer<typeof guardrailsSchema>;

export const securitySchema = z
    .strictObject({
        guardDuty: z
            .boolean()
            .default(SECURITY_DEFAULTS.guardDuty)
            .describe(
                "Create a GuardDuty detector in the stack's region. One detector per account and region: a stack sharing an account and region with another (dev beside prod) sets false.",
            ),
        guardDutyFeatures: z
            .array(z.enum(GUARDDUTY_FEATURES))
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
        guardrails: guardrailsSchema.optional(),
    })
    .superRefine((security, ctx) => {
        if (!security.guardDuty && security.guardDutyFeatures.length > 0) {
            crossFieldIssue(ctx, ["guardDutyFeatures"], "need guardDuty: true (features belong to this stack's detector)");
        }
        if (security.guardDutyFeatures.includes("RUNTIME_MONITORING") && security.guardDutyFeatures.includes("EKS_RUNTIME_MONITORING")) {
            crossFieldIssue(ctx, ["guardDutyFeatures"], "RUNTIME_MONITORING and EKS_RUNTIME_MONITORING cannot both be enabled; keep RUNTIME_MONITORING");
        }
        if (security.securityHub && security.configRecorder === undefined) {
            crossFieldIssue(
                ctx,
                ["configRecorder"],
                "is required when securityHub is true: most Security Hub controls are AWS Config rules, which evaluate what this region's recorder records; set configRecorder: {} (or its keys)",
            );
        }
    })
    .default({
        guardDuty: SECURITY_DEFAULTS.guardDuty,
        guardDutyFeatures: [],
        findingPublishingFrequency: SECURITY_DEFAULTS.findingPublishingFrequency,
        securityHub: SECURITY_DEFAULTS.securityHub,
        cloudTrail: SECURITY_DEFAULTS.cloudTrail,
    })
    .describe("Threat detection (GuardDuty, Security Hub and its AWS Config recorder) in the stack's region, the account's CloudTrail trail, and the account guardrails.");

export type SecurityConfig = z.infer<typeof securitySchema>;
