import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { PlatformReplicaKey } from "../../components/platformReplicaKey";
import { one, policyOf, runComponent } from "../helpers";

const PRIMARY = "arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef";

describe("PlatformReplicaKey", () => {
    it("replicates the multi-Region primary key into this region with its own policy and alias", async () => {
        const run = await runComponent(
            () => {
                const provider = new aws.Provider("aws", { region: "us-west-2" });
                new PlatformReplicaKey(
                    "database-key",
                    { purpose: "database", namePrefix: "startup-dr", primaryKeyArn: PRIMARY, accountId: "123456789012", partition: "aws", region: "us-west-2", protect: true },
                    { provider },
                );
            },
            { region: "us-west-2" },
        );
        const key = one(run, "aws:kms/replicaKey:ReplicaKey");
        expect(key.inputs).to.include({ primaryKeyArn: PRIMARY, deletionWindowInDays: 30 });
        expect(key.protect).to.equal(true);
        // A replica has the primary's key id, in its own region.
        expect(key.state.arn).to.equal("arn:aws:kms:us-west-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef");
        expect(policyOf(key).Statement[0]).to.deep.include({ Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*" });
        expect(one(run, "aws:kms/alias:Alias").inputs).to.deep.include({ name: "alias/startup-dr-database", targetKeyId: key.state.keyId });
    });

    it("refuses a primary key in its own region and a deletion window KMS would refuse", () => {
        const base = { purpose: "database", namePrefix: "startup-dr", accountId: "123456789012", partition: "aws", region: "us-west-2" };
        expect(() => new PlatformReplicaKey("k", { ...base, primaryKeyArn: PRIMARY.replace("us-east-1", "us-west-2") })).to.throw("a replica must be in another region");
        expect(() => new PlatformReplicaKey("k", { ...base, primaryKeyArn: PRIMARY, deletionWindowInDays: 5 })).to.throw("from 7 to 30");
    });
});
