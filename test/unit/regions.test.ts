import { expect } from "chai";
import { AWS_REGIONS, COMMERCIAL_REGIONS, OTHER_PARTITIONS, isCommercialRegion, regionProblem, zoneProblem } from "../../lib/regions";
import { stackNames } from "../../stacks/config/stackFiles";
import { ROOT, readStackConfigFile } from "../../tools/offline/run";

describe("lib/regions", () => {
    it("lists region codes of the commercial partition, each once with its name", () => {
        expect(COMMERCIAL_REGIONS.length).to.be.greaterThan(30);
        for (const region of COMMERCIAL_REGIONS) {
            expect(region).to.match(/^[a-z]{2}-[a-z]+-\d$/);
            expect(AWS_REGIONS[region]).to.match(/\(.+\)$/);
        }
        const others = OTHER_PARTITIONS.flatMap((p) => p.regions);
        expect(others.filter(isCommercialRegion)).to.deep.equal([]);
        expect(new Set(others).size).to.equal(others.length);
    });

    it("knows every region the stack files use", () => {
        for (const stack of stackNames(ROOT)) expect(regionProblem(String(readStackConfigFile(stack)["aws:region"])), stack).to.equal(undefined);
    });

    it("says what is wrong with a region that is not a commercial one", () => {
        expect(regionProblem("us-east-1")).to.equal(undefined);
        expect(regionProblem("eu-wset-1")).to.match(/^not a commercial AWS region \(did you mean eu-west-1\?\); expected one of: us-east-1, us-east-2, /);
        expect(regionProblem("mars-north-1")).to.match(/^not a commercial AWS region; expected one of: /);
        expect(regionProblem("us-gov-east-1")).to.match(/^a region of AWS GovCloud \(US\) \(partition aws-us-gov\), which this program does not support: /);
        expect(regionProblem("cn-northwest-1")).to.match(/^a region of AWS China \(partition aws-cn\), which this program does not support: .*use a commercial region such as us-east-1$/);
    });

    it("accepts zones of the stack's region only, whatever their letter", () => {
        expect(zoneProblem("us-east-1f", "us-east-1")).to.equal(undefined);
        expect(zoneProblem("ap-southeast-7a", "ap-southeast-7")).to.equal(undefined);
        expect(zoneProblem("us-west-2a", "us-east-1")).to.equal('"us-west-2a" is not in the stack\'s region us-east-1; expected names such as us-east-1a');
        expect(zoneProblem("us-east-9a", "us-east-9")).to.equal('"us-east-9a" is not a zone of a commercial AWS region (did you mean us-east-1a?)');
        expect(zoneProblem("us-east-1", "us-east-1")).to.equal("expected an availability-zone name: the region and a letter, such as us-east-1a");
        expect(zoneProblem("use1-az1", "us-east-1")).to.equal("expected an availability-zone name: the region and a letter, such as us-east-1a");
    });
});
