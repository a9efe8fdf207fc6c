import { expect } from "chai";
import { OfflineProgramError, OfflineRun, readStackConfigFile } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, one, policyOf, runOffline, some, stackRuns } from "../helpers";

/** Runs dev and prod, then DR with prod's outputs behind its stack reference. */
async function runAll(): Promise<Record<string, OfflineRun>> {
    return { ...(await stackRuns()) };
}

async function failure(config: Record<string, unknown>, stack = "dev"): Promise<OfflineProgramError> {
    try {
        await runOffline({ stack, config });
    } catch (err) {
        return err as OfflineProgramError;
    }
    expect.fail("expected the program to fail");
}

function fleetConfig(stack: string): { config: Record<string, unknown>; fleet: Record<string, unknown> } {
    const config = structuredClone(readStackConfigFile(stack));
    return { config, fleet: config["startup-platform:fleet"] as Record<string, unknown> };
}

describe("app tier in the stacks", () => {
    let runs: Record<string, OfflineRun>;
    before(async () => {
        runs = await runAll();
    });

    for (const stack of ["dev", "prod"]) {
        describe(stack, () => {
            it("exports what the DNS, database and operations tiers need", () => {
                const out = runs[stack].outputs;
                for (const key of [
                    "albDnsName", "albZoneId", "albArnSuffix", "targetGroupArnSuffix", "httpsListenerArn", "targetGroupName",
                    "autoScalingGroupName", "appInstanceSecurityGroupId", "appInstanceRoleName", "imageRepositoryUrl",
                    "imageRepositoryArn", "imageRepositoryName", "cdnDomainName", "cdnDistributionId",
                ]) {
                    expect(out[key], key).to.be.a("string").and.not.equal("");
                }
                expect(out.imageRepositoryName).to.equal(`startup-${stack}/app`);
                expect(out.albArnSuffix).to.match(/^app\/startup-[a-z]+-app\//);
                expect(out.appInstanceSecurityGroupId).to.equal(one(runs[stack], "aws:ec2/securityGroup:SecurityGroup", "app-instance-sg").state.id);
            });

            it("issues the certificate for the app hostname in the stack's zone and listens with TLS 1.3", () => {
                const dns = readStackConfigFile(stack)["startup-platform:dns"] as { zoneName: string; hostedZoneId: string };
                expect(one(runs[stack], "aws:acm/certificate:Certificate", "app-certificate-cert").inputs.domainName).to.equal(`app.${dns.zoneName}`);
                expect(one(runs[stack], "aws:route53/record:Record", "app-certificate-validation").inputs.zoneId).to.equal(dns.hostedZoneId);
                const https = runs[stack].resources.find((r) => r.type === "aws:lb/listener:Listener" && r.inputs.port === 443)!;
                expect(String(https.inputs.sslPolicy)).to.match(/^ELBSecurityPolicy-TLS13-/);
            });

            it("encrypts root volumes with the stack's data key, whose policy admits the Auto Scaling service-linked role", () => {
                const key = one(runs[stack], "aws:kms/key:Key", "data-key");
                const [root] = one(runs[stack], "aws:ec2/launchTemplate:LaunchTemplate").inputs.blockDeviceMappings as Array<{ ebs: Record<string, unknown> }>;
                expect(root.ebs).to.deep.include({ encrypted: "true", kmsKeyId: key.state.arn });
                const slr = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
                const grant = policyOf(key).Statement.find((s) => s.Sid === "RolesCreateGrantsForAwsResources");
                expect(grant?.Condition).to.deep.include({ ArnEquals: { "aws:PrincipalArn": [slr] } });
            });

            it("encrypts the image repository with the data key and keeps IMDSv2 required", () => {
                const key = one(runs[stack], "aws:kms/key:Key", "data-key");
                expect(one(runs[stack], "aws:ecr/repository:Repository").inputs.encryptionConfigurations).to.deep.equal([{ encryptionType: "KMS", kmsKey: key.state.arn }]);
                expect(one(runs[stack], "aws:ec2/launchTemplate:LaunchTemplate").inputs.metadataOptions).to.deep.include({ httpTokens: "required" });
            });

            it("tracks a target in every primary stack", () => {
                const policies = some(runs[stack], "aws:autoscaling/policy:Policy");
                expect(policies.filter((p) => p.inputs.policyType === "TargetTrackingScaling")).to.have.lengthOf(1);
            });
        });
    }

    it("protects prod's load balancer, repository and buckets, and lets dev be torn down", () => {
        expect(one(runs.prod, "aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).to.equal(true);
        expect(one(runs.dev, "aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).to.equal(false);
        expect(one(runs.prod, "aws:ecr/repository:Repository").protect).to.equal(true);
        expect(one(runs.prod, "aws:ecr/repository:Repository").inputs.forceDelete).to.equal(false);
        expect(one(runs.dev, "aws:ecr/repository:Repository").inputs.forceDelete).to.equal(true);
        expect(some(runs.prod, "aws:s3/bucket:Bucket").every((b) => b.protect)).to.equal(true);
    });

    describe("static assets on the edge", () => {
        const expected = { dev: "assets.dev.example-startup.com", prod: "assets.example-startup.com", dr: "assets-dr.example-startup.com" } as const;
        for (const stack of ["dev", "prod", "dr"] as const) {
            it(`${stack}: serves ${expected[stack]} with a us-east-1 certificate and web ACL, and exports its URL`, () => {
                const run = runs[stack];
                const dist = one(run, "aws:cloudfront/distribution:Distribution");
                expect(dist.inputs.aliases).to.deep.equal([expected[stack]]);
                const cert = one(run, "aws:acm/certificate:Certificate", "assets-certificate-cert");
                expect(cert.inputs.domainName).to.equal(expected[stack]);
                expect(String(cert.state.arn)).to.match(/^arn:aws:acm:us-east-1:/);
                const acl = one(run, "aws:wafv2/webAcl:WebAcl", "assets-waf");
                expect(String(acl.state.arn)).to.match(/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\//);
                expect(dist.inputs.webAclId).to.equal(acl.state.arn);
                const zone = (readStackConfigFile(stack)["startup-platform:dns"] as { hostedZoneId: string }).hostedZoneId;
                expect(one(run, "aws:route53/record:Record", "assets-alias-a").inputs.zoneId).to.equal(zone);
                expect(run.outputs.assetsUrl).to.equal(`https://${expected[stack]}`);
            });
        }

        it("gives DR a provider in us-east-1 for the edge pieces, and the primary stacks none", () => {
            const providers = (run: OfflineRun) => some(run, "pulumi:providers:aws").map((p) => [p.name, p.inputs.region]);
            expect(providers(runs.dr)).to.deep.include(["aws-edge", "us-east-1"]);
            const edge = one(runs.dr, "pulumi:providers:aws", "aws-edge");
            // Configured without us-east-1, like aws-primary: DR's region updates alone in an outage there.
            expect(edge.inputs.stsRegion).to.equal(runs.dr.region);
            expect(one(runs.dr, "aws:acm/certificate:Certificate", "assets-certificate-cert").provider).to.equal(edge.urn);
            expect(one(runs.dr, "aws:wafv2/webAcl:WebAcl", "assets-waf").provider).to.equal(edge.urn);
            for (const stack of ["dev", "prod"] as const) expect(providers(runs[stack]).map(([name]) => name), stack).to.not.include("aws-edge");
        });

        it("logs every stack's CloudFront web ACL in us-east-1 with a us-east-1 key: dev and prod their logs key, DR a key of its own through aws-edge", () => {
            for (const stack of ["dev", "prod", "dr"] as const) {
                const run = runs[stack];
                const acl = one(run, "aws:wafv2/webAcl:WebAcl", "assets-waf");
                const group = one(run, "aws:cloudwatch/logGroup:LogGroup", "assets-waf-logs");
                expect(group.inputs.name, stack).to.equal(`aws-waf-logs-startup-${stack}-assets`);
                expect(String(group.state.arn), stack).to.match(/^arn:aws:logs:us-east-1:/);
                const assets = readStackConfigFile(stack)["startup-platform:assets"] as { wafLogRetentionDays: number };
                expect(group.inputs.retentionInDays, stack).to.equal(assets.wafLogRetentionDays);
                const logging = one(run, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "assets-waf-logging");
                expect(logging.inputs, stack).to.deep.include({ resourceArn: acl.state.arn, logDestinationConfigs: [group.state.arn] });
                // Each new resource goes where the web ACL goes.
                for (const r of [group, logging, one(run, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "assets-waf-logs-delivery")]) {
                    expect(r.provider, `${stack} ${r.name}`).to.equal(acl.provider);
                }
                const key = run.resources.find((r) => r.type === "aws:kms/key:Key" && r.state.arn === group.inputs.kmsKeyId);
                expect(key, `${stack}: the key of ${String(group.inputs.kmsKeyId)}`).to.not.equal(undefined);
                expect(String(key!.state.arn), stack).to.match(/^arn:aws:kms:us-east-1:/);
                const logsUse = policyOf(key!).Statement.find((st) => st.Sid === "CloudWatchLogsEncryptThisAccountsLogGroups");
                expect(logsUse?.Principal, stack).to.deep.equal({ Service: ["logs.us-east-1.amazonaws.com"] });
                expect(logsUse?.Condition, stack).to.deep.equal({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:*` } });
                expect(key!.name, stack).to.equal(stack === "dr" ? "edge-logs-key" : "logs-key");
                expect(key!.protect, stack).to.equal(stack !== "dev");
            }
            const edge = one(runs.dr, "pulumi:providers:aws", "aws-edge");
            expect(one(runs.dr, "aws:kms/key:Key", "edge-logs-key").provider).to.equal(edge.urn);
            expect(one(runs.dr, "aws:kms/alias:Alias", "edge-logs-alias").inputs.name).to.equal("alias/startup-dr-edge-logs");
            // DR's key is DR's own: nothing of prod's is named (DR deploys without prod's state).
            const prodKeys = some(runs.prod, "aws:kms/key:Key").map((k) => k.state.arn);
            expect(prodKeys).to.not.include(one(runs.dr, "aws:cloudwatch/logGroup:LogGroup", "assets-waf-logs").inputs.kmsKeyId);
            for (const stack of ["dev", "prod"] as const) expect(runs[stack].resources.map((r) => r.name), stack).to.not.include("edge-logs-key");
        });

        it("refuses an assets label equal to the app's, naming both keys", async () => {
            const config = structuredClone(readStackConfigFile("dev"));
            config["startup-platform:assets"] = { ...(config["startup-platform:assets"] as object), hostname: "app" };
            const error = await failure(config);
            expect(error.message).to.include('startup-platform:assets.hostname: "app" is already dns.appHostname');
            expect(error.registered).to.deep.equal([]);
        });
    });

    it("keeps the DR stack runnable with prod's outputs", () => {
        expect(runs.dr.outputs.primaryRegion).to.equal(runs.prod.region);
    });

    describe("bad config fails before any resource is registered", () => {
        it("min above max and desired out of range", async () => {
            const { config, fleet } = fleetConfig("dev");
            Object.assign(fleet, { minSize: 4, maxSize: 2, desiredCapacity: 3 });
            const error = await failure(config);
            expect(error.message).to.include("startup-platform:fleet.minSize: minSize (4) must not exceed maxSize (2)");
            expect(error.message).to.include("startup-platform:fleet.desiredCapacity: desiredCapacity (3) must lie between minSize (4) and maxSize (2)");
            expect(error.registered).to.deep.equal([]);
        });

        it("an instance family outside the allow-list", async () => {
            const { config, fleet } = fleetConfig("dev");
            fleet.instanceTypes = ["p5.48xlarge"];
            const error = await failure(config);
            expect(error.message).to.include('startup-platform:fleet.instanceTypes: "p5.48xlarge": family p5 is not allowed');
            expect(error.registered).to.deep.equal([]);
        });

        it("HTTPS without any certificate", async () => {
            const { config, fleet } = fleetConfig("dev");
            fleet.issueCertificate = false;
            const error = await failure(config);
            expect(error.message).to.include("startup-platform:fleet.certificateArn: HTTPS needs a certificate");
            expect(error.registered).to.deep.equal([]);
        });

        it("a certificate from another region", async () => {
            const { config, fleet } = fleetConfig("dev");
            fleet.certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
            const error = await failure(config);
            expect(error.message).to.include("the certificate is in eu-west-1; an ALB needs one in the stack's region us-east-1");
            expect(error.registered).to.deep.equal([]);
        });

        it("Cognito sign-in on the DR stack, which has no user pool of its own", async () => {
            const { config, fleet } = fleetConfig("dr");
            fleet.cognitoAuth = true;
            const error = await failure(config, "dr");
            expect(error.message).to.include("Invalid stack configuration in Pulumi.dr.yaml");
            expect(error.message).to.include("startup-platform:fleet.cognitoAuth: needs a user pool in this stack, and only primary stacks have one");
            expect(error.registered).to.deep.equal([]);
        });
    });
});
