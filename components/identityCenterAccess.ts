import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    ACCESS_ROLES,
    AccessRole,
    PERMISSION_SET_NAME,
    inlinePolicyProblems,
    managedPolicyArn,
    permissionSetSessionDuration,
    roleGrants,
    roleInlinePolicy,
} from "../lib/accessPolicy";
import { physicalName } from "../lib/naming";
import { identityCenterAccessSettingsSchema } from "../stacks/config/access";
import { parseSettings } from "../stacks/config/rules";

/** What the stack wires into people's access; the provider it is given acts in the instance's home Region. */
export interface IdentityCenterAccessWiring {
    /** Prefix of the permission sets' names: `<namePrefix>-<role>` (at most 32 characters). */
    readonly namePrefix: string;
    /** The AWS account people get access to (the stack's own). */
    readonly targetAccountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Value of the `Project` tag on instances developers may open sessions on. */
    readonly project: string;
}

/**
 * The `access.identityCenter` settings (stacks/config/access.ts: the home `region`, the groups per
 * role and each role's session hours) and `access.developerAccess`, plus the wiring.
 */
export type IdentityCenterAccessArgs = z.input<typeof identityCenterAccessSettingsSchema> & IdentityCenterAccessWiring;

/**
 * People's access to the stack's account through IAM Identity Center: one permission set per role
 * with the AWS managed policies and inline policy `lib/accessPolicy.ts` gives that role (the same
 * source as the break-glass group), a session length, and an account assignment for each
 * configured group. The instance is the one in the provider's Region (`getInstances`): an
 * organization instance, managed from the management account or the delegated administrator, whose
 * credentials the provider must carry. Account instances of Identity Center cannot hold permission
 * sets.
 */
export class IdentityCenterAccess extends pulumi.ComponentResource {
    public readonly instanceArn: pulumi.Output<string>;
    public readonly identityStoreId: pulumi.Output<string>;
    public readonly permissionSetArns: Record<AccessRole, pulumi.Output<string>>;
    public readonly permissionSetNames: Record<AccessRole, string>;

    constructor(name: string, args: IdentityCenterAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const s = parseSettings("IdentityCenterAccess", name, identityCenterAccessSettingsSchema, args);
        const grants = roleGrants(s.developerAccess);
        const names = Object.fromEntries(ACCESS_ROLES.map((role) => [role, physicalName(args.namePrefix, role, 32)])) as Record<AccessRole, string>;
        const problems: string[] = [];
        for (const role of ACCESS_ROLES) {
            if (!PERMISSION_SET_NAME.test(names[role])) problems.push(`permission set name "${names[role]}" is not 1-32 of letters, digits and +=,.@_-`);
            // The size does not depend on the account id's value: check it before anything exists.
            const inline = roleInlinePolicy(grants[role], { partition: "aws-us-gov", accountId: "000000000000", project: args.project });
            if (inline !== undefined) problems.push(...inlinePolicyProblems(inline).map((p) => `${role}: ${p}`));
        }
        if (problems.length > 0) throw new Error(`IdentityCenterAccess ${name}: ${problems.join("; ")}`);
        super("startup:security:IdentityCenterAccess", name, {}, opts);

        const instances = aws.ssoadmin.getInstancesOutput({}, { parent: this });
        const instanceArn = instances.apply((found) => {
            if (found.arns.length === 0) {
                throw new Error(
                    `no IAM Identity Center instance in ${s.region} for these credentials: enable Identity Center for the organization there (its home Region), and deploy with the management account or the delegated administrator (access.identityCenter.assumeRoleArn)`,
                );
            }
            return found.arns[0];
        });

        const arns = {} as Record<AccessRole, pulumi.Output<string>>;
        for (const role of ACCESS_ROLES) {
            const permissionSet = new aws.ssoadmin.PermissionSet(
                `${name}-${role}`,
                {
                    instanceArn,
                    name: names[role],
                    description: `${args.namePrefix}: ${role} (managed by Pulumi; policies from lib/accessPolicy.ts)`,
                    sessionDuration: permissionSetSessionDuration(s.sessionHours[role]),
                    tags: { Name: names[role] },
                },
                { parent: this },
            );
            const policies: pulumi.Resource[] = grants[role].managedPolicies.map(
                (policy) =>
                    new aws.ssoadmin.ManagedPolicyAttachment(
                        `${name}-${role}-${policy.split("/").pop()}`,
                        { instanceArn, permissionSetArn: permissionSet.arn, managedPolicyArn: pulumi.output(args.partition).apply((p) => managedPolicyArn(p, policy)) },
                        { parent: this },
                    ),
            );
            if (roleInlinePolicy(grants[role], { partition: "aws", accountId: "000000000000", project: args.project }) !== undefined) {
                policies.push(
                    new aws.ssoadmin.PermissionSetInlinePolicy(
                        `${name}-${role}-inline`,
                        {
                            instanceArn,
                            permissionSetArn: permissionSet.arn,
                            inlinePolicy: pulumi
                                .all([args.partition, args.targetAccountId])
                                .apply(([partition, accountId]) => JSON.stringify(roleInlinePolicy(grants[role], { partition, accountId, project: args.project }))),
                        },
                        { parent: this },
                    ),
                );
            }
            s.groups[role].forEach((groupId, i) => {
                // After the policies: an assignment provisions the permission set into the account.
                new aws.ssoadmin.AccountAssignment(
                    `${name}-${role}-group-${i}`,
                    {
                        instanceArn,
                        permissionSetArn: permissionSet.arn,
                        principalId: groupId,
                        principalType: "GROUP",
                        targetId: args.targetAccountId,
                        targetType: "AWS_ACCOUNT",
                    },
                    { parent: this, dependsOn: policies },
                );
            });
            arns[role] = permissionSet.arn;
        }

        this.instanceArn = instanceArn;
        this.identityStoreId = instances.apply((found) => found.identityStoreIds[0]);
        this.permissionSetArns = arns;
        this.permissionSetNames = names;
        this.registerOutputs({
            instanceArn: this.instanceArn,
            identityStoreId: this.identityStoreId,
            permissionSetArns: this.permissionSetArns,
            permissionSetNames: this.permissionSetNames,
        });
    }
}
