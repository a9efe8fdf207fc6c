import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { GlobalTableReplica } from "../../components/globalTableReplica";
import { one, runComponent } from "../helpers";

const TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/startup-prod-user-data";
const DR_KEY = "arn:aws:kms:us-west-2:123456789012:key/dr-data";

describe("GlobalTableReplica", () => {
    it("adds a protected, recoverable replica of the table in this region, with this region's key", async () => {
        const run = await runComponent(
            () => {
                const provider = new aws.Provider("aws", { region: "us-west-2" });
                new GlobalTableReplica("user-data-replica", { globalTableArn: TABLE, region: "us-west-2", kmsKeyArn: DR_KEY, protect: true }, { provider });
            },
            { region: "us-west-2" },
        );
        const replica = one(run, "aws:dynamodb/tableReplica:TableReplica");
        expect(replica.inputs).to.deep.include({
            globalTableArn: TABLE,
            kmsKeyArn: DR_KEY,
            pointInTimeRecovery: true,
            deletionProtectionEnabled: true,
            tags: { Name: "startup-prod-user-data" },
        });
        expect(replica.protect).to.equal(true);
        expect(replica.state.arn).to.equal("arn:aws:dynamodb:us-west-2:123456789012:table/startup-prod-user-data");
    });

    it("refuses a replica in the table's own region, or a key from another region", () => {
        expect(() => new GlobalTableReplica("x", { globalTableArn: TABLE, region: "us-east-1", kmsKeyArn: DR_KEY })).to.throw("a replica must be in another region");
        expect(() => new GlobalTableReplica("y", { globalTableArn: TABLE, region: "us-west-2", kmsKeyArn: DR_KEY.replace("us-west-2", "us-east-1") })).to.throw(
            "the replica's KMS key must be in us-west-2",
        );
    });
});
