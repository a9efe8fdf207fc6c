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

/**
 * Untagged images expire after some days; of the tagged ones only the newest N are kept. A rule
 * with tagStatus `tagged` must name tags, so `*` matches every tag.
 */
export function imageLifecyclePolicy(retention: ImageRetention): EcrLifecyclePolicy {
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
