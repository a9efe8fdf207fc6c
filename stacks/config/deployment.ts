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

/**
 * Environment variable that makes a run a read-only preview: the pull-request workflow sets it to
 * `true` for `pulumi preview`, and the stack's providers then assume `previewRoleArn` (and
 * `identityCenterPreviewRoleArn`) instead of the deploy roles. It chooses which role the program
 * asks for; what keeps a pull request's code out of the deploy roles is that those roles do not
 * trust CI's preview credentials (docs/delivery.md).
 */
export const PREVIEW_ONLY_ENV = "STARTUP_PLATFORM_PREVIEW_ONLY";

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
        previewRoleArn: z
            .string()
            .regex(IAM_ROLE_ARN, { message: "expected an IAM role ARN such as arn:aws:iam::111122223333:role/pulumi-preview" })
            .optional()
            .describe(
                `A read-only role in the stack's account that the providers assume instead of assumeRoleArn when ${PREVIEW_ONLY_ENV} is set, as the pull-request workflow does for pulumi preview: a pull request's code never runs as the deploy role. Required for such previews once assumeRoleArn is set. Default: none.`,
            ),
        identityCenterPreviewRoleArn: z
            .string()
            .regex(IAM_ROLE_ARN, { message: "expected an IAM role ARN such as arn:aws:iam::999988887777:role/identity-center-read-only" })
            .optional()
            .describe(
                `A read-only role in the account that manages IAM Identity Center, assumed instead of access.identityCenter.assumeRoleArn when ${PREVIEW_ONLY_ENV} is set. Required for such previews once access.identityCenter.assumeRoleArn is set. Default: none.`,
            ),
    })
    .superRefine((deployment, ctx) => {
        const roleAccount = deployment.assumeRoleArn === undefined ? undefined : arnAccount(deployment.assumeRoleArn);
        if (roleAccount !== undefined && deployment.accountId !== undefined && roleAccount !== deployment.accountId) {
            crossFieldIssue(ctx, ["assumeRoleArn"], `is in account ${roleAccount}, not accountId ${deployment.accountId}; the stack's role must be in the account it deploys into`);
        }
        if (deployment.assumeRoleArn === undefined) {
            if (deployment.sessionName !== undefined) crossFieldIssue(ctx, ["sessionName"], "only applies with assumeRoleArn");
            if (deployment.externalId !== undefined) crossFieldIssue(ctx, ["externalId"], "only applies with assumeRoleArn");
            if (deployment.previewRoleArn !== undefined) {
                crossFieldIssue(ctx, ["previewRoleArn"], "only applies with assumeRoleArn: without it, previews already use the (read-only) credentials they run with");
            }
        }
        const pinned = deployment.accountId ?? roleAccount;
        if (deployment.previewRoleArn !== undefined && pinned !== undefined && arnAccount(deployment.previewRoleArn) !== pinned) {
            crossFieldIssue(
                ctx,
                ["previewRoleArn"],
                `is in account ${arnAccount(deployment.previewRoleArn)}, not ${pinned}; the preview role must be in the account the stack deploys into`,
            );
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

/**
 * `STARTUP_PLATFORM_PREVIEW_ONLY` as a flag: `true`/`1` on, unset, empty, `false`/`0` off;
 * undefined for anything else (a typo must not silently mean "deploy role").
 */
export function parsePreviewOnly(value: string | undefined): boolean | undefined {
    const v = (value ?? "").trim().toLowerCase();
    if (v === "" || v === "false" || v === "0") return false;
    if (v === "true" || v === "1") return true;
    return undefined;
}

/**
 * Problems with running this stack as a read-only preview (`previewOnly` from
 * PREVIEW_ONLY_ENV's raw value), each naming the key to set. A preview must never fall back to the
 * deploy roles: with `assumeRoleArn` it needs `previewRoleArn`, with Identity Center's role it
 * needs `identityCenterPreviewRoleArn`. Also refuses an Identity Center preview role without the
 * role it stands in for, in every run.
 */
export function previewIdentityProblems(
    deployment: DeploymentConfig | undefined,
    identityCenterAssumeRoleArn: string | undefined,
    previewOnlyValue: string | undefined,
): string[] {
    const problems: string[] = [];
    if (deployment?.identityCenterPreviewRoleArn !== undefined && identityCenterAssumeRoleArn === undefined) {
        problems.push(
            "startup-platform:deployment.identityCenterPreviewRoleArn: only applies with access.identityCenter.assumeRoleArn; without it, Identity Center is previewed with the stack's own (preview) identity",
        );
    }
    const icPreview = deployment?.identityCenterPreviewRoleArn;
    if (icPreview !== undefined && identityCenterAssumeRoleArn !== undefined && arnAccount(icPreview) !== arnAccount(identityCenterAssumeRoleArn)) {
        problems.push(
            `startup-platform:deployment.identityCenterPreviewRoleArn: is in account ${arnAccount(icPreview)}, not ${arnAccount(identityCenterAssumeRoleArn)} (access.identityCenter.assumeRoleArn's); the preview role must be in the account that manages Identity Center`,
        );
    }
    const previewOnly = parsePreviewOnly(previewOnlyValue);
    if (previewOnly === undefined) {
        problems.push(`${PREVIEW_ONLY_ENV} (environment): got ${JSON.stringify(previewOnlyValue)}; expected true or false`);
        return problems;
    }
    if (!previewOnly) return problems;
    if (deployment?.assumeRoleArn !== undefined && deployment.previewRoleArn === undefined) {
        problems.push(
            `startup-platform:deployment.previewRoleArn: required while ${PREVIEW_ONLY_ENV} is set, because assumeRoleArn (${deployment.assumeRoleArn}) is the deploy role and a preview must not run as it; set a read-only role in the same account`,
        );
    }
    if (identityCenterAssumeRoleArn !== undefined && deployment?.identityCenterPreviewRoleArn === undefined) {
        problems.push(
            `startup-platform:deployment.identityCenterPreviewRoleArn: required while ${PREVIEW_ONLY_ENV} is set, because access.identityCenter.assumeRoleArn (${identityCenterAssumeRoleArn}) may change permission sets and a preview must not run as it; set a read-only role in that account`,
        );
    }
    return problems;
}
