import { expect } from "chai";
import { ownUserDataPolicy } from "../../lib/identityPolicy";
import { drRequiredExports } from "../../stacks/dr";
import { PRIMARY_EXPORTS } from "../../stacks/outputs";
import { OfflineRun, RecordedResource, readStackConfigFile } from "../../tools/offline/run";
import { parseStack } from "../configHelpers";
import { PRIMARY_STACK, ancestors, one, policyOf, runOffline, some, stackRuns } from "../helpers";

/**
 * After a failover, signed-in users (credentials from prod's identity pool) reach their own data
 * in DR's copies: DR puts the own-data policy, on DR's ARNs, on prod's authenticated role.
 */

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ACCESS = "startup:identity:UserDataReplicaAccess";
const IDENTITY_ID = "${cognito-identity.amazonaws.com:sub}";

/** The inline policies DR puts on prod's authenticated role (those of the UserDataReplicaAccess component). */
function accessPolicies(run: OfflineRun): RecordedResource[] {
    return some(run, ROLE_POLICY).filter((p) => ancestors(run, p).some((a) => a.type === ACCESS));
}

/** Every Resource a policy document names, flattened. */
function resourcesOf(doc: { Statement: Array<Record<string, unknown>> }): string[] {
    return doc.Statement.flatMap((s) => [s.Resource].flat() as string[]);
}

describe("identity in DR: signed-in users reach their own data in DR's copies", () => {
    let runs: Awaited<ReturnType<typeof stackRuns>>;
    let dr: { table: string; bucket: string; key: string };
    let prodData: { table: string; bucket: string; key: string };
    before(async () => {
        runs = await stackRuns();
        dr = {
            table: String(one(runs.dr, "aws:dynamodb/tableReplica:TableReplica").state.arn),
            bucket: String(one(runs.dr, "aws:s3/bucket:Bucket", "user-uploads-replica-bucket").state.arn),
            key: String(one(runs.dr, "aws:kms/key:Key", "data-key").state.arn),
        };
        prodData = {
            table: String(one(runs.prod, "aws:dynamodb/table:Table").state.arn),
            bucket: String(one(runs.prod, "aws:s3/bucket:Bucket", "user-data-uploads-bucket").state.arn),
            key: String(one(runs.prod, "aws:kms/key:Key", "data-key").state.arn),
        };
    });

    /** DR planned with its `dr` section changed, against prod's outputs less those named in `withoutExports`. */
    function runDrWith(settings: Record<string, unknown>, withoutExports: readonly string[] = []): Promise<OfflineRun> {
        const config = readStackConfigFile("dr");
        config["startup-platform:dr"] = { ...(config["startup-platform:dr"] as object), ...settings };
        const prodOutputs = Object.fromEntries(Object.entries(runs.prod.outputs).filter(([name]) => !withoutExports.includes(name)));
        return runOffline({ stack: "dr", config, stackOutputs: { [PRIMARY_STACK]: prodOutputs } });
    }

    it("prod exports its authenticated role's name and unique id, which DR reads", () => {
        const role = one(runs.prod, "aws:iam/role:Role", "identity-authenticated-role");
        expect(runs.prod.outputs[PRIMARY_EXPORTS.authenticatedRoleName]).to.equal(role.state.name);
        expect(runs.prod.outputs[PRIMARY_EXPORTS.authenticatedRoleName]).to.equal("startup-prod-cognito-authenticated");
        expect(runs.prod.outputs[PRIMARY_EXPORTS.authenticatedRoleUniqueId]).to.equal(role.state.uniqueId);
        expect(drRequiredExports(parseStack("dr").dr!)).to.include.members([PRIMARY_EXPORTS.authenticatedRoleName, PRIMARY_EXPORTS.authenticatedRoleUniqueId]);
    });

    it("DR puts one inline policy on prod's exported role, inside a component, replaced with the role", () => {
        const [policy, ...others] = accessPolicies(runs.dr);
        expect(others).to.deep.equal([]);
        expect(policy.inputs).to.include({ role: runs.prod.outputs[PRIMARY_EXPORTS.authenticatedRoleName], name: "startup-dr-user-data-own-items-us-west-2" });
        expect(policy.replacementTrigger).to.equal(runs.prod.outputs[PRIMARY_EXPORTS.authenticatedRoleUniqueId]);
        expect(policy.deleteBeforeReplace).to.equal(true);
        expect(ancestors(runs.dr, policy).map((a) => a.name)).to.deep.equal(["user-data-replica-access"]);
        expect(runs.dr.outputs.userDataAccessPolicy).to.deep.equal({
            roleName: "startup-prod-cognito-authenticated",
            policyName: "startup-dr-user-data-own-items-us-west-2",
        });
    });

    it("grants exactly DR's table replica, DR's uploads bucket and DR's data key, all in DR's region", () => {
        const doc = policyOf(accessPolicies(runs.dr)[0]);
        expect(resourcesOf(doc)).to.have.members([dr.table, `${dr.bucket}/private/${IDENTITY_ID}/*`, dr.bucket, dr.key]);
        expect(dr.table).to.equal("arn:aws:dynamodb:us-west-2:123456789012:table/startup-prod-user-data");
        expect(dr.bucket).to.equal("arn:aws:s3:::startup-dr-user-uploads-123456789012-us-west-2");
        expect(dr.key).to.match(/^arn:aws:kms:us-west-2:123456789012:key\//);
        // The key and the table replica DR actually encrypts and creates with.
        expect(one(runs.dr, "aws:dynamodb/tableReplica:TableReplica").inputs.kmsKeyArn).to.equal(dr.key);
        const text = JSON.stringify(doc);
        for (const arn of Object.values(prodData)) expect(text).to.not.include(arn);
        expect(text).to.not.include("us-east-1");
    });

    it("scopes each identity to its own items and its own private folder, with the key only through S3 and DynamoDB in DR", () => {
        const statements = policyOf(accessPolicies(runs.dr)[0]).Statement;
        const sid = (name: string) => statements.find((s) => s.Sid === name);
        expect(sid("OwnItemsOnly")?.Condition).to.deep.equal({ "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [IDENTITY_ID] } });
        expect(sid("OwnItemsOnly")?.Action).to.not.include("dynamodb:Scan");
        expect(sid("ListOwnUploadsOnly")?.Condition).to.deep.equal({ StringLike: { "s3:prefix": [`private/${IDENTITY_ID}/`, `private/${IDENTITY_ID}/*`] } });
        expect(sid("DataKeyThroughS3AndDynamoDbOnly")?.Condition).to.deep.equal({
            StringEquals: { "kms:ViaService": ["s3.us-west-2.amazonaws.com", "dynamodb.us-west-2.amazonaws.com"] },
        });
    });

    it("grants DR's copies what prod's own policy grants prod's: same statements, only the ARNs and region differ", () => {
        const prodPolicy = policyOf(one(runs.prod, "aws:iam/policy:Policy", "user-data-own-data-policy"));
        const swapped = JSON.stringify(prodPolicy)
            .replaceAll(prodData.table, dr.table)
            .replaceAll(prodData.bucket, dr.bucket)
            .replaceAll(prodData.key, dr.key)
            .replaceAll(".us-east-1.amazonaws.com", ".us-west-2.amazonaws.com");
        expect(policyOf(accessPolicies(runs.dr)[0])).to.deep.equal(JSON.parse(swapped));
    });

    it("leaves prod's own policy as it was: prod's table, bucket and key in prod's region only", () => {
        const prodPolicy = policyOf(one(runs.prod, "aws:iam/policy:Policy", "user-data-own-data-policy"));
        expect(prodPolicy).to.deep.equal(ownUserDataPolicy({ tableArn: prodData.table, bucketArn: prodData.bucket, kmsKeyArn: prodData.key, region: "us-east-1" }));
        expect(JSON.stringify(prodPolicy)).to.not.include("us-west-2");
        expect(JSON.stringify(prodPolicy)).to.not.include(dr.bucket);
    });

    it("prod's role keeps DR's inline policy: it declares none itself and removes them only when it is deleted", () => {
        const role = one(runs.prod, "aws:iam/role:Role", "identity-authenticated-role");
        expect(role.inputs).to.include({ forceDetachPolicies: true });
        expect(role.inputs).to.not.have.property("inlinePolicies");
        expect(some(runs.prod, ROLE_POLICY).filter((p) => p.inputs.role === role.state.name)).to.deep.equal([]);
        expect(accessPolicies(runs.prod)).to.deep.equal([]);
        expect(accessPolicies(runs.dev)).to.deep.equal([]);
    });

    it("grants only the copies DR has: the table replica alone when uploads are not replicated", async () => {
        const run = await runDrWith({ replicateBuckets: ["analytics"], replicateUserDataTable: true });
        const doc = policyOf(one(run, ROLE_POLICY, "user-data-replica-access-policy"));
        expect(resourcesOf(doc)).to.have.members([String(one(run, "aws:dynamodb/tableReplica:TableReplica").state.arn), String(one(run, "aws:kms/key:Key", "data-key").state.arn)]);
        expect(doc.Statement.find((s) => s.Sid === "DataKeyThroughS3AndDynamoDbOnly")?.Condition).to.deep.equal({
            StringEquals: { "kms:ViaService": ["dynamodb.us-west-2.amazonaws.com"] },
        });
    });

    describe("with no copy of users' data and no bucket replicated", () => {
        const settings = () => ({ ...parseStack("dr").dr!, replicateBuckets: [] as ("analytics" | "uploads")[], replicateUserDataTable: false });
        /** DR deploys even when prod exports neither its role nor its access-log bucket. */
        let run: OfflineRun;
        before(async () => {
            run = await runDrWith({ replicateBuckets: [], replicateUserDataTable: false }, [
                PRIMARY_EXPORTS.authenticatedRoleName,
                PRIMARY_EXPORTS.authenticatedRoleUniqueId,
                PRIMARY_EXPORTS.accessLogBucketName,
            ]);
        });

        it("reads no role and grants nothing when DR holds no copy of users' data", () => {
            expect(drRequiredExports({ ...settings(), replicateBuckets: ["analytics"] })).to.not.include(PRIMARY_EXPORTS.authenticatedRoleName);
            expect(drRequiredExports({ ...settings(), replicateBuckets: ["analytics"] })).to.not.include(PRIMARY_EXPORTS.authenticatedRoleUniqueId);
            expect(some(run, ACCESS)).to.deep.equal([]);
            expect(accessPolicies(run)).to.deep.equal([]);
            expect(run.outputs).to.not.have.property("userDataAccessPolicy");
        });

        it("needs prod's access-log bucket (for Batch Replication reports) only when it replicates a bucket", () => {
            expect(drRequiredExports(settings())).to.not.include(PRIMARY_EXPORTS.accessLogBucketName);
            expect(drRequiredExports({ ...settings(), replicateBuckets: ["uploads"] })).to.include(PRIMARY_EXPORTS.accessLogBucketName);
            expect(some(run, "startup:storage:BucketReplication")).to.deep.equal([]);
            // No uploads copy here: the app settings name no uploads bucket for this region.
            const published = some(run, "aws:ssm/parameter:Parameter").map((p) => String(p.inputs.name));
            expect(published).to.include("/startup-dr/app/USER_DATA_TABLE");
            expect(published).to.not.include("/startup-dr/app/USER_UPLOADS_BUCKET");
        });
    });
});
