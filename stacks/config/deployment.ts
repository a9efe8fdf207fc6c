import { z } from "zod";
import { IAM_ROLE_ARN, arnAccount, crossFieldIssue } from "./rules";

/**
 * Where a stack deploys: which AWS account its providers are pinned to, and the role they assume
 * there. Without any of it a stack deploys with whatever credentials run Pulumi (CI's OIDC role, or
 * `aws sso login` locally), into whatever account those belong to.
 */

/** STS role session names: 2-64 of letters, digits and `+=,.@_-` (AssumeRole RoleSessionName). */
export const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** STS external ids: 2-1224 of letters, digits and `+=,.@:/_-` (AssumeRole ExternalId). */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export const deploymentSchema = z
    .strictObject({
        accountId: z
            .string()
            .regex(/^\d{12}$/, { message: "expected a 12-digit AWS account id" })
            .optional()
            .describe(
                "The AWS account this stack deploys into. Every provider of the stack refuses to act in any other account (allowedAccountIds), so credentials for the wrong account fail before changing anything. Default: the account of assumeRoleArn, else not pinned.",
            ),
        assumeRoleArn: z
            .string()
            .regex(IAM_ROLE_ARN, { message: "expected an IAM role ARN such as arn:aws:iam::111122223333:role/pulumi-deploy" })
            .optional()
            .describe(
                "A role in the stack's account that the stack's providers assume with the credentials Pulumi runs with (CI's OIDC role, or yours). Its trust policy must allow those principals. Default: none; the credentials are used as they are.",
            ),
        sessionName: z
            .string()
            .regex(ROLE_SESSION_NAME, { message: "expected 2-64 letters, digits or +=,.@_-" })
            .optional()
            .describe("Role session name of assumeRoleArn, shown in CloudTrail. Default: pulumi-<stack>."),
        externalId: z
            .string()
            .regex(EXTERNAL_ID, { message: "expected 2-1224 letters, digits or +=,.@:/_-" })
            .optional()
            .describe("External id the role's trust policy requires (sts:ExternalId), if it requires one. Default: none."),
    })
    .superRefine((deployment, ctx) => {
        const roleAccount = deployment.assumeRoleArn === undefined ? undefined : arnAccount(deployment.assumeRoleArn);
        if (roleAccount !== undefined && deployment.accountId !== undefined && roleAccount !== deployment.accountId) {
            crossFieldIssue(ctx, ["assumeRoleArn"], `is in account ${roleAccount}, not accountId ${deployment.accountId}; the stack's role must be in the account it deploys into`);
        }
        if (deployment.assumeRoleArn === undefined) {
            if (deployment.sessionName !== undefined) crossFieldIssue(ctx, ["sessionName"], "only applies with assumeRoleArn");
            if (deployment.externalId !== undefined) crossFieldIssue(ctx, ["externalId"], "only applies with assumeRoleArn");
        }
    })
    .optional()
    .describe(
        "The AWS account the stack deploys into and the role it assumes there, so dev and prod can live in separate accounts; see README, Deploying for real. Default: the credentials Pulumi runs with, unpinned.",
    );

export type DeploymentConfig = NonNullable<z.infer<typeof deploymentSchema>>;

/** The account a stack is pinned to: `accountId`, else the account of its role; undefined when unpinned. */
export function pinnedAccount(deployment: DeploymentConfig | undefined): string | undefined {
    if (deployment === undefined) return undefined;
    return deployment.accountId ?? (deployment.assumeRoleArn === undefined ? undefined : arnAccount(deployment.assumeRoleArn));
}
