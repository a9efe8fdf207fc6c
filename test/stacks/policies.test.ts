import { expect } from "chai";
import { RESOURCE_RULES } from "../../policies/rules";
import { OfflineRun } from "../../tools/offline/run";
import { policyFindings } from "../../tools/offline/policy";
import { STACKS, everyStackRun } from "../helpers";

/**
 * The policy pack's rules applied to every resource of every stack, as `pulumi preview
 * --policy-pack policies` would apply them. Any violation fails the stack.
 */
describe("policy pack on every stack", () => {
    const runs: Record<string, OfflineRun> = {};
    before(async () => {
        Object.assign(runs, Object.fromEntries(await everyStackRun()));
    });

    for (const stack of STACKS) {
        it(`${stack} violates no policy`, () => {
            const findings = policyFindings(runs[stack]).map((f) => `[${f.policy}] ${f.resource}: ${f.message}`);
            expect(findings).to.deep.equal([]);
        });
    }

    it("checks something in every stack: the provider's tags and the resources that exist", () => {
        for (const stack of STACKS) {
            const checked = runs[stack].resources.filter((r) => RESOURCE_RULES.some((rule) => rule.appliesTo(r.type)));
            expect(checked.map((r) => r.type), stack).to.include.members(["pulumi:providers:aws", "aws:cloudwatch/logGroup:LogGroup", "aws:kms/key:Key"]);
        }
    });

    it("fails a stack whose trail, buckets or database lose the logging and detection the pack requires", () => {
        const without = (drop: (r: { type: string; name: string }) => boolean, change: (r: OfflineRun["resources"][number]) => OfflineRun["resources"][number] = (r) => r) =>
            policyFindings({ ...runs.prod, resources: runs.prod.resources.filter((r) => !drop(r)).map(change) }).map((f) => `${f.policy} ${f.resource}`);
        expect(without((r) => r.type === "aws:s3/bucketLogging:BucketLogging" && r.name === "analytics-raw-access-logs")).to.deep.equal([
            "s3-server-access-logging aws:s3/bucket:Bucket analytics-raw-bucket",
        ]);
        expect(without((r) => r.type === "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration" && r.name === "audit-trail-logs-object-lock")).to.deep.equal([
            "audit-bucket-object-lock aws:s3/bucket:Bucket audit-trail-logs-bucket",
        ]);
        expect(without((r) => r.type === "aws:rds/eventSubscription:EventSubscription" && r.name === "operations-db-cluster-events")).to.deep.equal([
            "rds-event-subscriptions aws:rds/cluster:Cluster database-cluster",
        ]);
        const noLogs = without(
            () => false,
            (r) => (r.type === "aws:cloudtrail/trail:Trail" ? { ...r, inputs: { ...r.inputs, cloudWatchLogsGroupArn: undefined } } : r),
        );
        expect(noLogs).to.deep.equal(["cloudtrail-baseline aws:cloudtrail/trail:Trail audit-trail-trail"]);
        for (const stack of ["prod", "dr"]) {
            const withoutWafLogging = policyFindings({ ...runs[stack], resources: runs[stack].resources.filter((r) => r.name !== "assets-waf-logging") });
            expect(withoutWafLogging.map((f) => `${f.policy} ${f.resource}`), stack).to.deep.equal(["waf-web-acls-logged aws:wafv2/webAcl:WebAcl assets-waf"]);
        }
    });

    it("holds every distribution, guardrail and secret to the edge, guardrail and rotation rules", () => {
        for (const stack of ["dev", "prod", "dr"]) {
            expect(runs[stack].resources.map((r) => r.type), stack).to.include("aws:cloudfront/distribution:Distribution");
        }
        expect(runs.prod.resources.map((r) => r.type)).to.include.members([
            "aws:ebs/encryptionByDefault:EncryptionByDefault",
            "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions",
            "aws:ssm/serviceSetting:ServiceSetting",
            "aws:secretsmanager/secret:Secret",
        ]);
        const broken = policyFindings({
            ...runs.prod,
            resources: runs.prod.resources
                .filter((r) => r.type !== "aws:secretsmanager/secretRotation:SecretRotation")
                .map((r) =>
                    r.type === "aws:cloudfront/distribution:Distribution"
                        ? { ...r, inputs: { ...r.inputs, webAclId: undefined, viewerCertificate: { cloudfrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1" } } }
                        : r.type === "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions"
                          ? { ...r, inputs: { ...r.inputs, internetGatewayBlockMode: "off" } }
                          : r,
                ),
        });
        expect(broken.map((f) => f.policy)).to.have.members(["cloudfront-edge", "cloudfront-edge", "cloudfront-edge", "cloudfront-edge", "account-guardrails", "secrets-rotated"]);
        expect(broken.find((f) => f.policy === "secrets-rotated")?.resource).to.equal("aws:secretsmanager/secret:Secret database-master-secret");
    });

    it("fails a stack that breaks a rule", async () => {
        const broken = policyFindings({
            ...runs.prod,
            resources: runs.prod.resources.map((r) =>
                r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name === "network-flow-logs" ? { ...r, inputs: { ...r.inputs, kmsKeyId: undefined } } : r,
            ),
        });
        expect(broken.map((f) => f.policy)).to.deep.equal(["encryption-at-rest"]);
        expect(broken[0].resource).to.equal("aws:cloudwatch/logGroup:LogGroup network-flow-logs");
    });

    it("fails a stack whose VPC's default network ACL is unmanaged or lets SSH in from the internet (EC2.21)", () => {
        for (const stack of STACKS) {
            expect(runs[stack].resources.filter((r) => r.type === "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"), stack).to.have.lengthOf(1);
        }
        const isAcl = (r: { type: string }) => r.type === "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
        const unmanaged = policyFindings({ ...runs.prod, resources: runs.prod.resources.filter((r) => !isAcl(r)) });
        expect(unmanaged.map((f) => `${f.policy} ${f.resource}`)).to.deep.equal(["default-network-acls-managed awsx:ec2:Vpc network-vpc"]);
        const allowAll = [{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }];
        const open = policyFindings({ ...runs.prod, resources: runs.prod.resources.map((r) => (isAcl(r) ? { ...r, inputs: { ...r.inputs, ingress: allowAll } } : r)) });
        expect(open.map((f) => `${f.policy} ${f.resource}`)).to.deep.equal(["nacl-no-remote-admin-from-internet aws:ec2/defaultNetworkAcl:DefaultNetworkAcl network-default-acl"]);
    });

    it("fails a stack whose service role trusts a service without the source account", () => {
        const role = runs.prod.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === "backup-plan-role");
        expect(role, "prod's backup role").to.not.equal(undefined);
        const unconditioned = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }] });
        const broken = policyFindings({
            ...runs.prod,
            resources: runs.prod.resources.map((r) => (r === role ? { ...r, inputs: { ...r.inputs, assumeRolePolicy: unconditioned } } : r)),
        });
        expect(broken.map((f) => `${f.policy} ${f.resource}`)).to.deep.equal(["service-trust-source-context aws:iam/role:Role backup-plan-role"]);
    });

    it("checks every service role of every stack against the trust rule", () => {
        for (const stack of ["dev", "prod", "dr"]) {
            const roles = runs[stack].resources.filter((r) => r.type === "aws:iam/role:Role");
            expect(roles.length, stack).to.be.greaterThan(3);
            for (const role of roles) expect(typeof role.inputs.assumeRolePolicy, `${stack} ${role.name}`).to.equal("string");
        }
    });
});
