import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { ACCESS_LOG_PREFIX, AppFleet, AppFleetArgs, LAUNCH_HOOK_NAME } from "../../components/appFleet";
import { MANAGED_RULE_GROUPS } from "../../lib/waf";
import { OfflineRun, RecordedResource } from "../../tools/offline/run";
import { RecordedAlias, recordAliases } from "../aliases";
import { MOCK_ACCOUNT_ID, all, ancestors, childrenOf, one, policyOf, runComponent, some } from "../helpers";

const DATA_KEY = "arn:aws:kms:us-east-1:123456789012:key/data";
const LOGS_KEY = "arn:aws:kms:us-east-1:123456789012:key/logs";
const REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/startup-test/app";
const REPO_ARN = "arn:aws:ecr:us-east-1:123456789012:repository/startup-test/app";

function args(overrides: Partial<AppFleetArgs> = {}): AppFleetArgs {
    return {
        namePrefix: "startup-test",
        region: "us-east-1",
        accountId: MOCK_ACCOUNT_ID,
        partition: "aws",
        vpcId: "vpc-0test",
        vpcCidr: "10.40.0.0/16",
        publicSubnetIds: ["subnet-pub-a", "subnet-pub-b"],
        privateSubnetIds: ["subnet-prv-a", "subnet-prv-b"],
        certificateDomain: { hostedZoneId: "Z0TEST0000000000000001", domainName: "app.test.example.com" },
        repositoryUrl: REPO,
        repositoryArn: REPO_ARN,
        imageTag: "1.2.3",
        instanceTypes: ["t3.small"],
        minSize: 1,
        maxSize: 3,
        desiredCapacity: 1,
        ebsKmsKeyArn: DATA_KEY,
        logsKmsKeyArn: LOGS_KEY,
        logRetentionDays: 30,
        scaling: { metric: "requestCount", targetValue: 500 },
        rateLimitPer5Minutes: 1000,
        ...overrides,
    };
}

function runFleet(overrides: Partial<AppFleetArgs> = {}): Promise<OfflineRun> {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const fleet = new AppFleet("app", args(overrides), { provider });
        return { instanceSg: fleet.instanceSecurityGroupId, asg: fleet.autoScalingGroupName, listener: fleet.httpsListenerArn, metricNamespace: fleet.metricNamespace };
    });
}

type Action = { type: string; order?: number; targetGroupArn?: string; redirect?: Record<string, unknown>; authenticateCognito?: Record<string, unknown> };
const listener = (run: OfflineRun, port: number) => run.resources.find((r) => r.type === "aws:lb/listener:Listener" && r.inputs.port === port)!;
const rules = (run: OfflineRun, kind: "Ingress" | "Egress") =>
    some(run, `aws:vpc/securityGroup${kind}Rule:SecurityGroup${kind}Rule`).map((r) => r.inputs as Record<string, unknown>);
const sgId = (run: OfflineRun, name: string) => one(run, "aws:ec2/securityGroup:SecurityGroup", name).state.id;

describe("AppFleet", () => {
    let run: OfflineRun;
    before(async () => {
        run = await runFleet();
    });

    describe("load balancer and listeners", () => {
        it("serves HTTPS with a TLS 1.3 policy and the DNS-validated certificate", () => {
            const https = listener(run, 443);
            expect(https.inputs).to.include({ protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" });
            const validation = one(run, "aws:acm/certificateValidation:CertificateValidation");
            expect(https.inputs.certificateArn).to.equal(validation.state.certificateArn);
            const actions = https.inputs.defaultActions as Action[];
            expect(actions).to.deep.equal([{ type: "forward", targetGroupArn: one(run, "aws:lb/targetGroup:TargetGroup").state.arn }]);
        });

        it("only redirects HTTP to HTTPS with a 301", () => {
            const http = listener(run, 80);
            expect(http.inputs.protocol).to.equal("HTTP");
            expect(http.inputs.defaultActions).to.deep.equal([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
            expect(all(run, "aws:lb/listener:Listener")).to.have.lengthOf(2);
        });

        it("validates the certificate with the record ACM asks for, in the stack's zone", () => {
            const cert = one(run, "aws:acm/certificate:Certificate");
            expect(cert.inputs).to.include({ domainName: "app.test.example.com", validationMethod: "DNS" });
            const [option] = cert.state.domainValidationOptions as Array<Record<string, string>>;
            const record = one(run, "aws:route53/record:Record");
            expect(record.inputs).to.deep.include({
                zoneId: "Z0TEST0000000000000001",
                name: option.resourceRecordName,
                type: "CNAME",
                records: [option.resourceRecordValue],
                allowOverwrite: true,
            });
            // Prod and DR share the record (same name, same account): destroying one stack must
            // not take away the record the other's certificate renews through.
            expect(record.retainOnDelete).to.equal(true);
            expect(one(run, "aws:acm/certificateValidation:CertificateValidation").inputs).to.deep.equal({
                certificateArn: cert.state.arn,
                validationRecordFqdns: [record.state.fqdn],
            });
        });

        it("keeps a certificate issued before ValidatedCertificate existed: aliases to its resources' former place under AppFleet", async () => {
            let aliases = new Map<string, RecordedAlias[]>();
            const moved = await runComponent(() => {
                aliases = recordAliases();
                new AppFleet("app", args(), { provider: new aws.Provider("aws", { region: "us-east-1" }) });
            });
            const fleet = one(moved, "startup:compute:AppFleet");
            const cert = one(moved, "startup:web:ValidatedCertificate", "app-certificate");
            expect(cert.parent).to.equal(fleet.urn);
            // The names AppFleet gave them: app-certificate, app-certificate-validation, app-certificate-ready.
            expect(childrenOf(moved, cert).map((r) => [`${r.type}::${r.name}`, aliases.get(`${r.type}::${r.name}`)])).to.have.deep.members([
                ["aws:acm/certificate:Certificate::app-certificate-cert", [{ parent: fleet.urn, name: "app-certificate", type: "aws:acm/certificate:Certificate" }]],
                ["aws:route53/record:Record::app-certificate-validation", [{ parent: fleet.urn, name: "app-certificate-validation", type: "aws:route53/record:Record" }]],
                [
                    "aws:acm/certificateValidation:CertificateValidation::app-certificate-ready",
                    [{ parent: fleet.urn, name: "app-certificate-ready", type: "aws:acm/certificateValidation:CertificateValidation" }],
                ],
            ]);
        });

        it("uses a given certificate ARN instead of issuing one", async () => {
            const arn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
            const given = await runFleet({ certificateArn: arn });
            expect(some(given, "aws:acm/certificate:Certificate")).to.have.lengthOf(0);
            expect(some(given, "aws:route53/record:Record")).to.have.lengthOf(0);
            expect(listener(given, 443).inputs.certificateArn).to.equal(arn);
        });

        it("is internet-facing in the public subnets, drops invalid headers and logs to an SSE-S3 bucket ELB may write", () => {
            const alb = one(run, "aws:lb/loadBalancer:LoadBalancer");
            expect(alb.inputs).to.deep.include({
                internal: false,
                loadBalancerType: "application",
                subnets: ["subnet-pub-a", "subnet-pub-b"],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: false,
                securityGroups: [sgId(run, "app-alb-sg")],
            });
            const bucket = one(run, "aws:s3/bucket:Bucket");
            expect(alb.inputs.accessLogs).to.deep.equal({ bucket: bucket.state.id, prefix: ACCESS_LOG_PREFIX, enabled: true });
            expect(one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ]);
            const delivery = policyOf(one(run, "aws:s3/bucketPolicy:BucketPolicy")).Statement.find((s) => s.Sid === "ElbAccessLogDelivery");
            expect(delivery).to.deep.include({
                Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                Resource: `${bucket.state.arn}/alb/AWSLogs/${MOCK_ACCOUNT_ID}/*`,
            });
        });

        it("turns on deletion protection when protected", async () => {
            const prod = await runFleet({ protect: true });
            expect(one(prod, "aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).to.equal(true);
            expect(one(prod, "aws:s3/bucket:Bucket").protect).to.equal(true);
        });

        it("routes with least outstanding requests to a health-checked group without stickiness", () => {
            const tg = one(run, "aws:lb/targetGroup:TargetGroup");
            expect(tg.inputs).to.deep.include({
                port: 8080,
                protocol: "HTTP",
                targetType: "instance",
                loadBalancingAlgorithmType: "least_outstanding_requests",
                deregistrationDelay: 30,
                stickiness: { type: "lb_cookie", enabled: false },
            });
            expect(tg.inputs.healthCheck).to.deep.include({ path: "/health", matcher: "200", port: "traffic-port", healthyThreshold: 2, unhealthyThreshold: 3 });
            expect(tg.inputs.slowStart).to.equal(undefined);
        });

        it("authenticates with Cognito before forwarding when asked", async () => {
            const cognito = await runFleet({
                cognitoAuth: true,
                cognitoUserPool: { userPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Test", userPoolClientId: "client123", userPoolDomain: "startup-test" },
            });
            const actions = listener(cognito, 443).inputs.defaultActions as Action[];
            expect(actions.map((a) => [a.type, a.order])).to.deep.equal([["authenticate-cognito", 1], ["forward", 2]]);
            expect(actions[0].authenticateCognito).to.deep.include({
                userPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Test",
                userPoolClientId: "client123",
                userPoolDomain: "startup-test",
            });
            // The ALB itself calls the Cognito endpoints.
            expect(rules(cognito, "Egress").filter((r) => r.securityGroupId === sgId(cognito, "app-alb-sg") && r.cidrIpv4 === "0.0.0.0/0")).to.have.lengthOf(1);
            expect(rules(run, "Egress").filter((r) => r.securityGroupId === sgId(run, "app-alb-sg") && r.cidrIpv4 === "0.0.0.0/0")).to.have.lengthOf(0);
        });
    });

    describe("WAF", () => {
        it("puts a regional web ACL with managed groups and a rate limit on the load balancer", () => {
            const acl = one(run, "aws:wafv2/webAcl:WebAcl");
            expect(acl.inputs).to.deep.include({ scope: "REGIONAL", defaultAction: { allow: {} } });
            const aclRules = acl.inputs.rules as Array<{ name: string; statement: Record<string, Record<string, unknown>> }>;
            expect(aclRules.map((r) => r.name)).to.include.members([...MANAGED_RULE_GROUPS, "rate-limit-per-ip"]);
            expect(aclRules.find((r) => r.name === "rate-limit-per-ip")?.statement.rateBasedStatement).to.deep.include({ limit: 1000, aggregateKeyType: "IP" });
            expect(one(run, "aws:wafv2/webAclAssociation:WebAclAssociation").inputs).to.deep.equal({
                resourceArn: one(run, "aws:lb/loadBalancer:LoadBalancer").state.arn,
                webAclArn: acl.state.arn,
            });
        });

        it("logs to an encrypted aws-waf-logs- group that log delivery may write", () => {
            const group = one(run, "aws:cloudwatch/logGroup:LogGroup", "app-waf-logs");
            expect(String(group.inputs.name)).to.match(/^aws-waf-logs-/);
            expect(group.inputs).to.include({ kmsKeyId: LOGS_KEY, retentionInDays: 30 });
            const logging = one(run, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
            expect(logging.inputs.logDestinationConfigs).to.deep.equal([group.state.arn]);
            expect(logging.inputs.resourceArn).to.equal(one(run, "aws:wafv2/webAcl:WebAcl").state.arn);
            const [delivery] = policyOf(one(run, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy"), "policyDocument").Statement;
            expect(delivery.Resource).to.equal(`${group.state.arn}:log-stream:*`);
        });
    });

    describe("security groups", () => {
        it("admits the internet to the load balancer on 80 and 443 only", () => {
            const alb = sgId(run, "app-alb-sg");
            const ingress = rules(run, "Ingress").filter((r) => r.securityGroupId === alb);
            expect(ingress.map((r) => [r.fromPort, r.toPort, r.cidrIpv4])).to.have.deep.members([[80, 80, "0.0.0.0/0"], [443, 443, "0.0.0.0/0"]]);
        });

        it("admits only the load balancer to the instances, on the app port", () => {
            const instances = sgId(run, "app-instance-sg");
            const ingress = rules(run, "Ingress").filter((r) => r.securityGroupId === instances);
            expect(ingress).to.have.lengthOf(1);
            expect(ingress[0]).to.deep.include({ fromPort: 8080, toPort: 8080, ipProtocol: "tcp", referencedSecurityGroupId: sgId(run, "app-alb-sg") });
            expect(ingress[0].cidrIpv4).to.equal(undefined);
        });

        it("opens nothing on port 22", () => {
            for (const rule of [...rules(run, "Ingress"), ...rules(run, "Egress")]) {
                const from = Number(rule.fromPort);
                const to = Number(rule.toPort);
                expect(from <= 22 && 22 <= to, JSON.stringify(rule)).to.equal(false);
                expect(rule.ipProtocol).to.not.equal("-1");
            }
        });

        it("lets instances out on HTTPS and to MySQL inside the VPC only", () => {
            const egress = rules(run, "Egress").filter((r) => r.securityGroupId === sgId(run, "app-instance-sg"));
            expect(egress.map((r) => [r.fromPort, r.cidrIpv4])).to.have.deep.members([[443, "0.0.0.0/0"], [3306, "10.40.0.0/16"]]);
            const albEgress = rules(run, "Egress").filter((r) => r.securityGroupId === sgId(run, "app-alb-sg"));
            expect(albEgress).to.deep.equal([
                { securityGroupId: sgId(run, "app-alb-sg"), ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: sgId(run, "app-instance-sg"), description: "Load balancer to the app and its health checks" },
            ]);
        });
    });

    describe("instances", () => {
        let lt: RecordedResource;
        before(() => {
            lt = one(run, "aws:ec2/launchTemplate:LaunchTemplate");
        });

        it("requires IMDSv2 with a hop limit that reaches containers, and has no SSH key", () => {
            expect(lt.inputs.metadataOptions).to.deep.include({ httpTokens: "required", httpPutResponseHopLimit: 2, httpEndpoint: "enabled" });
            expect(lt.inputs.keyName).to.equal(undefined);
        });

        it("boots the latest Amazon Linux 2023 AMI for the architecture, from SSM at deploy time", () => {
            expect(lt.inputs.imageId).to.equal("ami-0f9e8d7c6b5a40312");
            expect(lt.inputs.instanceType).to.equal("t3.small");
        });

        it("encrypts a gp3 root volume with the data key", () => {
            const [root] = lt.inputs.blockDeviceMappings as Array<{ deviceName: string; ebs: Record<string, unknown> }>;
            expect(root.deviceName).to.equal("/dev/xvda");
            expect(root.ebs).to.deep.include({ volumeType: "gp3", encrypted: "true", kmsKeyId: DATA_KEY, volumeSize: 20 });
        });

        it("runs the configured image from the repository on the app port", () => {
            const script = Buffer.from(String(lt.inputs.userData), "base64").toString("utf8");
            expect(script).to.include(`docker pull ${REPO}:1.2.3`);
            expect(script).to.include("-p 8080:8080");
            expect(script).to.include(`--lifecycle-hook-name ${LAUNCH_HOOK_NAME}`);
            expect(script).to.include("--auto-scaling-group-name startup-test-app");
        });

        it("gives the role Session Manager and the app's own permissions only, no CloudWatchAgentServerPolicy", async () => {
            const attached = all(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn);
            expect(attached).to.deep.equal(["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
            const inline = policyOf(one(run, "aws:iam/rolePolicy:RolePolicy", "app-instance-app")).Statement;
            expect(inline.find((s) => s.Sid === "PullAppImage")?.Resource).to.equal(REPO_ARN);
            expect(inline.find((s) => s.Sid === "CompleteOwnLaunchHook")?.Resource).to.equal(
                `arn:aws:autoscaling:us-east-1:${MOCK_ACCOUNT_ID}:autoScalingGroup:*:autoScalingGroupName/startup-test-app`,
            );
            const trust = policyOf(one(run, "aws:iam/role:Role"), "assumeRolePolicy").Statement[0];
            expect(trust.Principal).to.deep.equal({ Service: "ec2.amazonaws.com" });
            expect(lt.inputs.iamInstanceProfile).to.deep.equal({ arn: one(run, "aws:iam/instanceProfile:InstanceProfile").state.arn });

            const extra = await runFleet({ additionalPolicyArns: ["arn:aws:iam::123456789012:policy/firehose-put"] });
            expect(all(extra, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn)).to.include("arn:aws:iam::123456789012:policy/firehose-put");
        });

        it("lets the instances put metrics into the app's namespace only, in place of the CloudWatch agent policy", async () => {
            const telemetry = one(run, "aws:iam/rolePolicy:RolePolicy", "app-instance-telemetry");
            expect(telemetry.inputs.role).to.equal(one(run, "aws:iam/role:Role").state.id);
            expect(policyOf(telemetry).Statement).to.deep.equal([
                {
                    Sid: "PutAppMetrics",
                    Effect: "Allow",
                    Action: "cloudwatch:PutMetricData",
                    Resource: "*",
                    Condition: { StringEquals: { "cloudwatch:namespace": "startup-test/app" } },
                },
            ]);
            expect(run.outputs.metricNamespace).to.equal("startup-test/app");
            const custom = await runFleet({ metricNamespace: "startup/custom" });
            expect(JSON.stringify(policyOf(one(custom, "aws:iam/rolePolicy:RolePolicy", "app-instance-telemetry")))).to.include('"cloudwatch:namespace":"startup/custom"');
        });

        it("lets the instances log and decrypt Session Manager sessions of the Region's preferences", () => {
            const sessions = policyOf(one(run, "aws:iam/rolePolicy:RolePolicy", "app-instance-sessions")).Statement;
            const group = `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:/startup-platform/session-manager`;
            expect(sessions.find((s) => s.Sid === "WriteSessionLogs")?.Resource).to.deep.equal([group, `${group}:log-stream:*`]);
            expect(sessions.find((s) => s.Sid === "DecryptSessionData")?.Condition).to.deep.equal({
                "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/startup-platform-session-manager" },
            });
        });

        it("tags what the group launches, which provider default tags do not reach", async () => {
            const tagged = await runFleet({ instanceTags: { Project: "startup-platform", Stack: "test" } });
            const specs = one(tagged, "aws:ec2/launchTemplate:LaunchTemplate").inputs.tagSpecifications as Array<{ resourceType: string; tags: Record<string, string> }>;
            expect(specs.map((s) => s.resourceType)).to.deep.equal(["instance", "volume"]);
            expect(specs[0].tags).to.deep.equal({ Name: "startup-test-app", Project: "startup-platform", Stack: "test" });
        });
    });

    describe("Auto Scaling group", () => {
        it("runs the latest launch template version in the private subnets, replaced on ELB health", () => {
            const asg = one(run, "aws:autoscaling/group:Group");
            expect(asg.inputs).to.deep.include({
                vpcZoneIdentifiers: ["subnet-prv-a", "subnet-prv-b"],
                minSize: 1,
                maxSize: 3,
                desiredCapacity: 1,
                healthCheckType: "ELB",
                healthCheckGracePeriod: 120,
                targetGroupArns: [one(run, "aws:lb/targetGroup:TargetGroup").state.arn],
                launchTemplate: { id: one(run, "aws:ec2/launchTemplate:LaunchTemplate").state.id, version: "1" },
            });
            expect(asg.inputs.launchConfiguration).to.equal(undefined);
            expect(asg.inputs.mixedInstancesPolicy).to.equal(undefined);
        });

        it("rolls a new launch template out with a rolling instance refresh", () => {
            expect(one(run, "aws:autoscaling/group:Group").inputs.instanceRefresh).to.deep.equal({
                strategy: "Rolling",
                preferences: { minHealthyPercentage: 90, skipMatching: true },
            });
        });

        it("puts instances in service only after the app reports healthy", () => {
            expect(one(run, "aws:autoscaling/group:Group").inputs.initialLifecycleHooks).to.deep.equal([
                { name: LAUNCH_HOOK_NAME, lifecycleTransition: "autoscaling:EC2_INSTANCE_LAUNCHING", heartbeatTimeout: 900, defaultResult: "ABANDON" },
            ]);
        });

        it("makes pulumi up wait for healthy capacity longer than the launch hook, unless told not to (no image yet)", async () => {
            // The provider's default (10 minutes) is shorter than the 15-minute hook an instance may take.
            expect(one(run, "aws:autoscaling/group:Group").inputs.waitForCapacityTimeout).to.equal("20m");
            const longer = await runFleet({ launchTimeoutSeconds: 1800 });
            expect(one(longer, "aws:autoscaling/group:Group").inputs.waitForCapacityTimeout).to.equal("35m");
            const bootstrap = await runFleet({ waitForCapacity: false });
            expect(one(bootstrap, "aws:autoscaling/group:Group").inputs.waitForCapacityTimeout).to.equal("0");
        });

        it("tracks requests per target, labelled by the load balancer and target group", () => {
            const policy = one(run, "aws:autoscaling/policy:Policy");
            const alb = one(run, "aws:lb/loadBalancer:LoadBalancer").state.arnSuffix;
            const tg = one(run, "aws:lb/targetGroup:TargetGroup").state.arnSuffix;
            expect(policy.inputs).to.deep.include({
                policyType: "TargetTrackingScaling",
                targetTrackingConfiguration: {
                    targetValue: 500,
                    predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: `${alb}/${tg}` },
                },
            });
            expect(one(run, "aws:autoscaling/group:Group").inputs.warmPool).to.equal(undefined);
        });

        it("adds predictive scaling and a warm pool when asked", async () => {
            const prod = await runFleet({ scaling: { metric: "cpu", targetValue: 50, predictive: true, warmPool: { minSize: 2 } } });
            const policies = all(prod, "aws:autoscaling/policy:Policy");
            expect(policies.map((p) => p.inputs.policyType)).to.have.members(["TargetTrackingScaling", "PredictiveScaling"]);
            const tracking = policies.find((p) => p.inputs.policyType === "TargetTrackingScaling")!;
            expect(tracking.inputs.targetTrackingConfiguration).to.deep.equal({ targetValue: 50, predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" } });
            const predictive = policies.find((p) => p.inputs.policyType === "PredictiveScaling")!;
            expect(predictive.inputs.predictiveScalingConfiguration).to.deep.include({ mode: "ForecastAndScale", schedulingBufferTime: "300" });
            expect(one(prod, "aws:autoscaling/group:Group").inputs.warmPool).to.deep.equal({ poolState: "Stopped", minSize: 2, instanceReusePolicy: { reuseOnScaleIn: true } });
        });

        it("spreads over several instance types through a mixed-instances policy", async () => {
            const mixed = await runFleet({ instanceTypes: ["m7i.large", "m6i.large"] });
            const asg = one(mixed, "aws:autoscaling/group:Group");
            expect(asg.inputs.launchTemplate).to.equal(undefined);
            const policy = asg.inputs.mixedInstancesPolicy as { launchTemplate: { overrides: unknown[] }; instancesDistribution: Record<string, unknown> };
            expect(policy.launchTemplate.overrides).to.deep.equal([{ instanceType: "m7i.large" }, { instanceType: "m6i.large" }]);
            expect(policy.instancesDistribution).to.deep.include({ onDemandPercentageAboveBaseCapacity: 100 });
        });

        it("picks the arm64 AMI for Graviton types", async () => {
            const graviton = await runFleet({ instanceTypes: ["m7g.large"] });
            expect(one(graviton, "aws:ec2/launchTemplate:LaunchTemplate").inputs.imageId).to.equal("ami-0a1b2c3d4e5f60718");
        });
    });

    it("parents every resource under the component", () => {
        for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
            expect(ancestors(run, r).map((a) => a.type), r.name).to.include("startup:compute:AppFleet");
        }
    });

    it("rejects bad settings in the words of the config section (stacks/config/fleet.ts), before registering anything", () => {
        // Field checks: the key, the value given and what is expected, as for a stack file.
        expect(() => new AppFleet("bad", args({ appPort: 80, logRetentionDays: 42 as 30 }))).to.throw(
            /^AppFleet bad: appPort: got 80; expected at least 1024 \(an unprivileged port\); logRetentionDays: got 42; expected one of: 1, 3, 5/,
        );
        // The rule table, every problem at once.
        expect(() => new AppFleet("order", args({ minSize: 4, maxSize: 2, desiredCapacity: 5, instanceTypes: ["p5.48xlarge"] }))).to.throw(
            /^AppFleet order: minSize: minSize \(4\) must not exceed maxSize \(2\); desiredCapacity: desiredCapacity \(5\) must lie between .*; instanceTypes: "p5\.48xlarge": family p5 is not allowed/,
        );
        expect(() => new AppFleet("pool", args({ instanceTypes: ["m7i.large", "m6i.large"], scaling: { metric: "cpu", targetValue: 50, warmPool: { minSize: 1 } } }))).to.throw(
            /scaling\.warmPool: needs exactly one instance type/,
        );
        // What only the wiring can miss.
        expect(() => new AppFleet("nocert", args({ certificateDomain: undefined }))).to.throw("AppFleet nocert: issueCertificate needs certificateDomain");
        expect(() => new AppFleet("nopool", args({ cognitoAuth: true }))).to.throw("AppFleet nopool: cognitoAuth needs cognitoUserPool");
        expect(() => new AppFleet("hook", args({ launchTimeoutSeconds: 60 }))).to.throw(
            "AppFleet hook: launchTimeoutSeconds must be 360-7200 (300 s for boot and the image pull, then at least 60 s of health checks), got 60",
        );
        // 300-359 would leave the user data's health wait under its 60 s floor, failing only mid-deploy.
        expect(() => new AppFleet("hook", args({ launchTimeoutSeconds: 330 }))).to.throw("launchTimeoutSeconds must be 360-7200");
    });
});
