import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CostBudget } from "../components/costBudget";
import { Operations } from "../components/operations";
import { OperationsDashboard } from "../components/operationsDashboard";
import { PlatformKey } from "../components/platformKey";
import { TeamAccess } from "../components/teamAccess";
import { ThreatDetection } from "../components/threatDetection";
import {
    DashboardWidget,
    alarmStatusWidget,
    flowLogRejectsWidget,
    natGatewayWidgets,
    textWidget,
    topicKeyServices,
} from "../lib/operations";
import { ConfigError, PlatformConfig } from "./config/load";
import { Foundation } from "./network";
import { AccountContext } from "./providers";

/**
 * The operations and security baseline of a stack. Account-wide pieces (team access) are built only
 * by the primary stack whose config manages the account; the DR stack builds only what is scoped to
 * its own region: threat detection, the operations topic, its budget.
 */
export interface Baseline {
    readonly teamAccess?: TeamAccess;
    readonly threatDetection?: ThreatDetection;
    /** The key of the operations topic. */
    readonly opsKey: PlatformKey;
    /** The operations topic; other components' alarms go through `operations.addAlarms`. */
    readonly operations: Operations;
    readonly budget: CostBudget;
}

/** What every stack builds in its own region. */
function buildRegionalBaseline(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider): Omit<Baseline, "teamAccess"> {
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
    // CloudWatch alarms and AWS Budgets encrypt what they publish to the topic with this key.
    const opsKey = new PlatformKey(
        "ops",
        {
            purpose: "ops",
            namePrefix: cfg.namePrefix,
            accountId: account.accountId,
            partition: account.partition,
            region: cfg.region,
            services: topicKeyServices(),
            protect: cfg.protect,
        },
        { provider },
    );
    const operations = new Operations(
        "operations",
        {
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            partition: account.partition,
            kmsKeyArn: opsKey.keyArn,
            alertEmails: cfg.operations.alertEmails,
        },
        { provider },
    );
    const budget = new CostBudget(
        "budget",
        {
            namePrefix: cfg.namePrefix,
            monthlyLimitUsd: cfg.budget.monthlyLimitUsd,
            alertEmails: cfg.budget.alertEmails,
            tagFilter: { key: cfg.budget.filterTag, value: cfg.tags[cfg.budget.filterTag] },
            actualThresholdsPercent: cfg.budget.actualThresholdsPercent,
            forecastedThresholdsPercent: cfg.budget.forecastedThresholdsPercent,
            alertTopicArn: operations.topicArn,
        },
        { provider },
    );
    return { threatDetection, opsKey, operations, budget };
}

export function buildPrimaryBaseline(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider): Baseline {
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
    return { teamAccess, ...buildRegionalBaseline(cfg, account, provider) };
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

export function buildDrBaseline(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider): Baseline {
    checkDrBaselineConfig(cfg);
    return buildRegionalBaseline(cfg, account, provider);
}

/**
 * The stack's dashboard, built last so it shows what the stack built: the network's widgets, the
 * alarms added to the operations topic so far, and `extraWidgets` from other components.
 */
export function buildDashboard(
    cfg: PlatformConfig,
    foundation: Foundation,
    baseline: Baseline,
    provider: aws.Provider,
    extraWidgets: ReadonlyArray<pulumi.Input<DashboardWidget>> = [],
): OperationsDashboard | undefined {
    if (!cfg.operations.dashboard) return undefined;
    const alarmArns = baseline.operations.alarmArns;
    const widgets = pulumi
        .all([foundation.network.flowLogGroupName, pulumi.all(alarmArns), pulumi.all([...extraWidgets])])
        .apply(([flowLogGroup, alarms, extra]) => [
            textWidget(`# ${cfg.namePrefix} (${cfg.environment}, ${cfg.role}, ${cfg.region})\nAlarms notify the operations topic; see docs/operations.md.`),
            ...(alarms.length > 0 ? [alarmStatusWidget(alarms)] : []),
            // NAT gateway ids are not exposed by VpcTier yet: the graphs cover the region's gateways.
            ...natGatewayWidgets(cfg.region),
            flowLogRejectsWidget(cfg.region, flowLogGroup),
            ...extra,
        ]);
    return new OperationsDashboard("dashboard", { namePrefix: cfg.namePrefix, widgets }, { provider });
}

/** Stack outputs of the baseline. */
export function baselineOutputs(baseline: Baseline, dashboard?: OperationsDashboard): Record<string, pulumi.Input<unknown>> {
    return {
        operationsTopicArn: baseline.operations.topicArn,
        budgetName: baseline.budget.budgetName,
        ...(dashboard ? { dashboardName: dashboard.dashboardName } : {}),
        ...(baseline.threatDetection?.detectorId ? { guardDutyDetectorId: baseline.threatDetection.detectorId } : {}),
        ...(baseline.teamAccess ? { teamGroupNames: baseline.teamAccess.groupNames, teamUserNames: baseline.teamAccess.userNames } : {}),
    };
}
