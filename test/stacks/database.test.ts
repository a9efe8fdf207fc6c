import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { AuroraCluster } from "../../components/auroraCluster";
import { PRIMARY_EXPORTS } from "../../stacks/outputs";
import { policyFindings } from "../../tools/offline/policy";
import { OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { all, ancestors, one, runComponent, runOffline, some, stackRuns } from "../helpers";

const DB_EXPORTS = [
    PRIMARY_EXPORTS.databaseGlobalClusterId,
    PRIMARY_EXPORTS.databaseEngineVersion,
    PRIMARY_EXPORTS.databaseKmsKeyArn,
    PRIMARY_EXPORTS.databaseClusterArn,
];

describe("stacks: the Aurora database", () => {
    let dev: OfflineRun;
    let prod: OfflineRun;
    before(async () => {
        ({ dev, prod } = await stackRuns());
    });

    const cluster = (run: OfflineRun) => one(run, "aws:rds/cluster:Cluster");

    it("builds one AuroraCluster per primary stack, in the VPC's isolated subnets", () => {
        for (const run of [dev, prod]) {
            const component = one(run, "startup:data:AuroraCluster");
            expect(ancestors(run, cluster(run))[0].urn).to.equal(component.urn);
            const vpc = one(run, "awsx:ec2:Vpc");
            expect(one(run, "aws:rds/subnetGroup:SubnetGroup").inputs.subnetIds).to.deep.equal(vpc.state.isolatedSubnetIds);
            for (const group of all(run, "aws:cloudwatch/logGroup:LogGroup").filter((g) => String(g.inputs.name).startsWith("/aws/rds/"))) {
                expect(group.inputs.kmsKeyId, String(group.inputs.name)).to.equal(one(run, "aws:kms/key:Key", "logs-key").state.arn);
            }
        }
    });

    it("dev: without a proxy or a global database, unprotected, its secret managed by RDS", () => {
        expect(cluster(dev).inputs).to.deep.include({
            manageMasterUserPassword: true,
            deletionProtection: false,
            skipFinalSnapshot: true,
            applyImmediately: true,
        });
        expect(cluster(dev).protect).to.equal(false);
        expect(some(dev, "aws:rds/proxy:Proxy")).to.deep.equal([]);
        expect(some(dev, "aws:rds/globalCluster:GlobalCluster")).to.deep.equal([]);
        expect(one(dev, "aws:kms/key:Key", "database-key-key").inputs.multiRegion).to.equal(false);
        for (const name of DB_EXPORTS) expect(dev.outputs, name).to.not.have.property(name);
        expect(dev.outputs).to.not.have.property("databaseProxyEndpoint");
        expect(dev.outputs[PRIMARY_EXPORTS.databaseSecretArn]).to.match(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:rds!cluster-/);
    });

    it("prod: a protected global primary with a reader in another zone behind a TLS proxy", () => {
        expect(cluster(prod).inputs).to.deep.include({
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: "startup-prod-aurora-final",
            applyImmediately: false,
        });
        expect(cluster(prod).protect).to.equal(true);
        expect(one(prod, "aws:rds/globalCluster:GlobalCluster").protect).to.equal(true);
        expect(one(prod, "aws:kms/key:Key", "database-key-key")).to.deep.include({ protect: true });
        expect(one(prod, "aws:kms/key:Key", "database-key-key").inputs.multiRegion).to.equal(true);
        const zones = all(prod, "aws:rds/clusterInstance:ClusterInstance").map((i) => [i.inputs.availabilityZone, i.inputs.promotionTier]);
        expect(zones).to.deep.equal([
            ["us-east-1a", 0],
            ["us-east-1b", 1],
        ]);
        expect(one(prod, "aws:rds/proxy:Proxy").inputs).to.include({ requireTls: true, engineFamily: "MYSQL" });
        expect(prod.outputs.databaseProxyEndpoint).to.equal(one(prod, "aws:rds/proxy:Proxy").state.endpoint);
        expect(prod.outputs.databaseProxyReadOnlyEndpoint).to.equal(one(prod, "aws:rds/proxyEndpoint:ProxyEndpoint").state.endpoint);
    });

    it("prod: admits 3306 to the cluster only from the app instances, the proxy and the rotation function", () => {
        const proxySg = one(prod, "aws:ec2/securityGroup:SecurityGroup", "database-proxy-sg");
        const rotationSg = one(prod, "aws:ec2/securityGroup:SecurityGroup", "database-rotation-sg");
        const dbSg = one(prod, "aws:ec2/securityGroup:SecurityGroup", "database-sg");
        const appSg = prod.outputs.appInstanceSecurityGroupId;
        expect(appSg, "the app tier's instance security group").to.be.a("string");
        const toDb = all(prod, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === dbSg.state.id);
        expect(toDb.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4])).to.have.deep.members([
            [appSg, 3306, 3306, undefined],
            [proxySg.state.id, 3306, 3306, undefined],
            [rotationSg.state.id, 3306, 3306, undefined],
        ]);
    });

    it("prod: rotates its own master secret every 30 days with AWS's MySQL function in the private subnets", () => {
        const secret = one(prod, "aws:secretsmanager/secret:Secret");
        const rotation = one(prod, "aws:secretsmanager/secretRotation:SecretRotation");
        const fn = one(prod, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack");
        expect(rotation.inputs).to.deep.include({ secretId: secret.state.id, rotationRules: { automaticallyAfterDays: 30 }, rotateImmediately: false });
        expect(rotation.inputs.rotationLambdaArn).to.equal((fn.state.outputs as Record<string, string>).RotationLambdaARN);
        expect(fn.inputs).to.deep.include({
            applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMySQLRotationSingleUser",
            capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
        });
        const params = fn.inputs.parameters as Record<string, string>;
        expect(params.vpcSubnetIds.split(",")).to.deep.equal(prod.outputs.privateSubnetIds);
        expect(params.vpcSecurityGroupIds).to.equal(one(prod, "aws:ec2/securityGroup:SecurityGroup", "database-rotation-sg").state.id);
        expect(params.kmsKeyArn).to.equal(one(prod, "aws:kms/key:Key", "database-key-key").state.arn);
        expect(params.endpoint).to.equal("https://secretsmanager.us-east-1.amazonaws.com");
        expect(secret.inputs.tags).to.not.have.property("RotationException");
        // The secret keeps its name (the app and DR find it by it).
        expect(secret.inputs.name).to.equal("startup-prod/aurora/master");
    });

    it("dev: no rotation resources, RDS rotates the secret it manages", () => {
        expect(some(dev, "aws:secretsmanager/secretRotation:SecretRotation")).to.deep.equal([]);
        expect(some(dev, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack")).to.deep.equal([]);
        expect(cluster(dev).inputs.manageMasterUserPassword).to.equal(true);
    });

    it("prod with masterSecretRotationDays 0 tags the secret with why it does not rotate", async () => {
        const config = structuredClone(readStackConfigFile("prod"));
        (config["startup-platform:database"] as Record<string, unknown>).masterSecretRotationDays = 0;
        const run = await runOffline({ stack: "prod", config });
        expect(some(run, "aws:secretsmanager/secretRotation:SecretRotation")).to.deep.equal([]);
        expect(one(run, "aws:secretsmanager/secret:Secret").inputs.tags).to.have.property("RotationException").that.matches(/masterPasswordVersion/);
        expect(policyFindings(run).filter((f) => f.policy === "secrets-rotated")).to.deep.equal([]);
    });

    it("refuses masterSecretRotationDays without a global database, and outside 0-365", async () => {
        const config = structuredClone(readStackConfigFile("dev"));
        (config["startup-platform:database"] as Record<string, unknown>).masterSecretRotationDays = 400;
        const error = await runOffline({ stack: "dev", config }).then(
            () => expect.fail("expected a config error"),
            (err: Error) => err,
        );
        expect(error.message).to.include("startup-platform:database.masterSecretRotationDays: only applies with globalDatabase: true");
        expect(error.message).to.include("expected 0 (no rotation) or 1-365 days");
    });

    it("prod exports what a DR secondary needs, under the names in stacks/outputs.ts", () => {
        expect(prod.outputs[PRIMARY_EXPORTS.databaseGlobalClusterId]).to.equal("startup-prod-aurora-global");
        expect(prod.outputs[PRIMARY_EXPORTS.databaseEngineVersion]).to.equal(cluster(prod).inputs.engineVersion);
        expect(prod.outputs[PRIMARY_EXPORTS.databaseKmsKeyArn]).to.equal(one(prod, "aws:kms/key:Key", "database-key-key").state.arn);
        expect(prod.outputs[PRIMARY_EXPORTS.databaseClusterArn]).to.equal("arn:aws:rds:us-east-1:123456789012:cluster:startup-prod-aurora");
        expect(prod.outputs[PRIMARY_EXPORTS.databaseSecretArn]).to.equal(one(prod, "aws:secretsmanager/secret:Secret").state.arn);
    });

    it("those exports are enough to build the DR secondary in the DR region", async () => {
        const drConfig = readStackConfigFile("dr");
        const region = drConfig["aws:region"] as string;
        const network = drConfig["startup-platform:network"] as { availabilityZones: string[] };
        const exports = prod.outputs;
        const run = await runComponent(
            () => {
                const provider = new aws.Provider("aws", { region });
                // What stacks/dr.ts will do: replicate prod's multi-Region key, then join the global cluster.
                const replica = new aws.kms.ReplicaKey("database-key", { primaryKeyArn: exports[PRIMARY_EXPORTS.databaseKmsKeyArn] as string }, { provider });
                new AuroraCluster(
                    "database",
                    {
                        namePrefix: "startup-dr",
                        region,
                        accountId: "123456789012",
                        partition: "aws",
                        secondary: { globalClusterIdentifier: exports[PRIMARY_EXPORTS.databaseGlobalClusterId] as string, sourceRegion: exports[PRIMARY_EXPORTS.region] as string },
                        engineVersion: exports[PRIMARY_EXPORTS.databaseEngineVersion] as string,
                        kmsKeyArn: replica.arn,
                        vpcId: "vpc-0dr",
                        subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
                        availabilityZones: network.availabilityZones,
                        clientSecurityGroupIds: [],
                        minCapacityAcu: 0.5,
                        maxCapacityAcu: 16,
                        logsKmsKeyArn: `arn:aws:kms:${region}:123456789012:key/logs`,
                        logRetentionDays: 365,
                        proxy: { enabled: false },
                        protect: true,
                    },
                    { provider },
                );
            },
            { region },
        );
        expect(cluster(run).inputs).to.include({
            globalClusterIdentifier: "startup-prod-aurora-global",
            engineVersion: cluster(prod).inputs.engineVersion as string,
            sourceRegion: "us-east-1",
            kmsKeyId: one(run, "aws:kms/replicaKey:ReplicaKey").state.arn,
        });
        expect(cluster(run).inputs).to.not.have.any.keys("masterUsername", "manageMasterUserPassword", "databaseName");
    });
});
