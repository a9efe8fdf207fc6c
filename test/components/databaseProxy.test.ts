import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { DatabaseProxy, DatabaseProxyArgs } from "../../components/databaseProxy";
import { OfflineRun } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, ancestors, one, runComponent, some } from "../helpers";

const CLUSTER_SG = "sg-0cluster00000000a";
const APP_SG = "sg-0app000000000000a";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1-Ab12Cd";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/k1";

/** The wiring AuroraCluster gives its proxy, without the instances (made in the run). */
const WIRING: Omit<DatabaseProxyArgs, "instances"> = {
    namePrefix: "startup-test",
    region: "us-east-1",
    accountId: MOCK_ACCOUNT_ID,
    vpcId: "vpc-0test",
    subnetIds: ["subnet-iso0", "subnet-iso1"],
    clientSecurityGroupIds: [APP_SG],
    clusterSecurityGroupId: CLUSTER_SG,
    clusterIdentifier: "startup-test-aurora",
    secretArn: SECRET,
    secretKmsKeyArn: KEY,
};

/** A proxy on its own, in front of a cluster of `instances` instances. */
function runProxy(settings: Partial<DatabaseProxyArgs>, instances = 1): Promise<OfflineRun> {
    return runComponent(() => {
        const members = Array.from(
            { length: instances },
            (_, i) => new aws.rds.ClusterInstance(`instance-${i + 1}`, { clusterIdentifier: "startup-test-aurora", instanceClass: "db.serverless", engine: "aurora-mysql" }),
        );
        const proxy = new DatabaseProxy("db-proxy", { ...WIRING, ...settings, instances: members });
        return { endpoint: proxy.endpoint, arn: proxy.arn };
    });
}

describe("DatabaseProxy", () => {
    it("takes the database.proxy settings: client IAM auth, idle timeout and the pool", async () => {
        const run = await runProxy({ iamAuth: "DISABLED", idleClientTimeoutSeconds: 600, maxConnectionsPercent: 70, maxIdleConnectionsPercent: 20, connectionBorrowTimeoutSeconds: 30 });
        const proxy = one(run, "aws:rds/proxy:Proxy");
        expect(proxy.inputs).to.deep.include({
            name: "startup-test-aurora-proxy",
            requireTls: true,
            idleClientTimeout: 600,
            auths: [{ authScheme: "SECRETS", secretArn: SECRET, iamAuth: "DISABLED", description: "Aurora master credentials" }],
        });
        expect(one(run, "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup").inputs.connectionPoolConfig).to.deep.equal({
            maxConnectionsPercent: 70,
            maxIdleConnectionsPercent: 20,
            connectionBorrowTimeout: 30,
        });
        expect(one(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "db-proxy-to-cluster").inputs).to.include({ referencedSecurityGroupId: CLUSTER_SG, fromPort: 3306 });
        expect(one(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "db-proxy-to-secrets-manager").inputs).to.include({ cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 });
        expect(run.outputs).to.deep.equal({ endpoint: proxy.state.endpoint, arn: proxy.state.arn });
    });

    it("fills the section's defaults, adds no read-only endpoint without readers, and parents everything under itself", async () => {
        const run = await runProxy({});
        expect(one(run, "aws:rds/proxy:Proxy").inputs).to.deep.include({ idleClientTimeout: 1800, auths: [{ authScheme: "SECRETS", secretArn: SECRET, iamAuth: "REQUIRED", description: "Aurora master credentials" }] });
        expect(one(run, "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup").inputs.connectionPoolConfig).to.deep.equal({
            maxConnectionsPercent: 90,
            maxIdleConnectionsPercent: 50,
            connectionBorrowTimeout: 120,
        });
        expect(some(run, "aws:rds/proxyEndpoint:ProxyEndpoint")).to.deep.equal([]);
        expect(one(run, "aws:rds/proxyTarget:ProxyTarget").dependsOn).to.deep.equal([one(run, "aws:rds/clusterInstance:ClusterInstance").urn]);
        for (const r of run.resources.filter((x) => x.custom && x.name.startsWith("db-proxy"))) {
            expect(ancestors(run, r)[0].type, r.name).to.equal("startup:data:DatabaseProxy");
        }
    });

    it("refuses settings in the words of database.proxy: field checks, then its rule table", () => {
        expect(() => new DatabaseProxy("bad", { ...WIRING, instances: [], idleClientTimeoutSeconds: 0 })).to.throw(
            "DatabaseProxy bad: idleClientTimeoutSeconds: got 0; expected at least 1 seconds",
        );
        expect(() => new DatabaseProxy("pool", { ...WIRING, instances: [], maxConnectionsPercent: 40, maxIdleConnectionsPercent: 60 })).to.throw(
            "DatabaseProxy pool: maxIdleConnectionsPercent: must not exceed maxConnectionsPercent (40)",
        );
    });
});
