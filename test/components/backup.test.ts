import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { BackupPlan, BackupPlanArgs } from "../../components/backupPlan";
import { BackupVault } from "../../components/backupVault";
import { MOCK_ACCOUNT_ID, ancestors, all, one, policyOf, runComponent, some } from "../helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/backup";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:startup-test-operations";

function runBackup(overrides: Partial<BackupPlanArgs> = {}, protect = false) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const vault = new BackupVault("vault", { vaultName: "startup-test-backup", kmsKeyArn: KEY, protect }, { provider });
        const plan = new BackupPlan(
            "plan",
            {
                namePrefix: "startup-test",
                accountId: MOCK_ACCOUNT_ID,
                partition: "aws",
                vaultName: vault.vaultName,
                dailyRetentionDays: 35,
                weeklyRetentionDays: 90,
                scheduleHourUtc: 5,
                copyToRegion: "us-west-2",
                selectionTagValue: "test",
                ...overrides,
            },
            { provider },
        );
        return { planId: plan.planId, tag: plan.selectionTag };
    });
}

describe("BackupVault and BackupPlan", () => {
    it("encrypts the vault with the given key and protects it when asked", async () => {
        const run = await runBackup({}, true);
        const vault = one(run, "aws:backup/vault:Vault");
        expect(vault.inputs).to.include({ name: "startup-test-backup", kmsKeyArn: KEY, forceDestroy: false });
        expect(vault.protect).to.equal(true);
        expect(ancestors(run, vault).map((a) => a.type)).to.include("startup:ops:BackupVault");
    });

    it("writes daily and weekly rules to the vault and copies them to the DR vault's ARN", async () => {
        const run = await runBackup();
        const rules = one(run, "aws:backup/plan:Plan").inputs.rules as Array<{
            ruleName: string;
            targetVaultName: string;
            lifecycle: { deleteAfter: number };
            copyActions: Array<{ destinationVaultArn: string }>;
        }>;
        expect(rules.map((r) => [r.ruleName, r.targetVaultName, r.lifecycle.deleteAfter])).to.deep.equal([
            ["daily", "startup-test-backup", 35],
            ["weekly", "startup-test-backup", 90],
        ]);
        for (const r of rules) {
            expect(r.copyActions[0].destinationVaultArn).to.equal(`arn:aws:backup:us-west-2:${MOCK_ACCOUNT_ID}:backup-vault:startup-platform-dr-copies`);
        }
    });

    it("selects resources tagged Backup=<stack> with a role holding the AWS managed backup and restore policies", async () => {
        const run = await runBackup();
        const role = one(run, "aws:iam/role:Role");
        expect(policyOf(role, "assumeRolePolicy").Statement[0]).to.deep.include({
            Principal: { Service: "backup.amazonaws.com" },
            Condition: { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } },
        });
        expect(all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn)).to.deep.equal([
            "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
            "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
        ]);
        const selection = one(run, "aws:backup/selection:Selection");
        expect(selection.inputs).to.deep.include({
            planId: one(run, "aws:backup/plan:Plan").state.id,
            iamRoleArn: role.state.arn,
            selectionTags: [{ type: "STRINGEQUALS", key: "Backup", value: "test" }],
        });
        expect(run.outputs.tag).to.deep.equal({ Backup: "test" });
    });

    it("copies nothing without copyToRegion, and rejects bad settings before creating anything", async () => {
        const rules = one(await runBackup({ copyToRegion: undefined }), "aws:backup/plan:Plan").inputs.rules as Array<Record<string, unknown>>;
        expect(rules.every((r) => r.copyActions === undefined)).to.equal(true);
        const base = { namePrefix: "p", accountId: "1", partition: "aws", vaultName: "v", selectionTagValue: "s" };
        // In the words of the backup section (stacks/config/backup.ts): field checks, then its rules.
        expect(() => new BackupPlan("bad", { ...base, dailyRetentionDays: 7, weeklyRetentionDays: 7, copyToRegion: "west" })).to.throw(
            /^BackupPlan bad: copyToRegion: got "west"; not a commercial AWS region; .*; weeklyRetentionDays: must be longer than dailyRetentionDays \(7\), or leave it out$/,
        );
        expect(() => new BackupPlan("bad", { ...base, copyRetentionDays: 30 })).to.throw("BackupPlan bad: copyRetentionDays: only applies with copyToRegion");
        // What only the wiring can get wrong.
        expect(() => new BackupPlan("bad", { ...base, copyToRegion: "us-west-2", copyVaultName: "x", selectionTagValue: "" })).to.throw(
            'BackupPlan bad: copyVaultName "x" is not a vault name; the selection tag value must not be empty',
        );
        expect(() => new BackupVault("bad", { vaultName: "has spaces", kmsKeyArn: KEY })).to.throw("is not a vault name");
    });

    it("sends failed backup and copy jobs to the alert topic through an EventBridge rule without a role", async () => {
        const run = await runBackup({ alertTopicArn: TOPIC });
        const rule = one(run, "aws:cloudwatch/eventRule:EventRule");
        expect(rule.inputs.name).to.equal("startup-test-backup-failures");
        const pattern = JSON.parse(rule.inputs.eventPattern as string) as Record<string, unknown>;
        expect(pattern).to.deep.include({ source: ["aws.backup"], account: [MOCK_ACCOUNT_ID], "detail-type": ["Backup Job State Change", "Copy Job State Change"] });
        expect(pattern.detail).to.deep.equal({ state: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"] });
        const target = one(run, "aws:cloudwatch/eventTarget:EventTarget");
        expect(target.inputs.rule).to.equal(rule.state.name ?? rule.inputs.name);
        expect(target.inputs.arn).to.equal(TOPIC);
        expect(target.inputs).to.not.have.property("roleArn");
        expect(ancestors(run, target).map((a) => a.type)).to.include("startup:ops:BackupPlan");
    });

    it("creates no rule without an alert topic", async () => {
        const run = await runBackup();
        expect(some(run, "aws:cloudwatch/eventRule:EventRule")).to.deep.equal([]);
        expect(some(run, "aws:cloudwatch/eventTarget:EventTarget")).to.deep.equal([]);
    });
});
