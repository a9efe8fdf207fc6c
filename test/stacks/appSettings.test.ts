import { expect } from "chai";
import { OfflineRun } from "../../tools/offline/run";
import { all, one, stackRuns } from "../helpers";

/** The provider marks a parameter's value secret; the mocks see it wrapped. */
function unwrapSecret(value: unknown): unknown {
    return value !== null && typeof value === "object" && "value" in value ? (value as { value: unknown }).value : value;
}

/** name -> value of the settings a stack publishes. */
function settingsOf(run: OfflineRun): Record<string, unknown> {
    return Object.fromEntries(all(run, "aws:ssm/parameter:Parameter").map((p) => [String(p.inputs.name).split("/").pop(), unwrapSecret(p.inputs.value)]));
}

describe("app settings in Parameter Store, per stack", () => {
    let dev: OfflineRun;
    let prod: OfflineRun;
    let dr: OfflineRun;
    before(async () => {
        ({ dev, prod, dr } = await stackRuns());
    });

    it("prod: the app reaches the database through RDS Proxy, and its queue, topic, stream and user data", () => {
        const s = settingsOf(prod);
        expect(s.DATABASE_WRITER_HOST).to.equal(one(prod, "aws:rds/proxy:Proxy").state.endpoint);
        expect(s.DATABASE_READER_HOST).to.equal(one(prod, "aws:rds/proxyEndpoint:ProxyEndpoint").state.endpoint);
        expect(s.DATABASE_PORT).to.equal("3306");
        expect(s.DATABASE_SECRET_ARN).to.equal(prod.outputs.databaseSecretArn);
        expect(s.JOBS_QUEUE_URL).to.equal(one(prod, "aws:sqs/queue:Queue", "notifications-job-queue").state.url);
        expect(s.NOTIFICATIONS_TOPIC_ARN).to.equal(one(prod, "aws:sns/topic:Topic", "notifications-topic").state.arn);
        expect(s.EVENTS_STREAM_NAME).to.equal(one(prod, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream").state.name);
        expect(s.USER_POOL_ID).to.equal(one(prod, "aws:cognito/userPool:UserPool").state.id);
        expect(s.USER_DATA_TABLE).to.equal(one(prod, "aws:dynamodb/table:Table").state.name ?? one(prod, "aws:dynamodb/table:Table").state.id);
        // What the backend hands signed-in clients, who reach their data with identity-pool credentials.
        expect(s.IDENTITY_POOL_ID).to.equal(one(prod, "aws:cognito/identityPool:IdentityPool").state.id);
        expect(s.USER_UPLOADS_BUCKET).to.equal(prod.outputs.userUploadsBucketName);
    });

    it("dev (no proxy): the app uses the cluster endpoints", () => {
        const s = settingsOf(dev);
        const cluster = one(dev, "aws:rds/cluster:Cluster");
        expect(s.DATABASE_WRITER_HOST).to.equal(cluster.state.endpoint);
        expect(s.DATABASE_READER_HOST).to.equal(cluster.state.readerEndpoint);
    });

    it("dr: writes go to the global writer endpoint, reads to the local secondary, the secret is prod's replica here", () => {
        const s = settingsOf(dr);
        expect(s.DATABASE_WRITER_HOST).to.equal(prod.outputs.databaseGlobalWriterEndpoint);
        expect(s.DATABASE_READER_HOST).to.equal(one(dr, "aws:rds/cluster:Cluster").state.readerEndpoint);
        expect(s.DATABASE_SECRET_ARN).to.equal(String(prod.outputs.databaseSecretArn).replace(":us-east-1:", ":us-west-2:"));
        expect(s.JOBS_QUEUE_URL).to.equal(one(dr, "aws:sqs/queue:Queue", "notifications-job-queue").state.url);
        expect(s.USER_POOL_ID).to.equal(prod.outputs.userPoolId);
        // After a failover clients keep prod's pools but upload to DR's copy, in this region.
        expect(s.IDENTITY_POOL_ID).to.equal(prod.outputs.identityPoolId);
        expect(s.USER_UPLOADS_BUCKET).to.equal(dr.outputs.userUploadsReplicaBucketName);
        expect(s.USER_UPLOADS_BUCKET).to.match(/-us-west-2$/);
        expect(s.USER_DATA_TABLE).to.equal(prod.outputs.userDataTableName);
    });

    for (const [stack, run] of [["dev", () => dev], ["prod", () => prod], ["dr", () => dr]] as const) {
        it(`${stack}: the instances may read the settings path and are told where it is`, () => {
            const r = run();
            const policy = one(r, "aws:iam/policy:Policy", "app-settings-read-policy");
            const role = one(r, "aws:iam/role:Role", "app-instance-role");
            const attached = all(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.state.name || a.inputs.role === role.state.id);
            expect(attached.map((a) => a.inputs.policyArn)).to.include(policy.state.arn);
            const userData = Buffer.from(String(one(r, "aws:ec2/launchTemplate:LaunchTemplate").inputs.userData), "base64").toString();
            expect(userData).to.include(`APP_SETTINGS_PATH=/startup-${stack}/app/`);
            for (const p of all(r, "aws:ssm/parameter:Parameter")) expect(String(p.inputs.name)).to.match(new RegExp(`^/startup-${stack}/app/[A-Z_]+$`));
        });
    }
});
