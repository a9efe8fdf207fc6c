import { PlatformConfig } from "./load";
import { pinnedAccount } from "./deployment";

/**
 * Things AWS allows once per account, or once per account and Region, and the config key that
 * makes a stack own each. No stack can see another's config when it runs, so these are checked
 * across the stack files instead (`singletonConflicts`, run by the tests over every
 * `Pulumi.<stack>.yaml`): two stacks that may share an account must not both own one.
 */
export interface Singleton {
    /** The key, below `startup-platform:`, that makes a stack own it. */
    readonly key: string;
    readonly scope: "account" | "region";
    /** What it is, for the message. */
    readonly what: string;
    readonly owns: (cfg: PlatformConfig) => boolean;
}

export const SINGLETONS: readonly Singleton[] = [
    {
        key: "access.manageAccount",
        scope: "account",
        what: "the account's access baseline (password policy, break-glass group and alert, permission sets, security contact)",
        owns: (cfg) => cfg.access.manageAccount,
    },
    {
        key: "access.breakGlassAlerts",
        scope: "region",
        what: "the Region's break-glass alert rule (EventBridge sees only its own Region's events)",
        owns: (cfg) => cfg.access.breakGlassAlerts,
    },
    { key: "security.cloudTrail", scope: "account", what: "the account's multi-Region CloudTrail trail", owns: (cfg) => cfg.security.cloudTrail },
    {
        key: "access.sessionManager",
        scope: "region",
        what: "the Region's Session Manager preferences (the SSM-SessionManagerRunShell document)",
        owns: (cfg) => cfg.access.sessionManager !== undefined,
    },
    { key: "security.guardDuty", scope: "region", what: "the Region's GuardDuty detector", owns: (cfg) => cfg.security.guardDuty },
    { key: "security.securityHub", scope: "region", what: "the Region's Security Hub", owns: (cfg) => cfg.security.securityHub },
    { key: "security.inspector", scope: "region", what: "the Region's Amazon Inspector scanning and ECR registry scanning configuration", owns: (cfg) => cfg.security.inspector !== undefined },
    { key: "security.accessAnalyzer", scope: "region", what: "the Region's account IAM Access Analyzer", owns: (cfg) => cfg.security.accessAnalyzer },
    {
        key: "security.guardrails",
        scope: "region",
        what: "the Region's account guardrails (EBS encryption by default, EBS snapshot and AMI public access blocks, VPC Block Public Access, SSM document sharing, SSM Automation logging)",
        owns: (cfg) => cfg.security.guardrails !== undefined,
    },
    {
        key: "security.guardrails.s3AccountPublicAccessBlock",
        scope: "account",
        what: "the account's S3 public access block",
        owns: (cfg) => cfg.security.guardrails?.s3AccountPublicAccessBlock === true,
    },
    {
        key: "security.configRecorder",
        scope: "region",
        what: "the Region's AWS Config recorder and delivery channel",
        owns: (cfg) => cfg.security.configRecorder !== undefined,
    },
];

/** Two stacks may share an account unless both are pinned to different ones (deployment.accountId). */
function mayShareAccount(a: PlatformConfig, b: PlatformConfig): boolean {
    const [x, y] = [pinnedAccount(a.deployment), pinnedAccount(b.deployment)];
    return x === undefined || y === undefined || x === y;
}

/** Every singleton two stacks would both create in one account (and Region), one message each. */
export function singletonConflicts(stacks: readonly PlatformConfig[]): string[] {
    const problems: string[] = [];
    for (const singleton of SINGLETONS) {
        const owners = stacks.filter(singleton.owns);
        owners.forEach((a, i) => {
            for (const b of owners.slice(i + 1)) {
                if (singleton.scope === "region" && a.region !== b.region) continue;
                if (!mayShareAccount(a, b)) continue;
                const where = singleton.scope === "region" ? ` in ${a.region}` : "";
                const pinned = pinnedAccount(a.deployment) !== undefined && pinnedAccount(b.deployment) !== undefined;
                problems.push(
                    `${a.file} and ${b.file} both set startup-platform:${singleton.key}${where} and ${pinned ? "deploy into the same account" : "may share an account (set startup-platform:deployment.accountId on both if they do not)"}: ${singleton.what} exists once per account${singleton.scope === "region" ? " and Region" : ""}; keep it in one of them`,
                );
            }
        });
    }
    return problems;
}
