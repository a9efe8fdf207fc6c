import { expect } from "chai";
import { OfflineProgramError, OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, PRIMARY_STACK, one, policyOf, runOffline, some, stackRuns } from "../helpers";

/** The operations and security baseline, per stack: what each stack creates and what it must not. */
describe("operations and security baseline per stack", () => {
    const runs: Record<string, OfflineRun> = {};
    before(async () => {
        Object.assign(runs, await stackRuns());
    });

    describe("team access", () => {
        it("is created once per account, by prod: the break-glass group and its alert, and no IAM users", () => {
            one(runs.prod, "startup:security:TeamAccess");
            one(runs.prod, "aws:iam/accountPasswordPolicy:AccountPasswordPolicy");
            expect(some(runs.prod, "aws:iam/group:Group").map((g) => g.inputs.name)).to.deep.equal(["startup-prod-break-glass"]);
            expect(runs.prod.outputs.breakGlassGroupName).to.equal("startup-prod-break-glass");
            expect(some(runs.prod, "aws:iam/user:User")).to.deep.equal([]);
            const rule = one(runs.prod, "aws:cloudwatch/eventRule:EventRule", "team-access-break-glass-use");
            const target = one(runs.prod, "aws:cloudwatch/eventTarget:EventTarget", "team-access-break-glass-use-alert");
            expect(target.inputs).to.include({ rule: rule.state.name, arn: runs.prod.outputs.operationsTopicArn });
        });

        it("lets the break-glass rule publish to prod's operations topic with its key, as one of the account's rules in the region", () => {
            const rule = one(runs.prod, "aws:cloudwatch/eventRule:EventRule", "team-access-break-glass-use");
            const allowed = policyOf(one(runs.prod, "aws:sns/topicPolicy:TopicPolicy", "operations-topic-policy")).Statement.find((s) => s.Sid === "EventBridgeRulesPublish");
            const pattern = (allowed?.Condition as { ArnLike: Record<string, string> }).ArnLike["aws:SourceArn"];
            expect(pattern).to.equal("arn:aws:events:us-east-1:123456789012:rule/*");
            expect(String(rule.state.arn).startsWith(pattern.slice(0, -1))).to.equal(true);
            // EventBridge's KMS requests use the key for this account's topics (the topic-ARN encryption context).
            const keyPolicy = policyOf(one(runs.prod, "aws:kms/key:Key", "ops-key")).Statement;
            expect(keyPolicy.find((s) => s.Sid === "ServicesPublishToThisAccountsTopics")?.Principal).to.deep.equal({ Service: ["events.rds.amazonaws.com", "events.amazonaws.com"] });
            // Only the stack that manages the account has the rule.
            for (const stack of ["dev", "dr"]) expect(some(runs[stack], "aws:cloudwatch/eventRule:EventRule").map((r) => r.name), stack).to.not.include("team-access-break-glass-use");
        });

        it("watches the DR region for break-glass use too, where people work while us-east-1 is down: the same rule, to DR's own topic", () => {
            const alert = one(runs.dr, "startup:security:BreakGlassAlert");
            const rule = one(runs.dr, "aws:cloudwatch/eventRule:EventRule", "break-glass-alert-rule");
            const target = one(runs.dr, "aws:cloudwatch/eventTarget:EventTarget", "break-glass-alert-rule-alert");
            expect(rule.parent).to.equal(alert.urn);
            const prodRule = one(runs.prod, "aws:cloudwatch/eventRule:EventRule", "team-access-break-glass-use");
            expect(rule.inputs.eventPattern).to.equal(prodRule.inputs.eventPattern);
            expect(rule.inputs.name).to.equal("startup-dr-break-glass-use");
            expect(target.inputs).to.deep.include({ rule: rule.state.name, arn: runs.dr.outputs.operationsTopicArn });
            expect(target.inputs.inputTransformer).to.deep.equal(one(runs.prod, "aws:cloudwatch/eventTarget:EventTarget", "team-access-break-glass-use-alert").inputs.inputTransformer);
            // DR's own region and topic: nothing of it depends on us-east-1.
            expect(rule.provider).to.equal(one(runs.dr, "pulumi:providers:aws", "aws-us-west-2").urn);
            // dev shares prod's region, which prod's rule already watches; prod's is in TeamAccess.
            expect(some(runs.dev, "startup:security:BreakGlassAlert")).to.deep.equal([]);
            expect(some(runs.prod, "startup:security:BreakGlassAlert")).to.deep.equal([]);
        });

        it("gives people prod's account through Identity Center permission sets, assigned to the configured groups", () => {
            const config = readStackConfigFile("prod")["startup-platform:access"] as { identityCenter: { groups: Record<string, string[]> } };
            const assignments = some(runs.prod, "aws:ssoadmin/accountAssignment:AccountAssignment");
            const sets = new Map(some(runs.prod, "aws:ssoadmin/permissionSet:PermissionSet").map((p) => [p.state.arn, p.inputs.name]));
            const byRole = Object.fromEntries(
                Object.keys(config.identityCenter.groups).map((role) => [
                    role,
                    assignments.filter((a) => sets.get(a.inputs.permissionSetArn) === `startup-prod-${role.toLowerCase()}`).map((a) => a.inputs.principalId),
                ]),
            );
            expect(byRole).to.deep.equal(config.identityCenter.groups);
            for (const a of assignments) expect(a.inputs).to.include({ principalType: "GROUP", targetType: "AWS_ACCOUNT", targetId: MOCK_ACCOUNT_ID });
            expect(Object.keys(runs.prod.outputs.permissionSetArns as object)).to.deep.equal(["admins", "developers", "readOnly", "billing"]);
        });

        it("is not created by dev (same account) nor by DR", () => {
            for (const stack of ["dev", "dr"]) {
                expect(some(runs[stack], "startup:security:TeamAccess"), stack).to.deep.equal([]);
                expect(some(runs[stack], "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"), stack).to.deep.equal([]);
                expect(some(runs[stack], "aws:iam/user:User"), stack).to.deep.equal([]);
                expect(some(runs[stack], "aws:ssoadmin/permissionSet:PermissionSet"), stack).to.deep.equal([]);
                expect(some(runs[stack], "aws:cloudwatch/eventRule:EventRule").map((r) => r.name), stack).to.not.include("team-access-break-glass-use");
                expect(some(runs[stack], "aws:account/alternativeContact:AlternativeContact"), stack).to.deep.equal([]);
            }
        });

        it("names the account's security contact from the stack that manages it (Account.1)", () => {
            const config = readStackConfigFile("prod")["startup-platform:access"] as { securityContact: Record<string, string> };
            const contact = one(runs.prod, "aws:account/alternativeContact:AlternativeContact", "team-access-security-contact");
            expect(contact.inputs).to.deep.equal({ alternateContactType: "SECURITY", ...config.securityContact });
        });

        it("refuses account-wide IAM in the DR stack before registering anything", async () => {
            const config = readStackConfigFile("dr");
            config["startup-platform:access"] = { manageAccount: true };
            let error: OfflineProgramError | undefined;
            try {
                await runOffline({ stack: "dr", config, stackOutputs: { [PRIMARY_STACK]: runs.prod.outputs } });
            } catch (err) {
                error = err as OfflineProgramError;
            }
            expect(error?.message).to.include("startup-platform:access.manageAccount: the DR stack shares the primary's account");
            expect(error?.registered).to.deep.equal([]);
        });
    });

    describe("threat detection", () => {
        it("runs GuardDuty where config says so: prod and DR regions, not dev beside prod", () => {
            for (const stack of ["prod", "dr"]) {
                const detector = one(runs[stack], "aws:guardduty/detector:Detector");
                expect(detector.inputs.enable, stack).to.equal(true);
                expect(runs[stack].outputs.guardDutyDetectorId, stack).to.equal(detector.state.id);
            }
            expect(some(runs.dev, "aws:guardduty/detector:Detector")).to.deep.equal([]);
            expect(some(runs.prod, "aws:guardduty/detectorFeature:DetectorFeature").map((f) => f.inputs.name)).to.include("RDS_LOGIN_EVENTS");
        });

        it("never puts two detectors in one account and region across the stacks", () => {
            const regions = ["dev", "prod", "dr"].flatMap((s) => some(runs[s], "aws:guardduty/detector:Detector").map(() => runs[s].region));
            expect(new Set(regions).size).to.equal(regions.length);
        });
    });

    describe("budgets", () => {
        it("gives each stack its own monthly budget filtered by its Stack tag", () => {
            for (const stack of ["dev", "prod", "dr"]) {
                const budget = one(runs[stack], "aws:budgets/budget:Budget");
                const config = readStackConfigFile(stack)["startup-platform:budget"] as { monthlyLimitUsd: number; alertEmails: string[] };
                expect(budget.inputs.costFilters, stack).to.deep.equal([{ name: "TagKeyValue", values: [`user:Stack$${stack}`] }]);
                expect(budget.inputs.limitAmount, stack).to.equal(config.monthlyLimitUsd.toFixed(2));
                const notes = budget.inputs.notifications as Array<{ notificationType: string; subscriberEmailAddresses: string[] }>;
                expect(notes.map((n) => n.notificationType), stack).to.include.members(["ACTUAL", "FORECASTED"]);
                for (const n of notes) expect(n.subscriberEmailAddresses).to.deep.equal(config.alertEmails);
            }
        });
    });

    describe("operations", () => {
        it("gives every stack a KMS-encrypted operations topic that alarms and budgets may publish to", () => {
            for (const stack of ["dev", "prod", "dr"]) {
                const run = runs[stack];
                const topic = one(run, "aws:sns/topic:Topic", "operations-topic");
                const key = one(run, "aws:kms/key:Key", "ops-key");
                expect(topic.inputs.kmsMasterKeyId, stack).to.equal(key.state.arn);
                const keyServices = policyOf(key).Statement.flatMap((s) => [((s.Principal ?? {}) as { Service?: string | string[] }).Service ?? []].flat());
                expect(keyServices, stack).to.include.members(["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]);
                expect(run.outputs.operationsTopicArn, stack).to.equal(topic.state.arn);
                const config = readStackConfigFile(stack)["startup-platform:operations"] as { alertEmails: string[] };
                const toOperations = some(run, "aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.topic === topic.state.arn);
                expect(toOperations.map((s) => s.inputs.endpoint), stack).to.deep.equal(config.alertEmails);
                const budget = one(run, "aws:budgets/budget:Budget");
                for (const n of budget.inputs.notifications as Array<{ subscriberSnsTopicArns: string[] }>) {
                    expect(n.subscriberSnsTopicArns, stack).to.deep.equal([topic.state.arn]);
                }
            }
            expect(one(runs.prod, "aws:kms/key:Key", "ops-key").protect).to.equal(true);
        });

        it("builds a dashboard with the stack's flow-log and NAT widgets", () => {
            for (const stack of ["dev", "prod", "dr"]) {
                const dashboard = one(runs[stack], "aws:cloudwatch/dashboard:Dashboard", "dashboard-dashboard");
                const body = JSON.parse(String(dashboard.inputs.dashboardBody)) as { widgets: Array<{ type: string; properties: { query?: string; title?: string } }> };
                const flowLogs = one(runs[stack], "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs").inputs.name as string;
                expect(body.widgets.some((w) => w.type === "log" && w.properties.query?.includes(`SOURCE '${flowLogs}'`)), stack).to.equal(true);
                expect(body.widgets.filter((w) => w.properties.title?.startsWith("NAT gateways")), stack).to.have.lengthOf(2);
                expect(runs[stack].outputs.dashboardName, stack).to.equal(`startup-${stack}-operations`);
            }
        });
    });

    describe("backups", () => {
        it("backs up prod daily and weekly into a KMS vault and copies to the DR stack's vault", () => {
            const plan = one(runs.prod, "aws:backup/plan:Plan");
            const rules = plan.inputs.rules as Array<{ ruleName: string; copyActions?: Array<{ destinationVaultArn: string }> }>;
            expect(rules.map((r) => r.ruleName)).to.deep.equal(["daily", "weekly"]);
            const drVault = one(runs.dr, "aws:backup/vault:Vault");
            const drVaultArn = `arn:aws:backup:${runs.dr.region}:${MOCK_ACCOUNT_ID}:backup-vault:${String(drVault.inputs.name)}`;
            for (const r of rules) expect(r.copyActions?.[0].destinationVaultArn).to.equal(drVaultArn);
            const vault = one(runs.prod, "aws:backup/vault:Vault");
            expect(vault.inputs.kmsKeyArn).to.equal(one(runs.prod, "aws:kms/key:Key", "backup-key").state.arn);
            expect(vault.protect).to.equal(true);
            expect(runs.prod.outputs.backupSelectionTag).to.deep.equal({ Backup: "prod" });
        });

        it("tells prod's operations topic of failed copy and backup jobs, which its topic policy and key let EventBridge deliver", () => {
            // Copies into the DR vault fail while DR is not deployed, or after it is gone.
            const run = runs.prod;
            const topic = one(run, "aws:sns/topic:Topic", "operations-topic");
            const rule = one(run, "aws:cloudwatch/eventRule:EventRule", "backup-plan-failures");
            const pattern = JSON.parse(String(rule.inputs.eventPattern)) as { "detail-type": string[]; detail: { state: string[] } };
            expect(pattern["detail-type"]).to.include("Copy Job State Change");
            expect(pattern.detail.state).to.include("FAILED");
            const target = one(run, "aws:cloudwatch/eventTarget:EventTarget", "backup-plan-failures-to-topic");
            expect(target.inputs).to.deep.include({ arn: topic.state.arn, rule: rule.state.id });
            const publish = policyOf(one(run, "aws:sns/topicPolicy:TopicPolicy", "operations-topic-policy")).Statement.find(
                (s) => (s.Principal as { Service?: string }).Service === "events.amazonaws.com",
            );
            expect(publish?.Condition).to.deep.equal({ ArnLike: { "aws:SourceArn": `arn:aws:events:${run.region}:${MOCK_ACCOUNT_ID}:rule/*` } });
            expect(String(rule.state.arn)).to.match(new RegExp(`^arn:aws:events:${run.region}:${MOCK_ACCOUNT_ID}:`));
            const useKey = policyOf(one(run, "aws:kms/key:Key", "ops-key")).Statement.find((s) => s.Sid === "ServicesPublishToThisAccountsTopics");
            const context = (useKey?.Condition as { StringLike: Record<string, string> }).StringLike["kms:EncryptionContext:aws:sns:topicArn"];
            expect(String(topic.state.arn)).to.match(new RegExp(`^${context.replace("*", ".*")}$`));
        });

        it("gives DR only the copy vault: no plan, no selection", () => {
            expect(some(runs.dr, "aws:backup/plan:Plan")).to.deep.equal([]);
            expect(some(runs.dr, "aws:backup/selection:Selection")).to.deep.equal([]);
            expect(one(runs.dr, "aws:backup/vault:Vault").protect).to.equal(true);
        });

        it("refuses to copy into the stack's own region, or a copy plan in DR, before registering anything", async () => {
            const prod = readStackConfigFile("prod");
            prod["startup-platform:backup"] = { copyToRegion: "us-east-1" };
            const dr = readStackConfigFile("dr");
            dr["startup-platform:backup"] = { copyToRegion: "us-east-1" };
            for (const [stack, config, message] of [
                ["prod", prod, "startup-platform:backup.copyToRegion: us-east-1 is the stack's own region"],
                ["dr", dr, "startup-platform:backup.copyToRegion: the DR stack only holds the copy vault"],
            ] as const) {
                let error: OfflineProgramError | undefined;
                try {
                    await runOffline({ stack, config, stackOutputs: { [PRIMARY_STACK]: runs.prod.outputs } });
                } catch (err) {
                    error = err as OfflineProgramError;
                }
                expect(error?.message, stack).to.include(message);
                expect(error?.registered, stack).to.deep.equal([]);
            }
        });
    });
});
