import * as pulumi from "@pulumi/pulumi";
import { COST_EXPLORER_REGION } from "../lib/budget";
import { PlatformConfig } from "./config/load";
import { StackFileSummary } from "./config/stackFiles";

/**
 * Settings that deploy fine but that a stack should not go live with: each is a warning that names
 * the file, the key and what to do. `pulumi preview` and `pulumi up` show them, and the offline plan
 * lists them. Pure: derived from the validated config and the other stack files of the project
 * (`others`, which the program reads from the project directory).
 */
export function launchWarnings(cfg: PlatformConfig, others: readonly StackFileSummary[]): string[] {
    if (cfg.role === "dr") return [];
    return [...productionWarnings(cfg), ...proxyWarnings(cfg), ...coverageWarnings(cfg, others)];
}

/**
 * RDS Proxy sits in the isolated subnets, which have no route out; reports say it reads its secret
 * from inside the VPC (docs/database.md), which then needs the `secretsmanager` endpoint.
 */
function proxyWarnings(cfg: PlatformConfig): string[] {
    if (!cfg.database.proxy.enabled || cfg.network.interfaceEndpoints.includes("secretsmanager")) return [];
    return [
        `${cfg.file}: startup-platform:database.proxy is on but startup-platform:network.interfaceEndpoints has no secretsmanager, and the proxy in the isolated subnets may not reach its secret (its targets then stay UNAVAILABLE); add secretsmanager to interfaceEndpoints, as Pulumi.prod.yaml does, unless the first deploy shows the proxy AVAILABLE without it`,
    ];
}

/** What prod should set before launch. */
function productionWarnings(cfg: PlatformConfig): string[] {
    if (!cfg.isProd) return [];
    const warnings: string[] = [];
    if (cfg.identity !== undefined && cfg.identity.emailSender === undefined) {
        warnings.push(
            `${cfg.file}: startup-platform:identity.emailSender is not set, so Cognito sends sign-up and password-reset emails with its built-in sender, whose daily quota is far below production volume; verify an SES identity (out of the SES sandbox) and set emailSender before launch`,
        );
    }
    if (cfg.identity !== undefined && cfg.identity.threatProtection !== "ENFORCED") {
        const now =
            cfg.identity.threatProtection === "AUDIT"
                ? "threatProtection is AUDIT, which only scores sign-ins and blocks none"
                : `threatProtection is OFF (featurePlan ${cfg.identity.featurePlan})`;
        warnings.push(
            `${cfg.file}: startup-platform:identity.threatProtection: ${now}, so compromised credentials and risky sign-ins are not stopped (Security Hub Cognito.1 fails); set featurePlan: PLUS and threatProtection: ENFORCED (PLUS is billed per monthly active user, with no free tier), after a spell in AUDIT for a pool that already has users`,
        );
    }
    if (!cfg.budget.activateCostAllocationTags && cfg.region === COST_EXPLORER_REGION) {
        warnings.push(
            `${cfg.file}: startup-platform:budget.activateCostAllocationTags is false, so the budgets see no cost until Stack and CostCenter are activated as cost allocation tags; set it to true once they show in Billing (up to a day after the first deploy), or activate them in the console`,
        );
    }
    if (cfg.access.manageAccount && cfg.access.identityCenter === undefined) {
        warnings.push(
            `${cfg.file}: startup-platform:access.identityCenter is not set, so people reach this account only as break-glass IAM users, whose every use alerts the operations topic; give the team permission sets through IAM Identity Center (identityCenter.region and groups) before launch`,
        );
    }
    return warnings;
}

/**
 * A primary stack that turns threat detection off trusts another stack of the account to cover
 * its region, as dev relies on prod in us-east-1. A copy of such a file in another region (a new
 * environment made from dev) is watched by nobody: say so, naming the key. GuardDuty detectors and
 * Security Hub work per region; the CloudTrail trail is multi-Region (components/auditTrail.ts), so
 * any stack's trail covers every region of the account. Assumes the stack files share one account,
 * as this repository's do.
 */
function coverageWarnings(cfg: PlatformConfig, others: readonly StackFileSummary[]): string[] {
    const sameRegion = others.filter((o) => o.region === cfg.region);
    const unless = `unless a stack outside this repository covers ${cfg.region} of this account`;
    const warnings: string[] = [];
    if (!cfg.security.guardDuty && !sameRegion.some((o) => o.security?.guardDuty === true)) {
        warnings.push(
            `${cfg.file}: startup-platform:security.guardDuty is false and no other stack file runs a GuardDuty detector in ${cfg.region} (a detector watches only its own region), so nothing looks for threats there; set guardDuty: true, ${unless}`,
        );
    }
    if (!cfg.security.securityHub && !sameRegion.some((o) => o.security?.securityHub === true)) {
        warnings.push(
            `${cfg.file}: startup-platform:security.securityHub is false and no other stack file enables Security Hub in ${cfg.region} (it checks only its own region), so nothing checks this region's resources against its controls; set securityHub: true with a configRecorder (includeGlobalResourceTypes: false and createServiceLinkedRole: false when another stack of the account records the global types and owns the role), ${unless}`,
        );
    }
    if (!cfg.access.breakGlassAlerts && !sameRegion.some((o) => o.breakGlassAlerts)) {
        warnings.push(
            `${cfg.file}: startup-platform:access.breakGlassAlerts is false and no other stack file watches ${cfg.region} for break-glass use (EventBridge sees IAM-user and root activity only in its own region), so a break-glass user working there goes unreported; set breakGlassAlerts: true, ${unless}`,
        );
    }
    if (!cfg.security.cloudTrail && !others.some((o) => o.security?.cloudTrail === true)) {
        warnings.push(
            `${cfg.file}: startup-platform:security.cloudTrail is false and no other stack file creates the account's multi-Region trail, so nothing records this stack's API calls; set cloudTrail: true in one stack of the account (prod), unless a trail outside this repository covers it`,
        );
    }
    return warnings;
}

type WarningSink = (message: string) => void;

let sink: WarningSink = (message) => void pulumi.log.warn(message);

/** Sends a warning to where the current run shows it (the Pulumi engine, or the offline plan). */
export function warn(message: string): void {
    sink(message);
}

/** Replaces where warnings go (the offline plan collects them); returns a function that restores it. */
export function redirectWarnings(to: WarningSink): () => void {
    const previous = sink;
    sink = to;
    return () => {
        sink = previous;
    };
}
