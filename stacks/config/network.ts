import { z } from "zod";
import { logRetentionDays } from "./rules";
import { parseCidr } from "../../lib/cidr";
import { INTERFACE_ENDPOINT_SERVICES } from "../../lib/endpoints";

/** Defaults of the `network` key, exported so docs and code cannot drift. */
export const NETWORK_DEFAULTS = {
    natGateways: "single",
    flowLogRetentionDays: 90,
    flowLogTrafficType: "ALL",
} as const;

const cidr = z
    .string()
    .refine((value) => parseCidr(value) !== undefined, {
        message: "expected an IPv4 CIDR block such as 10.20.0.0/16",
    })
    .refine((value) => {
        const parsed = parseCidr(value);
        return parsed === undefined || (parsed.prefix >= 16 && parsed.prefix <= 22);
    }, { message: "expected a prefix between /16 and /22 (AWS allows /16 to /28; three subnet tiers need at least a /22)" });

/**
 * The `network` section: what VpcTier takes besides its wiring. No rule spans several of its keys;
 * the rules that need another section (zones of the stack's region, three zones in prod) and the
 * overlap with other stacks' VPCs are checked on the whole stack config (schema.ts, stackFiles.ts).
 */
export const networkSchema = z
    .strictObject({
        cidr: cidr.describe("IPv4 CIDR block of the VPC, /16 to /22. Must not overlap any other stack's VPC: the program checks it against every Pulumi.<stack>.yaml of the project."),
        availabilityZones: z
            .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { message: "expected an availability-zone name such as us-east-1a" }))
            .min(2, { message: "expected at least 2 availability zones" })
            .max(6, { message: "expected at most 6 availability zones" })
            .refine((azs) => new Set(azs).size === azs.length, { message: "expected distinct availability zones" })
            .describe("Availability-zone names of the stack's region, in order (2 in dev, 3 in prod)."),
        natGateways: z
            .enum(["single", "onePerAz"])
            .default(NETWORK_DEFAULTS.natGateways)
            .describe("NAT gateways: one shared by every AZ (cheap), or one per AZ (no cross-AZ dependency)."),
        flowLogRetentionDays: logRetentionDays()
            .default(NETWORK_DEFAULTS.flowLogRetentionDays)
            .describe("Days VPC flow logs are kept in CloudWatch Logs (a retention CloudWatch accepts)."),
        flowLogTrafficType: z
            .enum(["ALL", "ACCEPT", "REJECT"])
            .default(NETWORK_DEFAULTS.flowLogTrafficType)
            .describe("Which traffic the VPC flow log records."),
        interfaceEndpoints: z
            .array(z.enum(INTERFACE_ENDPOINT_SERVICES))
            .default([])
            .superRefine((services, ctx) => {
                // Each repeat is its own problem: one endpoint per service and VPC.
                services.forEach((service, i) => {
                    if (services.indexOf(service) < i) ctx.addIssue({ code: "custom", message: `${service} is listed twice` });
                });
            })
            .describe(
                `AWS services reached through VPC interface endpoints (private DNS, one interface per zone, HTTPS from the VPC): ${INTERFACE_ENDPOINT_SERVICES.join(", ")}. Each costs per zone and hour; ec2 is what Security Hub EC2.10 checks. S3 and DynamoDB always have free gateway endpoints.`,
            ),
    })
    .describe("The VPC: address space, zones, NAT and flow logs.");

/** The network's settings, defaults filled in: what VpcTier takes besides its wiring. */
export type NetworkSettings = z.output<typeof networkSchema>;
export type NetworkConfig = NetworkSettings;
