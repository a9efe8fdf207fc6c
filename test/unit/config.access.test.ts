import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config/load";
import { ACCESS_DEFAULTS, SESSION_MANAGER_DEFAULTS } from "../../stacks/config/access";
import { readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, problemsOf } from "../configHelpers";

const KEY = "startup-platform:access";

function prodWith(access: unknown): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("prod"));
    raw[KEY] = access;
    return raw;
}

describe("stack config: access", () => {
    it("manages the account from prod only, with its users", () => {
        const prod = parsePlatformConfig(readStackConfigFile("prod"), source);
        expect(prod.access.manageAccount).to.equal(true);
        expect(prod.access.users.length).to.be.greaterThan(0);
        expect(prod.access.minimumPasswordLength).to.be.at.least(14);
        for (const stack of ["dev", "dr"]) {
            const cfg = parsePlatformConfig(readStackConfigFile(stack), { stack, file: `Pulumi.${stack}.yaml` });
            expect(cfg.access.manageAccount, stack).to.equal(false);
        }
    });

    it("gives each region's Session Manager preferences to one stack: prod in us-east-1, DR in us-west-2, not dev", () => {
        const read = (stack: string) => parsePlatformConfig(readStackConfigFile(stack), { stack, file: `Pulumi.${stack}.yaml` }).access;
        expect(read("prod").sessionManager).to.deep.equal({ ...SESSION_MANAGER_DEFAULTS, logRetentionDays: 365, idleTimeoutMinutes: 20, maxSessionMinutes: 240 });
        expect(read("dr").sessionManager).to.deep.equal({ ...SESSION_MANAGER_DEFAULTS });
        expect(read("dev").sessionManager).to.equal(undefined);
        expect(parsePlatformConfig(prodWith({ manageAccount: true, sessionManager: {} }), source).access.sessionManager).to.deep.equal({ ...SESSION_MANAGER_DEFAULTS });
    });

    it("refuses Session Manager timeouts outside its ranges, and a retention CloudWatch does not offer", () => {
        const problems = problemsOf(prodWith({ manageAccount: true, sessionManager: { idleTimeoutMinutes: 90, maxSessionMinutes: 2000, logRetentionDays: 100 } }));
        expect(problems).to.include("startup-platform:access.sessionManager.idleTimeoutMinutes: got 90; expected 1-60 minutes");
        expect(problems).to.include("startup-platform:access.sessionManager.maxSessionMinutes: got 2000; expected 1-1440 minutes");
        expect(problems.join("\n")).to.include("startup-platform:access.sessionManager.logRetentionDays: got 100");
    });

    it("fills every default when the section is absent", () => {
        const raw = prodWith(undefined);
        delete raw[KEY];
        const cfg = parsePlatformConfig(raw, source);
        expect(cfg.access).to.deep.equal({ ...ACCESS_DEFAULTS, users: [] });
    });

    it("rejects a short password policy and unknown groups", () => {
        const problems = problemsOf(prodWith({ manageAccount: true, minimumPasswordLength: 8, users: [{ name: "ana", groups: ["root"] }] }));
        expect(problems).to.include("startup-platform:access.minimumPasswordLength: got 8; expected at least 14 characters");
        expect(problems.join("\n")).to.include('startup-platform:access.users[0].groups[0]: got "root"; expected one of: "admins", "developers", "readOnly", "billing"');
    });

    it("rejects users in a stack that does not manage the account", () => {
        expect(problemsOf(prodWith({ users: [{ name: "ana", groups: ["admins"] }] }))).to.deep.equal([
            "startup-platform:access.users: are created by the stack that manages the account: set manageAccount: true here, or move them to that stack's config",
        ]);
    });

    it("rejects duplicate people, bad names and empty group lists", () => {
        const problems = problemsOf(
            prodWith({
                manageAccount: true,
                users: [
                    { name: "Ana", groups: ["admins"] },
                    { name: "ana", groups: ["developers"] },
                    { name: "b c", groups: [] },
                ],
            }),
        );
        expect(problems).to.include('startup-platform:access.users[1].name: "ana" is already users[0] (IAM user names are case-insensitive)');
        expect(problems).to.include('startup-platform:access.users[2].name: got "b c"; expected an IAM user name: 1-64 letters, digits or +=,.@_-');
        expect(problems).to.include("startup-platform:access.users[2].groups: got []; expected at least one group of admins, developers, readOnly, billing");
    });

    it("rejects typos and lists the allowed keys", () => {
        expect(problemsOf(prodWith({ manageAcount: true }))[0]).to.match(
            /^startup-platform:access\.manageAcount: unknown key \(a typo\?\); allowed keys here: manageAccount, developerAccess, /,
        );
    });
});
