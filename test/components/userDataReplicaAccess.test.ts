import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { UserDataReplicaAccess, UserDataReplicaAccessArgs } from "../../components/userDataReplicaAccess";
import { ownUserDataPolicy } from "../../lib/identityPolicy";
import { ancestors, one, policyOf, runComponent } from "../helpers";

const ROLE = "startup-prod-cognito-authenticated";
const ROLE_ID = "AROA0123456789ABCDEF0";
const DR = {
    tableArn: "arn:aws:dynamodb:us-west-2:123456789012:table/startup-prod-user-data",
    bucketArn: "arn:aws:s3:::startup-dr-user-uploads-123456789012-us-west-2",
    kmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/0a1b2c3d",
};
const PROD_TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/startup-prod-user-data";

function args(overrides: Partial<UserDataReplicaAccessArgs> = {}): UserDataReplicaAccessArgs {
    return { namePrefix: "startup-dr", region: "us-west-2", roleName: ROLE, roleUniqueId: ROLE_ID, ...DR, ...overrides };
}

/** Runs the component; values given as Outputs stand for another stack's outputs (unknown until deploy). */
function runAccess(overrides: Partial<UserDataReplicaAccessArgs> = {}) {
    return runComponent(
        () => {
            const provider = new aws.Provider("aws", { region: "us-west-2" });
            const access = new UserDataReplicaAccess("user-data-replica-access", args(overrides), { provider });
            return { policyName: access.policyName, roleName: access.roleName };
        },
        { region: "us-west-2" },
    );
}

const POLICY = "aws:iam/rolePolicy:RolePolicy";

describe("UserDataReplicaAccess", () => {
    it("puts the own-data policy for this region's copies on the given role, inside the component", async () => {
        const run = await runAccess({ roleName: pulumi.output(ROLE) });
        const policy = one(run, POLICY);
        expect(policy.name).to.equal("user-data-replica-access-policy");
        expect(policy.inputs).to.include({ name: "startup-dr-user-data-own-items-us-west-2", role: ROLE });
        expect(policyOf(policy)).to.deep.equal(ownUserDataPolicy({ ...DR, region: "us-west-2" }));
        expect(ancestors(run, policy).map((a) => a.type)).to.deep.equal(["startup:identity:UserDataReplicaAccess"]);
        expect(run.outputs).to.deep.equal({ policyName: "startup-dr-user-data-own-items-us-west-2", roleName: ROLE });
    });

    it("scopes each identity to its own items and its own private folder, with the key only through S3 and DynamoDB here", async () => {
        const statements = policyOf(one(await runAccess(), POLICY)).Statement;
        const sid = (name: string) => statements.find((s) => s.Sid === name);
        expect(sid("OwnItemsOnly")).to.deep.include({
            Resource: DR.tableArn,
            Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"] } },
        });
        expect(sid("OwnUploadsOnly")?.Resource).to.equal(`${DR.bucketArn}/private/\${cognito-identity.amazonaws.com:sub}/*`);
        expect(sid("ListOwnUploadsOnly")?.Condition).to.deep.equal({
            StringLike: { "s3:prefix": ["private/${cognito-identity.amazonaws.com:sub}/", "private/${cognito-identity.amazonaws.com:sub}/*"] },
        });
        expect(sid("DataKeyThroughS3AndDynamoDbOnly")).to.deep.include({
            Resource: DR.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": ["s3.us-west-2.amazonaws.com", "dynamodb.us-west-2.amazonaws.com"] } },
        });
    });

    it("is put again on a role replaced under the same name: replaced when the role's unique id changes, deleting first", async () => {
        const policy = one(await runAccess({ roleUniqueId: pulumi.output(ROLE_ID) }), POLICY);
        expect(policy.replacementTrigger).to.equal(ROLE_ID);
        expect(policy.deleteBeforeReplace).to.equal(true);
    });

    it("grants only the copies this region has", async () => {
        const tableOnly = policyOf(one(await runAccess({ bucketArn: undefined }), POLICY));
        expect(tableOnly.Statement.map((s) => s.Sid)).to.deep.equal(["OwnItemsOnly", "DataKeyThroughS3AndDynamoDbOnly"]);
        const uploadsOnly = policyOf(one(await runAccess({ tableArn: undefined }), POLICY));
        expect(uploadsOnly.Statement.map((s) => s.Sid)).to.deep.equal(["OwnUploadsOnly", "ListOwnUploadsOnly", "DataKeyThroughS3AndDynamoDbOnly"]);
    });

    it("refuses, before creating anything, ARNs of another region and a policy without table or bucket", () => {
        expect(() => new UserDataReplicaAccess("a", args({ tableArn: PROD_TABLE }))).to.throw(
            `UserDataReplicaAccess a: the table ${PROD_TABLE} is not in us-west-2; give the ARN of its replica there`,
        );
        expect(() => new UserDataReplicaAccess("b", args({ kmsKeyArn: DR.kmsKeyArn.replace("us-west-2", "us-east-1") }))).to.throw("kmsKeyArn must be a KMS key ARN in us-west-2");
        expect(() => new UserDataReplicaAccess("c", args({ tableArn: undefined, bucketArn: undefined }))).to.throw(
            "UserDataReplicaAccess c: give a tableArn, a bucketArn or both",
        );
    });
});
