import { expect } from "chai";
import {
    CONFIG_SERVICE,
    GLOBAL_IAM_RESOURCE_TYPES,
    configBucketStatements,
    configServiceLinkedRoleArn,
    recordingGroup,
} from "../../lib/configRecorder";
import { kmsKeyPolicy } from "../../lib/policy";

const ACCOUNT = "123456789012";
const BUCKET = `arn:aws:s3:::startup-prod-config-history-${ACCOUNT}-us-east-1`;

describe("lib/configRecorder", () => {
    describe("recordingGroup", () => {
        it("records every supported type and the global IAM types in the region that owns them", () => {
            expect(recordingGroup(true)).to.deep.equal({ allSupported: true, includeGlobalResourceTypes: true });
        });

        it("elsewhere records every supported type except the global ones, with the exclusion strategy", () => {
            const group = recordingGroup(false);
            expect(group).to.deep.equal({
                allSupported: false,
                recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
                exclusionByResourceTypes: [
                    { resourceTypes: ["AWS::IAM::Group", "AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::RDS::GlobalCluster"] },
                ],
            });
            // AWS refuses includeGlobalResourceTypes without allSupported.
            expect(group).to.not.have.property("includeGlobalResourceTypes");
            expect(GLOBAL_IAM_RESOURCE_TYPES).to.have.lengthOf(4);
        });
    });

    describe("configServiceLinkedRoleArn", () => {
        it("names AWSServiceRoleForConfig under the service's aws-service-role path", () => {
            expect(configServiceLinkedRoleArn("aws", ACCOUNT)).to.equal(
                `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
            );
            expect(configServiceLinkedRoleArn("aws-us-gov", ACCOUNT)).to.match(/^arn:aws-us-gov:iam::/);
            expect(() => configServiceLinkedRoleArn("aws", "12345")).to.throw('"12345" is not an AWS account id');
        });
    });

    describe("configBucketStatements", () => {
        it("lets only AWS Config, for this account, check the bucket and put files under AWSLogs/<account>/Config/", () => {
            const fromThisAccount = { "aws:SourceAccount": ACCOUNT };
            expect(configBucketStatements({ bucketArn: BUCKET, accountId: ACCOUNT })).to.deep.equal([
                {
                    Sid: "AWSConfigBucketPermissionsCheck",
                    Effect: "Allow",
                    Principal: { Service: "config.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: BUCKET,
                    Condition: { StringEquals: fromThisAccount },
                },
                {
                    Sid: "AWSConfigBucketExistenceCheck",
                    Effect: "Allow",
                    Principal: { Service: "config.amazonaws.com" },
                    Action: "s3:ListBucket",
                    Resource: BUCKET,
                    Condition: { StringEquals: fromThisAccount },
                },
                {
                    Sid: "AWSConfigBucketDelivery",
                    Effect: "Allow",
                    Principal: { Service: "config.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${BUCKET}/AWSLogs/${ACCOUNT}/Config/*`,
                    Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...fromThisAccount } },
                },
            ]);
        });

        it("refuses what is not a bucket ARN or an account id", () => {
            expect(() => configBucketStatements({ bucketArn: `${BUCKET}/AWSLogs`, accountId: ACCOUNT })).to.throw("is not an S3 bucket ARN");
            expect(() => configBucketStatements({ bucketArn: BUCKET, accountId: "me" })).to.throw('"me" is not an AWS account id');
        });
    });

    describe("the key policy AWS Config delivers with", () => {
        it("lets config.amazonaws.com generate data keys and decrypt for this account only", () => {
            const policy = kmsKeyPolicy({ accountId: ACCOUNT, partition: "aws", region: "us-east-1", services: [CONFIG_SERVICE] });
            const config = policy.Statement.filter((s) => JSON.stringify(s.Principal).includes(CONFIG_SERVICE));
            expect(config).to.have.lengthOf(1);
            expect(config[0].Action).to.include.members(["kms:GenerateDataKey*", "kms:Decrypt"]);
            expect(config[0].Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
        });
    });
});
