import { expect } from "chai";
import { ConfigError, parsePlatformConfig } from "../../stacks/config/load";
import { readStackConfigFile } from "../../tools/offline/run";

const KEY = "startup-platform:operations";
const source = { stack: "prod", file: "Pulumi.prod.yaml" };

function prodWith(operations: unknown): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("prod"));
    if (operations === undefined) delete raw[KEY];
    else raw[KEY] = operations;
    return raw;
}

describe("stack config: operations", () => {
    it("defaults to no subscribers and a dashboard", () => {
        expect(parsePlatformConfig(prodWith(undefined), source).operations).to.deep.equal({ alertEmails: [], dashboard: true, databaseEvents: true });
    });

    it("rejects bad and repeated addresses", () => {
        try {
            parsePlatformConfig(prodWith({ alertEmails: ["oncall", "a@example.com", "a@example.com"], dashbord: false }), source);
            expect.fail("expected the config to be rejected");
        } catch (err) {
            const problems = (err as ConfigError).problems;
            expect(problems).to.include('startup-platform:operations.alertEmails[0]: got "oncall"; expected an email address');
            expect(problems.join("\n")).to.match(/startup-platform:operations\.dashbord: unknown key \(a typo\?\); allowed keys here: alertEmails, dashboard/);
        }
        try {
            parsePlatformConfig(prodWith({ alertEmails: ["a@example.com", "a@example.com"] }), source);
            expect.fail("expected the config to be rejected");
        } catch (err) {
            expect((err as ConfigError).problems[0]).to.match(/^startup-platform:operations\.alertEmails: got \[.*\]; expected distinct addresses$/);
        }
    });
});
