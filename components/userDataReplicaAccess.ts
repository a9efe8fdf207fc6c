import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ownUserDataPolicy, ownUserDataPolicyProblems } from "../lib/identityPolicy";
import { physicalName } from "../lib/naming";

export interface UserDataReplicaAccessArgs {
    /** Prefix of AWS names (the inline policy's). */
    readonly namePrefix: string;
    /** Region of the copies (the stack's); every ARN given must be of this region. */
    readonly region: string;
    /** Name of the identity pool's authenticated role, which another stack (the primary) owns. */
    readonly roleName: pulumi.Input<string>;
    /**
     * That role's unique id (`AROA...`). A role replaced under the same name has a new one, and the
     * policy is put on it again; by name alone, the new role would silently lack it.
     */
    readonly roleUniqueId: pulumi.Input<string>;
    /** ARN of the user-data table's replica in `region`. @default - no table access */
    readonly tableArn?: pulumi.Input<string>;
    /** ARN of the bucket that holds the uploads' copies in `region`. @default - no uploads access */
    readonly bucketArn?: pulumi.Input<string>;
    /** Key in `region` that encrypts the table replica and the bucket. */
    readonly kmsKeyArn: pulumi.Input<string>;
}

/**
 * Lets the signed-in users of another stack's identity pool reach their own data in this region's
 * copies (a global-table replica, a replicated uploads bucket): the same per-identity policy as the
 * primary's (`ownUserDataPolicy`), on this region's ARNs and key, as an inline policy that this
 * stack puts on the primary's authenticated role. The primary never reads this stack, so the role
 * cannot list these ARNs itself. It must not declare `inlinePolicies` (that would remove this one)
 * and is created with `forceDetachPolicies`, so deleting it does not fail on this policy.
 */
export class UserDataReplicaAccess extends pulumi.ComponentResource {
    /** Name of the inline policy on the role. */
    public readonly policyName: pulumi.Output<string>;
    /** The role it is put on. */
    public readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: UserDataReplicaAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const known = (value: pulumi.Input<string> | undefined) => (typeof value === "string" ? value : undefined);
        const now = { tableArn: known(args.tableArn), bucketArn: known(args.bucketArn), kmsKeyArn: known(args.kmsKeyArn) };
        const allKnown =
            now.kmsKeyArn !== undefined && (args.tableArn === undefined || now.tableArn !== undefined) && (args.bucketArn === undefined || now.bucketArn !== undefined);
        // Checked now when every value is known; otherwise when the policy is built (deploy time).
        const problems =
            args.tableArn === undefined && args.bucketArn === undefined
                ? ["give a tableArn, a bucketArn or both: a policy without either grants nothing"]
                : allKnown
                  ? ownUserDataPolicyProblems({ ...now, kmsKeyArn: now.kmsKeyArn as string, region: args.region })
                  : [];
        if (problems.length > 0) throw new Error(`UserDataReplicaAccess ${name}: ${problems.join("; ")}`);
        super("startup:identity:UserDataReplicaAccess", name, {}, opts);

        const policyName = physicalName(args.namePrefix, `user-data-own-items-${args.region}`);
        const policy = new aws.iam.RolePolicy(
            `${name}-policy`,
            {
                name: policyName,
                role: args.roleName,
                policy: pulumi
                    .all([args.kmsKeyArn, args.tableArn, args.bucketArn])
                    .apply(([kmsKeyArn, tableArn, bucketArn]) => {
                        const late = ownUserDataPolicyProblems({ tableArn, bucketArn, kmsKeyArn, region: args.region });
                        if (late.length > 0) throw new Error(`UserDataReplicaAccess ${name}: ${late.join("; ")}`);
                        return JSON.stringify(ownUserDataPolicy({ tableArn, bucketArn, kmsKeyArn, region: args.region }));
                    }),
            },
            {
                parent: this,
                // A new role under the old name: put the policy on it again. Delete first: the old and
                // the new policy have the same id (role name and policy name), so a create-then-delete
                // replacement would delete the policy it just put.
                replacementTrigger: args.roleUniqueId,
                deleteBeforeReplace: true,
            },
        );

        this.policyName = policy.name;
        this.roleName = policy.role;
        this.registerOutputs({ policyName: this.policyName, roleName: this.roleName });
    }
}
