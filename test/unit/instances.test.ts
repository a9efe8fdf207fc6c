import { expect } from "chai";
import { AL2023_AMI_PARAMETERS, INSTANCE_FAMILIES, al2023AmiParameter, instanceArchitecture, instanceFamily, instanceSizes, instanceTypeProblems } from "../../lib/instances";

describe("lib/instances", () => {
    it("reads the family and architecture of an instance type", () => {
        expect(instanceFamily("m7i.large")).to.equal("m7i");
        expect(instanceFamily("c7g.12xlarge")).to.equal("c7g");
        expect(instanceFamily("large")).to.equal(undefined);
        expect(instanceArchitecture("t3.small")).to.equal("x86_64");
        expect(instanceArchitecture("m7g.large")).to.equal("arm64");
        expect(instanceArchitecture("p5.48xlarge")).to.equal(undefined);
    });

    it("accepts allowed types of one architecture", () => {
        expect(instanceTypeProblems(["m7i.large", "m6i.large"])).to.deep.equal([]);
        expect(instanceTypeProblems(["t4g.small"])).to.deep.equal([]);
    });

    it("rejects unknown families, malformed names, duplicates, mixed architectures and empty lists", () => {
        expect(instanceTypeProblems(["p5.48xlarge"])[0]).to.match(/^"p5\.48xlarge": family p5 is not allowed; use one of t3, t3a/);
        expect(instanceTypeProblems(["m7ilarge"])[0]).to.include("expected <family>.<size> such as m7i.large");
        expect(instanceTypeProblems(["t3.small", "t3.small"])).to.deep.equal(["list each instance type once"]);
        expect(instanceTypeProblems(["m7i.large", "m7g.large"])).to.deep.equal([
            "instance types mix CPU architectures (m7i.large is x86_64, m7g.large is arm64); one launch template has one AMI, so pick one architecture",
        ]);
        expect(instanceTypeProblems([])).to.deep.equal(["give at least one instance type, such as t3.small"]);
    });

    it("rejects sizes a family does not have, listing the ones it has", () => {
        expect(instanceTypeProblems(["m7i.medium"])).to.deep.equal([
            '"m7i.medium": m7i has no such size; its sizes are large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, 48xlarge',
        ]);
        expect(instanceTypeProblems(["t3.4xlarge"])).to.deep.equal(['"t3.4xlarge": t3 has no such size; its sizes are nano, micro, small, medium, large, xlarge, 2xlarge']);
        expect(instanceTypeProblems(["m7g.medium", "c7g.16xlarge"])).to.deep.equal([]);
        expect(instanceTypeProblems(["m6a.48xlarge"])).to.deep.equal([]);
        // Every allowed family has sizes in the provider's list (a family it does not know would refuse everything).
        for (const family of Object.keys(INSTANCE_FAMILIES)) expect(instanceSizes(family), family).to.include("large");
    });

    it("picks the Amazon Linux 2023 parameter of the fleet's architecture", () => {
        expect(al2023AmiParameter(["m7i.large"])).to.equal("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
        expect(al2023AmiParameter(["m7g.large"])).to.equal("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
        expect(Object.keys(AL2023_AMI_PARAMETERS)).to.deep.equal(["x86_64", "arm64"]);
        expect(() => al2023AmiParameter(["p5.large"])).to.throw(/unknown instance family/);
    });
});
