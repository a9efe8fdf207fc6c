import { expect } from "chai";
import {
    BACKUP_COPY_VAULT_NAME,
    BACKUP_MANAGED_POLICIES,
    BACKUP_VAULT_NAME,
    backupFailureEventPattern,
    backupRules,
    backupSelectionTag,
    backupTrustPolicy,
    backupVaultArn,
} from "../../lib/backup";

const COPY = backupVaultArn("aws", "us-west-2", "123456789012", BACKUP_COPY_VAULT_NAME);

describe("lib/backup", () => {
    it("names the DR copy vault from the project alone, as a valid vault name and ARN", () => {
        expect(BACKUP_COPY_VAULT_NAME).to.equal("startup-platform-dr-copies");
        expect(BACKUP_VAULT_NAME.test(BACKUP_COPY_VAULT_NAME)).to.equal(true);
        expect(COPY).to.equal("arn:aws:backup:us-west-2:123456789012:backup-vault:startup-platform-dr-copies");
    });

    it("matches this account's failed, aborted, expired and partial backup and copy jobs, and no successful one", () => {
        expect(backupFailureEventPattern("123456789012")).to.deep.equal({
            source: ["aws.backup"],
            account: ["123456789012"],
            "detail-type": ["Backup Job State Change", "Copy Job State Change"],
            detail: { state: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"] },
        });
    });

    it("selects resources by a Backup tag with the stack's name", () => {
        expect(backupSelectionTag("prod")).to.deep.equal({ Backup: "prod" });
    });

    it("uses the service-role managed policies and a backup.amazonaws.com trust that checks the account when Backup sends it", () => {
        expect([...BACKUP_MANAGED_POLICIES]).to.deep.equal([
            "service-role/AWSBackupServiceRolePolicyForBackup",
            "service-role/AWSBackupServiceRolePolicyForRestores",
        ]);
        expect(backupTrustPolicy("123456789012").Statement).to.deep.equal([
            { Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } } },
        ]);
    });

    it("backs up daily with the configured retention", () => {
        const [daily, ...rest] = backupRules("startup-dev-backup", { dailyRetentionDays: 3, hourUtc: 5 });
        expect(rest).to.deep.equal([]);
        expect(daily).to.deep.equal({
            ruleName: "daily",
            targetVaultName: "startup-dev-backup",
            schedule: "cron(0 5 ? * * *)",
            startWindow: 60,
            completionWindow: 360,
            lifecycle: { deleteAfter: 3 },
            recoveryPointTags: { BackupRule: "daily" },
        });
    });

    it("adds a weekly rule three hours later on Sunday, and copies both to the DR vault", () => {
        const rules = backupRules("startup-prod-backup", { dailyRetentionDays: 35, weeklyRetentionDays: 90, hourUtc: 22, copyToVaultArn: COPY }, { Plan: "p" });
        expect(rules.map((r) => [r.ruleName, r.schedule, r.lifecycle.deleteAfter])).to.deep.equal([
            ["daily", "cron(0 22 ? * * *)", 35],
            ["weekly", "cron(0 1 ? * SUN *)", 90],
        ]);
        expect(rules.map((r) => r.copyActions)).to.deep.equal([
            [{ destinationVaultArn: COPY, lifecycle: { deleteAfter: 35 } }],
            [{ destinationVaultArn: COPY, lifecycle: { deleteAfter: 90 } }],
        ]);
        expect(rules[1].recoveryPointTags).to.deep.equal({ Plan: "p", BackupRule: "weekly" });
        const shorterCopies = backupRules("v", { dailyRetentionDays: 35, hourUtc: 5, copyToVaultArn: COPY, copyRetentionDays: 14 });
        expect(shorterCopies[0].copyActions?.[0].lifecycle).to.deep.equal({ deleteAfter: 14 });
    });
});
