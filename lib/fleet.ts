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
