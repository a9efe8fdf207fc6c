import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformKey } from "../../components/platformKey";
import { MOCK_ACCOUNT_ID, one, policyOf, runComponent } from "../helpers";

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
});
