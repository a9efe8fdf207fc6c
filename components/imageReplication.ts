import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ImageReplicationArgs {
    /** Account of the registry and of the destinations (same-account, cross-region replication). */
    readonly accountId: pulumi.Input<string>;
    /** Region of the source registry: the provider's region. */
    readonly sourceRegion: pulumi.Input<string>;
    /** Regions that receive the images. */
    readonly destinationRegions: readonly string[];
    /** Repository-name prefixes replicated (`PREFIX_MATCH`), e.g. the app repository's name. */
    readonly repositoryPrefixes: ReadonlyArray<pulumi.Input<string>>;
    /**
     * The destination repositories: replication waits for them, so that it fills repositories
     * with our encryption and lifecycle instead of creating AES-256 ones of its own. @default []
     */
    readonly waitFor?: pulumi.Input<pulumi.Resource>[];
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/**
 * ECR cross-region replication of the source registry. The configuration is REGISTRY-wide (one
 * per account and region, `PutReplicationConfiguration` replaces it), so exactly one stack may own
 * it for a registry: the DR stack, for the primary's. Only images pushed after it exists are
 * replicated (see docs/dr-runbook.md, first deploy).
 */
export class ImageReplication extends pulumi.ComponentResource {
    public readonly registryId: pulumi.Output<string>;

    constructor(name: string, args: ImageReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems: string[] = [];
        if (args.destinationRegions.length === 0) problems.push("destinationRegions: give at least one region");
        if (args.repositoryPrefixes.length === 0) problems.push("repositoryPrefixes: give at least one repository name prefix");
        for (const region of args.destinationRegions) {
            if (!REGION.test(region)) problems.push(`destinationRegions: "${region}" is not a region name such as us-west-2`);
            if (region === args.sourceRegion) problems.push(`destinationRegions: ${region} is the source registry's region`);
        }
        if (new Set(args.destinationRegions).size !== args.destinationRegions.length) problems.push("destinationRegions: list each region once");
        if (problems.length > 0) throw new Error(`ImageReplication ${name}: ${problems.join("; ")}`);
        super("startup:compute:ImageReplication", name, {}, opts);

        const configuration = new aws.ecr.ReplicationConfiguration(
            `${name}-configuration`,
            {
                replicationConfiguration: {
                    rules: [
                        {
                            destinations: args.destinationRegions.map((region) => ({ region, registryId: args.accountId })),
                            repositoryFilters: args.repositoryPrefixes.map((filter) => ({ filter, filterType: "PREFIX_MATCH" })),
                        },
                    ],
                },
            },
            { parent: this, dependsOn: args.waitFor ?? [] },
        );
        this.registryId = configuration.registryId;
        this.registerOutputs({ registryId: this.registryId });
    }
}
