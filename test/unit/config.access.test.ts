import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config/load";
import { ACCESS_DEFAULTS, SESSION_HOURS_DEFAULTS, SESSION_MANAGER_DEFAULTS } from "../../stacks/config/access";
import { readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, problemsOf } from "../configHelpers";

const KEY = "startup-platform:access";
const GROUP = "906712c3a4-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";

/**
 * prod's config with another access section (with prod's security contact when it manages the
 * account). prod's account-wide S3 block goes with its management of the account, so it is left
 * out; "ties the account-wide S3 block" checks the pair.
 */
function prodWith(access: unknown): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile("prod"));
    // prod must name its security contact while it manages the account: keep prod's unless the test says otherwise.
    const prodContact = (raw[KEY] as Record<string, unknown>).securityContact;
    const managing = typeof access === "object" && access !== null && (access as Record<string, unknown>).manageAccount === true;
    raw[KEY] = managing && !("securityContact" in access) ? { ...access, securityContact: prodContact } : access;
    (raw["startup-platform:security"] as Record<string, unknown>).guardrails = { s3AccountPublicAccessBlock: false };
    return raw;
}

describe("stack config: access", () => {
    it("fills every default when the section is absent", () => {
        const raw = prodWith(undefined);
        delete raw[KEY];
        expect(parsePlatformConfig(raw, source).access).to.deep.equal({ ...ACCESS_DEFAULTS });
    });

    it("fills the Identity Center and Session Manager defaults", () => {
        const access = parsePlatformConfig(prodWith({ manageAccount: true, identityCenter: { region: "eu-west-1" }, sessionManager: {} }), source).access;
        expect(access.identityCenter).to.deep.equal({ region: "eu-west-1", groups: { admins: [], developers: [], readOnly: [], billing: [] }, sessionHours: { ...SESSION_HOURS_DEFAULTS } });
        expect(access.sessionManager).to.deep.equal({ ...SESSION_MANAGER_DEFAULTS });
    });

    it("ties the account-wide S3 block to the stack that manages the account", () => {
        const raw = prodWith({ manageAccount: false });
        (raw["startup-platform:security"] as Record<string, unknown>).guardrails = {};
        expect(problemsOf(raw)).to.deep.equal([
            "startup-platform:security.guardrails.s3AccountPublicAccessBlock: is account-wide: only the stack that manages the account (access.manageAccount: true) turns it on; set false here",
        ]);
        const owner = prodWith({ manageAccount: true });
        (owner["startup-platform:security"] as Record<string, unknown>).guardrails = {};
        expect(parsePlatformConfig(owner, source).security.guardrails?.s3AccountPublicAccessBlock).to.equal(true);
    });

    const CONTACT = { name: "Security on-call", title: "Security contact", emailAddress: "security@example.com", phoneNumber: "+1 (206) 555-0100" };

    it("requires the account's security contact in prod on the stack that manages the account (Account.1)", () => {
        expect(problemsOf(prodWith({ manageAccount: true, securityContact: undefined }))).to.deep.equal([
            "startup-platform:access.securityContact: is required in prod on the stack that manages the account: AWS sends security notices (exposed credentials, abuse reports) to it besides the root email (Security Hub Account.1); set name, title, emailAddress and phoneNumber",
        ]);
        expect(parsePlatformConfig(prodWith({ manageAccount: true, securityContact: CONTACT }), source).access.securityContact).to.deep.equal(CONTACT);
        // A stack that does not manage the account has none to give; a dev account may leave it out.
        expect(parsePlatformConfig(prodWith({ manageAccount: false }), source).access.securityContact).to.equal(undefined);
        const dev = structuredClone(readStackConfigFile("dev"));
        dev[KEY] = { manageAccount: true };
        expect(parsePlatformConfig(dev, { stack: "dev", file: "Pulumi.dev.yaml" }).access.manageAccount).to.equal(true);
    });

    it("keeps the security contact with the stack that manages the account, in the shape AWS accepts", () => {
        expect(problemsOf(prodWith({ manageAccount: false, securityContact: CONTACT }))).to.deep.equal([
            "startup-platform:access.securityContact: the security contact is account-wide and set by the stack that manages the account: set manageAccount: true here, or move securityContact to that stack's config",
        ]);
        expect(problemsOf(prodWith({ manageAccount: true, securityContact: { ...CONTACT, title: "x".repeat(51), phoneNumber: "+1 206 555 0100 ext. 7", fax: "1" } }))).to.deep.equal([
            `startup-platform:access.securityContact.title: got "${"x".repeat(51)}"; expected 1-50 characters`,
            'startup-platform:access.securityContact.phoneNumber: got "+1 206 555 0100 ext. 7"; expected a phone number of digits, spaces, +, -, ( and ), such as +1 206 555 0100',
            "startup-platform:access.securityContact.fax: unknown key (a typo?); allowed keys here: name, title, emailAddress, phoneNumber",
        ]);
    });

    it("refuses the removed users list, saying where people go now", () => {
        expect(problemsOf(prodWith({ manageAccount: true, users: [{ name: "ana", groups: ["admins"] }] }))).to.deep.equal([
            "startup-platform:access.users: the program no longer creates IAM users: add each person to an Identity Center group and list its id under identityCenter.groups; create break-glass users by hand in the break-glass group (docs/security.md, Workforce access)",
        ]);
    });

    it("refuses permission sets in a stack that does not manage the account", () => {
        expect(problemsOf(prodWith({ identityCenter: { region: "us-east-1" } }))).to.deep.equal([
            "startup-platform:access.identityCenter: permission sets are created by the stack that manages the account: set manageAccount: true here, or move identityCenter to that stack's config",
        ]);
    });

    it("refuses bad Identity Center settings, naming each key", () => {
        const problems = problemsOf(
            prodWith({
                manageAccount: true,
                identityCenter: { region: "useast1", assumeRoleArn: "arn:aws:iam::12:user/x", groups: { admins: ["admins"], owners: [GROUP] }, sessionHours: { admins: 13 } },
            }),
        );
        expect(problems.join("\n")).to.include('startup-platform:access.identityCenter.region: got "useast1"; not a commercial AWS region (did you mean us-east-1?)');
        expect(problems).to.include(
            'startup-platform:access.identityCenter.assumeRoleArn: got "arn:aws:iam::12:user/x"; expected an IAM role ARN such as arn:aws:iam::111122223333:role/identity-center-admin',
        );
        expect(problems.join("\n")).to.include('startup-platform:access.identityCenter.groups.admins[0]: got "admins"; expected an Identity Center group id');
        expect(problems.join("\n")).to.include("startup-platform:access.identityCenter.groups.owners: unknown key (a typo?); allowed keys here: admins, developers, readOnly, billing");
        expect(problems).to.include("startup-platform:access.identityCenter.sessionHours.admins: got 13; expected 1-12 hours");
    });

    it("refuses Session Manager timeouts outside its ranges, and a retention CloudWatch does not offer", () => {
        const problems = problemsOf(prodWith({ manageAccount: true, sessionManager: { idleTimeoutMinutes: 90, maxSessionMinutes: 2000, logRetentionDays: 100 } }));
        expect(problems).to.include("startup-platform:access.sessionManager.idleTimeoutMinutes: got 90; expected 1-60 minutes");
        expect(problems).to.include("startup-platform:access.sessionManager.maxSessionMinutes: got 2000; expected 1-1440 minutes");
        expect(problems.join("\n")).to.include("startup-platform:access.sessionManager.logRetentionDays: got 100");
    });

    it("rejects a short password policy", () => {
        expect(problemsOf(prodWith({ manageAccount: true, minimumPasswordLength: 8 }))).to.deep.equal(["startup-platform:access.minimumPasswordLength: got 8; expected at least 14 characters"]);
    });

    it("rejects typos and lists the allowed keys", () => {
        expect(problemsOf(prodWith({ manageAcount: true }))[0]).to.match(
            /^startup-platform:access\.manageAcount: unknown key \(a typo\?\); allowed keys here: manageAccount, developerAccess, /,
        );
    });
});
