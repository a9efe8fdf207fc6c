import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuroraCluster, AuroraClusterArgs } from "../../components/auroraCluster";
import { RecordedAlias, recordAliases } from "../aliases";
import { DATABASE_DEFAULTS } from "../../stacks/config/database";
import { OfflineRun, RecordedResource } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, all, ancestors, childrenOf, one, policyOf, runComponent, some } from "../helpers";

const LOGS_KEY = "arn:aws:kms:us-east-1:123456789012:key/logs";
const APP_SG = "sg-0app000000000000a";
const ISOLATED = ["subnet-iso0", "subnet-iso1", "subnet-iso2"];

/** dev-like: scales to zero, no proxy, not global. */
function devArgs(overrides: Partial<AuroraClusterArgs> = {}): AuroraClusterArgs {
    return {
        namePrefix: "startup-test",
        region: "us-east-1",
        accountId: MOCK_ACCOUNT_ID,
        partition: "aws",
        vpcId: "vpc-0test",
        subnetIds: ISOLATED,
        availabilityZones: ["us-east-1a", "us-east-1b"],
        clientSecurityGroupIds: [APP_SG],
        minCapacityAcu: 0,
        maxCapacityAcu: 4,
        secondsUntilAutoPause: 900,
        logsKmsKeyArn: LOGS_KEY,
        logRetentionDays: 14,
        proxy: { enabled: false },
        ...overrides,
    };
}

/** prod-like: global primary (its secret not rotated), writer plus two readers, proxy, protected. */
function prodArgs(overrides: Partial<AuroraClusterArgs> = {}): AuroraClusterArgs {
    return devArgs({
        globalDatabase: true,
        masterSecretRotationDays: 0,
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
        minCapacityAcu: 2,
        maxCapacityAcu: 64,
        secondsUntilAutoPause: undefined,
        instances: 3,
        backupRetentionDays: 35,
        performanceInsightsRetentionDays: 93,
        monitoringIntervalSeconds: 15,
        logRetentionDays: 365,
        proxy: { iamAuth: "REQUIRED", maxConnectionsPercent: 80, maxIdleConnectionsPercent: 40 },
        secretReplicaRegions: ["us-west-2"],
        protect: true,
        finalSnapshot: true,
        ...overrides,
    });
}

const DR_KEY = "arn:aws:kms:us-west-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef";

/** The DR stack's secondary in us-west-2, joining prod's global cluster. */
function secondaryArgs(overrides: Partial<AuroraClusterArgs> = {}): AuroraClusterArgs {
    return {
        ...devArgs(),
        region: "us-west-2",
        secondary: { globalClusterIdentifier: "startup-prod-aurora-global", sourceRegion: "us-east-1" },
        namePrefix: "startup-dr",
        availabilityZones: ["us-west-2a", "us-west-2b"],
        minCapacityAcu: 0.5,
        maxCapacityAcu: 16,
        secondsUntilAutoPause: undefined,
        kmsKeyArn: DR_KEY,
        protect: true,
        ...overrides,
    };
}

interface Captured {
    run: OfflineRun;
    /** Resource options of each RDS cluster, by logical name. */
    clusterOpts: Map<string, pulumi.CustomResourceOptions>;
    /** The aliases each registration sends the engine, by `type::name`. */
    aliases: Map<string, RecordedAlias[]>;
}

async function runAurora(args: AuroraClusterArgs): Promise<Captured> {
    const clusterOpts = new Map<string, pulumi.CustomResourceOptions>();
    let aliases = new Map<string, RecordedAlias[]>();
    const run = await runComponent(
        () => {
            aliases = recordAliases();
            pulumi.runtime.registerStackTransformation((t) => {
                if (t.type === "aws:rds/cluster:Cluster") clusterOpts.set(t.name, t.opts as pulumi.CustomResourceOptions);
                return undefined;
            });
            const provider = new aws.Provider("aws", { region: args.region });
            const db = new AuroraCluster("database", args, { provider });
            // One nested output, so the undefined ones (no proxy, no secret) raise no runtime warnings.
            return {
                db: pulumi.output({
                    secretArn: db.secretArn,
                    globalClusterIdentifier: db.globalClusterIdentifier,
                    proxyEndpoint: db.proxyEndpoint,
                    proxyArn: db.proxyArn,
                    clusterResourceId: db.clusterResourceId,
                    proxyReadOnlyEndpoint: db.proxyReadOnlyEndpoint,
                    writerEndpoint: db.writerEndpoint,
                    readerEndpoint: db.readerEndpoint,
                    port: db.port,
                    kmsKeyArn: db.kmsKeyArn,
                    clusterArn: db.clusterArn,
                    securityGroupId: db.securityGroupId,
                    masterUsername: db.masterUsername,
                }),
            };
        },
        { region: args.region },
    );
    return { run, clusterOpts, aliases };
}

const out = (run: OfflineRun) => run.outputs.db as Record<string, unknown>;
const cluster = (run: OfflineRun) => one(run, "aws:rds/cluster:Cluster");
const instances = (run: OfflineRun) => all(run, "aws:rds/clusterInstance:ClusterInstance");
const keyArnOf = (run: OfflineRun) => one(run, "aws:kms/key:Key").state.arn;

describe("AuroraCluster", () => {
    describe("a dev primary (scale to zero, no proxy)", () => {
        let run: OfflineRun;
        let clusterOpts: Map<string, pulumi.CustomResourceOptions>;
        before(async () => {
            ({ run, clusterOpts } = await runAurora(devArgs()));
        });

        it("runs Aurora MySQL 3 in provisioned mode with a Serverless v2 range that may pause", () => {
            expect(cluster(run).inputs).to.deep.include({
                engine: "aurora-mysql",
                engineMode: "provisioned",
                engineVersion: "8.0.mysql_aurora.3.10.0",
                serverlessv2ScalingConfiguration: { minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 900 },
                port: 3306,
            });
            for (const instance of instances(run)) {
                expect(instance.inputs).to.include({ instanceClass: "db.serverless", engine: "aurora-mysql", publiclyAccessible: false });
            }
        });

        it("encrypts storage and the RDS-managed master secret with its own customer-managed key", () => {
            const keyArn = keyArnOf(run);
            expect(one(run, "aws:kms/key:Key").inputs).to.include({ enableKeyRotation: true, multiRegion: false });
            expect(cluster(run).inputs).to.include({
                storageEncrypted: true,
                kmsKeyId: keyArn,
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: keyArn,
                masterUsername: DATABASE_DEFAULTS.masterUsername,
                databaseName: "app",
                iamDatabaseAuthenticationEnabled: true,
            });
            expect(cluster(run).inputs).to.not.have.any.keys("masterPassword", "masterPasswordWo", "globalClusterIdentifier");
            const secret = (cluster(run).state.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn;
            expect(out(run).secretArn).to.equal(secret);
        });

        it("is not protected: no deletion protection, no final snapshot, no Pulumi protect", () => {
            expect(cluster(run).inputs).to.include({ deletionProtection: false, skipFinalSnapshot: true, copyTagsToSnapshot: true });
            expect(cluster(run).inputs).to.not.have.property("finalSnapshotIdentifier");
            expect(cluster(run).protect).to.equal(false);
            expect(one(run, "aws:kms/key:Key").protect).to.equal(false);
            expect(clusterOpts.get("database-cluster")?.ignoreChanges ?? []).to.deep.equal([]);
        });

        it("creates no proxy, no global cluster and no secret of its own", () => {
            for (const type of ["aws:rds/proxy:Proxy", "aws:rds/proxyEndpoint:ProxyEndpoint", "aws:rds/globalCluster:GlobalCluster", "aws:secretsmanager/secret:Secret"]) {
                expect(some(run, type), type).to.deep.equal([]);
            }
            expect(run.outputs).to.not.have.property("proxyEndpoint");
            expect(run.outputs).to.not.have.property("globalClusterIdentifier");
        });

        it("requires TLS and audit logging in the cluster parameter group, slow-query logging per instance", () => {
            const params = one(run, "aws:rds/clusterParameterGroup:ClusterParameterGroup");
            expect(params.inputs.family).to.equal("aurora-mysql8.0");
            expect(params.inputs.parameters).to.deep.include.members([
                { name: "require_secure_transport", value: "ON", applyMethod: "immediate" },
                { name: "server_audit_logging", value: "1", applyMethod: "immediate" },
            ]);
            expect(cluster(run).inputs.dbClusterParameterGroupName).to.equal(params.state.name);
            const instanceParams = one(run, "aws:rds/parameterGroup:ParameterGroup");
            expect(instanceParams.inputs.family).to.equal("aurora-mysql8.0");
            expect(instanceParams.inputs.parameters).to.deep.include.members([
                { name: "slow_query_log", value: "1", applyMethod: "immediate" },
                { name: "log_output", value: "FILE", applyMethod: "immediate" },
            ]);
            for (const instance of instances(run)) expect(instance.inputs.dbParameterGroupName).to.equal(instanceParams.state.name);
        });

        it("exports audit, error and slow-query logs to encrypted log groups it owns, with retention", () => {
            expect(cluster(run).inputs.enabledCloudwatchLogsExports).to.deep.equal(["audit", "error", "slowquery"]);
            const groups = all(run, "aws:cloudwatch/logGroup:LogGroup");
            expect(groups.map((g) => g.inputs.name).sort()).to.deep.equal([
                "/aws/rds/cluster/startup-test-aurora/audit",
                "/aws/rds/cluster/startup-test-aurora/error",
                "/aws/rds/cluster/startup-test-aurora/slowquery",
            ]);
            for (const g of groups) expect(g.inputs).to.include({ retentionInDays: 14, kmsKeyId: LOGS_KEY });
            expect(cluster(run).inputs.clusterIdentifier).to.equal("startup-test-aurora");
        });

        it("turns on Performance Insights with the cluster key and Enhanced Monitoring through the AWS managed role policy", () => {
            const role = one(run, "aws:iam/role:Role");
            const trust = policyOf(role, "assumeRolePolicy").Statement[0];
            expect(trust.Principal).to.deep.equal({ Service: "monitoring.rds.amazonaws.com" });
            expect(one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs).to.include({
                role: role.state.name,
                policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
            });
            for (const instance of instances(run)) {
                expect(instance.inputs).to.include({
                    performanceInsightsEnabled: true,
                    performanceInsightsKmsKeyId: keyArnOf(run),
                    performanceInsightsRetentionPeriod: 7,
                    monitoringInterval: 60,
                    monitoringRoleArn: role.state.arn,
                });
            }
        });

        it("puts the cluster in the isolated subnets behind a group that admits 3306 from the clients only", () => {
            expect(one(run, "aws:rds/subnetGroup:SubnetGroup").inputs.subnetIds).to.deep.equal(ISOLATED);
            const sg = one(run, "aws:ec2/securityGroup:SecurityGroup");
            expect(sg.inputs).to.not.have.any.keys("ingress", "egress");
            expect(cluster(run).inputs.vpcSecurityGroupIds).to.deep.equal([sg.state.id]);
            const rules = all(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            expect(rules.map((r) => r.inputs)).to.deep.equal([
                { securityGroupId: sg.state.id, referencedSecurityGroupId: APP_SG, ipProtocol: "tcp", fromPort: 3306, toPort: 3306, description: "MySQL from an app-tier client" },
            ]);
        });

        it("parents every resource under the component", () => {
            for (const r of run.resources.filter((x) => x.custom && x.name.startsWith("database-"))) {
                expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:data:AuroraCluster");
            }
        });
    });

    describe("a prod global primary (proxy, readers, protected)", () => {
        let run: OfflineRun;
        let clusterOpts: Map<string, pulumi.CustomResourceOptions>;
        let aliases: Map<string, RecordedAlias[]>;
        before(async () => {
            ({ run, clusterOpts, aliases } = await runAurora(prodArgs()));
        });

        it("creates the global cluster and joins it as primary, encrypted with a multi-Region key", () => {
            const global = one(run, "aws:rds/globalCluster:GlobalCluster");
            expect(global.inputs).to.include({
                globalClusterIdentifier: "startup-test-aurora-global",
                engine: "aurora-mysql",
                engineVersion: "8.0.mysql_aurora.3.10.0",
                storageEncrypted: true,
                deletionProtection: true,
            });
            expect(global.protect).to.equal(true);
            expect(cluster(run).inputs.globalClusterIdentifier).to.equal(global.state.id);
            expect(out(run).globalClusterIdentifier).to.equal("startup-test-aurora-global");
            expect(one(run, "aws:kms/key:Key").inputs.multiRegion).to.equal(true);
            expect(out(run).kmsKeyArn).to.match(/:key\/mrk-/);
        });

        it("does not diff what a switchover or failover changes, so an update after one neither promotes nor detaches it", () => {
            // The global cluster drives engine upgrades. After a switchover prod is the secondary: RDS
            // sets its replication source to DR's cluster, and removing that promotes it; a failover
            // may detach it (global id emptied), and re-adding it is refused.
            expect(clusterOpts.get("database-cluster")?.ignoreChanges).to.have.members(["engineVersion", "globalClusterIdentifier", "replicationSourceIdentifier"]);
        });

        it("keeps the global cluster on destroy while protected (no forceDestroy)", async () => {
            expect(one(run, "aws:rds/globalCluster:GlobalCluster").inputs.forceDestroy).to.equal(false);
            expect(instances(run).map((i) => i.inputs.forceDestroy)).to.deep.equal([undefined, undefined, undefined]);
            const unprotected = (await runAurora(prodArgs({ protect: false }))).run;
            // An unprotected global primary's destroy detaches members left behind instead of failing.
            expect(one(unprotected, "aws:rds/globalCluster:GlobalCluster").inputs).to.include({ forceDestroy: true, deletionProtection: false });
        });

        it("names its master user, the one RDS Proxy logs in as (and app roles get rds-db:connect for)", () => {
            expect(out(run).masterUsername).to.equal(DATABASE_DEFAULTS.masterUsername).and.equal(cluster(run).inputs.masterUsername);
        });

        it("gives a master user of its own to the cluster, its output and the secret rotation logs in with", async () => {
            const custom = (await runAurora(prodArgs({ masterUsername: "opsowner" }))).run;
            expect(cluster(custom).inputs.masterUsername).to.equal("opsowner");
            expect(out(custom).masterUsername).to.equal("opsowner");
            const secretValue = one(custom, "aws:secretsmanager/secretVersion:SecretVersion").inputs.secretStringWo as Record<string, string>;
            expect(JSON.parse(secretValue.value)).to.include({ username: "opsowner" });
        });

        it("keeps the master password out of config: generated by Secrets Manager, sent write-only, stored in its own encrypted secret", () => {
            const inputs = cluster(run).inputs;
            const version = one(run, "aws:secretsmanager/secretVersion:SecretVersion");
            // RDS cannot manage the master password of a cluster in a global database.
            expect(inputs).to.not.have.any.keys("manageMasterUserPassword", "masterUserSecretKmsKeyId", "masterPassword");
            expect(inputs.masterPasswordWoVersion).to.equal(1);
            // Marked secret, so it is encrypted wherever Pulumi records it.
            expect(inputs.masterPasswordWo).to.have.property(pulumi.runtime.specialSigKey, pulumi.runtime.specialSecretSig);
            const secretValue = version.inputs.secretStringWo as Record<string, string>;
            expect(secretValue).to.have.property(pulumi.runtime.specialSigKey, pulumi.runtime.specialSecretSig);
            expect(JSON.parse(secretValue.value)).to.deep.include({ engine: "mysql", username: DATABASE_DEFAULTS.masterUsername, port: 3306, dbClusterIdentifier: "startup-test-aurora" });
            const secret = one(run, "aws:secretsmanager/secret:Secret");
            expect(secret.inputs).to.deep.include({ name: "startup-test/aurora/master", kmsKeyId: keyArnOf(run), replicas: [{ region: "us-west-2" }] });
            expect(secret.protect).to.equal(true);
            expect(version.inputs).to.include({ secretId: secret.state.id, secretStringWoVersion: 1 });
            expect(version.inputs).to.not.have.property("secretString");
            expect(out(run).secretArn).to.equal(secret.state.arn);
        });

        it("with masterSecretRotationDays 0, tags the secret with why it does not rotate and deploys no rotation function", () => {
            expect(one(run, "aws:secretsmanager/secret:Secret").inputs.tags).to.have.property("RotationException").that.includes("masterPasswordVersion");
            expect(some(run, "aws:secretsmanager/secretRotation:SecretRotation")).to.deep.equal([]);
        });

        it("is protected: deletion protection, a final snapshot and Pulumi protect", () => {
            expect(cluster(run).inputs).to.include({
                deletionProtection: true,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: "startup-test-aurora-final",
                copyTagsToSnapshot: true,
                backupRetentionPeriod: 35,
            });
            expect(cluster(run).protect).to.equal(true);
            expect(one(run, "aws:kms/key:Key").protect).to.equal(true);
        });

        it("keeps its final snapshot once unprotected, the one way to delete it; without finalSnapshot it has none", async () => {
            const unprotected = (await runAurora(prodArgs({ protect: false }))).run;
            expect(cluster(unprotected).inputs).to.include({ deletionProtection: false, skipFinalSnapshot: false, finalSnapshotIdentifier: "startup-test-aurora-final" });
            const noSnapshot = (await runAurora(prodArgs({ finalSnapshot: false }))).run;
            expect(cluster(noSnapshot).inputs).to.include({ deletionProtection: true, skipFinalSnapshot: true });
            expect(cluster(noSnapshot).inputs).to.not.have.property("finalSnapshotIdentifier");
        });

        it("spreads a db.serverless writer and readers over the zones with promotion tiers", () => {
            const placed = instances(run).map((i) => [i.inputs.identifier, i.inputs.instanceClass, i.inputs.availabilityZone, i.inputs.promotionTier]);
            expect(placed).to.deep.equal([
                ["startup-test-aurora-1", "db.serverless", "us-east-1a", 0],
                ["startup-test-aurora-2", "db.serverless", "us-east-1b", 1],
                ["startup-test-aurora-3", "db.serverless", "us-east-1c", 2],
            ]);
            for (const i of instances(run)) {
                expect(i.inputs).to.include({ clusterIdentifier: "startup-test-aurora", performanceInsightsRetentionPeriod: 93, monitoringInterval: 15 });
            }
        });

        it("fronts the cluster with a TLS-only RDS Proxy that logs in with the secret", () => {
            const proxy = one(run, "aws:rds/proxy:Proxy");
            expect(proxy.inputs).to.deep.include({
                name: "startup-test-aurora-proxy",
                engineFamily: "MYSQL",
                requireTls: true,
                vpcSubnetIds: ISOLATED,
                auths: [{ authScheme: "SECRETS", secretArn: out(run).secretArn, iamAuth: "REQUIRED", description: "Aurora master credentials" }],
            });
            expect(proxy.inputs.roleArn).to.equal(one(run, "aws:iam/role:Role", "database-proxy-role").state.arn);
            expect(one(run, "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup").inputs).to.deep.include({
                dbProxyName: proxy.state.name,
                connectionPoolConfig: { maxConnectionsPercent: 80, maxIdleConnectionsPercent: 40, connectionBorrowTimeout: 120 },
            });
            expect(one(run, "aws:rds/proxyTarget:ProxyTarget").inputs).to.include({
                dbProxyName: proxy.state.name,
                targetGroupName: "default",
                dbClusterIdentifier: "startup-test-aurora",
            });
            const readOnly = one(run, "aws:rds/proxyEndpoint:ProxyEndpoint");
            expect(readOnly.inputs).to.include({ targetRole: "READ_ONLY", dbProxyName: proxy.state.name });
            expect(out(run).proxyEndpoint).to.equal(proxy.state.endpoint);
            // What the app tier's rds-db:connect policy names (lib/databasePolicy.ts dbConnectPolicy).
            expect(out(run).proxyArn).to.equal(proxy.state.arn).and.match(/:db-proxy:prx-/);
            expect(out(run).clusterResourceId).to.equal(cluster(run).state.clusterResourceId).and.match(/^cluster-/);
            expect(out(run).proxyReadOnlyEndpoint).to.equal(readOnly.state.endpoint);
        });

        it("keeps a deployed proxy: DatabaseProxy's resources carry aliases to their URNs as AuroraCluster's own children", () => {
            const component = one(run, "startup:data:AuroraCluster");
            const proxy = one(run, "startup:data:DatabaseProxy", "database-proxy");
            expect(proxy.parent).to.equal(component.urn);
            const moved = childrenOf(run, proxy).filter((r) => r.name !== "database-proxy-to-secrets-manager");
            // Every resource of the proxy, as AuroraCluster created them before DatabaseProxy existed.
            expect(moved.map((r) => `${r.type}::${r.name}`).sort()).to.deep.equal([
                "aws:ec2/securityGroup:SecurityGroup::database-proxy-sg",
                "aws:iam/role:Role::database-proxy-role",
                "aws:iam/rolePolicy:RolePolicy::database-proxy-secret-access",
                "aws:rds/proxy:Proxy::database-proxy",
                "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup::database-proxy-pool",
                "aws:rds/proxyEndpoint:ProxyEndpoint::database-proxy-read-only",
                "aws:rds/proxyTarget:ProxyTarget::database-proxy-target",
                "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::database-proxy-to-cluster",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::database-proxy-from-client-0",
            ]);
            for (const r of moved) {
                // Same name and type under the cluster: the engine finds the URN it had there (as
                // plans/prod.json recorded it before, parent startup:data:AuroraCluster::database).
                expect(aliases.get(`${r.type}::${r.name}`), r.name).to.deep.equal([{ parent: component.urn, name: r.name, type: r.type }]);
            }
            // What did not move carries none: the cluster's own ingress from the proxy stays its child.
            expect(one(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "database-from-proxy").parent).to.equal(component.urn);
            expect(aliases.get("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::database-from-proxy")).to.deep.equal([]);
            expect(aliases.get("startup:data:DatabaseProxy::database-proxy")).to.deep.equal([]);
            // Added after the move, so it has no former URN.
            expect(aliases.get("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::database-proxy-to-secrets-manager")).to.deep.equal([]);
        });

        it("gives the proxy a role that reads only this secret and decrypts only with this key via Secrets Manager", () => {
            const role = one(run, "aws:iam/role:Role", "database-proxy-role");
            expect(policyOf(role, "assumeRolePolicy").Statement[0]).to.deep.include({
                Principal: { Service: "rds.amazonaws.com" },
                Condition: { StringEqualsIfExists: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
            });
            const statements = policyOf(one(run, "aws:iam/rolePolicy:RolePolicy")).Statement;
            expect(statements.map((s) => [s.Action, s.Resource])).to.deep.equal([
                ["secretsmanager:GetSecretValue", out(run).secretArn],
                ["kms:Decrypt", keyArnOf(run)],
            ]);
            expect(statements[1].Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } });
        });

        it("admits 3306 only from the given clients and the proxy, and lets the proxy out only to the cluster", () => {
            const dbSg = one(run, "aws:ec2/securityGroup:SecurityGroup", "database-sg");
            const proxySg = one(run, "aws:ec2/securityGroup:SecurityGroup", "database-proxy-sg");
            const ingress = all(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            for (const rule of ingress) {
                expect(rule.inputs, rule.name).to.include({ ipProtocol: "tcp", fromPort: 3306, toPort: 3306 });
                expect(rule.inputs, rule.name).to.not.have.any.keys("cidrIpv4", "cidrIpv6", "prefixListId");
            }
            const sources = (sg: RecordedResource) => ingress.filter((r) => r.inputs.securityGroupId === sg.state.id).map((r) => r.inputs.referencedSecurityGroupId);
            expect(sources(dbSg)).to.have.members([APP_SG, proxySg.state.id]);
            expect(sources(proxySg)).to.deep.equal([APP_SG]);
            expect(one(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "database-proxy-to-cluster").inputs).to.include({
                securityGroupId: proxySg.state.id,
                referencedSecurityGroupId: dbSg.state.id,
                ipProtocol: "tcp",
                fromPort: 3306,
                toPort: 3306,
            });
            // Besides the cluster, only HTTPS (Secrets Manager, through prod's interface endpoint).
            expect(all(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => [r.name, r.inputs.fromPort])).to.have.deep.members([
                ["database-proxy-to-cluster", 3306],
                ["database-proxy-to-secrets-manager", 443],
            ]);
        });
    });

    describe("a global primary with secret rotation", () => {
        let run: OfflineRun;
        before(async () => {
            ({ run } = await runAurora(prodArgs({ masterSecretRotationDays: 14, rotationSubnetIds: ["subnet-prv-a", "subnet-prv-b"] })));
        });

        it("deploys AWS's single-user MySQL rotation function, pinned, in the given subnets with the cluster key", () => {
            const fn = one(run, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack");
            expect(fn.inputs).to.deep.include({
                name: "startup-test-aurora-rotation",
                applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMySQLRotationSingleUser",
                semanticVersion: "1.1.671",
                capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
            });
            expect(fn.inputs.parameters).to.deep.equal({
                endpoint: "https://secretsmanager.us-east-1.amazonaws.com",
                functionName: "startup-test-aurora-rotation",
                vpcSubnetIds: "subnet-prv-a,subnet-prv-b",
                vpcSecurityGroupIds: one(run, "aws:ec2/securityGroup:SecurityGroup", "database-rotation-sg").state.id,
                kmsKeyArn: keyArnOf(run),
                excludeCharacters: " /@\"'\\",
            });
            // A second pulumi up must not diff on what AWS adds to the parameters (pulumi/pulumi-aws#2717).
            expect(fn.ignoreChanges).to.deep.equal(["parameters", "capabilities"]);
        });

        it("schedules the rotation of the master secret with the function's ARN, after the first value and the instances exist", () => {
            const rotation = one(run, "aws:secretsmanager/secretRotation:SecretRotation");
            const secret = one(run, "aws:secretsmanager/secret:Secret");
            expect(rotation.inputs).to.deep.include({
                secretId: secret.state.id,
                rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:startup-test-aurora-rotation",
                rotationRules: { automaticallyAfterDays: 14 },
                rotateImmediately: false,
            });
            const urnOf = (type: string, name?: string) => one(run, type, name).urn;
            expect(rotation.dependsOn).to.include.members([
                urnOf("aws:secretsmanager/secretVersion:SecretVersion"),
                ...instances(run).map((i) => i.urn),
                urnOf("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "database-from-rotation"),
            ]);
            expect(secret.inputs.tags).to.not.have.property("RotationException");
        });

        it("lets the function reach the cluster on 3306 and Secrets Manager on 443, and nothing else", () => {
            const sg = one(run, "aws:ec2/securityGroup:SecurityGroup", "database-rotation-sg");
            const dbSg = one(run, "aws:ec2/securityGroup:SecurityGroup", "database-sg");
            const egress = all(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.inputs.securityGroupId === sg.state.id);
            expect(egress.map((r) => [r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4, r.inputs.fromPort])).to.have.deep.members([
                [dbSg.state.id, 3306],
                ["0.0.0.0/0", 443],
            ]);
            expect(one(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "database-from-rotation").inputs).to.include({
                securityGroupId: dbSg.state.id,
                referencedSecurityGroupId: sg.state.id,
                fromPort: 3306,
            });
        });
    });

    describe("a DR secondary joining the global database", () => {
        let run: OfflineRun;
        let clusterOpts: Map<string, pulumi.CustomResourceOptions>;
        before(async () => {
            ({ run, clusterOpts } = await runAurora(secondaryArgs()));
        });

        it("joins the given global cluster with the primary's engine version and its own region's key", () => {
            expect(cluster(run).inputs).to.include({
                globalClusterIdentifier: "startup-prod-aurora-global",
                engineVersion: "8.0.mysql_aurora.3.10.0",
                sourceRegion: "us-east-1",
                storageEncrypted: true,
                kmsKeyId: DR_KEY,
                clusterIdentifier: "startup-dr-aurora",
            });
            expect(out(run).globalClusterIdentifier).to.equal("startup-prod-aurora-global");
            expect(out(run).kmsKeyArn).to.equal(DR_KEY);
            expect(some(run, "aws:kms/key:Key")).to.deep.equal([]);
            expect(some(run, "aws:rds/globalCluster:GlobalCluster")).to.deep.equal([]);
        });

        it("has no master credentials and no database name: those come from the primary", () => {
            expect(cluster(run).inputs).to.not.have.any.keys(
                "masterUsername",
                "masterPassword",
                "masterPasswordWo",
                "manageMasterUserPassword",
                "masterUserSecretKmsKeyId",
                "databaseName",
            );
            expect(some(run, "aws:secretsmanager/secret:Secret")).to.deep.equal([]);
            expect(run.outputs).to.not.have.property("secretArn");
        });

        it("ignores the replication source and global id RDS fills in, so an update never promotes it", () => {
            expect(clusterOpts.get("database-cluster")?.ignoreChanges).to.have.members(["replicationSourceIdentifier", "globalClusterIdentifier", "engineVersion"]);
        });

        it("lets an unprotected secondary's last instance be destroyed (forceDestroy), never a protected one's", async () => {
            expect(instances(run).map((i) => i.inputs.forceDestroy)).to.deep.equal([undefined]);
            const unprotected = (await runAurora(secondaryArgs({ protect: false, instances: 2 }))).run;
            expect(instances(unprotected).map((i) => i.inputs.forceDestroy)).to.deep.equal([true, true]);
            expect(cluster(unprotected).inputs).to.include({ deletionProtection: false, skipFinalSnapshot: true });
            // The master user is the primary's; a secondary has none of its own.
            expect(out(run).masterUsername).to.equal(undefined);
        });

        it("runs its own db.serverless instances, parameter groups and logs in its region, with no proxy", () => {
            expect(instances(run).map((i) => [i.inputs.instanceClass, i.inputs.availabilityZone])).to.deep.equal([["db.serverless", "us-west-2a"]]);
            expect(cluster(run).inputs.serverlessv2ScalingConfiguration).to.deep.equal({ minCapacity: 0.5, maxCapacity: 16 });
            expect(one(run, "aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs.parameters).to.deep.include({
                name: "require_secure_transport",
                value: "ON",
                applyMethod: "immediate",
            });
            expect(all(run, "aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs.name)).to.include("/aws/rds/cluster/startup-dr-aurora/audit");
            expect(some(run, "aws:rds/proxy:Proxy")).to.deep.equal([]);
            // Protected, but no final snapshot: a secondary's data is the primary's.
            expect(cluster(run).inputs).to.include({ deletionProtection: true, skipFinalSnapshot: true });
        });
    });

    describe("validation", () => {
        const errorOf = (args: AuroraClusterArgs): string => {
            try {
                new AuroraCluster("bad", args);
            } catch (err) {
                return (err as Error).message;
            }
            return expect.fail("expected the arguments to be rejected");
        };

        it("rejects values in the words of the database section (stacks/config/database.ts), every problem at once", () => {
            expect(
                errorOf(devArgs({ engineVersion: "5.7.mysql_aurora.2.12.5", backupRetentionDays: 3, logRetentionDays: 10 as 14, performanceInsightsRetentionDays: 30 })),
            ).to.match(
                /^AuroraCluster bad: engineVersion: got "5\.7\.mysql_aurora\.2\.12\.5"; expected an Aurora MySQL 3 engine version such as 8\.0\.mysql_aurora\.3\.10\.0; backupRetentionDays: got 3; expected at least 7 days; logRetentionDays: got 10; expected one of: 1, 3, 5, .*; performanceInsightsRetentionDays: got 30; expected 7, a multiple of 31 up to 713 \(months\), or 731$/,
            );
            expect(errorOf(prodArgs({ masterUsername: "Admin" }))).to.equal(
                'AuroraCluster bad: masterUsername: got "Admin"; is a default administrator name (admin, postgres, root), which Security Hub RDS.24 fails and every password-guessing tool tries first; choose another, such as "platformadmin". Changing it replaces a deployed cluster',
            );
            expect(errorOf(prodArgs({ masterUsername: "rdsAdmin" }))).to.equal(
                'AuroraCluster bad: masterUsername: got "rdsAdmin"; is reserved by RDS for its own maintenance user (rdsadmin); choose another, such as "platformadmin"',
            );
            expect(errorOf(prodArgs({ proxy: { iamAuth: "OPTIONAL" as "REQUIRED", maxConnectionsPercent: 0 } }))).to.equal(
                'AuroraCluster bad: proxy.iamAuth: got "OPTIONAL"; expected one of: "REQUIRED", "DISABLED"; proxy.maxConnectionsPercent: got 0; expected at least 1 percent',
            );
        });

        it("applies the section's rule table: capacity, auto-pause and global-only settings", () => {
            expect(errorOf(devArgs({ minCapacityAcu: 8, maxCapacityAcu: 4.25, secondsUntilAutoPause: 900 }))).to.equal(
                "AuroraCluster bad: maxCapacityAcu: 4.25 ACUs is not a multiple of 0.5; use half steps such as 2, 2.5, 3; " +
                    "minCapacityAcu: the minimum (8 ACUs) is above the maximum (4.25 ACUs); lower the minimum or raise the maximum; " +
                    "secondsUntilAutoPause: only applies when minCapacityAcu is 0; remove it",
            );
            expect(errorOf(devArgs({ proxy: {} }))).to.equal(
                "AuroraCluster bad: minCapacityAcu: 0 ACUs never pauses behind an RDS Proxy (the proxy keeps connections open); turn the proxy off or use a minimum of 0.5",
            );
            expect(errorOf(devArgs({ globalDatabase: true }))).to.equal(
                "AuroraCluster bad: minCapacityAcu: 0 ACUs never pauses on the primary of a global database; use a minimum of 0.5 or more",
            );
            expect(errorOf(devArgs({ minCapacityAcu: 0.5, secondsUntilAutoPause: undefined, secretReplicaRegions: ["us-west-2"], masterSecretRotationDays: 30 }))).to.equal(
                "AuroraCluster bad: masterSecretRotationDays: only applies with globalDatabase: true (RDS rotates the secret it manages); remove it; " +
                    "secretReplicaRegions: only applies with globalDatabase: true (RDS manages the secret otherwise); remove it",
            );
            expect(errorOf(prodArgs({ proxy: { maxConnectionsPercent: 50, maxIdleConnectionsPercent: 60 } }))).to.equal(
                "AuroraCluster bad: proxy.maxIdleConnectionsPercent: must not exceed maxConnectionsPercent (50)",
            );
        });

        it("rejects a secondary without a global cluster id or a key of its own region", () => {
            expect(errorOf(secondaryArgs({ secondary: { globalClusterIdentifier: "" }, kmsKeyArn: undefined }))).to.equal(
                "AuroraCluster bad: secondary.globalClusterIdentifier: a secondary cluster needs the id of the global cluster to join (the primary stack exports it); " +
                    "kmsKeyArn: a secondary cluster needs a KMS key in its own region, such as a replica of the primary's multi-Region key",
            );
        });

        it("rejects on a secondary what only a primary has: a global database of its own, a proxy, a database name or master user", () => {
            const message = errorOf(secondaryArgs({ globalDatabase: true, proxy: {}, databaseName: "app", masterUsername: "opsowner" }));
            expect(message).to.equal(
                "AuroraCluster bad: globalDatabase: a secondary cluster joins the primary's global database and cannot create one; set it false; " +
                    "proxy.enabled: a secondary cluster has no master secret for RDS Proxy to log in with; set it false and add the proxy after promotion; " +
                    "databaseName/masterUsername: a secondary cluster takes its database and master user from the primary; remove them",
            );
        });

        it("rejects a secret replica in the cluster's own region, a rotating global primary without subnets, and no zones", () => {
            expect(errorOf(prodArgs({ secretReplicaRegions: ["us-east-1"] }))).to.equal(
                "AuroraCluster bad: secretReplicaRegions: us-east-1 is the cluster's own region; list only other regions",
            );
            // A global primary rotates its own secret by default, as the config section says (30 days).
            expect(errorOf(prodArgs({ masterSecretRotationDays: undefined }))).to.match(/^AuroraCluster bad: rotationSubnetIds: a global primary rotates its master secret \(masterSecretRotationDays, default 30\)/);
            expect(errorOf(devArgs({ availabilityZones: [] }))).to.equal("AuroraCluster bad: availabilityZones: give the zones of the isolated subnets");
        });
    });
});
