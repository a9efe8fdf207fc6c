import { expect } from "chai";
import {
    INTERFACE_ENDPOINT_SERVICES,
    endpointBreakEvenGbPerMonth,
    endpointMonthlyUsd,
    endpointRole,
    interfaceEndpointServiceName,
} from "../../lib/endpoints";

describe("lib/endpoints", () => {
    it("names the regional service and a Pulumi-safe role for each service", () => {
        expect(interfaceEndpointServiceName("us-west-2", "ecr.dkr")).to.equal("com.amazonaws.us-west-2.ecr.dkr");
        expect(INTERFACE_ENDPOINT_SERVICES.map(endpointRole).every((r) => /^[a-z0-9-]+$/.test(r))).to.equal(true);
        expect(endpointRole("ecr.api")).to.equal("ecr-api");
    });

    it("prices an endpoint per zone and hour: $7.30 a month per zone, $21.90 in three", () => {
        expect(endpointMonthlyUsd(1)).to.equal(7.3);
        expect(endpointMonthlyUsd(3)).to.equal(21.9);
    });

    it("pays for itself only past ~626 GB a month moved off NAT in three zones (~417 in two)", () => {
        expect(endpointBreakEvenGbPerMonth(3)).to.equal(626);
        expect(endpointBreakEvenGbPerMonth(2)).to.equal(417);
        // Cheaper NAT processing moves the break-even up, as the formula says.
        expect(endpointBreakEvenGbPerMonth(3, { endpointPerAzHour: 0.01, endpointPerGb: 0.01, natGatewayPerHour: 0.045, natGatewayPerGb: 0.02, hoursPerMonth: 730 })).to.equal(2190);
    });
});
