import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DNS_SWITCH } from "../lib/failover";

/**
 * How the stack's public name answers: `simple` points it at this stack's load balancer;
 * `primary` and `secondary` are the two halves of a Route 53 failover pair that the prod and DR
 * stacks each create for themselves, so neither stack owns the other's record.
 */
export type EndpointRouting = "simple" | "primary" | "secondary";

export interface PublicEndpointArgs {
    /** Hosted zone of the public name. */
    readonly hostedZoneId: pulumi.Input<string>;
    /** The public name, e.g. app.example.com. */
    readonly fqdn: string;
    readonly routing: EndpointRouting;
    /** DNS name of the load balancer the name points at. */
    readonly loadBalancerDnsName: pulumi.Input<string>;
    /** Route 53 zone id of that load balancer (not the hosted zone's). */
    readonly loadBalancerZoneId: pulumi.Input<string>;
    /** Path the health check requests over HTTPS. @default "/health" */
    readonly healthPath?: string;
    /** Consecutive failures before Route 53 calls the endpoint unhealthy. @default 3 */
    readonly failureThreshold?: number;
    /** Seconds between health checks: 10 (fast, costs more) or 30. @default 30 */
    readonly requestInterval?: 10 | 30;
    /** Prefix of AWS names. */
    readonly namePrefix: string;
}

export const PUBLIC_ENDPOINT_DEFAULTS = { healthPath: "/health", failureThreshold: 3, requestInterval: 30 } as const;

/**
 * The public DNS record of the application, and for a failover pair the Route 53 health check
 * that decides which half answers. The PRIMARY half follows a CALCULATED check over its HTTPS
 * check, the DNS switch (`DNS_SWITCH` in lib/failover.ts) that the failover runbook turns to pin
 * DNS to DR; the SECONDARY half follows its HTTPS check directly.
 */
export class PublicEndpoint extends pulumi.ComponentResource {
    public readonly fqdn: string;
    /**
     * The health check this stack's half of a failover pair follows (for PRIMARY, the DNS switch);
     * undefined for simple routing.
     */
    public readonly healthCheckId: pulumi.Output<string> | undefined;
    /** The HTTPS check of the load balancer; undefined for simple routing. */
    public readonly endpointHealthCheckId: pulumi.Output<string> | undefined;

    constructor(name: string, args: PublicEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        const threshold = args.failureThreshold ?? PUBLIC_ENDPOINT_DEFAULTS.failureThreshold;
        if (!Number.isInteger(threshold) || threshold < 1 || threshold > 10) {
            throw new Error(`PublicEndpoint ${name}: failureThreshold must be 1-10 (Route 53's range), got ${threshold}`);
        }
        super("startup:network:PublicEndpoint", name, {}, opts);
        const healthPath = args.healthPath ?? PUBLIC_ENDPOINT_DEFAULTS.healthPath;

        let healthCheck: aws.route53.HealthCheck | undefined;
        if (args.routing !== "simple") {
            // Checks the load balancer itself over HTTPS (Route 53 does not validate the
            // certificate), so the check does not depend on the record it steers.
            healthCheck = new aws.route53.HealthCheck(
                `${name}-health`,
                {
                    type: "HTTPS",
                    fqdn: args.loadBalancerDnsName,
                    port: 443,
                    resourcePath: healthPath,
                    enableSni: true,
                    failureThreshold: threshold,
                    requestInterval: args.requestInterval ?? PUBLIC_ENDPOINT_DEFAULTS.requestInterval,
                    measureLatency: true,
                    tags: { Name: `${args.namePrefix}-${args.routing}-health` },
                },
                { parent: this },
            );
        }
        const routingCheck =
            healthCheck && args.routing === "primary"
                ? new aws.route53.HealthCheck(
                      `${name}-dns-switch`,
                      {
                          type: "CALCULATED",
                          childHealthchecks: [healthCheck.id],
                          childHealthThreshold: DNS_SWITCH.follow,
                          tags: { Name: `${args.namePrefix}-primary-dns-switch` },
                      },
                      // The failover runbook sets the threshold to pin DNS to DR; an update of
                      // this stack during a failover must not quietly undo that.
                      { parent: this, ignoreChanges: ["childHealthThreshold"] },
                  )
                : healthCheck;
        new aws.route53.Record(
            `${name}-record`,
            {
                zoneId: args.hostedZoneId,
                name: args.fqdn,
                type: "A",
                aliases: [{ name: args.loadBalancerDnsName, zoneId: args.loadBalancerZoneId, evaluateTargetHealth: true }],
                ...(args.routing === "simple"
                    ? {}
                    : {
                          setIdentifier: `${args.namePrefix}-${args.routing}`,
                          failoverRoutingPolicies: [{ type: args.routing === "primary" ? "PRIMARY" : "SECONDARY" }],
                          healthCheckId: routingCheck?.id,
                      }),
            },
            { parent: this },
        );

        this.fqdn = args.fqdn;
        this.healthCheckId = routingCheck?.id;
        this.endpointHealthCheckId = healthCheck?.id;
        this.registerOutputs({ fqdn: this.fqdn, healthCheckId: this.healthCheckId, endpointHealthCheckId: this.endpointHealthCheckId });
    }
}
