import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { EndpointRouting, PublicEndpoint } from "../../components/publicEndpoint";
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

    it("makes the PRIMARY half of a failover pair with an HTTPS health check on the health path", async () => {
        const run = await runEndpoint("primary");
        const check = one(run, "aws:route53/healthCheck:HealthCheck");
        expect(check.inputs).to.include({
            type: "HTTPS", fqdn: "startup-prod-alb-1.us-east-1.elb.amazonaws.com", port: 443, resourcePath: "/healthz", failureThreshold: 3,
        });
        const record = one(run, "aws:route53/record:Record");
        expect(record.inputs.failoverRoutingPolicies).to.deep.equal([{ type: "PRIMARY" }]);
        expect(record.inputs).to.include({ setIdentifier: "startup-prod-primary", healthCheckId: check.state.id });
    });

    it("makes the SECONDARY half for the DR stack", async () => {
        const record = one(await runEndpoint("secondary"), "aws:route53/record:Record");
        expect(record.inputs.failoverRoutingPolicies).to.deep.equal([{ type: "SECONDARY" }]);
        expect(record.inputs.setIdentifier).to.equal("startup-prod-secondary");
    });

    it("rejects a failure threshold Route 53 would refuse", () => {
        expect(
            () => new PublicEndpoint("bad", { hostedZoneId: "Z1", fqdn: "a.b.c", routing: "simple", loadBalancerDnsName: "x", loadBalancerZoneId: "y", namePrefix: "p", failureThreshold: 11 }),
        ).to.throw(/failureThreshold must be 1-10/);
    });
});
