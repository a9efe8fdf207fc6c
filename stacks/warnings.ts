import * as pulumi from "@pulumi/pulumi";
import { COST_EXPLORER_REGION } from "../lib/budget";
import { PlatformConfig } from "./config/load";

/**
 * Settings that deploy fine but that a production stack should not go live with: each is a
 * warning that names the key and what to do. `pulumi preview` and `pulumi up` show them, and the
 * offline plan lists them. Pure: derived from the validated config only.
 */
export function launchWarnings(cfg: PlatformConfig): string[] {
    if (!cfg.isProd || cfg.role === "dr") return [];
    const warnings: string[] = [];
    if (cfg.identity !== undefined && cfg.identity.emailSender === undefined) {
        warnings.push(
            `${cfg.file}: startup-platform:identity.emailSender is not set, so Cognito sends sign-up and password-reset emails with its built-in sender, whose daily quota is far below production volume; verify an SES identity (out of the SES sandbox) and set emailSender before launch`,
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
