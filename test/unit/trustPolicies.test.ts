import { expect } from "chai";
import { firehoseTrustPolicy } from "../../lib/analyticsPolicy";
import { backupTrustPolicy } from "../../lib/backup";
import { enhancedMonitoringTrustPolicy, rdsProxyTrustPolicy } from "../../lib/databasePolicy";
import { automationTrustPolicy } from "../../lib/failover";
import { PolicyDocument, SOURCE_CONTEXT_EXCEPTIONS, ec2TrustPolicy, flowLogsTrustPolicy, serviceTrustPolicy } from "../../lib/policy";
import { batchOperationsTrustPolicy, replicationTrustPolicy } from "../../lib/replication";

const ACCOUNT = "123456789012";

/** The trust policy of every service role the program creates, by service principal. */
const TRUSTS: Record<string, PolicyDocument> = {
    "backup.amazonaws.com": backupTrustPolicy(ACCOUNT),
    "rds.amazonaws.com": rdsProxyTrustPolicy(ACCOUNT),
    "batchoperations.s3.amazonaws.com": batchOperationsTrustPolicy(ACCOUNT),
    "s3.amazonaws.com": replicationTrustPolicy(ACCOUNT),
    "vpc-flow-logs.amazonaws.com": flowLogsTrustPolicy("aws", "us-east-1", ACCOUNT),
    "ssm.amazonaws.com": automationTrustPolicy("aws", ACCOUNT),
    "monitoring.rds.amazonaws.com": enhancedMonitoringTrustPolicy(ACCOUNT),
    "firehose.amazonaws.com": firehoseTrustPolicy(ACCOUNT),
};

/** The condition keys of a statement, whatever the operator. */
function conditionKeys(condition: Record<string, Record<string, unknown>> | undefined): string[] {
    return Object.values(condition ?? {}).flatMap((byKey) => Object.keys(byKey));
}

describe("service role trust policies", () => {
    it("tie every statement of every service role to this account", () => {
        for (const [service, doc] of Object.entries(TRUSTS)) {
            for (const statement of doc.Statement) {
                expect(statement.Principal, service).to.deep.equal({ Service: service });
                expect(statement.Action, service).to.equal("sts:AssumeRole");
                const keys = conditionKeys(statement.Condition);
                expect(keys.some((k) => k === "aws:SourceAccount" || k === "sts:ExternalId"), `${service}: ${keys.join(", ")}`).to.equal(true);
                expect(JSON.stringify(statement.Condition), service).to.include(ACCOUNT);
            }
        }
    });

    it("require the source where AWS documents it, with the source ARN where it is precise", () => {
        expect(TRUSTS["vpc-flow-logs.amazonaws.com"].Statement[0].Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-flow-log/*` },
        });
        expect(TRUSTS["ssm.amazonaws.com"].Statement[0].Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:ssm:*:${ACCOUNT}:automation-execution/*` },
        });
        expect(TRUSTS["monitoring.rds.amazonaws.com"].Statement[0].Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
    });

    it("check the account only when it is sent for the services AWS documents no source context for", () => {
        for (const service of ["backup.amazonaws.com", "rds.amazonaws.com", "batchoperations.s3.amazonaws.com", "s3.amazonaws.com"]) {
            expect(TRUSTS[service].Statement[0].Condition, service).to.deep.equal({ StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } });
        }
    });

    it("apply IfExists to the source ARN too when asked for both", () => {
        const doc = serviceTrustPolicy("example.amazonaws.com", ACCOUNT, { sourceArn: `arn:aws:example:us-east-1:${ACCOUNT}:thing/*`, sourceContext: "ifPresent" });
        expect(doc.Statement[0].Condition).to.deep.equal({
            StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT },
            ArnLikeIfExists: { "aws:SourceArn": `arn:aws:example:us-east-1:${ACCOUNT}:thing/*` },
        });
    });

    it("refuse an account id that is not one, or a source ARN of another account", () => {
        expect(() => serviceTrustPolicy("ssm.amazonaws.com", "12345")).to.throw('serviceTrustPolicy: "12345" is not an AWS account id');
        expect(() => serviceTrustPolicy("ssm.amazonaws.com", ACCOUNT, { sourceArn: "arn:aws:ssm:*:210987654321:automation-execution/*" })).to.throw(
            "source ARN arn:aws:ssm:*:210987654321:automation-execution/* is not in account 123456789012",
        );
    });

    it("leave only the documented exceptions without a source condition", () => {
        // EC2 only: CloudTrail's CloudWatch Logs role has the IfExists conditions (cloudTrailLogsTrustPolicy).
        expect(Object.keys(SOURCE_CONTEXT_EXCEPTIONS)).to.have.members(["ec2.amazonaws.com"]);
        expect(ec2TrustPolicy().Statement[0]).to.not.have.property("Condition");
        for (const reason of Object.values(SOURCE_CONTEXT_EXCEPTIONS)) expect(reason.length).to.be.greaterThan(40);
    });
});
