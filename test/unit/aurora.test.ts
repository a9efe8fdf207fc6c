import { expect } from "chai";
import {
    CLUSTER_PARAMETERS,
    INSTANCE_PARAMETERS,
    PERFORMANCE_INSIGHTS_RETENTION_DAYS,
    ROTATION_EXCLUDED_CHARACTERS,
    clusterLogGroupName,
    detachFromGlobalClusterCommand,
    engineVersionAtLeast,
    instancePlacements,
    mysqlRotationApplication,
    parseEngineVersion,
    secretsManagerEndpoint,
} from "../../lib/aurora";
import {
    appDatabaseLoginPolicy,
    dbConnectPolicy,
    enhancedMonitoringPolicyArn,
    enhancedMonitoringTrustPolicy,
    proxyResourceId,
    proxySecretAccessPolicy,
    rdsProxyTrustPolicy,
} from "../../lib/databasePolicy";

describe("lib/aurora", () => {
    describe("engine versions", () => {
        it("parses Aurora MySQL 3 versions and nothing else", () => {
            expect(parseEngineVersion("8.0.mysql_aurora.3.10.0")).to.deep.equal([3, 10, 0]);
            expect(parseEngineVersion("8.0.mysql_aurora.3.04.4")).to.deep.equal([3, 4, 4]);
            expect(parseEngineVersion("5.7.mysql_aurora.2.12.5")).to.equal(undefined);
            expect(parseEngineVersion("8.0")).to.equal(undefined);
            expect(parseEngineVersion("16.4")).to.equal(undefined);
        });

        it("compares versions numerically, not as text", () => {
            expect(engineVersionAtLeast("8.0.mysql_aurora.3.10.0", "8.0.mysql_aurora.3.08.0")).to.equal(true);
            expect(engineVersionAtLeast("8.0.mysql_aurora.3.08.0", "8.0.mysql_aurora.3.08.0")).to.equal(true);
            expect(engineVersionAtLeast("8.0.mysql_aurora.3.07.1", "8.0.mysql_aurora.3.08.0")).to.equal(false);
            expect(engineVersionAtLeast("8.0.mysql_aurora.3.04.10", "8.0.mysql_aurora.3.04.9")).to.equal(true);
            expect(engineVersionAtLeast("garbage", "8.0.mysql_aurora.3.04.9")).to.equal(false);
        });
    });

    it("lists the Performance Insights retentions AWS accepts", () => {
        expect(PERFORMANCE_INSIGHTS_RETENTION_DAYS).to.include.members([7, 31, 93, 465, 713, 731]);
        expect(PERFORMANCE_INSIGHTS_RETENTION_DAYS).to.not.include.members([0, 14, 30, 365, 744]);
        expect(PERFORMANCE_INSIGHTS_RETENTION_DAYS).to.have.lengthOf(25);
    });

    it("names log groups the way RDS writes exported Aurora logs", () => {
        expect(clusterLogGroupName("startup-prod-aurora", "audit")).to.equal("/aws/rds/cluster/startup-prod-aurora/audit");
        expect(clusterLogGroupName("startup-prod-aurora", "slowquery")).to.equal("/aws/rds/cluster/startup-prod-aurora/slowquery");
    });

    it("requires TLS and turns on audit logging at the cluster level, with the right apply methods", () => {
        const byName = new Map(CLUSTER_PARAMETERS.map((p) => [p.name, p]));
        expect(byName.get("require_secure_transport")).to.deep.equal({ name: "require_secure_transport", value: "ON", applyMethod: "immediate" });
        expect(byName.get("server_audit_logging")?.value).to.equal("1");
        expect(byName.get("server_audit_events")?.value).to.include("CONNECT");
        // Binary logging stays off: storage-level replication needs none, and it blocks auto-pause.
        expect(byName.has("binlog_format")).to.equal(false);
        const instance = new Map(INSTANCE_PARAMETERS.map((p) => [p.name, p.value]));
        expect(instance.get("slow_query_log")).to.equal("1");
        expect(instance.get("log_output")).to.equal("FILE");
        // Cluster-level parameters are refused in DB (instance) parameter groups.
        expect(INSTANCE_PARAMETERS.map((p) => p.name)).to.not.include.members(CLUSTER_PARAMETERS.map((p) => p.name));
    });

    describe("instancePlacements", () => {
        it("puts the writer first in tier 0 and the first reader in another zone in tier 1", () => {
            expect(instancePlacements(3, ["us-east-1a", "us-east-1b", "us-east-1c"])).to.deep.equal([
                { index: 1, availabilityZone: "us-east-1a", promotionTier: 0 },
                { index: 2, availabilityZone: "us-east-1b", promotionTier: 1 },
                { index: 3, availabilityZone: "us-east-1c", promotionTier: 2 },
            ]);
        });

        it("wraps around the zones and caps the tier at 15", () => {
            const placed = instancePlacements(16, ["a", "b"]);
            expect(placed[2].availabilityZone).to.equal("a");
            expect(placed[15].promotionTier).to.equal(15);
            expect(() => instancePlacements(1, [])).to.throw(/at least one availability zone/);
        });
    });

    describe("detachFromGlobalClusterCommand", () => {
        const member = {
            region: "us-west-2",
            globalClusterIdentifier: "startup-prod-aurora-global",
            clusterArn: "arn:aws:rds:us-west-2:123456789012:cluster:startup-dr-aurora",
        };

        it("removes the member by ARN in its region, then waits for the standalone cluster by identifier", () => {
            expect(detachFromGlobalClusterCommand(member)).to.equal(
                "aws rds remove-from-global-cluster --region us-west-2 --global-cluster-identifier startup-prod-aurora-global " +
                    "--db-cluster-identifier arn:aws:rds:us-west-2:123456789012:cluster:startup-dr-aurora" +
                    " && aws rds wait db-cluster-available --region us-west-2 --db-cluster-identifier startup-dr-aurora",
            );
        });

        it("refuses an ARN that is not a cluster's or not in the member's region", () => {
            expect(() => detachFromGlobalClusterCommand({ ...member, clusterArn: "startup-dr-aurora" })).to.throw(/not an RDS cluster ARN/);
            expect(() => detachFromGlobalClusterCommand({ ...member, clusterArn: "arn:aws:rds:us-west-2:123456789012:db:startup-dr-aurora-1" })).to.throw(
                /not an RDS cluster ARN/,
            );
            expect(() => detachFromGlobalClusterCommand({ ...member, region: "us-east-1" })).to.throw(/not in us-east-1/);
        });
    });
});

describe("lib/databasePolicy", () => {
    it("lets RDS Proxy read one secret and decrypt it only through Secrets Manager", () => {
        const doc = proxySecretAccessPolicy({
            secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:startup-prod/aurora/master-Ab12Cd",
            kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-1",
            region: "us-east-1",
        });
        expect(doc.Statement).to.have.lengthOf(2);
        const [read, decrypt] = doc.Statement;
        expect(read).to.include({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:startup-prod/aurora/master-Ab12Cd" });
        expect(decrypt).to.deep.include({
            Action: "kms:Decrypt",
            Resource: "arn:aws:kms:us-east-1:123456789012:key/mrk-1",
            Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
        });
        expect(JSON.stringify(doc)).to.not.include('"*"');
    });

    it("trusts the right service principals", () => {
        // AWS documents no source context for RDS Proxy: the account is checked when it is sent.
        expect(rdsProxyTrustPolicy("123456789012").Statement).to.deep.equal([
            { Effect: "Allow", Principal: { Service: "rds.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } } },
        ]);
        const monitoring = enhancedMonitoringTrustPolicy("123456789012").Statement[0];
        expect(monitoring.Principal).to.deep.equal({ Service: "monitoring.rds.amazonaws.com" });
        expect(monitoring.Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": "123456789012" } });
        expect(enhancedMonitoringPolicyArn("aws")).to.equal("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
        expect(enhancedMonitoringPolicyArn("aws-us-gov")).to.equal("arn:aws-us-gov:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
    });

    it("grants rds-db:connect for one user on one proxy", () => {
        const resourceId = proxyResourceId("arn:aws:rds:us-east-1:123456789012:db-proxy:prx-0123456789abcdef0");
        expect(resourceId).to.equal("prx-0123456789abcdef0");
        const statement = dbConnectPolicy({ partition: "aws", region: "us-east-1", accountId: "123456789012", resourceId, dbUser: "admin" }).Statement[0];
        expect(statement).to.include({
            Action: "rds-db:connect",
            Resource: "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0123456789abcdef0/admin",
        });
        expect(() => proxyResourceId("arn:aws:rds:us-east-1:123456789012:cluster:x")).to.throw(/not an RDS Proxy ARN/);
    });

    describe("appDatabaseLoginPolicy: what the app's role needs for the login its settings name", () => {
        const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1-Ab12Cd";

        it("IAM login (prod, through RDS Proxy): rds-db:connect as one user on one proxy, and no secret", () => {
            const doc = appDatabaseLoginPolicy({ kind: "iam", partition: "aws", region: "us-east-1", accountId: "123456789012", resourceId: "prx-0abc", dbUser: "admin" });
            expect(doc.Statement.map((s) => [s.Action, s.Resource])).to.deep.equal([["rds-db:connect", "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0abc/admin"]]);
        });

        it("secret login with a customer-managed key (dev): read that secret, decrypt with that key only via Secrets Manager", () => {
            const doc = appDatabaseLoginPolicy({ kind: "secret", secretArn: SECRET, region: "us-east-1", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k1" });
            expect(doc.Statement.map((s) => [s.Action, s.Resource])).to.deep.equal([
                ["secretsmanager:GetSecretValue", SECRET],
                ["kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k1"],
            ]);
            expect(doc.Statement[1].Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } });
        });

        it("secret login with the AWS managed key (DR's replica of prod's secret): read only, no KMS statement", () => {
            const replica = SECRET.replace(":us-east-1:", ":us-west-2:");
            const doc = appDatabaseLoginPolicy({ kind: "secret", secretArn: replica, region: "us-west-2" });
            expect(doc.Statement.map((s) => [s.Sid, s.Action, s.Resource])).to.deep.equal([["ReadTheDatabaseSecret", "secretsmanager:GetSecretValue", replica]]);
            expect(JSON.stringify(doc)).to.not.include("kms:");
        });
    });
});

describe("secret rotation helpers", () => {
    it("pins AWS's single-user MySQL rotation application per partition and refuses unknown partitions", () => {
        expect(mysqlRotationApplication("aws")).to.deep.equal({
            applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMySQLRotationSingleUser",
            semanticVersion: "1.1.671",
        });
        expect(mysqlRotationApplication("aws-us-gov").applicationId).to.match(/^arn:aws-us-gov:serverlessrepo:us-gov-west-1:/);
        expect(() => mysqlRotationApplication("aws-iso")).to.throw(/no MySQL rotation application is published in partition aws-iso; use one of aws, aws-cn, aws-us-gov/);
    });

    it("names the regional Secrets Manager endpoint of the partition", () => {
        expect(secretsManagerEndpoint("us-east-1", "aws")).to.equal("https://secretsmanager.us-east-1.amazonaws.com");
        expect(secretsManagerEndpoint("cn-north-1", "aws-cn")).to.equal("https://secretsmanager.cn-north-1.amazonaws.com.cn");
    });

    it("keeps out of new passwords every character RDS refuses in a master password", () => {
        for (const c of ["/", "@", '"', " "]) expect(ROTATION_EXCLUDED_CHARACTERS, JSON.stringify(c)).to.include(c);
    });
});
