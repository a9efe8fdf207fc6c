import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { imageLifecyclePolicy } from "../lib/ecr";
import { imagesSchema } from "../stacks/config/fleet";
import { parseSettings } from "../stacks/config/rules";

/** What the stack wires into the repository; its lifecycle is the `fleet.images` section. */
export interface ImageRepositoryWiring {
    /**
     * Repository name, e.g. `startup-prod/app` (lower case, `/` separates namespaces); an Output
     * in the DR stack, whose replica repository takes the primary's name.
     */
    readonly repositoryName: pulumi.Input<string>;
    /** KMS key that encrypts the images at rest. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Let `pulumi destroy` delete a repository that still holds images (never in prod). @default false */
    readonly forceDelete?: boolean;
    /** Protect the repository from deletion by Pulumi. @default false */
    readonly protect?: boolean;
}

/** The lifecycle settings (`fleet.images`, stacks/config/fleet.ts) plus the wiring. */
export type ImageRepositoryArgs = z.input<typeof imagesSchema> & ImageRepositoryWiring;

/** ECR's repository-name grammar. */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * The ECR repository of the app's container images: immutable tags (a tag always means the same
 * image, so a rollout is reproducible), scan on push, KMS encryption, and a lifecycle policy that
 * keeps the last tagged releases and drops untagged layers.
 */
export class ImageRepository extends pulumi.ComponentResource {
    public readonly repositoryUrl: pulumi.Output<string>;
    public readonly repositoryArn: pulumi.Output<string>;
    public readonly repositoryName: pulumi.Output<string>;
    public readonly registryId: pulumi.Output<string>;

    constructor(name: string, args: ImageRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        const retention = parseSettings("ImageRepository", name, imagesSchema, args);
        // A name known now is checked now; one from another stack when it resolves.
        const nameProblem = (repositoryName: string) =>
            REPOSITORY_NAME.test(repositoryName) && repositoryName.length >= 2 && repositoryName.length <= 256
                ? undefined
                : `repositoryName "${repositoryName}" must be 2-256 lower-case letters, digits and . _ - /, such as startup-prod/app`;
        const known = typeof args.repositoryName === "string" ? nameProblem(args.repositoryName) : undefined;
        if (known !== undefined) throw new Error(`ImageRepository ${name}: ${known}`);
        const repositoryName = pulumi.output(args.repositoryName).apply((n) => {
            const problem = nameProblem(n);
            if (problem !== undefined) throw new Error(`ImageRepository ${name}: ${problem}`);
            return n;
        });
        super("startup:compute:ImageRepository", name, {}, opts);

        const repository = new aws.ecr.Repository(
            `${name}-repository`,
            {
                name: repositoryName,
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
                forceDelete: args.forceDelete ?? false,
                tags: { Name: repositoryName },
            },
            { parent: this, protect: args.protect },
        );
        new aws.ecr.LifecyclePolicy(
            `${name}-lifecycle`,
            { repository: repository.name, policy: JSON.stringify(imageLifecyclePolicy(retention)) },
            { parent: this },
        );

        this.repositoryUrl = repository.repositoryUrl;
        this.repositoryArn = repository.arn;
        this.repositoryName = repository.name;
        this.registryId = repository.registryId;
        this.registerOutputs({
            repositoryUrl: this.repositoryUrl,
            repositoryArn: this.repositoryArn,
            repositoryName: this.repositoryName,
            registryId: this.registryId,
        });
    }
}
