/**
 * ECR lifecycle policies as plain data (the JSON `aws.ecr.LifecyclePolicy` takes).
 */

export interface EcrLifecycleRule {
    rulePriority: number;
    description: string;
    selection: {
        tagStatus: "tagged" | "untagged" | "any";
        tagPatternList?: string[];
        countType: "imageCountMoreThan" | "sinceImagePushed";
        countUnit?: "days";
        countNumber: number;
    };
    action: { type: "expire" };
}

export interface EcrLifecyclePolicy {
    rules: EcrLifecycleRule[];
}

export interface ImageRetention {
    /** Tagged images kept, newest first; older ones expire. */
    readonly keepTaggedImages: number;
    /** Days after which untagged images (failed or superseded pushes) expire. */
    readonly expireUntaggedAfterDays: number;
}

/** Defaults of the image repository's lifecycle. */
export const IMAGE_RETENTION_DEFAULTS = { keepTaggedImages: 30, expireUntaggedAfterDays: 7 } as const;

/** Checks the numbers against ECR's limits; returns what is wrong, empty when fine. */
export function imageRetentionProblems(retention: ImageRetention): string[] {
    const problems: string[] = [];
    // ECR requires countNumber to be a positive integer.
    if (!Number.isInteger(retention.keepTaggedImages) || retention.keepTaggedImages < 1) {
        problems.push(`keepTaggedImages must be a whole number of at least 1, got ${retention.keepTaggedImages}`);
    }
    if (!Number.isInteger(retention.expireUntaggedAfterDays) || retention.expireUntaggedAfterDays < 1) {
        problems.push(`expireUntaggedAfterDays must be a whole number of at least 1, got ${retention.expireUntaggedAfterDays}`);
    }
    return problems;
}

/**
 * Untagged images expire after some days; of the tagged ones only the newest N are kept. A rule
 * with tagStatus `tagged` must name tags, so `*` matches every tag.
 */
export function imageLifecyclePolicy(retention: ImageRetention): EcrLifecyclePolicy {
    const problems = imageRetentionProblems(retention);
    if (problems.length > 0) throw new Error(`image retention: ${problems.join("; ")}`);
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images after ${retention.expireUntaggedAfterDays} days`,
                selection: {
                    tagStatus: "untagged",
                    countType: "sinceImagePushed",
                    countUnit: "days",
                    countNumber: retention.expireUntaggedAfterDays,
                },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the last ${retention.keepTaggedImages} tagged images`,
                selection: {
                    tagStatus: "tagged",
                    tagPatternList: ["*"],
                    countType: "imageCountMoreThan",
                    countNumber: retention.keepTaggedImages,
                },
                action: { type: "expire" },
            },
        ],
    };
}
