import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config/load";
import { readStackConfigFile } from "../../tools/offline/run";
import { PROD_SOURCE as source, problemsOf } from "../configHelpers";

const KEY = "startup-platform:identity";

function withIdentity(change: (identity: Record<string, unknown>) => void, stack = "prod"): Record<string, unknown> {
    const raw = structuredClone(readStackConfigFile(stack));
    change(raw[KEY] as Record<string, unknown>);
    return raw;
}

describe("stack config: identity", () => {
    it("is required on a primary stack and refused on the DR stack", () => {
        const prod = structuredClone(readStackConfigFile("prod"));
        delete prod[KEY];
        expect(problemsOf(prod)).to.deep.equal([
            "startup-platform:identity: is required on a primary stack: set at least identity.mobileCallbackUrls, such as [myapp://callback]",
        ]);
        const dr = structuredClone(readStackConfigFile("dr"));
        dr[KEY] = { mobileCallbackUrls: ["myapp://callback"] };
        expect(problemsOf(dr, { stack: "dr", file: "Pulumi.dr.yaml" })).to.deep.equal([
            "startup-platform:identity: only applies to primary stacks: the DR stack keeps using the primary's user pool; remove it",
        ]);
    });

    it("holds the password policy and token lifetimes to Cognito's ranges and the platform's floor", () => {
        const problems = problemsOf(
            withIdentity((i) => {
                i.passwordMinimumLength = 8;
                i.accessTokenValidityMinutes = 2;
                i.refreshTokenValidityDays = 4000;
                i.temporaryPasswordValidityDays = 1.5;
            }),
        );
        expect(problems).to.have.members([
            "startup-platform:identity.passwordMinimumLength: got 8; expected a whole number of characters from 12 to 99",
            "startup-platform:identity.accessTokenValidityMinutes: got 2; expected a whole number of minutes from 5 to 1440",
            "startup-platform:identity.refreshTokenValidityDays: got 4000; expected a whole number of days from 1 to 3650",
            "startup-platform:identity.temporaryPasswordValidityDays: got 1.5; expected a whole number",
        ]);
    });

    it("accepts only MFA modes with a second factor, spelled as Cognito does", () => {
        expect(problemsOf(withIdentity((i) => (i.mfa = "OFF")))).to.deep.equal([
            'startup-platform:identity.mfa: got "OFF"; expected one of: "OPTIONAL", "ON"',
        ]);
    });

    it("ties threat protection to the PLUS plan and password history to ESSENTIALS or PLUS", () => {
        expect(problemsOf(withIdentity((i) => Object.assign(i, { featurePlan: "ESSENTIALS", threatProtection: "ENFORCED" })))).to.deep.equal([
            "startup-platform:identity.threatProtection: ENFORCED needs featurePlan PLUS (got ESSENTIALS); set threatProtection to OFF or featurePlan to PLUS",
        ]);
        expect(problemsOf(withIdentity((i) => Object.assign(i, { featurePlan: "LITE", threatProtection: "OFF" })))).to.deep.equal([
            "startup-platform:identity.passwordHistorySize: needs featurePlan ESSENTIALS or PLUS; set it to 0 or change the plan",
        ]);
        const plus = parsePlatformConfig(withIdentity((i) => Object.assign(i, { featurePlan: "PLUS", threatProtection: "AUDIT" })), source);
        expect(plus.identity?.threatProtection).to.equal("AUDIT");
    });

    it("rejects redirect URLs Cognito would refuse", () => {
        const problems = problemsOf(withIdentity((i) => (i.mobileCallbackUrls = ["http://app.example.com/cb", "myapp://ok", "callback"])));
        expect(problems).to.deep.equal([
            'startup-platform:identity.mobileCallbackUrls[0]: got "http://app.example.com/cb"; uses http; Cognito accepts http only for localhost, use https',
            'startup-platform:identity.mobileCallbackUrls[2]: got "callback"; must be an absolute URL such as https://app.example.com/callback or myapp://callback, without a fragment',
        ]);
        expect(problemsOf(withIdentity((i) => (i.mobileCallbackUrls = []))))
            .to.deep.equal(["startup-platform:identity.mobileCallbackUrls: got []; expected at least one callback URL, such as myapp://callback"]);
    });

    it("checks the sign-in domain: prefix rules, a us-east-1 certificate, and a custom domain inside the zone", () => {
        expect(problemsOf(withIdentity((i) => (i.domainPrefix = "my-cognito-login")))).to.deep.equal([
            'startup-platform:identity.domainPrefix: got "my-cognito-login"; expected a Cognito domain prefix: must not contain "cognito" (reserved by Cognito)',
        ]);
        const wrong = problemsOf(
            withIdentity((i) => (i.customDomain = { domainName: "auth.other.com", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123" })),
        );
        expect(wrong).to.have.members([
            'startup-platform:identity.customDomain.certificateArn: got "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123"; expected an ACM certificate ARN in us-east-1 (Cognito serves custom domains through CloudFront)',
            'startup-platform:identity.customDomain.domainName: "auth.other.com" is not inside dns.zoneName example-startup.com; its alias record goes in that zone',
        ]);
        const both = problemsOf(
            withIdentity((i) => Object.assign(i, {
                domainPrefix: "startup-login",
                customDomain: { domainName: "auth.example-startup.com", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc-123" },
            })),
        );
        expect(both).to.deep.equal(["startup-platform:identity.domainPrefix: has no effect with customDomain; remove one of them"]);
    });

    it("rejects typos inside the section and lists the allowed keys", () => {
        const [problem] = problemsOf(withIdentity((i) => (i.mfaMode = "ON")));
        expect(problem).to.match(/^startup-platform:identity\.mfaMode: unknown key \(a typo\?\); allowed keys here: featurePlan, threatProtection, mfa, /);
    });
});
