/**
 * Regional threat detection as data: the GuardDuty protection plans and finding frequencies, the
 * agents Runtime Monitoring manages, and what Amazon Inspector scans. Shared by the `security`
 * config section, which declares the settings, and `components/threatDetection.ts`, which creates
 * the resources.
 */

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
