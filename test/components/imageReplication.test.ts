import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { ImageReplication, ImageReplicationArgs } from "../../components/imageReplication";
import { one, runComponent } from "../helpers";

const ARGS: ImageReplicationArgs = {
    accountId: "123456789012",
    sourceRegion: "us-east-1",
    destinationRegions: ["us-west-2"],
    repositoryPrefixes: ["startup-prod/app"],
};

describe("ImageReplication", () => {
    it("replicates the named repositories of the registry into the DR region of the same account", async () => {
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws-primary", { region: "us-east-1" });
            new ImageReplication("images", ARGS, { provider });
        });
        expect(one(run, "aws:ecr/replicationConfiguration:ReplicationConfiguration").inputs.replicationConfiguration).to.deep.equal({
            rules: [
                {
                    destinations: [{ region: "us-west-2", registryId: "123456789012" }],
                    repositoryFilters: [{ filter: "startup-prod/app", filterType: "PREFIX_MATCH" }],
                },
            ],
        });
    });

    it("refuses an empty, repeated or same-region destination and no repositories", () => {
        expect(() => new ImageReplication("x", { ...ARGS, destinationRegions: ["us-east-1", "us-east-1"], repositoryPrefixes: [] })).to.throw(
            "ImageReplication x: repositoryPrefixes: give at least one repository name prefix; destinationRegions: us-east-1 is the source registry's region; destinationRegions: us-east-1 is the source registry's region; destinationRegions: list each region once",
        );
        expect(() => new ImageReplication("y", { ...ARGS, destinationRegions: [] })).to.throw("destinationRegions: give at least one region");
    });
});
