import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { EndpointRouting, PublicEndpoint } from "../../components/publicEndpoint";
import { DNS_SWITCH } from "../../lib/failover";
import { one, runComponent, some } from "../helpers";

function runEndpoint(routing: EndpointRouting) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        new PublicEndpoint(
            "endpoint",
            {
                hostedZoneId: "Z0PROD000000000000001",
                fqdn: "app.example-startup.com",
                routing,
                loadBalancerDnsName: "startup-prod-alb-1.us-east-1.elb.amazonaws.com",
                loadBalancerZoneId: "Z35SXDOTRQ7X7K",
                healthPath: "/healthz",
                namePrefix: "startup-prod",
            },
            { provider },
        );
    });
}

describe("PublicEndpoint", () => {
    it("points a simple alias at the load balancer, without a health check", async () => {
        const run = await runEndpoint("simple");
        const record = one(run, "aws:route53/record:Record");
        expect(record.inputs).to.include({ name: "app.example-startup.com", type: "A", zoneId: "Z0PROD000000000000001" });
        expect(record.inputs.aliases).to.deep.equal([
            { name: "startup-prod-alb-1.us-east-1.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true },
        ]);
        expect(record.inputs.failoverRoutingPolicies).to.equal(undefined);
        expect(some(run, "aws:route53/healthCheck:HealthCheck")).to.have.lengthOf(0);
    });

    it("makes the PRIMARY half of a failover pair follow a DNS switch over an HTTPS check of the health path", async () => {
        const run = await runEndpoint("primary");
        const check = one(run, "aws:route53/healthCheck:HealthCheck", "endpoint-health");
        expect(check.inputs).to.include({
            type: "HTTPS", fqdn: "startup-prod-alb-1.us-east-1.elb.amazonaws.com", port: 443, resourcePath: "/healthz", failureThreshold: 3,
        });
        const dnsSwitch = one(run, "aws:route53/healthCheck:HealthCheck", "endpoint-dns-switch");
        expect(dnsSwitch.inputs).to.deep.include({ type: "CALCULATED", childHealthchecks: [check.state.id], childHealthThreshold: DNS_SWITCH.follow });
        // The runbook turns the threshold; the stack must not turn it back.
        expect(dnsSwitch.ignoreChanges).to.deep.equal(["childHealthThreshold"]);
        const record = one(run, "aws:route53/record:Record");
        expect(record.inputs.failoverRoutingPolicies).to.deep.equal([{ type: "PRIMARY" }]);
        expect(record.inputs).to.include({ setIdentifier: "startup-prod-primary", healthCheckId: dnsSwitch.state.id });
    });

    it("makes the SECONDARY half for the DR stack, following its HTTPS check directly", async () => {
        const run = await runEndpoint("secondary");
        const record = one(run, "aws:route53/record:Record");
        expect(record.inputs.failoverRoutingPolicies).to.deep.equal([{ type: "SECONDARY" }]);
        expect(record.inputs.setIdentifier).to.equal("startup-prod-secondary");
        const check = one(run, "aws:route53/healthCheck:HealthCheck");
        expect(check.inputs.type).to.equal("HTTPS");
        expect(record.inputs.healthCheckId).to.equal(check.state.id);
    });

    it("rejects a failure threshold Route 53 would refuse", () => {
        expect(
            () => new PublicEndpoint("bad", { hostedZoneId: "Z1", fqdn: "a.b.c", routing: "simple", loadBalancerDnsName: "x", loadBalancerZoneId: "y", namePrefix: "p", failureThreshold: 11 }),
        ).to.throw(/failureThreshold must be 1-10/);
    });
});
