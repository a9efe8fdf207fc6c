import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CostBudget } from "../components/costBudget";
import { TeamAccess } from "../components/teamAccess";
import { ThreatDetection } from "../components/threatDetection";
import { ConfigError, PlatformConfig } from "./config/load";
import { Foundation } from "./network";
import { AccountContext } from "./providers";

/**
 * The operations and security baseline of a stack. Account-wide pieces (team access) are built only
 * by the primary stack whose config manages the account; the DR stack builds only what is scoped to
 * its own region.
 */
export interface Baseline {
    readonly teamAccess?: TeamAccess;
    readonly threatDetection?: ThreatDetection;
    readonly budget: CostBudget;
}

/** The pieces every stack builds in its own region: GuardDuty/Security Hub per config, and its budget. */
function buildRegionalBaseline(cfg: PlatformConfig, provider: aws.Provider): Pick<Baseline, "threatDetection" | "budget"> {
    const threatDetection =
        cfg.security.guardDuty || cfg.security.securityHub
            ? new ThreatDetection(
                  "threat-detection",
                  {
                      namePrefix: cfg.namePrefix,
                      guardDuty: cfg.security.guardDuty,
                      guardDutyFeatures: cfg.security.guardDutyFeatures,
                      findingPublishingFrequency: cfg.security.findingPublishingFrequency,
                      securityHub: cfg.security.securityHub,
                  },
                  { provider },
              )
            : undefined;
    const budget = new CostBudget(
        "budget",
        {
            namePrefix: cfg.namePrefix,
            monthlyLimitUsd: cfg.budget.monthlyLimitUsd,
            alertEmails: cfg.budget.alertEmails,
            tagFilter: { key: cfg.budget.filterTag, value: cfg.tags[cfg.budget.filterTag] },
            actualThresholdsPercent: cfg.budget.actualThresholdsPercent,
            forecastedThresholdsPercent: cfg.budget.forecastedThresholdsPercent,
        },
        { provider },
    );
    return { threatDetection, budget };
}

export function buildPrimaryBaseline(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider, _foundation: Foundation): Baseline {
    const teamAccess = cfg.access.manageAccount
        ? new TeamAccess(
              "team-access",
              {
                  namePrefix: cfg.namePrefix,
                  accountId: account.accountId,
                  partition: account.partition,
                  project: cfg.project,
                  users: cfg.access.users,
                  developerAccess: cfg.access.developerAccess,
                  minimumPasswordLength: cfg.access.minimumPasswordLength,
                  passwordReusePrevention: cfg.access.passwordReusePrevention,
                  maxPasswordAgeDays: cfg.access.maxPasswordAgeDays,
                  accessAnalyzer: cfg.access.accessAnalyzer,
              },
              { provider },
          )
        : undefined;
    return { teamAccess, ...buildRegionalBaseline(cfg, provider) };
}

/**
 * Baseline settings a DR stack must not have; checked before the DR stack registers anything.
 */
export function checkDrBaselineConfig(cfg: PlatformConfig): void {
    const problems: string[] = [];
    if (cfg.access.manageAccount) {
        // DR runs in the primary's account: a second TeamAccess would fight over the same
        // account-wide password policy and group names.
        problems.push("startup-platform:access.manageAccount: the DR stack shares the primary's account and never manages account-wide IAM; remove it (the primary stack owns access)");
    }
    if (problems.length > 0) throw new ConfigError(cfg.file, problems);
}

export function buildDrBaseline(cfg: PlatformConfig, _account: AccountContext, provider: aws.Provider, _foundation: Foundation): Baseline {
    checkDrBaselineConfig(cfg);
    return buildRegionalBaseline(cfg, provider);
}

/** Stack outputs of the baseline. */
export function baselineOutputs(baseline: Baseline): Record<string, pulumi.Input<unknown>> {
    return {
        budgetName: baseline.budget.budgetName,
        ...(baseline.threatDetection?.detectorId ? { guardDutyDetectorId: baseline.threatDetection.detectorId } : {}),
        ...(baseline.teamAccess ? { teamGroupNames: baseline.teamAccess.groupNames, teamUserNames: baseline.teamAccess.userNames } : {}),
    };
}
