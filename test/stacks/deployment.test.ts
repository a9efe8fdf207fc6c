import { expect } from "chai";
import { PREVIEW_ONLY_ENV } from "../../stacks/config/deployment";
import { PRIMARY_EXPORTS } from "../../stacks/outputs";
import { OfflineProgramError, OfflineRun, RecordedResource, readStackConfigFile } from "../../tools/offline/run";
import { MOCK_ACCOUNT_ID, PRIMARY_STACK, one, runOffline, some, stackRuns } from "../helpers";

/**
 * Separate accounts per stack: `startup-platform:deployment` pins every provider of a stack to its
 * account and makes it assume the stack's role; the DR stack acts in the primary's account, as the
 * primary's role, for what it creates there.
 */

const PROD_ACCOUNT = "111122223333";
const PROD_ROLE = `arn:aws:iam::${PROD_ACCOUNT}:role/pulumi-prod`;
const DR_ROLE = `arn:aws:iam::${PROD_ACCOUNT}:role/pulumi-dr`;
const MANAGEMENT_ROLE = "arn:aws:iam::999988887777:role/identity-center-admin";

/** A provider input that may reach the engine as JSON text. */
function structured<T>(value: unknown): T {
    return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

function identityOf(provider: RecordedResource): { accounts?: string[]; roles?: Array<Record<string, string>> } {
    return { accounts: structured(provider.inputs.allowedAccountIds), roles: structured(provider.inputs.assumeRoles) };
}

const providerOf = (run: OfflineRun, name: string) => one(run, "pulumi:providers:aws", name);

function withDeployment(stack: string, deployment: Record<string, unknown>, edit?: (config: Record<string, unknown>) => void): Record<string, unknown> {
    const config = readStackConfigFile(stack);
    config["startup-platform:deployment"] = deployment;
    edit?.(config);
    return config;
}

describe("deployment: one account and role per stack", () => {
    let prod: OfflineRun;
    before(async () => {
        prod = await runOffline({
            stack: "prod",
            config: withDeployment("prod", { accountId: PROD_ACCOUNT, assumeRoleArn: PROD_ROLE, externalId: "startup-prod" }, (config) => {
                const access = config["startup-platform:access"] as { identityCenter: Record<string, unknown> };
                access.identityCenter = { ...access.identityCenter, assumeRoleArn: MANAGEMENT_ROLE };
            }),
        });
    });

    it("pins prod's provider to its account and assumes its role, and the program acts in that account", () => {
        expect(identityOf(providerOf(prod, "aws-us-east-1"))).to.deep.equal({
            accounts: [PROD_ACCOUNT],
            roles: [{ roleArn: PROD_ROLE, sessionName: "pulumi-prod", externalId: "startup-prod" }],
        });
        expect(prod.outputs[PRIMARY_EXPORTS.deployment]).to.deep.equal({ accountId: PROD_ACCOUNT, assumeRoleArn: PROD_ROLE, externalId: "startup-prod" });
        expect(String(prod.outputs.operationsTopicArn)).to.include(`:${PROD_ACCOUNT}:`);
    });

    it("manages permission sets as the management account's role, assigning them in prod's account", () => {
        expect(identityOf(providerOf(prod, "aws-identity-center"))).to.deep.equal({
            accounts: ["999988887777"],
            roles: [{ roleArn: MANAGEMENT_ROLE, sessionName: "pulumi-prod" }],
        });
        for (const assignment of some(prod, "aws:ssoadmin/accountAssignment:AccountAssignment")) {
            expect(assignment.provider?.endsWith("::aws-identity-center"), assignment.name).to.equal(true);
            expect(assignment.inputs.targetId).to.equal(PROD_ACCOUNT);
        }
    });

    it("leaves providers unpinned and role-less where deployment is not set (the committed stacks)", async () => {
        const { dev } = await stackRuns();
        expect(identityOf(providerOf(dev, "aws-us-east-1"))).to.deep.equal({ accounts: undefined, roles: undefined });
    });

    it("acts in prod's account as prod's role for DR's resources in prod's Region, and as its own role elsewhere", async () => {
        const dr = await runOffline({
            stack: "dr",
            config: withDeployment("dr", { accountId: PROD_ACCOUNT, assumeRoleArn: DR_ROLE }),
            stackOutputs: { [PRIMARY_STACK]: prod.outputs },
        });
        expect(identityOf(providerOf(dr, "aws-us-west-2"))).to.deep.equal({ accounts: [PROD_ACCOUNT], roles: [{ roleArn: DR_ROLE, sessionName: "pulumi-dr" }] });
        expect(identityOf(providerOf(dr, "aws-primary"))).to.deep.equal({
            accounts: [PROD_ACCOUNT],
            roles: [{ roleArn: PROD_ROLE, sessionName: "pulumi-dr", externalId: "startup-prod" }],
        });
    });

    it("uses DR's own role in prod's Region when prod deploys without one, still pinned to prod's account", async () => {
        const plainProd = { ...prod.outputs, [PRIMARY_EXPORTS.deployment]: { accountId: PROD_ACCOUNT } };
        const dr = await runOffline({ stack: "dr", config: withDeployment("dr", { assumeRoleArn: DR_ROLE }), stackOutputs: { [PRIMARY_STACK]: plainProd } });
        expect(identityOf(providerOf(dr, "aws-primary"))).to.deep.equal({ accounts: [PROD_ACCOUNT], roles: [{ roleArn: DR_ROLE, sessionName: "pulumi-dr" }] });
    });

    it("refuses a DR stack in another account than its primary, at deploy time", async () => {
        let error: OfflineProgramError | undefined;
        try {
            await runOffline({ stack: "dr", stackOutputs: { [PRIMARY_STACK]: prod.outputs } });
        } catch (err) {
            error = err as OfflineProgramError;
        }
        expect(error?.message).to.include(`startup-platform:deployment: the DR stack deploys into ${MOCK_ACCOUNT_ID}, but its primary is in ${PROD_ACCOUNT}`);
    });

    describe(`a read-only preview (${PREVIEW_ONLY_ENV}, as the pull-request workflow runs it)`, () => {
        const PROD_PREVIEW = `arn:aws:iam::${PROD_ACCOUNT}:role/pulumi-prod-preview`;
        const DR_PREVIEW = `arn:aws:iam::${PROD_ACCOUNT}:role/pulumi-dr-preview`;
        const MANAGEMENT_PREVIEW = "arn:aws:iam::999988887777:role/identity-center-read-only";
        let saved: string | undefined;
        before(() => {
            saved = process.env[PREVIEW_ONLY_ENV];
            process.env[PREVIEW_ONLY_ENV] = "true";
        });
        after(() => {
            if (saved === undefined) delete process.env[PREVIEW_ONLY_ENV];
            else process.env[PREVIEW_ONLY_ENV] = saved;
        });

        const prodConfig = (deployment: Record<string, unknown>) =>
            withDeployment("prod", deployment, (config) => {
                const access = config["startup-platform:access"] as { identityCenter: Record<string, unknown> };
                access.identityCenter = { ...access.identityCenter, assumeRoleArn: MANAGEMENT_ROLE };
            });

        it("assumes the preview roles, never the deploy roles, still pinned to the same accounts", async () => {
            const preview = await runOffline({
                stack: "prod",
                config: prodConfig({ accountId: PROD_ACCOUNT, assumeRoleArn: PROD_ROLE, previewRoleArn: PROD_PREVIEW, identityCenterPreviewRoleArn: MANAGEMENT_PREVIEW }),
            });
            expect(identityOf(providerOf(preview, "aws-us-east-1"))).to.deep.equal({ accounts: [PROD_ACCOUNT], roles: [{ roleArn: PROD_PREVIEW, sessionName: "pulumi-prod" }] });
            expect(identityOf(providerOf(preview, "aws-identity-center"))).to.deep.equal({
                accounts: ["999988887777"],
                roles: [{ roleArn: MANAGEMENT_PREVIEW, sessionName: "pulumi-prod" }],
            });
            const roles = preview.resources.filter((r) => r.type === "pulumi:providers:aws").flatMap((p) => identityOf(p).roles ?? []);
            expect(roles.map((r) => r.roleArn)).to.not.include.members([PROD_ROLE, MANAGEMENT_ROLE]);
        });

        it("takes DR's own preview role in prod's Region and for the edge, not prod's deploy role", async () => {
            const dr = await runOffline({
                stack: "dr",
                config: withDeployment("dr", { accountId: PROD_ACCOUNT, assumeRoleArn: DR_ROLE, previewRoleArn: DR_PREVIEW }),
                stackOutputs: { [PRIMARY_STACK]: prod.outputs },
            });
            for (const name of ["aws-us-west-2", "aws-primary", "aws-edge"]) {
                expect(identityOf(providerOf(dr, name)), name).to.deep.equal({ accounts: [PROD_ACCOUNT], roles: [{ roleArn: DR_PREVIEW, sessionName: "pulumi-dr" }] });
            }
        });

        it("refuses to run, before registering any resource, when a deploy role has no preview role", async () => {
            let error: OfflineProgramError | undefined;
            try {
                await runOffline({ stack: "prod", config: prodConfig({ accountId: PROD_ACCOUNT, assumeRoleArn: PROD_ROLE }) });
            } catch (err) {
                error = err as OfflineProgramError;
            }
            expect(error?.message).to.include("Pulumi.prod.yaml");
            expect(error?.message).to.include(`startup-platform:deployment.previewRoleArn: required while ${PREVIEW_ONLY_ENV} is set`);
            expect(error?.message).to.include("startup-platform:deployment.identityCenterPreviewRoleArn: required");
            expect(error?.registered.filter((r) => !r.startsWith("pulumi:pulumi:Stack"))).to.deep.equal([]);
        });
    });
});
