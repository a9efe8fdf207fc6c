import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { AccountGuardrails, AccountGuardrailsArgs } from "../../components/accountGuardrails";
import { OfflineRun } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, ancestors, one, runComponent, some } from "../helpers";

const ALL_ON: AccountGuardrailsArgs = {
    region: "us-west-2",
    accountId: MOCK_ACCOUNT_ID,
    partition: "aws",
    namePrefix: "startup-test",
    logsKmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/logs",
    s3AccountPublicAccessBlock: true,
    ebsEncryptionByDefault: true,
    ebsSnapshotBlockPublicAccess: true,
    amiBlockPublicAccess: true,
    vpcBlockPublicAccess: "block-ingress",
    blockSsmDocumentPublicSharing: true,
    automationLogging: true,
    automationLogRetentionDays: 90,
};

function runGuardrails(overrides: Partial<AccountGuardrailsArgs> = {}, withExclusion = false): Promise<OfflineRun> {
    return runComponent(
        () => {
            const provider = new aws.Provider("aws", { region: "us-west-2" });
            const exclusion = withExclusion
                ? new aws.ec2.VpcBlockPublicAccessExclusion("public-0", { subnetId: "subnet-pub0", internetGatewayExclusionMode: "allow-bidirectional" }, { provider })
                : undefined;
            new AccountGuardrails("guardrails", { ...ALL_ON, blockPublicAccessAfter: exclusion ? [exclusion] : undefined, ...overrides }, { provider });
        },
        { region: "us-west-2" },
    );
}

describe("AccountGuardrails", () => {
    let run: OfflineRun;
    before(async () => {
        run = await runGuardrails({}, true);
    });

    it("blocks public S3 access account-wide with all four settings", () => {
        expect(one(run, "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock").inputs).to.include({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
    });

    it("encrypts new EBS volumes by default and leaves the default key aws/ebs", () => {
        expect(one(run, "aws:ebs/encryptionByDefault:EncryptionByDefault").inputs.enabled).to.equal(true);
        expect(some(run, "aws:ebs/defaultKmsKey:DefaultKmsKey")).to.deep.equal([]);
    });

    it("blocks every public sharing of EBS snapshots, already public ones included, and new public sharing of AMIs", () => {
        expect(one(run, "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess").inputs).to.deep.equal({ state: "block-all-sharing" });
        expect(one(run, "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess").inputs).to.deep.equal({ state: "block-new-sharing" });
    });

    it("sets VPC Block Public Access after the given exclusions exist", () => {
        const bpa = one(run, "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions");
        expect(bpa.inputs.internetGatewayBlockMode).to.equal("block-ingress");
        expect(bpa.dependsOn).to.deep.equal([one(run, "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion").urn]);
    });

    const setting = (r: OfflineRun, id: string) => one(r, "aws:ssm/serviceSetting:ServiceSetting", `guardrails-${id}`);
    const settingArn = (path: string) => `arn:aws:ssm:us-west-2:${MOCK_ACCOUNT_ID}:servicesetting${path}`;

    it("disables public sharing of SSM documents by the setting's full ARN", () => {
        expect(setting(run, "ssm-document-sharing").inputs).to.deep.equal({
            settingId: settingArn("/ssm/documents/console/public-sharing-permission"),
            settingValue: "Disable",
        });
    });

    it("sends SSM Automation's script output to its own encrypted log group in CloudWatch Logs (SSM.6)", () => {
        const group = one(run, "aws:cloudwatch/logGroup:LogGroup");
        expect(group.inputs).to.deep.include({ name: "/startup-test/ssm/automation", retentionInDays: 90, kmsKeyId: ALL_ON.logsKmsKeyArn });
        expect(setting(run, "automation-log-destination").inputs).to.deep.equal({
            settingId: settingArn("/ssm/automation/customer-script-log-destination"),
            settingValue: "CloudWatch",
        });
        expect(setting(run, "automation-log-group").inputs).to.deep.equal({
            settingId: settingArn("/ssm/automation/customer-script-log-group-name"),
            settingValue: group.state.name,
        });
    });

    it("keeps every setting when the stack is destroyed, but not the Automation log group and the setting naming it; all under the component", () => {
        const custom = run.resources.filter((r) => r.custom && r.type.startsWith("aws:") && !r.type.includes("Exclusion"));
        const goes = ["guardrails-automation-logs", "guardrails-automation-log-group"];
        expect(custom.map((r) => r.name)).to.include.members(goes).and.have.lengthOf(9);
        for (const r of custom) {
            // A deleted setting is reset to AWS's default, so the name never outlives its log group.
            expect(r.retainOnDelete === true, r.name).to.equal(!goes.includes(r.name));
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:security:AccountGuardrails");
        }
    });

    it("keeps the Automation log group with its history when asked (prod), and still resets the setting naming it", async () => {
        const prod = await runGuardrails({ keepSecurityLogs: true });
        expect(one(prod, "aws:cloudwatch/logGroup:LogGroup").retainOnDelete).to.equal(true);
        expect(setting(prod, "automation-log-group").retainOnDelete).to.not.equal(true);
    });

    it("creates only what is turned on", async () => {
        const regional = await runGuardrails({ s3AccountPublicAccessBlock: false, ebsSnapshotBlockPublicAccess: false, amiBlockPublicAccess: false, vpcBlockPublicAccess: "off", blockSsmDocumentPublicSharing: false, automationLogging: false });
        const types = regional.resources.filter((r) => r.custom && r.type.startsWith("aws:")).map((r) => r.type);
        expect(types).to.deep.equal(["aws:ebs/encryptionByDefault:EncryptionByDefault"]);
    });

    it("rejects settings in the words of security.guardrails, before registering anything", () => {
        expect(() => new AccountGuardrails("bad", { ...ALL_ON, vpcBlockPublicAccess: "on" as "off" })).to.throw(
            'AccountGuardrails bad: vpcBlockPublicAccess: got "on"; expected one of: "off", "block-ingress", "block-bidirectional"',
        );
        expect(() => new AccountGuardrails("bad", { ...ALL_ON, automationLogRetentionDays: 100 as 90 })).to.throw(/^AccountGuardrails bad: automationLogRetentionDays: got 100; expected one of: 1, 3, 5,/);
    });
});
