import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    AMI_BLOCK_STATE,
    EBS_SNAPSHOT_BLOCK_STATE,
    SSM_AUTOMATION_LOG_DESTINATION,
    SSM_AUTOMATION_LOG_DESTINATION_SETTING,
    SSM_AUTOMATION_LOG_GROUP_SETTING,
    SSM_PUBLIC_SHARING_SETTING,
    VpcBlockPublicAccessMode,
    automationLogGroupName,
    ssmServiceSettingArn,
} from "../lib/guardrails";
import { parseSettings } from "../stacks/config/rules";
import { guardrailsSchema } from "../stacks/config/security";

/** What the stack wires into the guardrails. */
export interface AccountGuardrailsWiring {
    /** Region of the regional settings (the provider's region). */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Prefix of AWS names: names the Automation log group. */
    readonly namePrefix: string;
    /** KMS key that encrypts the Automation log group (the stack's logs key). */
    readonly logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Resources the block waits for: the Block Public Access exclusions of the VPCs that must keep
     * serving the internet (their public subnets). @default []
     */
    readonly blockPublicAccessAfter?: pulumi.Input<pulumi.Resource>[];
    /**
     * Keep the security log groups in AWS when the stack is destroyed: prod environments (the
     * stack keeps the key that encrypts them too). Not `protect`, which a teardown turns off
     * first. @default false
     */
    readonly keepSecurityLogs?: boolean;
}

/**
 * The `security.guardrails` settings (stacks/config/security.ts: the account's S3 public access
 * block, the region's EBS encryption by default, EBS snapshot and AMI public access blocks, VPC
 * Block Public Access mode, SSM document
 * sharing block and Automation logging; `vpcBlockPublicAccess: off` creates nothing) plus the
 * wiring.
 */
export type AccountGuardrailsArgs = z.input<typeof guardrailsSchema> & AccountGuardrailsWiring;

/**
 * Account guardrails that Security Hub checks once per account (S3.1) or per region (EC2.7,
 * EC2.172, SSM.6, SSM.7). Each is a singleton setting: exactly one stack per account (S3) or per
 * account and region (the rest) creates this component, which stacks/config enforces. They are
 * kept when the stack is destroyed (`retainOnDelete`), so tearing down a stack never loosens the
 * account; only the Automation log group and the setting that names it go with the stack.
 */
export class AccountGuardrails extends pulumi.ComponentResource {
    /** The region's VPC Block Public Access mode as set here. */
    public readonly vpcBlockPublicAccessMode: VpcBlockPublicAccessMode;

    constructor(name: string, args: AccountGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("AccountGuardrails", name, guardrailsSchema, args);
        super("startup:security:AccountGuardrails", name, {}, opts);
        const keep = { parent: this, retainOnDelete: true };
        if (s.s3AccountPublicAccessBlock) {
            new aws.s3.AccountPublicAccessBlock(
                `${name}-s3-public-access`,
                { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
                keep,
            );
        }
        if (s.ebsEncryptionByDefault) {
            // No aws.ebs.DefaultKmsKey: the default key stays `aws/ebs`, which every principal and
            // service of the account can use. A customer key as the default would need a grant for
            // each service that creates volumes (Auto Scaling, AWS Backup restores...); the app
            // fleet names the data key on its own volumes.
            new aws.ebs.EncryptionByDefault(`${name}-ebs-encryption`, { enabled: true }, keep);
        }
        // Kept on destroy like the others: deleting the snapshot block would lift it (the provider
        // disables it); deleting the AMI block leaves AWS's setting as it is, but the stack keeps
        // owning it rather than letting it drift unowned.
        if (s.ebsSnapshotBlockPublicAccess) new aws.ebs.SnapshotBlockPublicAccess(`${name}-ebs-snapshot-public-access`, { state: EBS_SNAPSHOT_BLOCK_STATE }, keep);
        if (s.amiBlockPublicAccess) new aws.ec2.ImageBlockPublicAccess(`${name}-ami-public-access`, { state: AMI_BLOCK_STATE }, keep);
        if (s.vpcBlockPublicAccess !== "off") {
            new aws.ec2.VpcBlockPublicAccessOptions(
                `${name}-vpc-block-public-access`,
                { internetGatewayBlockMode: s.vpcBlockPublicAccess },
                { ...keep, dependsOn: args.blockPublicAccessAfter ?? [] },
            );
        }
        const settingArn = (settingId: string) =>
            pulumi.all([args.partition, args.accountId]).apply(([partition, accountId]) => ssmServiceSettingArn(partition, args.region, accountId, settingId));
        if (s.blockSsmDocumentPublicSharing) {
            new aws.ssm.ServiceSetting(`${name}-ssm-document-sharing`, { settingId: settingArn(SSM_PUBLIC_SHARING_SETTING), settingValue: "Disable" }, keep);
        }
        if (s.automationLogging) this.automationLogging(name, args, s.automationLogRetentionDays, settingArn);
        this.vpcBlockPublicAccessMode = s.vpcBlockPublicAccess;
        this.registerOutputs({ vpcBlockPublicAccessMode: this.vpcBlockPublicAccessMode });
    }

    /**
     * SSM Automation's output to CloudWatch Logs (SSM.6): the destination, kept on destroy like the
     * other guardrails, and a KMS-encrypted log group with a retention, named by the second setting.
     * Automation writes with the credentials of whoever runs the runbook, which need logs:
     * CreateLogGroup, CreateLogStream, DescribeLogGroups, DescribeLogStreams and PutLogEvents
     * (Systems Manager User Guide). The setting naming the group goes with the stack: the provider
     * deletes a setting by resetting it, so Automation falls back to its default group and never
     * points at a deleted one. The group itself goes too, unless `keepSecurityLogs` keeps its history (prod).
     */
    private automationLogging(name: string, args: AccountGuardrailsArgs, retentionInDays: number, settingArn: (id: string) => pulumi.Output<string>): void {
        const logGroupName = automationLogGroupName(args.namePrefix);
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-automation-logs`,
            { name: logGroupName, retentionInDays, kmsKeyId: args.logsKmsKeyArn, tags: { Name: logGroupName } },
            { parent: this, retainOnDelete: args.keepSecurityLogs === true },
        );
        new aws.ssm.ServiceSetting(`${name}-automation-log-group`, { settingId: settingArn(SSM_AUTOMATION_LOG_GROUP_SETTING), settingValue: logGroup.name }, { parent: this });
        new aws.ssm.ServiceSetting(
            `${name}-automation-log-destination`,
            { settingId: settingArn(SSM_AUTOMATION_LOG_DESTINATION_SETTING), settingValue: SSM_AUTOMATION_LOG_DESTINATION },
            { parent: this, retainOnDelete: true },
        );
    }
}
