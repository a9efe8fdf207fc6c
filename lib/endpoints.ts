/**
 * VPC interface endpoints: which AWS services a stack may reach privately, their service names,
 * and what they cost next to a NAT gateway. Pure: unit-tested without mocks.
 */

/**
 * Services the platform can give an interface endpoint. `ec2` is what Security Hub's EC2.10
 * checks for; ssm, ssmmessages and ec2messages carry Session Manager and the SSM agent; ecr.api and
 * ecr.dkr the image registry (its layers come from S3, through the free gateway endpoint).
 */
export const INTERFACE_ENDPOINT_SERVICES = [
    "ec2",
    "ssm",
    "ssmmessages",
    "ec2messages",
    "ecr.api",
    "ecr.dkr",
    "logs",
    "secretsmanager",
    "kms",
    "monitoring",
    "sts",
] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** `com.amazonaws.<region>.<service>`, the name `aws.ec2.VpcEndpoint` takes. */
export function interfaceEndpointServiceName(region: string, service: InterfaceEndpointService): string {
    return `com.amazonaws.${region}.${service}`;
}

/** A Pulumi-name-safe form of the service: `ecr.api` becomes `ecr-api`. */
export function endpointRole(service: InterfaceEndpointService): string {
    return service.replace(/\./g, "-");
}

/**
 * us-east-1 list prices (AWS PrivateLink and Amazon VPC pricing pages): an interface endpoint is
 * billed per hour in each zone it has a network interface in, plus per GB it processes (first PB
 * a month); a NAT gateway per hour and per GB processed.
 */
export interface NetworkPrices {
    readonly endpointPerAzHour: number;
    readonly endpointPerGb: number;
    readonly natGatewayPerHour: number;
    readonly natGatewayPerGb: number;
    readonly hoursPerMonth: number;
}

export const NETWORK_PRICES_USD: NetworkPrices = {
    endpointPerAzHour: 0.01,
    endpointPerGb: 0.01,
    natGatewayPerHour: 0.045,
    natGatewayPerGb: 0.045,
    hoursPerMonth: 730,
};

/** Monthly fixed cost of one interface endpoint with a network interface in each of `zones` zones. */
export function endpointMonthlyUsd(zones: number, prices: NetworkPrices = NETWORK_PRICES_USD): number {
    return round2(prices.endpointPerAzHour * zones * prices.hoursPerMonth);
}

/**
 * GB a month that must move from a NAT gateway to one endpoint before the endpoint pays for itself:
 * its fixed cost over the per-GB saving. NAT gateways the VPC keeps for other egress are not
 * saved; only their per-GB charge is.
 */
export function endpointBreakEvenGbPerMonth(zones: number, prices: NetworkPrices = NETWORK_PRICES_USD): number {
    return Math.round(endpointMonthlyUsd(zones, prices) / (prices.natGatewayPerGb - prices.endpointPerGb));
}

function round2(n: number): number {
    return Math.round(n * 100) / 100;
}
