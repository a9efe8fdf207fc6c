import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { capacityWaitTimeout } from "../lib/fleet";
import { al2023AmiParameter } from "../lib/instances";
import { appMetricNamespace, bucketName, physicalName, NAME_LIMITS } from "../lib/naming";
import {
    appInstancePolicy,
    autoScalingGroupArnPattern,
    ec2TrustPolicy,
    elbAccessLogStatements,
    instanceTelemetryPolicy,
    logDeliveryResourcePolicy,
} from "../lib/policy";
import { sessionLoggingInstancePolicy } from "../lib/sessionManager";
import { BOOT_ALLOWANCE_SECONDS, MIN_HEALTH_WAIT_SECONDS, appUserData } from "../lib/userData";
import { wafLogGroupName, webAclRules } from "../lib/waf";
import { FleetSettings, fleetSchema } from "../stacks/config/fleet";
import { parseSettings } from "../stacks/config/rules";
import { ArchiveBucket } from "./archiveBucket";
import { ValidatedCertificate } from "./validatedCertificate";

/** Cognito user pool the HTTPS listener authenticates viewers against. */
export interface AppFleetCognitoAuth {
    /** ARN of the user pool. */
    readonly userPoolArn: pulumi.Input<string>;
    /** App client the load balancer signs viewers in with (it needs a client secret). */
    readonly userPoolClientId: pulumi.Input<string>;
    /** The user pool's domain prefix (or custom domain). */
    readonly userPoolDomain: pulumi.Input<string>;
}

/** The name a certificate is issued for (`issueCertificate`), validated by DNS in a Route 53 zone. */
export interface AppFleetCertificateDomain {
    readonly hostedZoneId: string;
    readonly domainName: string;
}

/** What the stack wires into the fleet: names, network, keys, other tiers. */
export interface AppFleetWiring {
    /** Prefix of AWS names. */
    readonly namePrefix: string;
    /** Region of the stack; names the log bucket and scopes policies. */
    readonly region: string;
    /** Account that owns the fleet. */
    readonly accountId: pulumi.Input<string>;
    /** AWS partition, for ARNs. */
    readonly partition: pulumi.Input<string>;
    /** VPC of the load balancer, target group and security groups. */
    readonly vpcId: pulumi.Input<string>;
    /** CIDR of the VPC; instances may reach MySQL (the database) inside it. */
    readonly vpcCidr: string;
    /** Subnets of the internet-facing load balancer. */
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Subnets of the instances. */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Where a certificate is issued when `certificateArn` is not set (`issueCertificate`). @default - none */
    readonly certificateDomain?: AppFleetCertificateDomain;
    /** The user pool viewers sign in with when `cognitoAuth` is on. @default - none */
    readonly cognitoUserPool?: AppFleetCognitoAuth;
    /** URL of the repository the app image comes from. */
    readonly repositoryUrl: pulumi.Input<string>;
    /** ARN of that repository; the instances may pull from it only. */
    readonly repositoryArn: pulumi.Input<string>;
    /** KMS key that encrypts the root volumes. */
    readonly ebsKmsKeyArn: pulumi.Input<string>;
    /** KMS key that encrypts the WAF and app log groups. */
    readonly logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Seconds the launch hook waits for the app to report healthy before abandoning the instance,
     * 360-7200. The hook is the group's initial lifecycle hook, which AWS takes only when the group
     * is created: a later change reaches the user data's wait and `pulumi up`'s capacity wait, but
     * not the hook (`aws autoscaling put-lifecycle-hook` with the group's hook name does). @default 900
     */
    readonly launchTimeoutSeconds?: number;
    /**
     * Whether `pulumi up` waits for the group's healthy capacity (for `capacityWaitTimeout`), or
     * creates the group without waiting: a new stack whose repository holds no image yet (the
     * stack decides, `imageGate`). @default true
     */
    readonly waitForCapacity?: pulumi.Input<boolean>;
    /** More managed policies for the instance role (e.g. Firehose put, SNS publish from other tiers). @default [] */
    readonly additionalPolicyArns?: pulumi.Input<string>[];
    /** Parameter Store path of the app's runtime settings (see AppSettings), given to the container. @default - none */
    readonly settingsPath?: string;
    /** Tags for the instances and volumes the group launches (provider default tags do not reach them). @default {} */
    readonly instanceTags?: Record<string, string>;
    /**
     * The stack's access-log bucket (same account and region): the component's buckets send their
     * S3 server access logs there. @default - none
     */
    readonly accessLogBucketName?: pulumi.Input<string>;
    /** CloudWatch namespace the app puts its metrics in; the only one it may. @default `<namePrefix>/app` */
    readonly metricNamespace?: string;
    /** Deletion protection on the load balancer and Pulumi protection of the log bucket. @default false */
    readonly protect?: boolean;
    /**
     * Keep the security log groups in AWS when the stack is destroyed: prod environments (the
     * stack keeps the key that encrypts them too). Not `protect`, which a teardown turns off
     * first. @default false
     */
    readonly keepSecurityLogs?: boolean;
}

/**
 * The fleet's settings are the `fleet` config section, declared once in stacks/config/fleet.ts
 * (types, defaults, descriptions and the rule table; docs/config.md documents each key), plus
 * what the stack wires in. `images` belongs to the ImageRepository and is not read here.
 */
export type AppFleetArgs = z.input<typeof fleetSchema> & AppFleetWiring;

/** Defaults of the fleet's wiring; the settings' defaults are FLEET_DEFAULTS (stacks/config/fleet.ts). */
export const APP_FLEET_DEFAULTS = { launchTimeoutSeconds: 900 } as const;

/** The shortest launch hook: boot and pull, then the user data's shortest health wait. */
const MIN_LAUNCH_TIMEOUT_SECONDS = BOOT_ALLOWANCE_SECONDS + MIN_HEALTH_WAIT_SECONDS;

/** Name of the launch lifecycle hook the user data completes. */
export const LAUNCH_HOOK_NAME = "app-ready";
/** Key prefix of ALB access logs in their bucket. */
export const ACCESS_LOG_PREFIX = "alb";

/**
 * The application tier: an internet-facing ALB (HTTPS with a TLS 1.3 policy, HTTP redirected)
 * behind a regional WAF web ACL, forwarding to an Auto Scaling group of Amazon Linux 2023
 * instances in private subnets that run the app container from ECR. Instances are reachable only
 * from the load balancer, on the app port; operators use SSM Session Manager, not SSH.
 */
export class AppFleet extends pulumi.ComponentResource {
    public readonly albArn: pulumi.Output<string>;
    public readonly albDnsName: pulumi.Output<string>;
    public readonly albZoneId: pulumi.Output<string>;
    /** `app/<name>/<id>`, for CloudWatch metrics and alarms. */
    public readonly albArnSuffix: pulumi.Output<string>;
    public readonly targetGroupArn: pulumi.Output<string>;
    public readonly targetGroupArnSuffix: pulumi.Output<string>;
    public readonly targetGroupName: pulumi.Output<string>;
    public readonly httpsListenerArn: pulumi.Output<string>;
    public readonly autoScalingGroupName: pulumi.Output<string>;
    public readonly albSecurityGroupId: pulumi.Output<string>;
    /** Admit this group where the app must connect (e.g. the database). */
    public readonly instanceSecurityGroupId: pulumi.Output<string>;
    public readonly instanceRoleName: pulumi.Output<string>;
    public readonly instanceRoleArn: pulumi.Output<string>;
    public readonly webAclArn: pulumi.Output<string>;
    public readonly accessLogBucketName: pulumi.Output<string>;
    public readonly appLogGroupName: pulumi.Output<string>;
    /** The CloudWatch namespace the instances may put metrics in. */
    public readonly metricNamespace: string;

    constructor(name: string, args: AppFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("AppFleet", name, fleetSchema, args);
        const launchTimeout = args.launchTimeoutSeconds ?? APP_FLEET_DEFAULTS.launchTimeoutSeconds;
        const problems = [
            // The launch hook's heartbeat must outlast the user data: install, pull, and the health wait.
            ...(Number.isInteger(launchTimeout) && launchTimeout >= MIN_LAUNCH_TIMEOUT_SECONDS && launchTimeout <= 7200
                ? []
                : [
                      `launchTimeoutSeconds must be ${MIN_LAUNCH_TIMEOUT_SECONDS}-7200 (${BOOT_ALLOWANCE_SECONDS} s for boot and the image pull, then at least ${MIN_HEALTH_WAIT_SECONDS} s of health checks), got ${launchTimeout}`,
                  ]),
            ...(s.certificateArn === undefined && s.issueCertificate && args.certificateDomain === undefined
                ? ["issueCertificate needs certificateDomain: the hosted zone and name to validate the certificate in"]
                : []),
            ...(s.cognitoAuth && args.cognitoUserPool === undefined ? ["cognitoAuth needs cognitoUserPool: the user pool viewers sign in with"] : []),
        ];
        if (problems.length > 0) throw new Error(`AppFleet ${name}: ${problems.join("; ")}`);
        super("startup:compute:AppFleet", name, {}, opts);

        const prefix = args.namePrefix;
        const cognito = s.cognitoAuth ? args.cognitoUserPool : undefined;
        const { alb: albSg, instances: instanceSg } = this.securityGroups(name, args, s.appPort, cognito !== undefined);
        const { alb, accessLogs } = this.loadBalancer(name, args, s, albSg);
        const targetGroup = this.targetGroup(name, args, s);
        const { http, https } = this.listeners(name, args, s, alb, targetGroup, cognito);
        const webAcl = this.webAcl(name, args, s, alb.arn);

        const appLogGroupName = `/${prefix}/app`;
        const appLogs = new aws.cloudwatch.LogGroup(
            `${name}-app-logs`,
            { name: appLogGroupName, retentionInDays: s.logRetentionDays, kmsKeyId: args.logsKmsKeyArn },
            { parent: this },
        );

        const groupName = physicalName(prefix, "app");
        const { role, profile } = this.instanceRole(name, args, groupName, appLogs.arn);
        const launchedTags = { Name: groupName, ...(args.instanceTags ?? {}) };
        const launchTemplate = this.launchTemplate(name, args, s, { groupName, appLogGroupName, launchTimeout, profile, instanceSg, launchedTags });
        const group = this.autoScalingGroup(name, args, s, { groupName, launchTimeout, launchTemplate, targetGroup, launchedTags });
        this.scalingPolicies(name, s, group.name, pulumi.interpolate`${alb.arnSuffix}/${targetGroup.arnSuffix}`, [https, http]);

        this.albArn = alb.arn;
        this.albDnsName = alb.dnsName;
        this.albZoneId = alb.zoneId;
        this.albArnSuffix = alb.arnSuffix;
        this.targetGroupArn = targetGroup.arn;
        this.targetGroupArnSuffix = targetGroup.arnSuffix;
        this.targetGroupName = targetGroup.name;
        this.httpsListenerArn = https.arn;
        this.autoScalingGroupName = group.name;
        this.albSecurityGroupId = albSg.id;
        this.instanceSecurityGroupId = instanceSg.id;
        this.instanceRoleName = role.name;
        this.instanceRoleArn = role.arn;
        this.webAclArn = webAcl.arn;
        this.accessLogBucketName = accessLogs.bucketName;
        this.appLogGroupName = appLogs.name;
        this.metricNamespace = args.metricNamespace ?? appMetricNamespace(prefix);
        this.registerOutputs({
            albArn: this.albArn,
            albDnsName: this.albDnsName,
            albZoneId: this.albZoneId,
            albArnSuffix: this.albArnSuffix,
            targetGroupArn: this.targetGroupArn,
            targetGroupArnSuffix: this.targetGroupArnSuffix,
            targetGroupName: this.targetGroupName,
            httpsListenerArn: this.httpsListenerArn,
            autoScalingGroupName: this.autoScalingGroupName,
            albSecurityGroupId: this.albSecurityGroupId,
            instanceSecurityGroupId: this.instanceSecurityGroupId,
            instanceRoleName: this.instanceRoleName,
            instanceRoleArn: this.instanceRoleArn,
            webAclArn: this.webAclArn,
            accessLogBucketName: this.accessLogBucketName,
            appLogGroupName: this.appLogGroupName,
            metricNamespace: this.metricNamespace,
        });
    }

    /** The internet-facing load balancer and the bucket of its access logs. */
    private loadBalancer(name: string, args: AppFleetArgs, s: FleetSettings, albSg: aws.ec2.SecurityGroup): { alb: aws.lb.LoadBalancer; accessLogs: ArchiveBucket } {
        const prefix = args.namePrefix;
        const appName = physicalName(prefix, "app", NAME_LIMITS.loadBalancer);
        // ALB access logs: ELB delivers them with SSE-S3 only, so this bucket has no KMS key.
        const accessLogs = new ArchiveBucket(
            `${name}-access-logs`,
            {
                bucketName: pulumi.output(args.accountId).apply((id) => bucketName(prefix, "alb-logs", id, args.region)),
                sseS3Reason: "ELB access log delivery supports SSE-S3 only",
                policyStatements: (arn) =>
                    pulumi.output(args.accountId).apply((accountId) => elbAccessLogStatements({ bucketArn: arn, prefix: ACCESS_LOG_PREFIX, accountId, region: args.region })),
                expireAfterDays: s.accessLogExpireDays,
                accessLogBucketName: args.accessLogBucketName,
                protect: args.protect,
            },
            { parent: this },
        );
        const alb = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                name: appName,
                loadBalancerType: "application",
                internal: false,
                ipAddressType: "ipv4",
                securityGroups: [albSg.id],
                subnets: args.publicSubnetIds,
                dropInvalidHeaderFields: true,
                enableDeletionProtection: args.protect ?? false,
                accessLogs: { bucket: accessLogs.bucketName, prefix: ACCESS_LOG_PREFIX, enabled: true },
                tags: { Name: appName },
            },
            // ELB writes a test object when logging is enabled: the bucket policy must exist first.
            { parent: this, dependsOn: [accessLogs] },
        );
        return { alb, accessLogs };
    }

    /** The instances' target group, health-checked on the liveness path. */
    private targetGroup(name: string, args: AppFleetArgs, s: FleetSettings): aws.lb.TargetGroup {
        // The name carries the port: a new port replaces the group, and the new name lets the
        // replacement be created before the old one is deleted.
        const tgName = physicalName(args.namePrefix, `app-${s.appPort}`, NAME_LIMITS.loadBalancer);
        return new aws.lb.TargetGroup(
            `${name}-tg`,
            {
                name: tgName,
                vpcId: args.vpcId,
                targetType: "instance",
                protocol: "HTTP",
                port: s.appPort,
                // Least outstanding requests spreads uneven request costs better than round robin
                // (and rules out slow start, which is therefore not set).
                loadBalancingAlgorithmType: "least_outstanding_requests",
                deregistrationDelay: s.deregistrationDelaySeconds,
                healthCheck: {
                    enabled: true,
                    protocol: "HTTP",
                    port: "traffic-port",
                    path: s.healthCheckPath,
                    matcher: "200",
                    interval: 15,
                    timeout: 5,
                    healthyThreshold: 2,
                    unhealthyThreshold: 3,
                },
                stickiness: { type: "lb_cookie", enabled: false },
                tags: { Name: tgName },
            },
            { parent: this },
        );
    }

    /** HTTP redirected to HTTPS; HTTPS with the TLS policy, forwarding (after Cognito sign-in, when on). */
    private listeners(
        name: string,
        args: AppFleetArgs,
        s: FleetSettings,
        alb: aws.lb.LoadBalancer,
        targetGroup: aws.lb.TargetGroup,
        cognito: AppFleetCognitoAuth | undefined,
    ): { http: aws.lb.Listener; https: aws.lb.Listener } {
        const appName = physicalName(args.namePrefix, "app", NAME_LIMITS.loadBalancer);
        // Given, or issued for the app's name and validated by DNS in its zone (the record outlives
        // the stack: prod's and DR's certificates of the same name renew through it).
        const certificateArn =
            s.certificateArn !== undefined
                ? pulumi.output(s.certificateArn)
                : new ValidatedCertificate(`${name}-certificate`, { ...args.certificateDomain!, formerParent: this }, { parent: this }).certificateArn;
        const http = new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: alb.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                tags: { Name: `${appName}-http` },
            },
            { parent: this },
        );
        const forward = { type: "forward", targetGroupArn: targetGroup.arn };
        const https = new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: alb.arn,
                port: 443,
                protocol: "HTTPS",
                sslPolicy: s.tlsPolicy,
                certificateArn,
                defaultActions:
                    cognito === undefined
                        ? [forward]
                        : [
                              {
                                  type: "authenticate-cognito",
                                  order: 1,
                                  authenticateCognito: {
                                      userPoolArn: cognito.userPoolArn,
                                      userPoolClientId: cognito.userPoolClientId,
                                      userPoolDomain: cognito.userPoolDomain,
                                      onUnauthenticatedRequest: "authenticate",
                                  },
                              },
                              { ...forward, order: 2 },
                          ],
                routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000",
                tags: { Name: `${appName}-https` },
            },
            { parent: this },
        );
        return { http, https };
    }

    /** The instances' launch template: AL2023, IMDSv2 only, an encrypted gp3 root, the app's user data. */
    private launchTemplate(
        name: string,
        args: AppFleetArgs,
        s: FleetSettings,
        w: {
            groupName: string;
            appLogGroupName: string;
            launchTimeout: number;
            profile: aws.iam.InstanceProfile;
            instanceSg: aws.ec2.SecurityGroup;
            launchedTags: Record<string, string>;
        },
    ): aws.ec2.LaunchTemplate {
        // The AMI is resolved at deploy time, not at launch (`resolve:ssm:`): a new AL2023 release
        // then shows in the preview as a new launch-template version and rolls out through an
        // instance refresh, instead of drifting into the fleet one scale-out at a time.
        const ami = aws.ssm.getParameterOutput({ name: al2023AmiParameter(s.instanceTypes) }, { parent: this });
        const userData = pulumi.output(args.repositoryUrl).apply((repositoryUrl) =>
            Buffer.from(
                appUserData({
                    region: args.region,
                    repositoryUrl,
                    imageTag: s.imageTag,
                    appPort: s.appPort,
                    healthCheckPath: s.healthCheckPath,
                    logGroupName: w.appLogGroupName,
                    autoScalingGroupName: w.groupName,
                    lifecycleHookName: LAUNCH_HOOK_NAME,
                    healthWaitSeconds: w.launchTimeout - BOOT_ALLOWANCE_SECONDS,
                    settingsPath: args.settingsPath,
                }),
            ).toString("base64"),
        );
        return new aws.ec2.LaunchTemplate(
            `${name}-lt`,
            {
                name: w.groupName,
                description: `${args.namePrefix} app instances (Amazon Linux 2023)`,
                imageId: ami.insecureValue,
                instanceType: s.instanceTypes[0],
                iamInstanceProfile: { arn: w.profile.arn },
                vpcSecurityGroupIds: [w.instanceSg.id],
                // No key pair: operators connect through SSM Session Manager.
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    // 2 so containers behind Docker's bridge can still reach IMDSv2.
                    httpPutResponseHopLimit: 2,
                    instanceMetadataTags: "disabled",
                },
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: {
                            volumeType: "gp3",
                            volumeSize: s.rootVolumeSizeGiB,
                            encrypted: "true",
                            kmsKeyId: args.ebsKmsKeyArn,
                            deleteOnTermination: "true",
                        },
                    },
                ],
                monitoring: { enabled: true },
                userData,
                updateDefaultVersion: true,
                tagSpecifications: [
                    { resourceType: "instance", tags: w.launchedTags },
                    { resourceType: "volume", tags: w.launchedTags },
                ],
                tags: { Name: w.groupName },
            },
            { parent: this },
        );
    }

    /** The Auto Scaling group: ELB health checks, the launch hook, instance refresh, a warm pool when asked. */
    private autoScalingGroup(
        name: string,
        args: AppFleetArgs,
        s: FleetSettings,
        w: {
            groupName: string;
            launchTimeout: number;
            launchTemplate: aws.ec2.LaunchTemplate;
            targetGroup: aws.lb.TargetGroup;
            launchedTags: Record<string, string>;
        },
    ): aws.autoscaling.Group {
        const templateRef = { id: w.launchTemplate.id, version: w.launchTemplate.latestVersion.apply(String) };
        const warmPool = s.scaling.warmPool;
        return new aws.autoscaling.Group(
            `${name}-asg`,
            {
                name: w.groupName,
                vpcZoneIdentifiers: args.privateSubnetIds,
                minSize: s.minSize,
                maxSize: s.maxSize,
                desiredCapacity: s.desiredCapacity,
                healthCheckType: "ELB",
                // "0" skips the provider's capacity wait altogether.
                waitForCapacityTimeout: pulumi.output(args.waitForCapacity ?? true).apply((wait) => (wait ? capacityWaitTimeout(w.launchTimeout) : "0")),
                healthCheckGracePeriod: s.healthCheckGracePeriodSeconds,
                defaultInstanceWarmup: s.instanceWarmupSeconds,
                targetGroupArns: [w.targetGroup.arn],
                ...(s.instanceTypes.length === 1
                    ? { launchTemplate: templateRef }
                    : {
                          mixedInstancesPolicy: {
                              launchTemplate: {
                                  launchTemplateSpecification: { launchTemplateId: templateRef.id, version: templateRef.version },
                                  overrides: s.instanceTypes.map((instanceType) => ({ instanceType })),
                              },
                              // All On-Demand, in the listed order of preference.
                              instancesDistribution: { onDemandAllocationStrategy: "prioritized", onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100 },
                          },
                      }),
                // The instance enters service only when its user data reports the app healthy.
                initialLifecycleHooks: [
                    { name: LAUNCH_HOOK_NAME, lifecycleTransition: "autoscaling:EC2_INSTANCE_LAUNCHING", heartbeatTimeout: w.launchTimeout, defaultResult: "ABANDON" },
                ],
                instanceRefresh: {
                    strategy: "Rolling",
                    preferences: {
                        minHealthyPercentage: s.refreshMinHealthyPercentage,
                        ...(s.refreshMaxHealthyPercentage !== undefined ? { maxHealthyPercentage: s.refreshMaxHealthyPercentage } : {}),
                        skipMatching: true,
                    },
                },
                warmPool:
                    warmPool === undefined
                        ? undefined
                        : {
                              poolState: "Stopped",
                              minSize: warmPool.minSize,
                              maxGroupPreparedCapacity: warmPool.maxGroupPreparedCapacity,
                              instanceReusePolicy: { reuseOnScaleIn: true },
                          },
                enabledMetrics: [
                    "GroupMinSize",
                    "GroupMaxSize",
                    "GroupDesiredCapacity",
                    "GroupInServiceInstances",
                    "GroupPendingInstances",
                    "GroupTerminatingInstances",
                    "GroupTotalInstances",
                ],
                metricsGranularity: "1Minute",
                // Provider default tags do not apply to Auto Scaling groups.
                tags: Object.entries({ ...w.launchedTags }).map(([key, value]) => ({ key, value, propagateAtLaunch: false })),
            },
            // Scaling policies own the desired capacity once the group exists.
            { parent: this, ignoreChanges: ["desiredCapacity"] },
        );
    }

    /**
     * Rules are separate resources, so none hides inline and a new group's default allow-all
     * egress is removed.
     */
    private securityGroups(name: string, args: AppFleetArgs, appPort: number, cognito: boolean): { alb: aws.ec2.SecurityGroup; instances: aws.ec2.SecurityGroup } {
        const prefix = args.namePrefix;
        const albSg = new aws.ec2.SecurityGroup(
            `${name}-alb-sg`,
            { name: physicalName(prefix, "app-alb"), description: "App load balancer: HTTP and HTTPS from the internet", vpcId: args.vpcId, tags: { Name: physicalName(prefix, "app-alb") } },
            { parent: this },
        );
        const instanceSg = new aws.ec2.SecurityGroup(
            `${name}-instance-sg`,
            { name: physicalName(prefix, "app-instances"), description: "App instances: the app port from the load balancer only", vpcId: args.vpcId, tags: { Name: physicalName(prefix, "app-instances") } },
            { parent: this },
        );
        for (const port of [80, 443]) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-alb-in-${port}`,
                { securityGroupId: albSg.id, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: "0.0.0.0/0", description: `Internet to the load balancer on ${port}` },
                { parent: this },
            );
        }
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-alb-to-instances`,
            { securityGroupId: albSg.id, ipProtocol: "tcp", fromPort: appPort, toPort: appPort, referencedSecurityGroupId: instanceSg.id, description: "Load balancer to the app and its health checks" },
            { parent: this },
        );
        if (cognito) {
            // The ALB calls the Cognito token and user-info endpoints itself.
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-alb-to-idp`,
                { securityGroupId: albSg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "Load balancer to the Cognito endpoints" },
                { parent: this },
            );
        }
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-instance-from-alb`,
            { securityGroupId: instanceSg.id, ipProtocol: "tcp", fromPort: appPort, toPort: appPort, referencedSecurityGroupId: albSg.id, description: "App port from the load balancer only" },
            { parent: this },
        );
        // DNS (the VPC resolver), NTP and instance metadata are link-local and not subject to security groups.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-instance-https-out`,
            { securityGroupId: instanceSg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "AWS APIs, ECR, SSM and package repositories over HTTPS" },
            { parent: this },
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-instance-mysql-out`,
            { securityGroupId: instanceSg.id, ipProtocol: "tcp", fromPort: 3306, toPort: 3306, cidrIpv4: args.vpcCidr, description: "MySQL (Aurora, RDS Proxy) inside the VPC" },
            { parent: this },
        );
        return { alb: albSg, instances: instanceSg };
    }

    /** Regional web ACL with managed rule groups and a per-IP rate limit, logged to an encrypted group. */
    private webAcl(name: string, args: AppFleetArgs, s: FleetSettings, albArn: pulumi.Output<string>): aws.wafv2.WebAcl {
        const prefix = args.namePrefix;
        const aclName = physicalName(prefix, "app");
        const webAcl = new aws.wafv2.WebAcl(
            `${name}-waf`,
            {
                name: aclName,
                description: `${prefix} application load balancer`,
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules: webAclRules({ rateLimitPer5Minutes: s.rateLimitPer5Minutes, metricPrefix: aclName }),
                visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: aclName },
                tags: { Name: aclName },
            },
            { parent: this },
        );
        new aws.wafv2.WebAclAssociation(`${name}-waf-association`, { resourceArn: albArn, webAclArn: webAcl.arn }, { parent: this });
        const wafLogs = new aws.cloudwatch.LogGroup(
            `${name}-waf-logs`,
            { name: wafLogGroupName(prefix, "app"), retentionInDays: s.logRetentionDays, kmsKeyId: args.logsKmsKeyArn },
            // Security evidence: kept when a protected stack is destroyed (docs/security.md).
            { parent: this, retainOnDelete: args.keepSecurityLogs === true },
        );
        const wafLogsPolicy = new aws.cloudwatch.LogResourcePolicy(
            `${name}-waf-logs-delivery`,
            {
                policyName: physicalName(prefix, "waf-logs-delivery"),
                policyDocument: pulumi
                    .all([wafLogs.arn, args.accountId, args.partition])
                    .apply(([arn, accountId, partition]) => JSON.stringify(logDeliveryResourcePolicy(arn, accountId, args.region, partition))),
            },
            { parent: this },
        );
        new aws.wafv2.WebAclLoggingConfiguration(
            `${name}-waf-logging`,
            { resourceArn: webAcl.arn, logDestinationConfigs: [wafLogs.arn] },
            { parent: this, dependsOn: [wafLogsPolicy] },
        );
        return webAcl;
    }

    /** Session Manager and the CloudWatch agent, plus the app's own permissions and what other tiers grant. */
    private instanceRole(name: string, args: AppFleetArgs, groupName: string, appLogGroupArn: pulumi.Output<string>): { role: aws.iam.Role; profile: aws.iam.InstanceProfile } {
        const prefix = args.namePrefix;
        const role = new aws.iam.Role(
            `${name}-instance-role`,
            { name: physicalName(prefix, "app-instance", NAME_LIMITS.iamRole), assumeRolePolicy: JSON.stringify(ec2TrustPolicy()) },
            { parent: this },
        );
        new aws.iam.RolePolicyAttachment(
            `${name}-instance-ssm`,
            { role: role.name, policyArn: pulumi.interpolate`arn:${args.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore` },
            { parent: this },
        );
        this.telemetryPolicies(name, args, role);
        (args.additionalPolicyArns ?? []).forEach((policyArn, i) => {
            new aws.iam.RolePolicyAttachment(`${name}-instance-extra-${i}`, { role: role.name, policyArn }, { parent: this });
        });
        new aws.iam.RolePolicy(
            `${name}-instance-app`,
            {
                role: role.id,
                policy: pulumi
                    .all([args.repositoryArn, appLogGroupArn, args.partition, args.accountId])
                    .apply(([repositoryArn, logGroupArn, partition, accountId]) =>
                        JSON.stringify(
                            appInstancePolicy({
                                repositoryArn,
                                logGroupArn,
                                autoScalingGroupArn: autoScalingGroupArnPattern(partition, args.region, accountId, groupName),
                            }),
                        ),
                    ),
            },
            { parent: this },
        );
        const profile = new aws.iam.InstanceProfile(
            `${name}-instance-profile`,
            { name: physicalName(prefix, "app-instance", NAME_LIMITS.iamRole), role: role.name },
            { parent: this },
        );
        return { role, profile };
    }

    /**
     * What the instance role may report, scoped instead of CloudWatchAgentServerPolicy: metrics into
     * the app's namespace, and the logged, encrypted Session Manager sessions of the Region's
     * preferences (`lib/sessionManager.ts`; the stack owning them may be another one).
     */
    private telemetryPolicies(name: string, args: AppFleetArgs, role: aws.iam.Role): void {
        new aws.iam.RolePolicy(
            `${name}-instance-telemetry`,
            { role: role.id, policy: JSON.stringify(instanceTelemetryPolicy(args.metricNamespace ?? appMetricNamespace(args.namePrefix))) },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-instance-sessions`,
            {
                role: role.id,
                policy: pulumi
                    .all([args.partition, args.accountId])
                    .apply(([partition, accountId]) => JSON.stringify(sessionLoggingInstancePolicy({ partition, accountId, region: args.region }))),
            },
            { parent: this },
        );
    }

    /**
     * Target tracking, and predictive scaling when asked. Both wait for the listeners: request-count
     * metrics need the target group attached to the load balancer.
     */
    private scalingPolicies(name: string, s: FleetSettings, groupName: pulumi.Output<string>, resourceLabel: pulumi.Output<string>, listeners: aws.lb.Listener[]): void {
        const requestCount = s.scaling.metric === "requestCount";
        new aws.autoscaling.Policy(
            `${name}-target-tracking`,
            {
                name: pulumi.interpolate`${groupName}-target-tracking`,
                autoscalingGroupName: groupName,
                policyType: "TargetTrackingScaling",
                targetTrackingConfiguration: {
                    targetValue: s.scaling.targetValue,
                    predefinedMetricSpecification: requestCount
                        ? { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel }
                        : { predefinedMetricType: "ASGAverageCPUUtilization" },
                },
            },
            { parent: this, dependsOn: listeners },
        );
        if (s.scaling.predictive) {
            new aws.autoscaling.Policy(
                `${name}-predictive`,
                {
                    name: pulumi.interpolate`${groupName}-predictive`,
                    autoscalingGroupName: groupName,
                    policyType: "PredictiveScaling",
                    predictiveScalingConfiguration: {
                        mode: "ForecastAndScale",
                        // Launch early enough for instances that take minutes to become ready.
                        schedulingBufferTime: String(s.instanceWarmupSeconds),
                        maxCapacityBreachBehavior: "HonorMaxCapacity",
                        metricSpecification: {
                            targetValue: s.scaling.targetValue,
                            predefinedMetricPairSpecification: requestCount
                                ? { predefinedMetricType: "ALBRequestCount", resourceLabel }
                                : { predefinedMetricType: "ASGCPUUtilization" },
                        },
                    },
                },
                { parent: this, dependsOn: listeners },
            );
        }
    }
}
