/**
 * Account guardrail settings as plain data, shared by the AccountGuardrails component, the stack
 * config and the policy pack.
 */

/** The SSM service setting that lets documents be shared publicly (Security Hub SSM.7); `Disable` blocks it. */
export const SSM_PUBLIC_SHARING_SETTING = "/ssm/documents/console/public-sharing-permission";

/**
 * VPC Block Public Access modes (EC2 API `internetGatewayBlockMode`). `block-ingress` blocks
 * internet traffic into the region's VPCs but lets NAT gateways and egress-only internet gateways
 * work; `block-bidirectional` blocks internet gateway traffic both ways. Excluded subnets and VPCs
 * are exempt in both.
 */
export const VPC_BLOCK_PUBLIC_ACCESS_MODES = ["off", "block-ingress", "block-bidirectional"] as const;
export type VpcBlockPublicAccessMode = (typeof VPC_BLOCK_PUBLIC_ACCESS_MODES)[number];
