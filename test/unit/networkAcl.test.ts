import { expect } from "chai";
import { ANY_IPV4, NaclEntry, defaultNetworkAclRules, portRangesExcluding, remoteAdminExposure } from "../../lib/networkAcl";

/** What the ACL does with a packet, as AWS evaluates it: the first matching entry by rule number, else deny. */
function verdict(entries: readonly NaclEntry[], packet: { protocol: "tcp" | "udp" | "icmp"; port: number; fromVpc: boolean }): "allow" | "deny" {
    const match = [...entries]
        .sort((a, b) => a.ruleNo - b.ruleNo)
        .find(
            (e) =>
                (e.cidrBlock === ANY_IPV4 || packet.fromVpc) &&
                (e.protocol === "-1" || (e.protocol === packet.protocol && (packet.protocol === "icmp" || (e.fromPort <= packet.port && packet.port <= e.toPort)))),
        );
    return match?.action ?? "deny";
}

describe("lib/networkAcl", () => {
    const { ingress, egress } = defaultNetworkAclRules("10.20.0.0/16");

    it("splits the port space around the excluded ports", () => {
        expect(portRangesExcluding([22, 3389])).to.deep.equal([[0, 21], [23, 3388], [3390, 65535]]);
        expect(portRangesExcluding([3389, 22, 22])).to.deep.equal([[0, 21], [23, 3388], [3390, 65535]]);
        expect(portRangesExcluding([0, 65535])).to.deep.equal([[1, 65534]]);
    });

    it("drops SSH and RDP from the internet, over TCP and UDP", () => {
        for (const protocol of ["tcp", "udp"] as const) {
            for (const port of [22, 3389]) expect(verdict(ingress, { protocol, port, fromVpc: false }), `${protocol} ${port}`).to.equal("deny");
        }
    });

    it("keeps the ALB, the NAT gateways' and gateway endpoints' replies, ICMP and the VPC's own traffic", () => {
        // Viewers to the ALB; replies to NAT (1024-65535) and to instances' ephemeral ports (32768-60999).
        for (const port of [80, 443, 1024, 3388, 3390, 32768, 60999, 65535]) expect(verdict(ingress, { protocol: "tcp", port, fromVpc: false }), `tcp ${port}`).to.equal("allow");
        expect(verdict(ingress, { protocol: "udp", port: 40000, fromVpc: false })).to.equal("allow");
        expect(verdict(ingress, { protocol: "icmp", port: 0, fromVpc: false })).to.equal("allow");
        // Inside the VPC nothing is filtered, 22 and 3389 included (the ALB's and Lambda's ephemeral ports reach 3389).
        for (const port of [22, 3306, 3389, 443]) expect(verdict(ingress, { protocol: "tcp", port, fromVpc: true }), `vpc tcp ${port}`).to.equal("allow");
        expect(egress).to.deep.equal([{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: ANY_IPV4, fromPort: 0, toPort: 0 }]);
    });

    it("numbers its entries uniquely within 1-32766, the VPC's entry first and the denies before every internet allow", () => {
        const numbers = ingress.map((e) => e.ruleNo);
        expect(new Set(numbers).size).to.equal(numbers.length);
        expect(numbers.every((n) => n >= 1 && n <= 32766)).to.equal(true);
        expect(ingress[0]).to.include({ ruleNo: 100, cidrBlock: "10.20.0.0/16", action: "allow", protocol: "-1" });
        const lastDeny = Math.max(...ingress.filter((e) => e.action === "deny").map((e) => e.ruleNo));
        const firstInternetAllow = Math.min(...ingress.filter((e) => e.action === "allow" && e.cidrBlock === ANY_IPV4).map((e) => e.ruleNo));
        expect(lastDeny).to.be.below(firstInternetAllow);
        // The ACL quota is 20 inbound entries by default.
        expect(ingress.length).to.be.at.most(20);
    });

    it("has no entry EC2.21 would flag", () => {
        expect(ingress.map((e) => remoteAdminExposure({ ...e })).filter((m) => m !== undefined)).to.deep.equal([]);
    });

    it("flags an internet allow covering 22 or 3389 by any protocol spelling, even after a deny, and nothing narrower", () => {
        expect(remoteAdminExposure({ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 })).to.equal(
            "rule 100 allows all traffic from 0.0.0.0/0, which includes ports 22 and 3389",
        );
        expect(remoteAdminExposure({ ruleNo: 5, action: "allow", protocol: "6", cidrBlock: "0.0.0.0/0", fromPort: "3000", toPort: "4000" })).to.equal(
            "rule 5 allows 6 3000-4000 from 0.0.0.0/0, which includes port 3389",
        );
        expect(remoteAdminExposure({ ruleNumber: 7, ruleAction: "ALLOW", protocol: "udp", ipv6CidrBlock: "::/0", fromPort: 22, toPort: 22 })).to.equal(
            "rule 7 allows udp 22-22 from ::/0, which includes port 22",
        );
        expect(remoteAdminExposure({ ruleNo: 1, action: "deny", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 })).to.equal(undefined);
        expect(remoteAdminExposure({ ruleNo: 1, action: "allow", protocol: "tcp", cidrBlock: "203.0.113.0/24", fromPort: 22, toPort: 22 })).to.equal(undefined);
        expect(remoteAdminExposure({ ruleNo: 1, action: "allow", protocol: "icmp", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 })).to.equal(undefined);
        expect(remoteAdminExposure({ ruleNo: 1, action: "allow", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 23, toPort: 3388 })).to.equal(undefined);
    });
});
