import { expect } from "chai";
import { OFFLINE_SECRET, OfflineProgramError, OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { PRIMARY_EXPORTS } from "../../stacks/outputs";
import { all, one, policyOf, runOffline, some, stackRuns } from "../helpers";

const USER_POOL = "aws:cognito/userPool:UserPool";
const APP = "aws:sns/platformApplication:PlatformApplication";
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/** dev's config with push credentials set the way `pulumi config set --secret --path` stores them. */
function devWithPushSecrets(): Record<string, unknown> {
    const config = structuredClone(readStackConfigFile("dev"));
    const n = config["startup-platform:notifications"] as Record<string, Record<string, unknown>>;
    n.apns.signingKey = { secure: "v1:AAAA:p8-ciphertext" };
    n.fcm = { serviceAccountJson: { secure: "v1:BBBB:json-ciphertext" } };
    return config;
}

describe("identity and notifications, per stack", () => {
    const runs: Record<string, OfflineRun> = {};
    before(async () => {
        Object.assign(runs, await stackRuns());
        runs.devPush = await runOffline({ stack: "dev", config: devWithPushSecrets() });
    });

    it("protects the user pool, identity pool and user data in prod only", () => {
        for (const [stack, protect] of [["prod", true], ["dev", false]] as const) {
            const run = runs[stack];
            expect(one(run, USER_POOL).inputs.deletionProtection, stack).to.equal(protect ? "ACTIVE" : "INACTIVE");
            expect(one(run, USER_POOL).protect, stack).to.equal(protect);
            expect(one(run, "aws:cognito/identityPool:IdentityPool").protect, stack).to.equal(protect);
            expect(one(run, "aws:dynamodb/table:Table").inputs.deletionProtectionEnabled, stack).to.equal(protect);
            expect(one(run, "aws:dynamodb/table:Table").protect, stack).to.equal(protect);
        }
    });

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: has no guest identities and no unauthenticated role`, () => {
            const run = runs[stack];
            expect(one(run, "aws:cognito/identityPool:IdentityPool").inputs.allowUnauthenticatedIdentities).to.equal(false);
            const attachments = all(run, "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment");
            for (const a of attachments) expect(Object.keys(a.inputs.roles as object)).to.deep.equal(["authenticated"]);
            const cognitoRoles = some(run, "aws:iam/role:Role").filter((r) => JSON.stringify(r.inputs.assumeRolePolicy).includes("cognito-identity"));
            expect(cognitoRoles.map((r) => r.name)).to.deep.equal(["identity-authenticated-role"]);
            expect(JSON.stringify(cognitoRoles[0].inputs.assumeRolePolicy)).to.not.include("unauthenticated");
        });

        it(`${stack}: gives signed-in users their own data, through the user-data policy on their role`, () => {
            const run = runs[stack];
            const policy = one(run, "aws:iam/policy:Policy", "user-data-own-data-policy");
            const attachment = one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "identity-authenticated-policy-0");
            expect(attachment.inputs).to.include({ policyArn: policy.state.arn, role: one(run, "aws:iam/role:Role", "identity-authenticated-role").state.name });
            const text = String(policy.inputs.policy);
            expect(text).to.include('"dynamodb:LeadingKeys":["${cognito-identity.amazonaws.com:sub}"]');
            expect(text).to.include("/private/${cognito-identity.amazonaws.com:sub}/*");
        });
    }

    it("points the web client at the ALB's callback on each stack's app hostname", () => {
        expect(one(runs.prod, "aws:cognito/userPoolClient:UserPoolClient", "identity-web-client").inputs.callbackUrls).to.deep.equal([
            "https://app.example-startup.com/oauth2/idpresponse",
        ]);
        expect(one(runs.dev, "aws:cognito/userPoolClient:UserPoolClient", "identity-web-client").inputs.callbackUrls).to.deep.equal([
            "https://app.dev.example-startup.com/oauth2/idpresponse",
        ]);
        expect(one(runs.dev, "aws:cognito/userPoolClient:UserPoolClient", "identity-mobile-client").inputs.callbackUrls).to.deep.equal(
            (readStackConfigFile("dev")["startup-platform:identity"] as { mobileCallbackUrls: string[] }).mobileCallbackUrls,
        );
    });

    it("exports what DR reads, and DR points its clients at the primary's pools", () => {
        for (const name of Object.values(PRIMARY_EXPORTS)) expect(runs.prod.outputs, name).to.have.property(name);
        expect(runs.prod.outputs.userPoolDomain).to.match(/^startup-prod-auth-[a-z0-9]{6}$/);
        expect(runs.dr.outputs.primaryIdentity).to.deep.equal({
            region: runs.prod.region,
            userPoolId: runs.prod.outputs.userPoolId,
            identityPoolId: runs.prod.outputs.identityPoolId,
            signInUrl: runs.prod.outputs.signInUrl,
            mobileClientId: runs.prod.outputs.mobileClientId,
        });
    });

    it("builds no Cognito pools and no user-data table in the DR region", () => {
        expect(runs.dr.resources.filter((r) => r.type.startsWith("aws:cognito")).map((r) => r.name)).to.deep.equal([]);
        expect(some(runs.dr, "aws:dynamodb/table:Table")).to.deep.equal([]);
    });

    for (const stack of ["dev", "prod", "dr"]) {
        it(`${stack}: wires topic -> job queue -> dead-letter queue with its own config, all encrypted with the stack's data key`, () => {
            const run = runs[stack];
            const n = readStackConfigFile(stack)["startup-platform:notifications"] as { jobVisibilityTimeoutSeconds: number; maxReceiveCount: number };
            const dataKey = one(run, "aws:kms/key:Key", "data-key").state.arn;
            const topic = one(run, "aws:sns/topic:Topic", "notifications-topic");
            const jobs = one(run, "aws:sqs/queue:Queue", "notifications-job-queue");
            const dlq = one(run, "aws:sqs/queue:Queue", "notifications-dead-letter-queue");
            expect(topic.inputs.kmsMasterKeyId).to.equal(dataKey);
            expect(jobs.inputs).to.include({ kmsMasterKeyId: dataKey, visibilityTimeoutSeconds: n.jobVisibilityTimeoutSeconds });
            expect(JSON.parse(String(jobs.inputs.redrivePolicy))).to.deep.equal({ deadLetterTargetArn: dlq.state.arn, maxReceiveCount: n.maxReceiveCount });
            expect(dlq.inputs).to.include({ kmsMasterKeyId: dataKey, messageRetentionSeconds: 1209600 });
            const toJobs = all(run, "aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.topic === topic.state.arn);
            expect(toJobs.map((s) => s.inputs)).to.have.lengthOf(1);
            expect(toJobs[0].inputs).to.include({ endpoint: jobs.state.arn, protocol: "sqs", rawMessageDelivery: true });
            const queuePolicy = all(run, "aws:sqs/queuePolicy:QueuePolicy").find((p) => p.inputs.queueUrl === jobs.state.url)!;
            const [statement, ...others] = policyOf(queuePolicy).Statement;
            expect(others).to.deep.equal([]);
            expect(statement.Condition).to.deep.equal({ ArnEquals: { "aws:SourceArn": topic.state.arn } });
            expect(String(topic.state.arn)).to.include(`:sns:${run.region}:`);
        });
    }

    it("creates push platform applications only when their credentials are set as secrets", () => {
        for (const stack of ["dev", "prod", "dr"]) expect(some(runs[stack], APP), stack).to.deep.equal([]);
        const apns = (readStackConfigFile("dev")["startup-platform:notifications"] as { apns: Record<string, string> }).apns;
        const ios = one(runs.devPush, APP, "notifications-apns");
        expect(ios.inputs).to.deep.include({ platform: apns.platform, applePlatformTeamId: apns.teamId, applePlatformBundleId: apns.bundleId });
        expect(ios.inputs.platformCredential).to.deep.equal({ ...SECRET_SIG, value: OFFLINE_SECRET });
        expect(ios.inputs.platformPrincipal).to.deep.include({ value: apns.signingKeyId });
        const android = one(runs.devPush, APP, "notifications-fcm");
        expect(android.inputs).to.deep.include({ platform: "GCM", platformCredential: { ...SECRET_SIG, value: OFFLINE_SECRET } });
        expect(runs.devPush.outputs).to.include.keys("apnsApplicationArn", "fcmApplicationArn");
        expect(JSON.stringify(runs.devPush.outputs)).to.not.include(OFFLINE_SECRET);
    });

    it("refuses push credentials written as plain text, before registering any resource", async () => {
        const config = structuredClone(readStackConfigFile("prod"));
        (config["startup-platform:notifications"] as Record<string, unknown>).fcm = { serviceAccountJson: '{"private_key":"PLAINTEXT-KEY"}' };
        let error: OfflineProgramError | undefined;
        try {
            await runOffline({ stack: "prod", config });
        } catch (err) {
            error = err as OfflineProgramError;
        }
        expect(error).to.be.instanceOf(OfflineProgramError);
        expect(error?.message).to.include("startup-platform:notifications.fcm.serviceAccountJson: must be a secret");
        expect(error?.message).to.not.include("PLAINTEXT-KEY");
        expect(error?.registered).to.deep.equal([]);
    });
});
