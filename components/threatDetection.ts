import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigRecorder, ConfigRecorderArgs } from "./configRecorder";
import { physicalName } from "../lib/naming";

/** GuardDuty protection plans a detector can add (`aws.guardduty.DetectorFeature` names). */
export const GUARDDUTY_FEATURES = [
    "S3_DATA_EVENTS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "LAMBDA_NETWORK_LOGS",
    "EKS_AUDIT_LOGS",
    "EKS_RUNTIME_MONITORING",
    "RUNTIME_MONITORING",
] as const;
export type GuardDutyFeature = (typeof GUARDDUTY_FEATURES)[number];

export const FINDING_FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const;

export interface ThreatDetectionArgs {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Create a GuardDuty detector in the provider's region (one per account and region). @default true */
    readonly guardDuty?: boolean;
    /** Protection plans added to the detector. @default [] */
    readonly guardDutyFeatures?: readonly GuardDutyFeature[];
    /** How often updated findings are re-published. @default THREAT_DETECTION_DEFAULTS.findingPublishingFrequency */
    readonly findingPublishingFrequency?: (typeof FINDING_FREQUENCIES)[number];
    /** Enable Security Hub in the region with its default standards (one per account and region). @default false */
    readonly securityHub?: boolean;
    /**
     * The region's AWS Config recorder (`ConfigRecorder`, one per account and region); required
     * with `securityHub`, whose controls are mostly AWS Config rules evaluating what it records.
     * @default - none
     */
    readonly configRecorder?: Omit<ConfigRecorderArgs, "namePrefix">;
}

export const THREAT_DETECTION_DEFAULTS = {
    guardDuty: true,
    findingPublishingFrequency: "FIFTEEN_MINUTES",
    securityHub: false,
} as const;

/**
 * Regional threat detection: a GuardDuty detector (CloudTrail management events, VPC flow logs and
 * DNS logs, plus the configured protection plans) and optionally Security Hub with the AWS Config
 * recorder its controls need. All are one per account and region, so exactly one stack per account
 * and region may create them.
 */
export class ThreatDetection extends pulumi.ComponentResource {
    public readonly detectorId?: pulumi.Output<string>;
    public readonly securityHubEnabled: boolean;
    public readonly configRecorder?: ConfigRecorder;

    constructor(name: string, args: ThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        const guardDuty = args.guardDuty ?? THREAT_DETECTION_DEFAULTS.guardDuty;
        const features = args.guardDutyFeatures ?? [];
        const securityHub = args.securityHub ?? THREAT_DETECTION_DEFAULTS.securityHub;
        const problems: string[] = [];
        if (!guardDuty && !securityHub && !args.configRecorder) {
            problems.push("neither GuardDuty, Security Hub nor an AWS Config recorder is enabled; do not create the component");
        }
        if (securityHub && !args.configRecorder) {
            problems.push("securityHub needs configRecorder: most Security Hub controls are AWS Config rules, which find nothing without the region's recorder");
        }
        if (!guardDuty && features.length > 0) problems.push("GuardDuty features need guardDuty: true");
        if (features.includes("RUNTIME_MONITORING") && features.includes("EKS_RUNTIME_MONITORING")) {
            problems.push("RUNTIME_MONITORING and EKS_RUNTIME_MONITORING cannot both be enabled; keep RUNTIME_MONITORING");
        }
        if (new Set(features).size !== features.length) problems.push(`GuardDuty features repeat: ${features.join(", ")}`);
        if (problems.length > 0) throw new Error(`ThreatDetection ${name}: ${problems.join("; ")}`);
        super("startup:security:ThreatDetection", name, {}, opts);

        if (guardDuty) {
            const detector = new aws.guardduty.Detector(
                `${name}-guardduty`,
                {
                    enable: true,
                    findingPublishingFrequency: args.findingPublishingFrequency ?? THREAT_DETECTION_DEFAULTS.findingPublishingFrequency,
                    tags: { Name: physicalName(args.namePrefix, "guardduty") },
                },
                { parent: this },
            );
            for (const feature of features) {
                new aws.guardduty.DetectorFeature(
                    `${name}-guardduty-${feature.toLowerCase().replace(/_/g, "-")}`,
                    { detectorId: detector.id, name: feature, status: "ENABLED" },
                    { parent: this },
                );
            }
            this.detectorId = detector.id;
        }
        if (args.configRecorder) {
            this.configRecorder = new ConfigRecorder(`${name}-config`, { namePrefix: args.namePrefix, ...args.configRecorder }, { parent: this });
        }
        if (securityHub) {
            new aws.securityhub.Account(
                `${name}-security-hub`,
                { enableDefaultStandards: true, autoEnableControls: true, controlFindingGenerator: "SECURITY_CONTROL" },
                // AWS recommends recording before the standards are enabled, so that the first
                // control findings are accurate: the hub waits for the recorder to be started.
                { parent: this, dependsOn: this.configRecorder ? [this.configRecorder] : [] },
            );
        }
        this.securityHubEnabled = securityHub;
        this.registerOutputs({
            detectorId: this.detectorId,
            securityHubEnabled: this.securityHubEnabled,
            configRecorderName: this.configRecorder?.recorderName,
        });
    }
}
