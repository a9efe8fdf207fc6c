import { expect } from "chai";
import { OfflineRun, RecordedResource, readStackConfigFile } from "../../tools/offline/run";
import { all, one, runOffline, stackRuns } from "../helpers";

/**
 * The wiring between components that stacks/primary.ts does: who may use whose resources. Each
 * component's own tests cover its insides; these check that the stack connects them.
 */

const ATTACH = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

/** Policy ARNs attached to the role created as `roleName` (logical name). */
function attachedTo(run: OfflineRun, roleName: string): unknown[] {
    const role = one(run, "aws:iam/role:Role", roleName);
    return all(run, ATTACH)
        .filter((a) => a.inputs.role === role.state.name || a.inputs.role === role.state.id)
        .map((a) => a.inputs.policyArn);
}

const arnOf = (r: RecordedResource) => r.state.arn;

describe("wiring between components on primary stacks", () => {
    let prod: OfflineRun;
    before(async () => {
        ({ prod } = await stackRuns());
    });

    it("lets the app instances put analytics events, publish notifications and work the job queue", () => {
        const attached = attachedTo(prod, "app-instance-role");
        expect(attached).to.include.members([
            arnOf(one(prod, "aws:iam/policy:Policy", "analytics-producer-policy")),
            arnOf(one(prod, "aws:iam/policy:Policy", "notifications-publish-policy")),
            arnOf(one(prod, "aws:iam/policy:Policy", "notifications-worker-policy")),
        ]);
        // Reading analytics is for analysts, not for the app.
        expect(attached).to.not.include(arnOf(one(prod, "aws:iam/policy:Policy", "analytics-query-policy")));
    });

    it("lets signed-in users put analytics events and reach their own data, nothing of the app's", () => {
        const attached = attachedTo(prod, "identity-authenticated-role");
        expect(attached).to.include(arnOf(one(prod, "aws:iam/policy:Policy", "analytics-producer-policy")));
        expect(attached).to.not.include(arnOf(one(prod, "aws:iam/policy:Policy", "notifications-publish-policy")));
        expect(attached).to.not.include(arnOf(one(prod, "aws:iam/policy:Policy", "notifications-worker-policy")));
    });

    it("signs users in at the load balancer through the stack's own user pool when fleet.cognitoAuth is on", async () => {
        const config = structuredClone(readStackConfigFile("dev"));
        (config["startup-platform:fleet"] as Record<string, unknown>).cognitoAuth = true;
        const run = await runOffline({ stack: "dev", config });
        const https = one(run, "aws:lb/listener:Listener", "app-https");
        const actions = https.inputs.defaultActions as Array<{ type: string; order: number; authenticateCognito?: Record<string, unknown> }>;
        expect(actions.map((a) => [a.type, a.order])).to.deep.equal([["authenticate-cognito", 1], ["forward", 2]]);
        expect(actions[0].authenticateCognito).to.include({
            userPoolArn: one(run, "aws:cognito/userPool:UserPool").state.arn,
            userPoolClientId: one(run, "aws:cognito/userPoolClient:UserPoolClient", "identity-web-client").state.id,
        });
        // Off by default: prod's listener forwards straight to the app.
        const plain = one(prod, "aws:lb/listener:Listener", "app-https").inputs.defaultActions as Array<{ type: string }>;
        expect(plain.map((a) => a.type)).to.deep.equal(["forward"]);
    });
});
