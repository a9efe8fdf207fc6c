/**
 * Account guardrail settings as plain data, shared by the AccountGuardrails component, the stack
 * config and the policy pack.
 */

/** The SSM service setting that lets documents be shared publicly (Security Hub SSM.7); `Disable` blocks it. */
export const SSM_PUBLIC_SHARING_SETTING = "/ssm/documents/console/public-sharing-permission";

/**
 * Where SSM Automation sends the output of runbooks' `aws:executeScript` steps in the account and
 * Region (Security Hub SSM.6); `CloudWatch` is the value that turns logging on (SSM API reference,
 * UpdateServiceSetting; Systems Manager User Guide, "Logging Automation action output with
 * CloudWatch Logs").
 */
export const SSM_AUTOMATION_LOG_DESTINATION_SETTING = "/ssm/automation/customer-script-log-destination";
export const SSM_AUTOMATION_LOG_DESTINATION = "CloudWatch";

/** Where Automation writes script output when no log group is named (the setting below unset). */
export const SSM_AUTOMATION_DEFAULT_LOG_GROUP = "/aws/ssm/automation/executeScript";

/** The log group a stack's account guardrails name for Automation's script output. */
export function automationLogGroupName(namePrefix: string): string {
    return `/${namePrefix}/ssm/automation`;
}

/** The log group that output goes to; unset, Automation creates and uses `/aws/ssm/automation/executeScript`. */
export const SSM_AUTOMATION_LOG_GROUP_SETTING = "/ssm/automation/customer-script-log-group-name";

/**
 * A service setting by its full ARN, `arn:<partition>:ssm:<region>:<account>:servicesetting/ssm/...`:
 * the provider reads a setting back as its ARN, so a bare id would show a diff on every refresh.
 */
export function ssmServiceSettingArn(partition: string, region: string, accountId: string, settingId: string): string {
    return `arn:${partition}:ssm:${region}:${accountId}:servicesetting${settingId}`;
}

/**
 * Block public access for EBS snapshots (EC2 API EnableSnapshotBlockPublicAccess): `block-all-sharing`
 * also hides snapshots that are already public, which is what AWS Config's
 * ebs-snapshot-block-public-access asks; `block-new-sharing` would leave those public.
 */
export const EBS_SNAPSHOT_BLOCK_STATE = "block-all-sharing";

/** Block public access for AMIs (EC2 API EnableImageBlockPublicAccess): the one blocking state AWS has. */
export const AMI_BLOCK_STATE = "block-new-sharing";

/**
 * VPC Block Public Access modes (EC2 API `internetGatewayBlockMode`). `block-ingress` blocks
 * internet traffic into the region's VPCs but lets NAT gateways and egress-only internet gateways
 * work; `block-bidirectional` blocks internet gateway traffic both ways. Excluded subnets and VPCs
 * are exempt in both.
 */
export const VPC_BLOCK_PUBLIC_ACCESS_MODES = ["off", "block-ingress", "block-bidirectional"] as const;
export type VpcBlockPublicAccessMode = (typeof VPC_BLOCK_PUBLIC_ACCESS_MODES)[number];
