import { expect } from "chai";
import {
    IDENTITY_ID_VARIABLE,
    USER_DATA_TABLE_ACTIONS,
    cognitoAuthenticatedTrustPolicy,
    ownUserDataPolicy,
} from "../../lib/identityPolicy";

const POOL = "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const ARGS = {
    tableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/startup-prod-user-data",
    bucketArn: "arn:aws:s3:::startup-prod-user-uploads-123456789012-us-east-1",
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-1",
    region: "us-east-1",
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
        expect(objects.Action).to.deep.equal(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]);
        expect(objects.Resource).to.equal(`${ARGS.bucketArn}/private/\${cognito-identity.amazonaws.com:sub}/*`);
        const list = statement(doc, "ListOwnUploadsOnly");
        expect(list).to.deep.include({ Action: "s3:ListBucket", Resource: ARGS.bucketArn });
        expect(list.Condition).to.deep.equal({
            StringLike: { "s3:prefix": ["private/${cognito-identity.amazonaws.com:sub}/", "private/${cognito-identity.amazonaws.com:sub}/*"] },
        });
    });

    it("allows the data key only through S3 and DynamoDB in the stack's region", () => {
        const key = statement(ownUserDataPolicy({ ...ARGS, region: "eu-west-1" }), "DataKeyThroughS3AndDynamoDbOnly");
        expect(key).to.deep.include({ Resource: ARGS.kmsKeyArn, Action: ["kms:Decrypt", "kms:GenerateDataKey"] });
        expect(key.Condition).to.deep.equal({
            StringEquals: { "kms:ViaService": ["s3.eu-west-1.amazonaws.com", "dynamodb.eu-west-1.amazonaws.com"] },
        });
    });
});
