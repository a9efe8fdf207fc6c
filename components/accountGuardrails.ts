import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { SSM_PUBLIC_SHARING_SETTING, VpcBlockPublicAccessMode } from "../lib/guardrails";
import { parseSettings } from "../stacks/config/rules";
import { guardrailsSchema } from "../stacks/config/security";

/** What the stack wires into the guardrails. */
export interface AccountGuardrailsWiring {
    /** Region of the regional settings (the provider's region). */
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /**
     * Resources the block waits for: the Block Public Access exclusions of the VPCs that must keep
     * serving the internet (their public subnets). @default []
     */
    readonly blockPublicAccessAfter?: pulumi.Input<pulumi.Resource>[];
}

/**
 * The `security.guardrails` settings (stacks/config/security.ts: the account's S3 public access
 * block, the region's EBS encryption by default, VPC Block Public Access mode and SSM document
 * sharing block; `vpcBlockPublicAccess: off` creates nothing) plus the wiring.
 */
export type AccountGuardrailsArgs = z.input<typeof guardrailsSchema> & AccountGuardrailsWiring;

/**
 * Account guardrails that Security Hub checks once per account (S3.1) or per region (EC2.7,
 * EC2.172, SSM.7). Each is a singleton setting: exactly one stack per account (S3) or per account
 * and region (the rest) creates this component, which stacks/config enforces. They are kept when
 * the stack is destroyed (`retainOnDelete`), so tearing down a stack never loosens the account.
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
        if (s.vpcBlockPublicAccess !== "off") {
            new aws.ec2.VpcBlockPublicAccessOptions(
                `${name}-vpc-block-public-access`,
                { internetGatewayBlockMode: s.vpcBlockPublicAccess },
                { ...keep, dependsOn: args.blockPublicAccessAfter ?? [] },
            );
        }
        if (s.blockSsmDocumentPublicSharing) {
            new aws.ssm.ServiceSetting(
                `${name}-ssm-document-sharing`,
                {
                    // The full ARN: the provider reads the setting back as its ARN, so a bare id
                    // would show a diff on every refresh.
                    settingId: pulumi.interpolate`arn:${args.partition}:ssm:${args.region}:${args.accountId}:servicesetting${SSM_PUBLIC_SHARING_SETTING}`,
                    settingValue: "Disable",
                },
                keep,
            );
        }
        this.vpcBlockPublicAccessMode = s.vpcBlockPublicAccess;
        this.registerOutputs({ vpcBlockPublicAccessMode: this.vpcBlockPublicAccessMode });
    }
}
