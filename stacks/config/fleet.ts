import { z } from "zod";
import { SettingsRule, logRetentionDays, refineWith } from "./rules";
import { LOG_RETENTION_DAYS } from "../../lib/constants";
import { IMAGE_RETENTION_DEFAULTS } from "../../lib/ecr";
import { IMAGE_TAG, TLS13_POLICIES } from "../../lib/fleet";
import { ARCHIVE_DEFAULTS } from "../../lib/lifecycle";
import { instanceTypeProblems } from "../../lib/instances";
import { RATE_LIMIT_RANGE } from "../../lib/waf";
import { CLOUDFRONT_TLS_POLICIES, DEFAULT_ASSETS_LABELS } from "../../lib/edge";

/** Defaults of the `fleet` key, exported so docs and code cannot drift. */
export const FLEET_DEFAULTS = {
    tlsPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    appPort: 8080,
    healthCheckPath: "/health",
    rootVolumeSizeGiB: 20,
    healthCheckGracePeriodSeconds: 120,
    instanceWarmupSeconds: 300,
    deregistrationDelaySeconds: 30,
    refreshMinHealthyPercentage: 90,
    issueCertificate: true,
    cognitoAuth: false,
    rateLimitPer5Minutes: 2000,
    logRetentionDays: 90,
    scalingMetric: "requestCount",
    predictiveScaling: false,
    images: IMAGE_RETENTION_DEFAULTS,
} as const;

/** Defaults of the `assets` key. */
export const ASSETS_DEFAULTS = {
    priceClass: "PriceClass_100",
    minimumTlsVersion: "TLSv1.2_2021",
    rateLimitPer5Minutes: 10_000,
    wafLogRetentionDays: 90,
} as const;

const wholeNumber = (min: number, max: number, what: string) =>
    z
        .number({ message: `expected ${what}` })
        .int({ message: `expected a whole number (${what})` })
        .min(min, { message: `expected at least ${min} (${what})` })
        .max(max, { message: `expected at most ${max} (${what})` });

const retentionDays = logRetentionDays();

const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

/** The image repository's lifecycle (`fleet.images`): what ImageRepository takes. */
export const imagesSchema = z.strictObject({
    keepTaggedImages: wholeNumber(1, 10000, "images").default(IMAGE_RETENTION_DEFAULTS.keepTaggedImages).describe("Tagged images the repository keeps, newest first."),
    expireUntaggedAfterDays: wholeNumber(1, 3650, "days").default(IMAGE_RETENTION_DEFAULTS.expireUntaggedAfterDays).describe("Days after which untagged images expire."),
});

const fleetFields = z
    .strictObject({
        instanceTypes: z
            .array(z.string(), { message: "expected a list of instance types such as [m7i.large]" })
            .min(1, { message: "expected at least one instance type, such as t3.small" })
            .describe("EC2 instance types of the app fleet, one CPU architecture; more than one makes a mixed-instances group (first preferred)."),
        minSize: wholeNumber(0, 1000, "instances").describe("Fewest instances the Auto Scaling group keeps."),
        maxSize: wholeNumber(1, 1000, "instances").describe("Most instances the Auto Scaling group may run."),
        desiredCapacity: wholeNumber(0, 1000, "instances").describe("Instances at creation; scaling policies own the number afterwards."),
        imageTag: z
            .string()
            .regex(IMAGE_TAG, { message: "expected an image tag such as 1.4.2 (letters, digits, _ . -)" })
            .refine((tag) => tag !== "latest", { message: 'expected a release tag: the repository\'s tags are immutable, so "latest" could never move' })
            .describe("Tag of the app image in the stack's ECR repository that the instances run."),
        appPort: wholeNumber(1024, 65535, "an unprivileged port").default(FLEET_DEFAULTS.appPort).describe("Port the app container listens on."),
        healthCheckPath: z
            .string()
            .regex(/^\/[A-Za-z0-9._~/-]*$/, { message: "expected a path such as /health" })
            .default(FLEET_DEFAULTS.healthCheckPath)
            .describe(
                "Liveness path: answers 200 once the app serves HTTP, without reaching the database or any other dependency (DR's instances have no writable database before promotion). The ELB and Route 53 health checks and the launch readiness wait use it; the container gets it as HEALTH_CHECK_PATH.",
            ),
        rootVolumeSizeGiB: wholeNumber(8, 1024, "GiB").default(FLEET_DEFAULTS.rootVolumeSizeGiB).describe("Size of each instance's encrypted gp3 root volume."),
        scaling: z
            .strictObject({
                metric: z
                    .enum(["requestCount", "cpu"])
                    .default(FLEET_DEFAULTS.scalingMetric)
                    .describe("What target tracking follows: ALB requests per instance, or average CPU."),
                targetValue: z
                    .number({ message: "expected a number" })
                    .positive({ message: "expected a positive number" })
                    .max(1_000_000, { message: "expected at most 1000000 (requests per instance per minute), or at most 100 for cpu" })
                    .describe("Target of the metric: requests per instance per minute (up to 1000000), or CPU percent (up to 100)."),
                predictive: z
                    .boolean()
                    .default(FLEET_DEFAULTS.predictiveScaling)
                    .describe("Add predictive scaling (forecast and scale) that launches ahead of daily peaks."),
                warmPool: z
                    .strictObject({
                        minSize: wholeNumber(0, 1000, "instances").describe("Stopped, initialised instances kept in the pool."),
                        maxGroupPreparedCapacity: wholeNumber(1, 1000, "instances")
                            .optional()
                            .describe("Cap on group plus pool. Default: the group's maxSize."),
                    })
                    .optional()
                    .describe("A warm pool of stopped instances, for instances that take minutes to boot. Needs a single instance type."),
            })
            .describe("Scaling policies of the Auto Scaling group."),
        tlsPolicy: z.enum(TLS13_POLICIES).default(FLEET_DEFAULTS.tlsPolicy).describe("TLS security policy of the HTTPS listener (TLS 1.3 policies only)."),
        certificateArn: z
            .string()
            .regex(ACM_ARN, { message: "expected an ACM certificate ARN such as arn:aws:acm:us-east-1:123456789012:certificate/<uuid>" })
            .optional()
            .describe("Existing ACM certificate of the HTTPS listener, in the stack's region. Default: issue one."),
        issueCertificate: z
            .boolean()
            .default(FLEET_DEFAULTS.issueCertificate)
            .describe("Issue a certificate for <dns.appHostname>.<dns.zoneName>, validated by DNS in dns.hostedZoneId, when certificateArn is not set."),
        cognitoAuth: z
            .boolean()
            .default(FLEET_DEFAULTS.cognitoAuth)
            .describe("Require Cognito sign-in on the HTTPS listener (the identity tier's user pool)."),
        rateLimitPer5Minutes: wholeNumber(RATE_LIMIT_RANGE.min, RATE_LIMIT_RANGE.max, "requests per 5 minutes")
            .default(FLEET_DEFAULTS.rateLimitPer5Minutes)
            .describe("Requests one client IP may send in 5 minutes before WAF blocks it."),
        logRetentionDays: retentionDays
            .default(FLEET_DEFAULTS.logRetentionDays)
            .describe(`Days WAF and app logs are kept in CloudWatch Logs; one of ${LOG_RETENTION_DAYS.join(", ")}.`),
        accessLogExpireDays: wholeNumber(1, 36500, "days")
            .optional()
            .describe(`Days after which ALB access logs are deleted; after the last archive step (${ARCHIVE_DEFAULTS.deepArchiveAfterDays}). Default: kept.`),
        healthCheckGracePeriodSeconds: wholeNumber(0, 7200, "seconds")
            .default(FLEET_DEFAULTS.healthCheckGracePeriodSeconds)
            .describe("Seconds ELB health checks are ignored after an instance enters service."),
        instanceWarmupSeconds: wholeNumber(0, 3600, "seconds")
            .default(FLEET_DEFAULTS.instanceWarmupSeconds)
            .describe("Seconds a new instance needs before its metrics count; also how early predictive scaling launches."),
        deregistrationDelaySeconds: wholeNumber(0, 3600, "seconds")
            .default(FLEET_DEFAULTS.deregistrationDelaySeconds)
            .describe("Seconds in-flight requests get to finish when an instance leaves the target group."),
        refreshMinHealthyPercentage: wholeNumber(0, 100, "percent")
            .default(FLEET_DEFAULTS.refreshMinHealthyPercentage)
            .describe("Capacity kept in service while an instance refresh rolls a new launch template."),
        refreshMaxHealthyPercentage: wholeNumber(100, 200, "percent")
            .optional()
            .describe("Capacity allowed during an instance refresh; above 100 launches replacements before terminating. Default: AWS's (100)."),
        images: imagesSchema.default(FLEET_DEFAULTS.images).describe("Lifecycle of the ECR repository."),
    });

/** The app fleet's settings, defaults filled in: what AppFleet takes besides its wiring. */
export type FleetSettings = z.output<typeof fleetFields>;

/** The fleet's rules across keys: checked on the stack file and on AppFleet's args alike. */
export const FLEET_RULES: ReadonlyArray<SettingsRule<FleetSettings>> = [
    { path: ["minSize"], check: (f) => (f.minSize > f.maxSize ? `minSize (${f.minSize}) must not exceed maxSize (${f.maxSize})` : undefined) },
    {
        path: ["desiredCapacity"],
        check: (f) =>
            f.desiredCapacity < f.minSize || f.desiredCapacity > f.maxSize
                ? `desiredCapacity (${f.desiredCapacity}) must lie between minSize (${f.minSize}) and maxSize (${f.maxSize})`
                : undefined,
    },
    { path: ["instanceTypes"], check: (f) => instanceTypeProblems(f.instanceTypes) },
    {
        path: ["scaling", "targetValue"],
        check: (f) => (f.scaling.metric === "cpu" && f.scaling.targetValue > 100 ? `is a CPU percentage when metric is cpu: expected at most 100, got ${f.scaling.targetValue}` : undefined),
    },
    // PutWarmPool refuses groups with a mixed instances policy.
    {
        path: ["scaling", "warmPool"],
        check: (f) =>
            f.scaling.warmPool !== undefined && f.instanceTypes.length !== 1
                ? `needs exactly one instance type (AWS refuses warm pools on mixed-instance groups); instanceTypes has ${f.instanceTypes.length}`
                : undefined,
    },
    {
        path: ["scaling", "warmPool", "maxGroupPreparedCapacity"],
        check: (f) => {
            const cap = f.scaling.warmPool?.maxGroupPreparedCapacity;
            return cap !== undefined && cap < f.maxSize ? `must be at least maxSize (${f.maxSize})` : undefined;
        },
    },
    {
        path: ["refreshMaxHealthyPercentage"],
        check: (f) =>
            f.refreshMaxHealthyPercentage !== undefined && f.refreshMaxHealthyPercentage - f.refreshMinHealthyPercentage > 100
                ? "may be at most 100 above refreshMinHealthyPercentage"
                : undefined,
    },
    {
        path: ["certificateArn"],
        check: (f) =>
            f.certificateArn === undefined && !f.issueCertificate
                ? "HTTPS needs a certificate: set certificateArn to an ACM certificate in the stack's region, or issueCertificate: true to issue one validated in the dns hosted zone"
                : undefined,
    },
    { path: ["accessLogExpireDays"], check: (f) => afterLastArchiveStep(f.accessLogExpireDays) },
];

/** Log expiry must come after the last archive step of the log buckets. */
function afterLastArchiveStep(days: number | undefined): string | undefined {
    const deep = ARCHIVE_DEFAULTS.deepArchiveAfterDays;
    return days !== undefined && days <= deep ? `must come after the last archive step (${deep} days), got ${days}` : undefined;
}

export const fleetSchema = fleetFields
    .superRefine(refineWith(FLEET_RULES))
    .describe("The application tier: load balancer, WAF, Auto Scaling group and its image repository.");

const assetsFields = z
    .strictObject({
        priceClass: z
            .enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"])
            .default(ASSETS_DEFAULTS.priceClass)
            .describe("CloudFront price class of the static-assets distribution (which edge locations serve it)."),
        hostname: z
            .string()
            .regex(/^[a-z0-9-]+$/, { message: "expected a single DNS label such as assets" })
            .optional()
            .describe(
                `Label of the assets' public name <hostname>.<dns.zoneName>, served with an ACM certificate in us-east-1. Default: ${DEFAULT_ASSETS_LABELS.primary} (${DEFAULT_ASSETS_LABELS.dr} on a DR stack: CloudFront refuses a name another distribution already has).`,
            ),
        minimumTlsVersion: z
            .enum(CLOUDFRONT_TLS_POLICIES)
            .default(ASSETS_DEFAULTS.minimumTlsVersion)
            .describe(`Oldest CloudFront viewer security policy: ${CLOUDFRONT_TLS_POLICIES.join(", ")} (all TLS 1.2 or newer).`),
        rateLimitPer5Minutes: z
            .number({ message: "expected a number of requests" })
            .int({ message: "expected a whole number of requests" })
            .min(RATE_LIMIT_RANGE.min, { message: `expected at least ${RATE_LIMIT_RANGE.min} requests` })
            .max(RATE_LIMIT_RANGE.max, { message: `expected at most ${RATE_LIMIT_RANGE.max} requests` })
            .default(ASSETS_DEFAULTS.rateLimitPer5Minutes)
            .describe("Requests one client IP may send to the assets in 5 minutes before the CloudFront web ACL blocks it (a page loads many assets)."),
        accessLogExpireDays: wholeNumber(1, 36500, "days")
            .optional()
            .describe(`Days after which CloudFront access logs are deleted; after the last archive step (${ARCHIVE_DEFAULTS.deepArchiveAfterDays}). Default: kept.`),
        wafLogRetentionDays: retentionDays
            .default(ASSETS_DEFAULTS.wafLogRetentionDays)
            .describe(
                `Days the CloudFront web ACL's logs are kept in CloudWatch Logs (log group aws-waf-logs-<namePrefix>-assets in us-east-1); one of ${LOG_RETENTION_DAYS.join(", ")}.`,
            ),
    });

/** The static assets' settings, defaults filled in: what StaticAssets takes besides its wiring. */
export type AssetsSettings = z.output<typeof assetsFields>;

/** The assets' rules across keys, on the stack file and on StaticAssets' args alike. */
export const ASSETS_RULES: ReadonlyArray<SettingsRule<AssetsSettings>> = [{ path: ["accessLogExpireDays"], check: (a) => afterLastArchiveStep(a.accessLogExpireDays) }];

/** The `assets` section as StaticAssets validates it (without the section's own default). */
export const assetsSettingsSchema = assetsFields.superRefine(refineWith(ASSETS_RULES));

export const assetsSchema = assetsSettingsSchema
    .default(ASSETS_DEFAULTS)
    .describe("Static web assets: an S3 bucket behind CloudFront on its own name, with a web ACL (logged to CloudWatch Logs) and access logs.");

export type FleetConfig = FleetSettings;
export type AssetsConfig = AssetsSettings;
