import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuditTrail } from "../components/auditTrail";
import { BackupPlan } from "../components/backupPlan";
import { BackupVault } from "../components/backupVault";
import { BreakGlassAlert } from "../components/breakGlassAlert";
import { CostBudget } from "../components/costBudget";
import { IdentityCenterAccess } from "../components/identityCenterAccess";
import { Operations } from "../components/operations";
import { OperationsDashboard } from "../components/operationsDashboard";
import { PlatformKey } from "../components/platformKey";
import { SessionPreferences } from "../components/sessionPreferences";
import { TeamAccess } from "../components/teamAccess";
import { ThreatDetection } from "../components/threatDetection";
import { cisAlarmSpecs } from "../lib/audit";
import { BACKUP_COPY_VAULT_NAME, backupSelectionTag } from "../lib/backup";
import { COST_EXPLORER_REGION } from "../lib/budget";
import { physicalName } from "../lib/naming";
import {
    DashboardWidget,
    alarmStatusWidget,
    flowLogRejectsWidget,
    natGatewayWidgets,
    textWidget,
    topicKeyServices,
} from "../lib/operations";
import { PlatformConfig } from "./config/load";
import { Foundation, stackKeyArgs } from "./foundation";
import { PRIMARY_EXPORTS } from "./outputs";
import { AccountContext, identityCenterProvider } from "./providers";

/**
 * The operations and security baseline of a stack. Account-wide pieces (team access, the CloudTrail
 * trail) are built only by the primary stack whose config says so; the DR stack builds only what is
 * scoped to its own region: threat detection, the operations topic and dashboard, its budget, and
 * the vault the primary's backups are copied into.
 */
export interface Baseline {
    /** The break-glass IAM group, password policy and break-glass alert of the account. */
    readonly teamAccess?: TeamAccess;
    /** People's permission sets in IAM Identity Center. */
    readonly identityCenter?: IdentityCenterAccess;
    /**
     * The Region's break-glass alert, in a stack that watches its Region without managing the
     * account (DR); the managing stack's is in TeamAccess.
     */
    readonly breakGlassAlert?: BreakGlassAlert;
    /** The Region's Session Manager preferences, owned by one stack per account and Region. */
    readonly sessionPreferences?: SessionPreferences;
    /** The account's multi-Region trail; built by the one primary stack whose config says so. */
    readonly auditTrail?: AuditTrail;
    readonly threatDetection?: ThreatDetection;
    /** The key of the operations topic. */
    readonly opsKey: PlatformKey;
    /** The operations topic; other components' alarms go through `operations.addAlarms`. */
    readonly operations: Operations;
    readonly budget: CostBudget;
    /** The vault: the stack's own recovery points (primary), or the copies of the primary's (DR). */
    readonly backupVault?: BackupVault;
    /** The primary's plan; stateful resources add `backupPlan.selectionTag` to their tags. */
    readonly backupPlan?: BackupPlan;
}

/**
 * The tag a stateful resource of a primary stack carries to be selected by the stack's backup plan
 * (the same key and value as `BackupPlan.selectionTag`); none when the stack backs nothing up.
 */
export function backupTags(cfg: PlatformConfig): Record<string, string> {
    return cfg.role === "primary" && cfg.backup.enabled ? backupSelectionTag(cfg.stack) : {};
}

/** A customer-managed key for a backup vault. */
function backupKey(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider): PlatformKey {
    // No service principal: AWS Backup uses the key through grants made with the backup role's
    // IAM permissions, which the key policy's account statement delegates to IAM.
    return new PlatformKey(
        "backup",
        stackKeyArgs(cfg, account, "backup"),
        { provider },
    );
}

/** What every stack builds in its own region. */
function buildRegionalBaseline(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider, foundation: Foundation): Omit<Baseline, "teamAccess" | "identityCenter"> {
    const security = cfg.security;
    const threatDetection =
        security.guardDuty || security.securityHub || security.configRecorder !== undefined || security.inspector !== undefined || security.accessAnalyzer
            ? new ThreatDetection(
                  "threat-detection",
                  {
                      ...security,
                      namePrefix: cfg.namePrefix,
                      region: cfg.region,
                      accountId: account.accountId,
                      partition: account.partition,
                      accessLogBucketName: foundation.accessLogs.bucketName,
                      forceDestroy: !cfg.protect,
                      protect: cfg.protect,
                      // The analyzer used to belong to TeamAccess (access.manageAccount): same resource.
                      accessAnalyzerAliases: cfg.access.manageAccount
                          ? [{ name: "team-access-access-analyzer", parent: pulumi.createUrn("team-access", "startup:security:TeamAccess") }]
                          : [],
                  },
                  { provider },
              )
            : undefined;
    // CloudWatch alarms, AWS Budgets and EventBridge rules encrypt what they publish to the topic with this key.
    const opsKey = new PlatformKey(
        "ops",
        { ...stackKeyArgs(cfg, account, "ops"), services: topicKeyServices() },
        { provider },
    );
    const operations = new Operations(
        "operations",
        { ...cfg.operations, namePrefix: cfg.namePrefix, region: cfg.region, accountId: account.accountId, partition: account.partition, kmsKeyArn: opsKey.keyArn },
        { provider },
    );
    const budget = new CostBudget(
        "budget",
        { ...cfg.budget, namePrefix: cfg.namePrefix, filterTagValue: cfg.tags[cfg.budget.filterTag], alertTopicArn: operations.topicArn },
        { provider },
    );
    const sessions = cfg.access.sessionManager;
    const sessionPreferences =
        sessions === undefined
            ? undefined
            : new SessionPreferences(
                  "session-preferences",
                  { ...sessions, region: cfg.region, accountId: account.accountId, partition: account.partition, protect: cfg.protect, keepSecurityLogs: cfg.keepSecurityLogs },
                  { provider },
              );
    // EventBridge sees IAM-user and root activity only in the Region it happens in: DR, where
    // people work while the primary Region is down, watches its own.
    const breakGlassAlert =
        cfg.access.breakGlassAlerts && !cfg.access.manageAccount
            ? new BreakGlassAlert("break-glass-alert", { namePrefix: cfg.namePrefix, alertTopicArn: operations.topicArn }, { provider })
            : undefined;
    return { threatDetection, opsKey, operations, budget, sessionPreferences, breakGlassAlert };
}

/**
 * The account-wide access baseline of the stack that manages the account: the break-glass IAM
 * group (with the password policy and the alert on its use) and, where
 * configured, people's permission sets in IAM Identity Center.
 */
function buildAccountAccess(
    cfg: PlatformConfig,
    account: AccountContext,
    provider: aws.Provider,
    operations: Operations,
): Pick<Baseline, "teamAccess" | "identityCenter"> {
    if (!cfg.access.manageAccount) return {};
    const teamAccess = new TeamAccess(
        "team-access",
        // The password policy and breakGlassAlerts are the access section's.
        { ...cfg.access, namePrefix: cfg.namePrefix, accountId: account.accountId, partition: account.partition, breakGlassAlertTopicArn: operations.topicArn },
        { provider },
    );
    const ic = cfg.access.identityCenter;
    const icProvider = identityCenterProvider(cfg);
    const identityCenter =
        ic === undefined || icProvider === undefined
            ? undefined
            : new IdentityCenterAccess(
                  "identity-center",
                  {
                      ...ic,
                      developerAccess: cfg.access.developerAccess,
                      namePrefix: cfg.namePrefix,
                      targetAccountId: account.accountId,
                      partition: account.partition,
                      project: cfg.project,
                  },
                  { provider: icProvider },
              );
    return { teamAccess, identityCenter };
}

/**
 * The account's CloudTrail trail, from the stack whose config owns it (`security.cloudTrail`): to
 * S3 and to a CloudWatch Logs group encrypted with the stack's logs key, with the CIS metric
 * filters and their alarms on the operations topic (`security.cisAlarms`).
 */
function buildAuditTrail(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider, foundation: Foundation, operations: Operations): AuditTrail | undefined {
    if (!cfg.security.cloudTrail) return undefined;
    const trail = new AuditTrail(
        "audit-trail",
        {
            ...cfg.security,
            namePrefix: cfg.namePrefix,
            region: cfg.region,
            accountId: account.accountId,
            partition: account.partition,
            logsKmsKeyArn: foundation.logsKey.keyArn,
            accessLogBucketName: foundation.accessLogs.bucketName,
            forceDestroy: !cfg.protect,
            protect: cfg.protect,
            keepSecurityLogs: cfg.keepSecurityLogs,
        },
        { provider },
    );
    // The alarms live where the metrics are: the trail's home Region, this stack's topic.
    operations.addAlarms(cisAlarmSpecs(trail.metricFilters));
    return trail;
}

export function buildPrimaryBaseline(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider, foundation: Foundation): Baseline {
    const regional = buildRegionalBaseline(cfg, account, provider, foundation);
    const access = buildAccountAccess(cfg, account, provider, regional.operations);
    let backupVault: BackupVault | undefined;
    let backupPlan: BackupPlan | undefined;
    if (cfg.backup.enabled) {
        const key = backupKey(cfg, account, provider);
        backupVault = new BackupVault(
            "backup-vault",
            { vaultName: physicalName(cfg.namePrefix, "backup", 50), kmsKeyArn: key.keyArn, protect: cfg.protect },
            { provider },
        );
        backupPlan = new BackupPlan(
            "backup-plan",
            {
                // Schedule, retention and copy region; the copies go to the DR stack's vault (BackupPlan's default copyVaultName).
                ...cfg.backup,
                namePrefix: cfg.namePrefix,
                accountId: account.accountId,
                partition: account.partition,
                vaultName: backupVault.vaultName,
                selectionTagValue: cfg.stack,
                // Copies into the DR vault fail while the DR stack is not deployed (or was
                // destroyed): the operations topic hears of every failed job.
                alertTopicArn: regional.operations.topicArn,
            },
            { provider },
        );
    }
    const auditTrail = buildAuditTrail(cfg, account, provider, foundation, regional.operations);
    return { ...access, auditTrail, ...regional, backupVault, backupPlan };
}

/** Baseline settings a primary stack must not have; checked before it registers anything. */
export function primaryBaselineProblems(cfg: PlatformConfig): string[] {
    const problems: string[] = [];
    if (cfg.backup.copyToRegion === cfg.region) {
        problems.push(`startup-platform:backup.copyToRegion: ${cfg.region} is the stack's own region; copies belong in the DR region (e.g. the DR stack's aws:region)`);
    }
    if (cfg.budget.activateCostAllocationTags && cfg.region !== COST_EXPLORER_REGION) {
        problems.push(
            `startup-platform:budget.activateCostAllocationTags: Cost Explorer's API is served from ${COST_EXPLORER_REGION}; activate the tags from a stack in ${COST_EXPLORER_REGION} (got ${cfg.region}) or in the Billing console`,
        );
    }
    return problems;
}

/**
 * Baseline settings a DR stack must not have; checked before the DR stack registers anything.
 */
export function drBaselineProblems(cfg: PlatformConfig): string[] {
    const problems: string[] = [];
    if (cfg.access.manageAccount) {
        // DR runs in the primary's account: a second TeamAccess would fight over the same
        // account-wide password policy and group names.
        problems.push("startup-platform:access.manageAccount: the DR stack shares the primary's account and never manages account-wide IAM; remove it (the primary stack owns access)");
    }
    if (cfg.backup.copyToRegion !== undefined) {
        problems.push("startup-platform:backup.copyToRegion: the DR stack only holds the copy vault the primary copies into; set copyToRegion in the primary's config");
    }
    if (cfg.budget.activateCostAllocationTags) {
        problems.push("startup-platform:budget.activateCostAllocationTags: cost allocation tags are account-wide and the primary stack activates them; remove it from the DR stack");
    }
    if (cfg.security.cloudTrail) {
        // The primary's trail is multi-Region: it already records the DR region's API calls.
        problems.push("startup-platform:security.cloudTrail: the primary's multi-Region trail already records the DR region; remove it (the primary stack owns the trail)");
    }
    if (cfg.security.configRecorder?.includeGlobalResourceTypes) {
        // Global types recorded in two regions are recorded, billed and evaluated twice.
        problems.push(
            "startup-platform:security.configRecorder.includeGlobalResourceTypes: the primary's recorder records the account's global IAM types and the Aurora global cluster; set false in the DR stack",
        );
    }
    if (cfg.security.configRecorder?.createServiceLinkedRole) {
        problems.push(
            "startup-platform:security.configRecorder.createServiceLinkedRole: AWSServiceRoleForConfig is one per account and the primary stack creates it; set false in the DR stack",
        );
    }
    return problems;
}

export function buildDrBaseline(cfg: PlatformConfig, account: AccountContext, provider: aws.Provider, foundation: Foundation): Baseline {
    // The vault the primary's plan copies into, named so the primary can build its ARN from its
    // own config (backup.copyToRegion).
    const backupVault = cfg.backup.enabled
        ? new BackupVault(
              "backup-copy-vault",
              { vaultName: BACKUP_COPY_VAULT_NAME, kmsKeyArn: backupKey(cfg, account, provider).keyArn, protect: cfg.protect },
              { provider },
          )
        : undefined;
    return { ...buildRegionalBaseline(cfg, account, provider, foundation), backupVault };
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
        [PRIMARY_EXPORTS.operationsTopicArn]: baseline.operations.topicArn,
        budgetName: baseline.budget.budgetName,
        ...(baseline.backupVault ? { backupVaultArn: baseline.backupVault.vaultArn } : {}),
        ...(baseline.backupPlan ? { backupPlanId: baseline.backupPlan.planId, backupSelectionTag: baseline.backupPlan.selectionTag } : {}),
        ...(dashboard ? { dashboardName: dashboard.dashboardName } : {}),
        ...(baseline.threatDetection?.detectorId ? { guardDutyDetectorId: baseline.threatDetection.detectorId } : {}),
        ...(baseline.threatDetection?.configRecorder
            ? { configRecorderName: baseline.threatDetection.configRecorder.recorderName, configBucketName: baseline.threatDetection.configRecorder.bucketName }
            : {}),
        ...(baseline.teamAccess ? { breakGlassGroupName: baseline.teamAccess.breakGlassGroupName } : {}),
        ...(baseline.identityCenter
            ? { identityCenterInstanceArn: baseline.identityCenter.instanceArn, permissionSetArns: baseline.identityCenter.permissionSetArns }
            : {}),
        ...(baseline.sessionPreferences
            ? { sessionPreferencesDocument: baseline.sessionPreferences.documentName, sessionLogGroupName: baseline.sessionPreferences.logGroupName }
            : {}),
        ...(baseline.auditTrail
            ? { auditTrailArn: baseline.auditTrail.trailArn, auditBucketName: baseline.auditTrail.bucketName, auditLogGroupName: baseline.auditTrail.logGroupName }
            : {}),
        ...(baseline.threatDetection?.accessAnalyzerArn ? { accessAnalyzerArn: baseline.threatDetection.accessAnalyzerArn } : {}),
    };
}
