import { expect } from "chai";
import { OfflineProgramError, OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, PRIMARY_STACK, all, one, runOffline, some, stackRuns } from "../helpers";

/** Runs a stack with edited config and returns the error it fails with. */
async function failure(stack: "dev" | "prod" | "dr", edit: (config: Record<string, unknown>) => void, prodOutputs?: Record<string, unknown>): Promise<OfflineProgramError> {
    const config = structuredClone(readStackConfigFile(stack));
    edit(config);
    try {
        await runOffline({ stack, config, stackOutputs: prodOutputs ? { [PRIMARY_STACK]: prodOutputs } : undefined });
    } catch (err) {
        return err as OfflineProgramError;
    }
    return expect.fail("expected the stack to fail");
}

const section = (config: Record<string, unknown>, key: string) => config[`startup-platform:${key}`] as Record<string, unknown>;

describe("account guardrails and interface endpoints in the stacks", () => {
    let runs: Readonly<Record<"dev" | "prod" | "dr", OfflineRun>>;
    before(async () => {
        runs = await stackRuns();
    });

    const guardrailTypes = (run: OfflineRun) =>
        run.resources.filter((r) => r.custom && run.resources.some((c) => c.urn === r.parent && c.type === "startup:security:AccountGuardrails")).map((r) => r.type);

    it("prod owns the account's S3 public access block and us-east-1's regional guardrails", () => {
        expect(guardrailTypes(runs.prod)).to.have.members([
            "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
            "aws:ebs/encryptionByDefault:EncryptionByDefault",
            "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess",
            "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess",
            "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions",
            "aws:ssm/serviceSetting:ServiceSetting",
            "aws:ssm/serviceSetting:ServiceSetting",
            "aws:ssm/serviceSetting:ServiceSetting",
            "aws:cloudwatch/logGroup:LogGroup",
        ]);
        expect(one(runs.prod, "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions").inputs.internetGatewayBlockMode).to.equal("block-ingress");
        expect(one(runs.prod, "aws:ssm/serviceSetting:ServiceSetting", "account-guardrails-ssm-document-sharing").inputs.settingId).to.equal(
            `arn:aws:ssm:us-east-1:${MOCK_ACCOUNT_ID}:servicesetting/ssm/documents/console/public-sharing-permission`,
        );
        // SSM.6: Automation's script output goes to a log group encrypted with the stack's logs key.
        const automationLogs = one(runs.prod, "aws:cloudwatch/logGroup:LogGroup", "account-guardrails-automation-logs");
        expect(automationLogs.inputs.kmsKeyId).to.equal(one(runs.prod, "aws:kms/key:Key", "logs-key").state.arn);
        expect(one(runs.prod, "aws:ssm/serviceSetting:ServiceSetting", "account-guardrails-automation-log-group").inputs.settingValue).to.equal(automationLogs.state.name);
        // Protected stacks keep a year of runbook output when destroyed.
        expect(automationLogs.retainOnDelete).to.equal(true);
        expect(one(runs.dr, "aws:cloudwatch/logGroup:LogGroup", "account-guardrails-automation-logs").retainOnDelete).to.equal(true);
    });

    it("DR owns us-west-2's regional guardrails but not the account-wide S3 block; dev owns none", () => {
        expect(guardrailTypes(runs.dr)).to.have.members([
            "aws:ebs/encryptionByDefault:EncryptionByDefault",
            "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess",
            "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess",
            "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions",
            "aws:ssm/serviceSetting:ServiceSetting",
            "aws:ssm/serviceSetting:ServiceSetting",
            "aws:ssm/serviceSetting:ServiceSetting",
            "aws:cloudwatch/logGroup:LogGroup",
        ]);
        for (const setting of some(runs.dr, "aws:ssm/serviceSetting:ServiceSetting")) expect(String(setting.inputs.settingId), setting.name).to.match(/^arn:aws:ssm:us-west-2:/);
        expect(some(runs.dev, "startup:security:AccountGuardrails")).to.deep.equal([]);
    });

    for (const stack of ["dev", "prod", "dr"] as const) {
        it(`${stack}: excludes its public subnets (ALB, NAT) from Block Public Access; the block and the app tier wait for them`, () => {
            const run = runs[stack];
            const exclusions = all(run, "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion");
            expect(exclusions.map((e) => e.inputs.subnetId)).to.deep.equal(run.outputs.publicSubnetIds);
            const bpa = some(run, "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions");
            for (const b of bpa) expect(b.dependsOn).to.have.members(exclusions.map((e) => e.urn));
            // Another stack may already block ingress in the region: the load balancer waits for its exclusions.
            expect(one(run, "startup:compute:AppFleet").dependsOn).to.have.members(exclusions.map((e) => e.urn));
            expect(bpa).to.have.lengthOf(stack === "dev" ? 0 : 1);
        });
    }

    it("puts each configured interface endpoint, for the stack's region, in its private subnets", () => {
        const interfaces = (run: OfflineRun) => some(run, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcEndpointType === "Interface");
        for (const stack of ["dev", "prod", "dr"] as const) {
            const run = runs[stack];
            const configured = (section(readStackConfigFile(stack), "network").interfaceEndpoints as string[] | undefined) ?? [];
            expect(interfaces(run).map((e) => e.inputs.serviceName), stack).to.deep.equal(configured.map((s) => `com.amazonaws.${run.region}.${s}`));
            for (const e of interfaces(run)) expect(e.inputs.subnetIds, `${stack} ${e.name}`).to.deep.equal(run.outputs.privateSubnetIds);
        }
        expect(interfaces(runs.prod), "prod has endpoints to check").to.not.be.empty;
    });

    describe("bad config fails before any resource is registered", () => {
        it("the account-wide S3 block in a stack that does not manage the account (DR, dev)", async () => {
            const dr = await failure("dr", (c) => ((section(c, "security").guardrails as Record<string, unknown>).s3AccountPublicAccessBlock = true), runs.prod.outputs);
            expect(dr.message).to.include("startup-platform:security.guardrails.s3AccountPublicAccessBlock: is account-wide: only the stack that manages the account");
            expect(dr.registered).to.deep.equal([]);
            const dev = await failure("dev", (c) => (section(c, "security").guardrails = {}));
            expect(dev.message).to.include("security.guardrails.s3AccountPublicAccessBlock: is account-wide");
        });

        it("an unknown VPC Block Public Access mode or endpoint service, and a duplicate endpoint", async () => {
            const error = await failure("prod", (c) => {
                section(c, "security").guardrails = { vpcBlockPublicAccess: "block-all" };
                section(c, "network").interfaceEndpoints = ["ssm", "s3", "ssm"];
            });
            expect(error.message).to.include('startup-platform:security.guardrails.vpcBlockPublicAccess: got "block-all"; expected one of: "off", "block-ingress", "block-bidirectional"');
            expect(error.message).to.include('startup-platform:network.interfaceEndpoints[1]: got "s3"');
            expect(error.registered).to.deep.equal([]);
            const twice = await failure("prod", (c) => (section(c, "network").interfaceEndpoints = ["ssm", "ec2", "ssm"]));
            expect(twice.message).to.include('startup-platform:network.interfaceEndpoints: got ["ssm","ec2","ssm"]; ssm is listed twice');
        });
    });
});
