/**
 * Pure facts and decisions of the app fleet: the listener's TLS policies, the image tag grammar,
 * how long a deploy waits for capacity and whether it can (the fleet's settings and their rules
 * are in stacks/config/fleet.ts, checked there for config and code alike).
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

export interface FleetCapacity {
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredCapacity: number;
}

/** Docker tag grammar; `latest` is refused because the repository's tags are immutable. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

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
