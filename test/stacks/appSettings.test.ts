import { expect } from "chai";
import { OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { all, ancestors, one, stackRuns } from "../helpers";

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
        // The proxy requires IAM authentication: a token as the proxy's user, no password to read.
        expect(s).to.include({ DATABASE_AUTH: "iam", DATABASE_USER: one(prod, "aws:rds/cluster:Cluster").inputs.masterUsername, DATABASE_MODE: "read-write" });
        expect(s).to.not.have.property("DATABASE_SECRET_ARN");
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
        expect(s.DATABASE_MODE).to.equal("read-write");
        expect(s).to.include({ DATABASE_AUTH: "secret", DATABASE_SECRET_ARN: dev.outputs.databaseSecretArn });
        expect(s).to.not.have.property("DATABASE_USER");
    });

    it("dr: reads from the local secondary, writes to its own cluster once promoted, the secret is prod's replica here", () => {
        const s = settingsOf(dr);
        const secondary = one(dr, "aws:rds/cluster:Cluster");
        expect(s.DATABASE_WRITER_HOST).to.equal(secondary.state.endpoint);
        expect(s.DATABASE_READER_HOST).to.equal(secondary.state.readerEndpoint);
        expect(s.DATABASE_MODE).to.equal("read-only-until-promoted");
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

/** The statements of the inline policies on a role, by role name. */
function inlineStatements(run: OfflineRun, roleName: unknown): Array<Record<string, unknown>> {
    return all(run, "aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.inputs.role === roleName)
        .flatMap((p) => (JSON.parse(String(p.inputs.policy)) as { Statement: Array<Record<string, unknown>> }).Statement);
}

/**
 * What the app settings tell the app to connect with, checked against what its instance role may
 * do and what the database accepts: a wrong or missing grant is a login failure on AWS that no
 * other test would show.
 */
describe("the app can log in to its database with what its settings name, per stack", () => {
    let runs: { dev: OfflineRun; prod: OfflineRun; dr: OfflineRun };
    before(async () => {
        runs = await stackRuns();
    });

    const role = (run: OfflineRun) => one(run, "aws:iam/role:Role", "app-instance-role");
    const grants = (run: OfflineRun) => inlineStatements(run, role(run).state.name);
    const actionsOn = (run: OfflineRun, resource: unknown) => grants(run).filter((g) => g.Resource === resource).map((g) => g.Action);

    it("prod: rds-db:connect as DATABASE_USER on the proxy the hosts name, which requires IAM auth and logs in as that user", () => {
        const { prod } = runs;
        const s = settingsOf(prod);
        const proxy = one(prod, "aws:rds/proxy:Proxy");
        const cluster = one(prod, "aws:rds/cluster:Cluster");
        expect(s.DATABASE_AUTH).to.equal("iam");
        expect([s.DATABASE_WRITER_HOST, s.DATABASE_READER_HOST]).to.have.members([proxy.state.endpoint, one(prod, "aws:rds/proxyEndpoint:ProxyEndpoint").state.endpoint]);
        const auth = (proxy.inputs.auths as Array<Record<string, unknown>>)[0];
        expect(auth).to.include({ iamAuth: "REQUIRED", authScheme: "SECRETS", secretArn: prod.outputs.databaseSecretArn });
        // The proxy logs in as the user of its secret: the cluster's master user.
        expect(s.DATABASE_USER).to.equal(cluster.inputs.masterUsername);
        const proxyId = String(proxy.state.arn).split(":").pop();
        expect(proxyId).to.match(/^prx-/);
        expect(actionsOn(prod, `arn:aws:rds-db:us-east-1:123456789012:dbuser:${proxyId}/${s.DATABASE_USER}`)).to.deep.equal(["rds-db:connect"]);
        // Nothing else about the database: no secret, no key.
        expect(grants(prod).map((g) => g.Action)).to.not.include.members(["secretsmanager:GetSecretValue", "kms:Decrypt"]);
    });

    it("dev (no proxy): reads the RDS-managed secret the settings name, decrypting with the key RDS encrypts it with, via Secrets Manager", () => {
        const { dev } = runs;
        const s = settingsOf(dev);
        const cluster = one(dev, "aws:rds/cluster:Cluster");
        expect(s.DATABASE_AUTH).to.equal("secret");
        expect(s.DATABASE_SECRET_ARN).to.equal((cluster.state.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn);
        expect(actionsOn(dev, s.DATABASE_SECRET_ARN)).to.deep.equal(["secretsmanager:GetSecretValue"]);
        const decrypt = grants(dev).filter((g) => g.Action === "kms:Decrypt");
        expect(decrypt.map((g) => [g.Resource, g.Condition])).to.deep.equal([
            [cluster.inputs.masterUserSecretKmsKeyId, { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } }],
        ]);
        expect(grants(dev).map((g) => g.Action)).to.not.include("rds-db:connect");
    });

    it("dr: reads prod's replica of the secret in DR's region, which prod replicates with the AWS managed key (no KMS grant needed)", () => {
        const { prod, dr } = runs;
        const s = settingsOf(dr);
        expect(s.DATABASE_AUTH).to.equal("secret");
        expect(s.DATABASE_SECRET_ARN).to.equal(String(prod.outputs.databaseSecretArn).replace(":us-east-1:", ":us-west-2:"));
        expect(actionsOn(dr, s.DATABASE_SECRET_ARN)).to.deep.equal(["secretsmanager:GetSecretValue"]);
        // The replica names no key: Secrets Manager encrypts it with aws/secretsmanager in us-west-2,
        // whose key policy serves the account through Secrets Manager. Naming a customer-managed
        // key there would need a kms:Decrypt grant on it here.
        const replica = (one(prod, "aws:secretsmanager/secret:Secret").inputs.replicas as Array<Record<string, unknown>>).find((r) => r.region === "us-west-2");
        expect(replica).to.deep.equal({ region: "us-west-2" });
        expect(grants(dr).map((g) => g.Action)).to.not.include.members(["kms:Decrypt", "rds-db:connect"]);
    });

    for (const stack of ["dev", "prod", "dr"] as const) {
        it(`${stack}: the login policy is an inline policy of the app instances' role, inside its own component`, () => {
            const run = runs[stack];
            const policy = one(run, "aws:iam/rolePolicy:RolePolicy", "app-database-access-policy");
            expect(policy.inputs).to.include({ role: role(run).state.name, name: `startup-${stack}-app-database-login` });
            expect(ancestors(run, policy)[0].type).to.equal("startup:data:AppDatabaseAccess");
        });
    }
});

/**
 * DR before promotion: its VPC has no route to prod's (no peering), so everything the app connects
 * to must be in DR, and nothing that decides an instance's health may need a writable database.
 */
describe("DR's app works before promotion: local database hosts, health independent of the database", () => {
    let runs: { dev: OfflineRun; prod: OfflineRun; dr: OfflineRun };
    before(async () => {
        runs = await stackRuns();
    });

    it("dr: every database host is DR's own cluster, in DR's region, never prod's global writer endpoint", () => {
        const { prod, dr } = runs;
        const s = settingsOf(dr);
        const secondary = one(dr, "aws:rds/cluster:Cluster");
        for (const key of ["DATABASE_WRITER_HOST", "DATABASE_READER_HOST"]) {
            expect(String(s[key]), key).to.match(/\.us-west-2\.rds\.amazonaws\.com$/);
            expect([secondary.state.endpoint, secondary.state.readerEndpoint], key).to.include(s[key]);
            expect(s[key], key).to.not.equal(prod.outputs.databaseGlobalWriterEndpoint);
        }
        // And DR's instances may reach that cluster: its group admits theirs on 3306.
        const dbSg = one(dr, "aws:ec2/securityGroup:SecurityGroup", "database-sg");
        const ingress = all(dr, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === dbSg.state.id);
        expect(ingress.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort])).to.deep.include([dr.outputs.appInstanceSecurityGroupId, 3306]);
    });

    for (const stack of ["dev", "prod", "dr"] as const) {
        it(`${stack}: the load balancer, Route 53 and the launch wait all check the one liveness path the container is told`, () => {
            const run = runs[stack];
            const path = (readStackConfigFile(stack)["startup-platform:fleet"] as { healthCheckPath?: string }).healthCheckPath ?? "/health";
            const targetGroup = one(run, "aws:lb/targetGroup:TargetGroup");
            expect((targetGroup.inputs.healthCheck as { path: string }).path).to.equal(path);
            const userData = Buffer.from(String(one(run, "aws:ec2/launchTemplate:LaunchTemplate").inputs.userData), "base64").toString();
            expect(userData).to.include(` -e HEALTH_CHECK_PATH=${path}`);
            expect(userData).to.include(`curl -fsS -o /dev/null http://127.0.0.1:8080${path}`);
            const checks = run.resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck" && r.inputs.type === "HTTPS");
            for (const check of checks) expect(check.inputs.resourcePath).to.equal(path);
            expect(checks.length, "failover stacks check their load balancer").to.equal(stack === "dev" ? 0 : 1);
        });
    }
});
