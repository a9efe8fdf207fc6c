import { z } from "zod";
import { FINDING_FREQUENCIES, GUARDDUTY_FEATURES } from "../../components/threatDetection";
import { crossFieldIssue } from "./rules";

/** Defaults of the `security` key, exported so docs and code cannot drift. */
export const SECURITY_DEFAULTS = {
    guardDuty: true,
    guardDutyFeatures: [],
    findingPublishingFrequency: "FIFTEEN_MINUTES",
    securityHub: false,
    cloudTrail: false,
} as const;

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
    })
    .superRefine((security, ctx) => {
        if (!security.guardDuty && security.guardDutyFeatures.length > 0) {
            crossFieldIssue(ctx, ["guardDutyFeatures"], "need guardDuty: true (features belong to this stack's detector)");
        }
        if (security.guardDutyFeatures.includes("RUNTIME_MONITORING") && security.guardDutyFeatures.includes("EKS_RUNTIME_MONITORING")) {
            crossFieldIssue(ctx, ["guardDutyFeatures"], "RUNTIME_MONITORING and EKS_RUNTIME_MONITORING cannot both be enabled; keep RUNTIME_MONITORING");
        }
    })
    .default({
        guardDuty: SECURITY_DEFAULTS.guardDuty,
        guardDutyFeatures: [],
        findingPublishingFrequency: SECURITY_DEFAULTS.findingPublishingFrequency,
        securityHub: SECURITY_DEFAULTS.securityHub,
        cloudTrail: SECURITY_DEFAULTS.cloudTrail,
    })
    .describe("Threat detection (GuardDuty, Security Hub) in the stack's region, and the account's CloudTrail trail.");

export type SecurityConfig = z.infer<typeof securitySchema>;
