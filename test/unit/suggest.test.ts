import { expect } from "chai";
import { closest, didYouMean, editDistance } from "../../lib/suggest";

describe("lib/suggest", () => {
    const distances: Array<[string, string, number]> = [
        ["", "", 0],
        ["abc", "abc", 0],
        ["", "abc", 3],
        ["startup-platfrom", "startup-platform", 1], // two neighbours swapped: one edit
        ["netwrok", "network", 1],
        ["us-east-9", "us-east-1", 1],
        ["kitten", "sitting", 3],
        ["ca", "abc", 3], // optimal string alignment, not full Damerau: "ca" -> "abc" takes 3
    ];
    for (const [a, b, d] of distances) {
        it(`counts ${d} edit(s) between "${a}" and "${b}", either way`, () => {
            expect(editDistance(a, b)).to.equal(d);
            expect(editDistance(b, a)).to.equal(d);
        });
    }

    it("suggests the closest name when it is a likely typo, ignoring case", () => {
        expect(closest("startup-platfrom", ["aws", "pulumi", "startup-platform"])).to.equal("startup-platform");
        expect(closest("NETWORK", ["network", "database"])).to.equal("network");
        expect(closest("us-east-9", ["us-east-1", "us-east-2"])).to.equal("us-east-1"); // a tie goes to the first
    });

    it("suggests nothing for names too far from every candidate", () => {
        expect(closest("acme", ["startup-platform", "aws", "pulumi"])).to.equal(undefined);
        // Short names allow one edit only: "dr" is not a typo of "dev".
        expect(closest("dr", ["dev"])).to.equal(undefined);
        expect(closest("anything", [])).to.equal(undefined);
    });

    it("words the suggestion for a message", () => {
        expect(didYouMean("prdo", ["dev", "prod"])).to.equal(" (did you mean prod?)");
        expect(didYouMean("zzz", ["dev", "prod"])).to.equal("");
    });
});
