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

/**
 * Agents GuardDuty deploys and manages itself with RUNTIME_MONITORING. The program runs EC2
 * instances only (agent through Systems Manager); the ECS Fargate and EKS add-on managements cost
 * nothing without such workloads and keep Security Hub's GuardDuty.7 and GuardDuty.12 passing.
 */
export const RUNTIME_MONITORING_AGENTS = ["EC2_AGENT_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EKS_ADDON_MANAGEMENT"] as const;

/** What Amazon Inspector can scan (`aws.inspector2.Enabler` resource types used here). */
export const INSPECTOR_RESOURCE_TYPES = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] as const;
export type InspectorResourceType = (typeof INSPECTOR_RESOURCE_TYPES)[number];

/** How the registry's enhanced scanning runs (ECR registry scanning rules). */
export const ECR_SCAN_FREQUENCIES = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"] as const;

export interface InspectorArgs {
    /** What Inspector scans in this account and region. */
    readonly resourceTypes: readonly InspectorResourceType[];
    /**
     * With ECR: the registry's enhanced scanning frequency for every repository.
     * @default "CONTINUOUS_SCAN"
     */
    readonly ecrScanFrequency?: (typeof ECR_SCAN_FREQUENCIES)[number];
}

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
    /** The account that Amazon Inspector is enabled for (Inspector needs it by id). */
    readonly accountId?: pulumi.Input<string>;
    /**
     * Amazon Inspector for the account in the provider's region (one per account and region); with
     * ECR, also the registry's enhanced scanning configuration. Needs `accountId`.
     * @default - none
     */
    readonly inspector?: InspectorArgs;
    /** Create an IAM Access Analyzer for the account (type ACCOUNT) in the provider's region. @default false */
    readonly accessAnalyzer?: boolean;
    /**
     * Aliases of the analyzer when it moves here from another component, so it is not replaced
     * (its name is fixed, and a replacement would be created before the old one is deleted).
     * @default []
     */
    readonly accessAnalyzerAliases?: readonly pulumi.Input<pulumi.Alias>[];
}

export const THREAT_DETECTION_DEFAULTS = {
    guardDuty: true,
    findingPublishingFrequency: "FIFTEEN_MINUTES",
    securityHub: false,
    accessAnalyzer: false,
    ecrScanFrequency: "CONTINUOUS_SCAN",
} as const;

/**
 * Regional threat detection: a GuardDuty detector (CloudTrail management events, VPC flow logs and
 * DNS logs, plus the configured protection plans), Amazon Inspector, an IAM Access Analyzer, and
 * Security Hub with the AWS Config recorder its controls need. All are one per account and region,
 * so exactly one stack per account and region may create them.
 */
export class ThreatDetection extends pulumi.ComponentResource {
    public readonly detectorId?: pulumi.Output<string>;
    public readonly securityHubEnabled: boolean;
    public readonly configRecorder?: ConfigRecorder;
    public readonly accessAnalyzerArn?: pulumi.Output<string>;
    /** Resource types Amazon Inspector scans here; empty when Inspector is not enabled by this stack. */
    public readonly inspectorResourceTypes: readonly InspectorResourceType[];

    constructor(name: string, args: ThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        const guardDuty = args.guardDuty ?? THREAT_DETECTION_DEFAULTS.guardDuty;
        const features = args.guardDutyFeatures ?? [];
        const securityHub = args.securityHub ?? THREAT_DETECTION_DEFAULTS.securityHub;
        const problems: string[] = [];
        const accessAnalyzer = args.accessAnalyzer ?? THREAT_DETECTION_DEFAULTS.accessAnalyzer;
        if (!guardDuty && !securityHub && !args.configRecorder && !args.inspector && !accessAnalyzer) {
            problems.push("neither GuardDuty, Security Hub, an AWS Config recorder, Inspector nor Access Analyzer is enabled; do not create the component");
        }
        if (args.inspector !== undefined) {
            const types = args.inspector.resourceTypes;
            if (types.length === 0) problems.push("inspector.resourceTypes must name at least one resource type");
            if (new Set(types).size !== types.length) problems.push(`inspector.resourceTypes repeat: ${types.join(", ")}`);
            if (types.includes("LAMBDA_CODE") && !types.includes("LAMBDA")) problems.push("inspector LAMBDA_CODE needs LAMBDA");
            if (args.accountId === undefined) problems.push("inspector needs accountId (Inspector is enabled for an account by id)");
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
                    {
                        detectorId: detector.id,
                        name: feature,
                        status: "ENABLED",
                        // Without an agent Runtime Monitoring sees nothing: GuardDuty installs and updates
                        // it through Systems Manager (EC2) and reaches it through a VPC endpoint it creates.
                        ...(feature === "RUNTIME_MONITORING"
                            ? { additionalConfigurations: RUNTIME_MONITORING_AGENTS.map((agent) => ({ name: agent, status: "ENABLED" })) }
                            : {}),
                    },
                    { parent: this },
                );
            }
            this.detectorId = detector.id;
        }
        if (args.configRecorder) {
            this.configRecorder = new ConfigRecorder(`${name}-config`, { namePrefix: args.namePrefix, ...args.configRecorder }, { parent: this });
        }
        if (args.inspector !== undefined && args.accountId !== undefined) {
            const types = args.inspector.resourceTypes;
            const enabler = new aws.inspector2.Enabler(
                `${name}-inspector`,
                { accountIds: [args.accountId], resourceTypes: [...types] },
                { parent: this },
            );
            if (types.includes("ECR")) {
                // Inspector's ECR scanning is the registry's enhanced scanning. Stated here so the
                // frequency is ours; with it, the repositories' own scanOnPush (basic scanning) is
                // no longer used.
                new aws.ecr.RegistryScanningConfiguration(
                    `${name}-ecr-scanning`,
                    {
                        scanType: "ENHANCED",
                        rules: [
                            {
                                scanFrequency: args.inspector.ecrScanFrequency ?? THREAT_DETECTION_DEFAULTS.ecrScanFrequency,
                                repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }],
                            },
                        ],
                    },
                    { parent: this, dependsOn: [enabler] },
                );
            }
        }
        if (accessAnalyzer) {
            const analyzerName = physicalName(args.namePrefix, "account-access");
            const analyzer = new aws.accessanalyzer.Analyzer(
                `${name}-access-analyzer`,
                { analyzerName, type: "ACCOUNT", tags: { Name: analyzerName } },
                { parent: this, aliases: [...(args.accessAnalyzerAliases ?? [])] },
            );
            this.accessAnalyzerArn = analyzer.arn;
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
        this.inspectorResourceTypes = args.inspector?.resourceTypes ?? [];
        this.registerOutputs({
            accessAnalyzerArn: this.accessAnalyzerArn,
            inspectorResourceTypes: this.inspectorResourceTypes,
            detectorId: this.detectorId,
            securityHubEnabled: this.securityHubEnabled,
            configRecorderName: this.configRecorder?.recorderName,
        });
    }
}
