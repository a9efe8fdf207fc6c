import { expect } from "chai";
import { MAX_LAYOUT_ZONES, cidrContains, cidrsOverlap, parseCidr, subnetLayout } from "../../lib/cidr";

describe("lib/cidr", () => {
    describe("parseCidr", () => {
        const cases: Array<[string, boolean]> = [
            ["10.20.0.0/16", true],
            ["0.0.0.0/0", true],
            ["10.20.0.0/33", false],
            ["10.20.1.0/16", false], // host bits set
            ["256.0.0.0/8", false],
            ["10.0.0/16", false],
            ["10.0.0.0", false],
            ["010.0.0.0/8", false],
        ];
        for (const [text, valid] of cases) {
            it(`${valid ? "accepts" : "rejects"} ${text}`, () => {
                expect(parseCidr(text) !== undefined).to.equal(valid);
            });
        }
    });

    it("detects overlap and containment", () => {
        expect(cidrsOverlap("10.20.0.0/16", "10.20.128.0/17")).to.equal(true);
        expect(cidrsOverlap("10.20.0.0/16", "10.30.0.0/16")).to.equal(false);
        expect(cidrContains("10.20.0.0/16", "10.20.255.0/24")).to.equal(true);
        expect(cidrContains("10.20.0.0/16", "10.21.0.0/24")).to.equal(false);
    });

    describe("subnetLayout", () => {
        for (const vpc of ["10.20.0.0/16", "172.16.0.0/20", "192.168.4.0/22"]) {
            for (let zones = 1; zones <= MAX_LAYOUT_ZONES; zones++) {
                it(`keeps ${zones} zone(s) of ${vpc} inside the VPC and disjoint`, () => {
                    const layout = subnetLayout(vpc, zones);
                    const all = [...layout.public, ...layout.private, ...layout.isolated];
                    expect(all).to.have.lengthOf(3 * zones);
                    for (const cidr of all) expect(cidrContains(vpc, cidr), cidr).to.equal(true);
                    for (let i = 0; i < all.length; i++) {
                        for (let j = i + 1; j < all.length; j++) {
                            expect(cidrsOverlap(all[i], all[j]), `${all[i]} vs ${all[j]}`).to.equal(false);
                        }
                    }
                });
            }
        }

        it("gives a /16 /20 private and /21 public and isolated subnets", () => {
            expect(subnetLayout("10.20.0.0/16", 3)).to.deep.equal({
                private: ["10.20.0.0/20", "10.20.16.0/20", "10.20.32.0/20"],
                public: ["10.20.128.0/21", "10.20.136.0/21", "10.20.144.0/21"],
                isolated: ["10.20.192.0/21", "10.20.200.0/21", "10.20.208.0/21"],
            });
        });

        it("never moves existing subnets when a zone is added", () => {
            const two = subnetLayout("10.20.0.0/16", 2);
            const three = subnetLayout("10.20.0.0/16", 3);
            expect(three.private.slice(0, 2)).to.deep.equal(two.private);
            expect(three.public.slice(0, 2)).to.deep.equal(two.public);
            expect(three.isolated.slice(0, 2)).to.deep.equal(two.isolated);
        });

        it("explains what to change when the VPC is too small or zones are out of range", () => {
            expect(() => subnetLayout("10.20.0.0/24", 2)).to.throw(/make the VPC CIDR \/22 or larger/);
            expect(() => subnetLayout("10.20.0.0/16", 9)).to.throw(/zone count must be 1-8/);
            expect(() => subnetLayout("nonsense", 2)).to.throw(/not an IPv4 CIDR block/);
        });
    });
});
