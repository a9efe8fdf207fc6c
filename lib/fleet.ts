import { instanceTypeProblems } from "./instances";
import { RATE_LIMIT_RANGE } from "./waf";

/**
 * Validation of the app fleet's settings, as a table of `{ condition, message }` so every problem
 * is reported at once. Used by the AppFleet component and, key by key, by the stack config.
 */

/** TLS 1.3 security policies an HTTPS listener may use (AWS: "Security policies for your Application Load Balancer"). */
export const TLS13_POLICIES = [
    // TLS 1.2 and 1.3, forward-secret AEAD ciphers only, hybrid post-quantum key exchange; the console default.
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    // The same protocols and ciphers without the post-quantum key exchange.
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    // TLS 1.2 and 1.3 with a wider TLS 1.2 cipher list (includes CBC ciphers) for older clients.
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    // TLS 1.3 only.
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
] as const;

export type Tls13Policy = (typeof TLS13_POLICIES)[number];

/** Defaults shared by the AppFleet component and the `fleet` config section. */
export const FLEET_SETTING_DEFAULTS = {
    tlsPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    appPort: 8080,
    healthCheckPath: "/health",
    rootVolumeSizeGiB: 20,
    healthCheckGracePeriodSeconds: 120,
    instanceWarmupSeconds: 300,
    deregistrationDelaySeconds: 30,
    refreshMinHealthyPercentage: 90,
} as const;

export interface FleetCapacity {
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredCapacity: number;
}

export interface WarmPoolSettings {
    /** Instances kept stopped and initialised in the pool. */
    readonly minSize: number;
    /** Cap on group plus pool; unset lets the pool fill up to the group's max size. */
    readonly maxGroupPreparedCapacity?: number;
}

export interface FleetSettings extends FleetCapacity {
    readonly instanceTypes: readonly string[];
    readonly appPort: number;
    readonly healthCheckPath: string;
    readonly imageTag: string;
    readonly rateLimitPer5Minutes: number;
    readonly targetValue: number;
    readonly warmPool?: WarmPoolSettings;
    readonly refreshMinHealthyPercentage: number;
    readonly refreshMaxHealthyPercentage?: number;
    readonly tlsPolicy: string;
    readonly hasCertificate: boolean;
}

/** Docker tag grammar; `latest` is refused because the repository's tags are immutable. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

interface Check {
    readonly condition: boolean;
    readonly message: string;
}

export function capacityProblems(c: FleetCapacity): string[] {
    const checks: Check[] = [
        { condition: Number.isInteger(c.minSize) && c.minSize >= 0, message: `minSize must be a whole number of at least 0, got ${c.minSize}` },
        { condition: Number.isInteger(c.maxSize) && c.maxSize >= 1, message: `maxSize must be a whole number of at least 1, got ${c.maxSize}` },
        { condition: c.minSize <= c.maxSize, message: `minSize (${c.minSize}) must not exceed maxSize (${c.maxSize})` },
        {
            condition: c.desiredCapacity >= c.minSize && c.desiredCapacity <= c.maxSize,
            message: `desiredCapacity (${c.desiredCapacity}) must lie between minSize (${c.minSize}) and maxSize (${c.maxSize})`,
        },
    ];
    return checks.filter((c) => !c.condition).map((c) => c.message);
}

/** Every problem with a fleet's settings; empty when fine. */
export function fleetProblems(s: FleetSettings): string[] {
    const max = s.refreshMaxHealthyPercentage;
    const checks: Check[] = [
        ...instanceTypeProblems(s.instanceTypes).map((message) => ({ condition: false, message })),
        ...capacityProblems(s).map((message) => ({ condition: false, message })),
        { condition: Number.isInteger(s.appPort) && s.appPort >= 1024 && s.appPort <= 65535, message: `appPort must be 1024-65535 (an unprivileged port), got ${s.appPort}` },
        { condition: /^\/[A-Za-z0-9._~/-]*$/.test(s.healthCheckPath), message: `healthCheckPath must be a path such as /health, got "${s.healthCheckPath}"` },
        { condition: IMAGE_TAG.test(s.imageTag), message: `imageTag "${s.imageTag}" is not a valid image tag` },
        { condition: s.imageTag !== "latest", message: 'imageTag must name a release (tags are immutable, so "latest" could never move)' },
        {
            condition: Number.isInteger(s.rateLimitPer5Minutes) && s.rateLimitPer5Minutes >= RATE_LIMIT_RANGE.min && s.rateLimitPer5Minutes <= RATE_LIMIT_RANGE.max,
            message: `rateLimitPer5Minutes must be ${RATE_LIMIT_RANGE.min}-${RATE_LIMIT_RANGE.max}, got ${s.rateLimitPer5Minutes}`,
        },
        { condition: s.targetValue > 0, message: `the scaling target value must be positive, got ${s.targetValue}` },
        // PutWarmPool refuses groups with a mixed instances policy.
        {
            condition: s.warmPool === undefined || s.instanceTypes.length === 1,
            message: `a warm pool needs exactly one instance type (AWS refuses warm pools on mixed-instance groups), got ${s.instanceTypes.length}`,
        },
        {
            condition: s.warmPool === undefined || (Number.isInteger(s.warmPool.minSize) && s.warmPool.minSize >= 0),
            message: `warmPool.minSize must be a whole number of at least 0, got ${s.warmPool?.minSize}`,
        },
        {
            condition: s.warmPool?.maxGroupPreparedCapacity === undefined || s.warmPool.maxGroupPreparedCapacity >= s.maxSize,
            message: `warmPool.maxGroupPreparedCapacity (${s.warmPool?.maxGroupPreparedCapacity}) must be at least maxSize (${s.maxSize})`,
        },
        {
            condition: s.refreshMinHealthyPercentage >= 0 && s.refreshMinHealthyPercentage <= 100,
            message: `refreshMinHealthyPercentage must be 0-100, got ${s.refreshMinHealthyPercentage}`,
        },
        {
            condition: max === undefined || (max >= 100 && max <= 200 && max - s.refreshMinHealthyPercentage <= 100),
            message: `refreshMaxHealthyPercentage must be 100-200 and at most 100 above the minimum, got ${max}`,
        },
        { condition: (TLS13_POLICIES as readonly string[]).includes(s.tlsPolicy), message: `tlsPolicy must be one of ${TLS13_POLICIES.join(", ")}, got ${s.tlsPolicy}` },
        {
            condition: s.hasCertificate,
            message: "HTTPS needs a certificate: give an ACM certificate ARN, or a hosted zone and domain name to issue one validated by DNS",
        },
    ];
    return checks.filter((c) => !c.condition).map((c) => c.message);
}

/**
 * How long `pulumi up` waits for the group's healthy, in-service capacity (`waitForCapacityTimeout`):
 * the launch hook's heartbeat (an instance is in service only once its app answers, or is abandoned
 * then) plus 5 minutes for the launch itself and the replacement of one that failed. The provider's
 * default, 10 minutes, is shorter than the 15-minute hook.
 */
export function capacityWaitTimeout(launchTimeoutSeconds: number): string {
    return `${Math.ceil(launchTimeoutSeconds / 60) + 5}m`;
}

/** What the stack knows about the image its fleet runs, at deploy time. */
export interface ImageAvailability {
    /** The stack's ECR repository. */
    readonly repositoryName: string;
    /** The tag the launch template runs (`fleet.imageTag`). */
    readonly imageTag: string;
    /** Tags the repository holds now. */
    readonly tags: readonly string[];
    /** The repository is filled by ECR replication from the primary's registry (a DR stack). */
    readonly replicated: boolean;
}

/**
 * Whether `pulumi up` waits for healthy capacity, given the image. With the tag in the repository
 * it waits (and fails if instances do not become healthy). A new stack's repository is empty until
 * the first push, and no instance can start: the group is then created without waiting, so the
 * first `pulumi up` completes, and the instances come up once the image is pushed. A tag missing
 * from a repository that has images is a release not pushed yet: a primary's deploy fails before
 * changing anything (an instance refresh would replace healthy instances with ones that cannot
 * start); a DR stack's does not wait, because ECR replication copies the tag within minutes.
 */
export function imageGate(image: ImageAvailability): { readonly waitForCapacity: boolean; readonly warning?: string; readonly problem?: string } {
    const ref = `${image.repositoryName}:${image.imageTag}`;
    if (image.tags.includes(image.imageTag)) return { waitForCapacity: true };
    if (image.tags.length === 0) {
        const fill = image.replicated
            ? `ECR replication copies only images pushed after it exists: copy ${ref} from the primary's registry (docs/dr-runbook.md, "First deploy")`
            : `push ${ref} (README, "Deploying for real")`;
        return {
            waitForCapacity: false,
            warning: `${image.repositoryName} holds no image yet (a new stack): the Auto Scaling group is not waited for, and its instances wait for the image, or are replaced, until it is there; ${fill}, then run pulumi up again, which waits for healthy instances`,
        };
    }
    if (image.replicated) {
        return {
            waitForCapacity: false,
            warning: `${ref} is not in this region's repository yet (ECR replication from the primary's registry usually takes minutes): the Auto Scaling group is not waited for; new instances wait for the image`,
        };
    }
    return {
        waitForCapacity: false,
        problem: `startup-platform:fleet.imageTag: ${ref} is not in the repository (it holds other tags); push the image before deploying, or new instances and an instance refresh could not start`,
    };
}
