import { expect } from "chai";
import {
    IDENTITY_ID_VARIABLE,
    USER_DATA_TABLE_ACTIONS,
    cognitoAuthenticatedTrustPolicy,
    ownUserDataPolicy,
    ownUserDataPolicyProblems,
} from "../../lib/identityPolicy";

const POOL = "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const ARGS = {
    tableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/startup-prod-user-data",
    bucketArn: "arn:aws:s3:::startup-prod-user-uploads-123456789012-us-east-1",
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-1",
    region: "us-east-1",
};
/** The DR region's copies: the table's replica (same name), DR's uploads bucket and DR's data key. */
const DR_ARGS = {
    tableArn: "arn:aws:dynamodb:us-west-2:123456789012:table/startup-prod-user-data",
    bucketArn: "arn:aws:s3:::startup-dr-user-uploads-123456789012-us-west-2",
    kmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/0a1b2c3d",
    region: "us-west-2",
};

function statement(doc: ReturnType<typeof ownUserDataPolicy>, sid: string) {
    const found = doc.Statement.find((s) => s.Sid === sid);
    expect(found, sid).to.not.equal(undefined);
    return found!;
}

describe("lib/identityPolicy", () => {
    it("keeps the identity-id policy variable literal, for AWS to substitute", () => {
        expect(IDENTITY_ID_VARIABLE).to.equal("$" + "{cognito-identity.amazonaws.com:sub}");
        // JSON.stringify must not touch it either.
        expect(JSON.stringify(ownUserDataPolicy(ARGS))).to.include("private/$" + "{cognito-identity.amazonaws.com:sub}/*");
    });

    it("lets only signed-in users of this one identity pool assume the role", () => {
        const [trust] = cognitoAuthenticatedTrustPolicy(POOL).Statement;
        expect(trust).to.deep.equal({
            Sid: "SignedInUsersOfThisIdentityPool",
            Effect: "Allow",
            Principal: { Federated: "cognito-identity.amazonaws.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: { "cognito-identity.amazonaws.com:aud": POOL },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
            },
        });
    });

    it("scopes table access to items whose partition key is the caller's identity id", () => {
        const items = statement(ownUserDataPolicy(ARGS), "OwnItemsOnly");
        expect(items.Resource).to.equal(ARGS.tableArn);
        expect(items.Condition).to.deep.equal({
            "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"] },
        });
        expect(items.Action).to.deep.equal([...USER_DATA_TABLE_ACTIONS]);
        expect(items.Action).to.not.include("dynamodb:Scan");
        expect(String(items.Action)).to.not.include("*");
    });

    it("scopes uploads to the caller's own private folder, for objects and for listing", () => {
        const doc = ownUserDataPolicy(ARGS);
        const objects = statement(doc, "OwnUploadsOnly");
        // RestoreObject brings back the caller's own uploads from Intelligent-Tiering's archive tiers.
        expect(objects.Action).to.deep.equal(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:RestoreObject"]);
        expect(objects.Resource).to.equal(`${ARGS.bucketArn}/private/\${cognito-identity.amazonaws.com:sub}/*`);
        const list = statement(doc, "ListOwnUploadsOnly");
        expect(list).to.deep.include({ Action: "s3:ListBucket", Resource: ARGS.bucketArn });
        expect(list.Condition).to.deep.equal({
            StringLike: { "s3:prefix": ["private/${cognito-identity.amazonaws.com:sub}/", "private/${cognito-identity.amazonaws.com:sub}/*"] },
        });
    });

    it("allows the data key only through S3 and DynamoDB in the stack's region", () => {
        const key = statement(ownUserDataPolicy(DR_ARGS), "DataKeyThroughS3AndDynamoDbOnly");
        expect(key).to.deep.include({ Resource: DR_ARGS.kmsKeyArn, Action: ["kms:Decrypt", "kms:GenerateDataKey"] });
        expect(key.Condition).to.deep.equal({
            StringEquals: { "kms:ViaService": ["s3.us-west-2.amazonaws.com", "dynamodb.us-west-2.amazonaws.com"] },
        });
    });

    it("grants a region's copies the same access as the primary's, only the ARNs and the key's region differ", () => {
        const primary = JSON.stringify(ownUserDataPolicy(ARGS));
        const replaced = primary
            .replaceAll(ARGS.tableArn, DR_ARGS.tableArn)
            .replaceAll(ARGS.bucketArn, DR_ARGS.bucketArn)
            .replaceAll(ARGS.kmsKeyArn, DR_ARGS.kmsKeyArn)
            .replaceAll(".us-east-1.amazonaws.com", ".us-west-2.amazonaws.com");
        expect(JSON.stringify(ownUserDataPolicy(DR_ARGS))).to.equal(replaced);
        expect(ownUserDataPolicy(ARGS).Statement.map((s) => s.Sid)).to.deep.equal(["OwnItemsOnly", "OwnUploadsOnly", "ListOwnUploadsOnly", "DataKeyThroughS3AndDynamoDbOnly"]);
    });

    it("grants only what it is given: the table alone (key through DynamoDB), or the bucket alone (key through S3)", () => {
        const tableOnly = ownUserDataPolicy({ ...DR_ARGS, bucketArn: undefined });
        expect(tableOnly.Statement.map((s) => s.Sid)).to.deep.equal(["OwnItemsOnly", "DataKeyThroughS3AndDynamoDbOnly"]);
        expect(statement(tableOnly, "DataKeyThroughS3AndDynamoDbOnly").Condition).to.deep.equal({
            StringEquals: { "kms:ViaService": ["dynamodb.us-west-2.amazonaws.com"] },
        });
        const bucketOnly = ownUserDataPolicy({ ...DR_ARGS, tableArn: undefined });
        expect(bucketOnly.Statement.map((s) => s.Sid)).to.deep.equal(["OwnUploadsOnly", "ListOwnUploadsOnly", "DataKeyThroughS3AndDynamoDbOnly"]);
        expect(statement(bucketOnly, "DataKeyThroughS3AndDynamoDbOnly").Condition).to.deep.equal({
            StringEquals: { "kms:ViaService": ["s3.us-west-2.amazonaws.com"] },
        });
    });

    it("refuses a table or key of another region, ARNs of the wrong kind, and a policy that grants nothing", () => {
        expect(ownUserDataPolicyProblems(ARGS)).to.deep.equal([]);
        expect(ownUserDataPolicyProblems(DR_ARGS)).to.deep.equal([]);
        expect(ownUserDataPolicyProblems({ ...DR_ARGS, tableArn: ARGS.tableArn, kmsKeyArn: ARGS.kmsKeyArn })).to.deep.equal([
            `the table ${ARGS.tableArn} is not in us-west-2; give the ARN of its replica there`,
            `kmsKeyArn must be a KMS key ARN in us-west-2, got ${ARGS.kmsKeyArn}`,
        ]);
        expect(
            ownUserDataPolicyProblems({ ...DR_ARGS, tableArn: "arn:aws:s3:::startup-prod-user-data", bucketArn: "startup-dr-user-uploads", kmsKeyArn: "alias/startup-dr-data" }),
        ).to.deep.equal([
            "tableArn must be a DynamoDB table ARN, got arn:aws:s3:::startup-prod-user-data",
            "bucketArn must be an S3 bucket ARN (arn:aws:s3:::<bucket>), got startup-dr-user-uploads",
            "kmsKeyArn must be a KMS key ARN in us-west-2, got alias/startup-dr-data",
        ]);
        expect(ownUserDataPolicyProblems({ kmsKeyArn: DR_ARGS.kmsKeyArn, region: "us-west-2" })).to.deep.equal([
            "give a tableArn, a bucketArn or both: a policy without either grants nothing",
        ]);
        expect(() => ownUserDataPolicy({ ...DR_ARGS, tableArn: ARGS.tableArn })).to.throw(`ownUserDataPolicy: the table ${ARGS.tableArn} is not in us-west-2`);
    });
});
