import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigRecorder } from "./configRecorder";
import { physicalName } from "../lib/naming";
import { InspectorResourceType, RUNTIME_MONITORING_AGENTS } from "../lib/threatDetection";
import { parseSettings } from "../stacks/config/rules";
import { ThreatDetectionSettings, threatDetectionSettingsSchema } from "../stacks/config/security";

/** What the stack wires into threat detection. */
export interface ThreatDetectionWiring {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the provider: the recorder's bucket and key live there. */
    readonly region: string;
    /** The account Inspector is enabled for (by id) and the recorder records. */
    readonly accountId: pulumi.Input<string>;
    /** AWS partition (`aws`), for the recorder's service-linked role. */
    readonly partition: pulumi.Input<string>;
    /** The stack's access-log bucket, for the recorder bucket's S3 server access logs. @default - none */
    readonly accessLogBucketName?: pulumi.Input<string>;
    /** Let `pulumi destroy` delete the recorder's bucket while it holds files (never in prod). @default false */
    readonly forceDestroy?: boolean;
    /** Protect the recorder, its bucket and its key from deletion by Pulumi. @default false */
    readonly protect?: boolean;
    /**
     * Aliases of the analyzer when it moves here from another component, so it is not replaced
     * (its name is fixed, and a replacement would be created before the old one is deleted).
     * @default []
     */
    readonly accessAnalyzerAliases?: readonly pulumi.Input<pulumi.Alias>[];
}

/**
 * The threat detection keys of the `security` section (stacks/config/security.ts: guardDuty and
 * its features and frequency, securityHub, configRecorder, inspector, accessAnalyzer), checked
 * with the section's rules, plus the wiring.
 */
export type ThreatDetectionArgs = z.input<typeof threatDetectionSettingsSchema> & ThreatDetectionWiring;

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
        const s = parseSettings("ThreatDetection", name, threatDetectionSettingsSchema, args);
        if (!s.guardDuty && !s.securityHub && !s.configRecorder && !s.inspector && !s.accessAnalyzer) {
            throw new Error(`ThreatDetection ${name}: neither GuardDuty, Security Hub, an AWS Config recorder, Inspector nor Access Analyzer is enabled; do not create the component`);
        }
        super("startup:security:ThreatDetection", name, {}, opts);

        this.detectorId = s.guardDuty ? this.detector(name, args, s) : undefined;
        if (s.configRecorder) {
            this.configRecorder = new ConfigRecorder(
                `${name}-config`,
                {
                    ...s.configRecorder,
                    namePrefix: args.namePrefix,
                    region: args.region,
                    accountId: args.accountId,
                    partition: args.partition,
                    accessLogBucketName: args.accessLogBucketName,
                    forceDestroy: args.forceDestroy,
                    protect: args.protect,
                },
                { parent: this },
            );
        }
        if (s.inspector !== undefined) this.inspector(name, args, s.inspector);
        this.accessAnalyzerArn = s.accessAnalyzer ? this.accessAnalyzer(name, args) : undefined;
        if (s.securityHub) {
            new aws.securityhub.Account(
                `${name}-security-hub`,
                { enableDefaultStandards: true, autoEnableControls: true, controlFindingGenerator: "SECURITY_CONTROL" },
                // AWS recommends recording before the standards are enabled, so that the first
                // control findings are accurate: the hub waits for the recorder to be started.
                { parent: this, dependsOn: this.configRecorder ? [this.configRecorder] : [] },
            );
        }
        this.securityHubEnabled = s.securityHub;
        this.inspectorResourceTypes = s.inspector?.resourceTypes ?? [];
        this.registerOutputs({
            accessAnalyzerArn: this.accessAnalyzerArn,
            inspectorResourceTypes: this.inspectorResourceTypes,
            detectorId: this.detectorId,
            securityHubEnabled: this.securityHubEnabled,
            configRecorderName: this.configRecorder?.recorderName,
        });
    }

    /** The region's GuardDuty detector with its protection plans; returns its id. */
    private detector(name: string, args: ThreatDetectionArgs, s: ThreatDetectionSettings): pulumi.Output<string> {
        const detector = new aws.guardduty.Detector(
            `${name}-guardduty`,
            {
                enable: true,
                findingPublishingFrequency: s.findingPublishingFrequency,
                tags: { Name: physicalName(args.namePrefix, "guardduty") },
            },
            { parent: this },
        );
        for (const feature of s.guardDutyFeatures) {
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
        return detector.id;
    }

    /** Amazon Inspector for the account and, when it scans ECR, the registry's enhanced scanning. */
    private inspector(name: string, args: ThreatDetectionArgs, inspector: NonNullable<ThreatDetectionSettings["inspector"]>): void {
        const types = inspector.resourceTypes;
        const enabler = new aws.inspector2.Enabler(`${name}-inspector`, { accountIds: [args.accountId], resourceTypes: [...types] }, { parent: this });
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
                            scanFrequency: inspector.ecrScanFrequency,
                            repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }],
                        },
                    ],
                },
                { parent: this, dependsOn: [enabler] },
            );
        }
    }

    /** The region's IAM Access Analyzer for the account; returns its ARN. */
    private accessAnalyzer(name: string, args: ThreatDetectionArgs): pulumi.Output<string> {
        const analyzerName = physicalName(args.namePrefix, "account-access");
        const analyzer = new aws.accessanalyzer.Analyzer(
            `${name}-access-analyzer`,
            { analyzerName, type: "ACCOUNT", tags: { Name: analyzerName } },
            { parent: this, aliases: [...(args.accessAnalyzerAliases ?? [])] },
        );
        return analyzer.arn;
    }
}
