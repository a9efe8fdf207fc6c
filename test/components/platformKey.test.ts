import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformKey } from "../../components/platformKey";
import { MOCK_ACCOUNT_ID, one, policyOf, promiseOf, runComponent } from "../helpers";

describe("PlatformKey", () => {
    it("lets named roles, given as outputs, use the key through its policy", async () => {
        const role = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            new PlatformKey(
                "data",
                { purpose: "data", namePrefix: "startup-test", accountId: MOCK_ACCOUNT_ID, partition: "aws", region: "us-east-1", principals: [pulumi.output(role)] },
                { provider },
            );
        });
        const key = one(run, "aws:kms/key:Key");
        expect(key.inputs.enableKeyRotation).to.equal(true);
        const statement = policyOf(key).Statement.find((s) => s.Sid === "RolesUseKey");
        expect(statement?.Condition).to.deep.equal({ StringEquals: { "kms:CallerAccount": MOCK_ACCOUNT_ID }, ArnEquals: { "aws:PrincipalArn": [role] } });
    });

    it("creates a rotating key with its alias, and exposes both", async () => {
        let outputs: { keyArn: pulumi.Output<string>; aliasName: pulumi.Output<string> } | undefined;
        const run = await runComponent(() => {
            const provider = new aws.Provider("aws", { region: "us-east-1" });
            outputs = new PlatformKey(
                "logs",
                { purpose: "logs", namePrefix: "startup-test", accountId: MOCK_ACCOUNT_ID, partition: "aws", region: "us-east-1", multiRegion: true, deletionWindowInDays: 7 },
                { provider },
            );
        });
        const key = one(run, "aws:kms/key:Key");
        expect(key.inputs).to.include({ enableKeyRotation: true, multiRegion: true, deletionWindowInDays: 7, description: "startup-test logs key" });
        const alias = one(run, "aws:kms/alias:Alias");
        expect(alias.inputs.name).to.equal("alias/startup-test-logs");
        expect(alias.inputs.targetKeyId).to.equal(key.state.keyId);
        expect(alias.parent).to.equal(one(run, "startup:security:PlatformKey").urn);
        expect(await promiseOf(outputs!.aliasName)).to.equal("alias/startup-test-logs");
        expect(await promiseOf(outputs!.keyArn)).to.equal(key.state.arn);
    });

    it("refuses a deletion window KMS would refuse, before registering anything", () => {
        const base = { purpose: "data", namePrefix: "startup-test", accountId: MOCK_ACCOUNT_ID, partition: "aws", region: "us-east-1" };
        for (const days of [6, 31, 7.5]) {
            expect(() => new PlatformKey("k", { ...base, deletionWindowInDays: days })).to.throw(`PlatformKey k: deletionWindowInDays must be a whole number of days from 7 to 30 (KMS's range), got ${days}`);
        }
    });
});
