import { expect } from "chai";
import { UserPoolRulesInput, defaultDomainPrefix, domainPrefixProblems, redirectUrlProblem, userPoolProblems } from "../../lib/cognito";

const GOOD: UserPoolRulesInput = {
    featurePlan: "ESSENTIALS",
    threatProtection: "OFF",
    passwordMinimumLength: 12,
    passwordHistorySize: 5,
    temporaryPasswordValidityDays: 3,
    accessTokenMinutes: 60,
    idTokenMinutes: 60,
    refreshTokenDays: 30,
    callbackUrls: ["myapp://callback"],
    logoutUrls: [],
};

describe("lib/cognito", () => {
    it("accepts sound settings", () => {
        expect(userPoolProblems(GOOD)).to.deep.equal([]);
        expect(userPoolProblems({ ...GOOD, featurePlan: "PLUS", threatProtection: "ENFORCED" })).to.deep.equal([]);
    });

    it("reports every broken rule at once, each saying what to change", () => {
        const problems = userPoolProblems({
            ...GOOD,
            featurePlan: "LITE",
            threatProtection: "AUDIT",
            passwordMinimumLength: 8,
            accessTokenMinutes: 2,
            idTokenMinutes: 1441,
            refreshTokenDays: 3651,
            temporaryPasswordValidityDays: 0,
            callbackUrls: [],
        });
        expect(problems).to.deep.equal([
            "passwordMinimumLength must be a whole number 12-99, got 8",
            "passwordHistorySize needs the ESSENTIALS or PLUS feature plan; set it to 0 or change the plan",
            "threatProtection AUDIT needs the PLUS feature plan (Cognito refuses it on LITE); set it to OFF or the plan to PLUS",
            "temporaryPasswordValidityDays must be 1-30, got 0",
            "accessTokenMinutes must be 5-1440 (5 minutes to 1 day), got 2",
            "idTokenMinutes must be 5-1440 (5 minutes to 1 day), got 1441",
            "refreshTokenDays must be 1-3650 (1 day to 10 years), got 3651",
            "callbackUrls must list at least one URL, such as myapp://callback",
        ]);
    });

    for (const [url, expected] of [
        ["myapp://callback", undefined],
        ["https://app.example.com/oauth2/idpresponse", undefined],
        ["http://localhost:3000/callback", undefined],
        ["http://app.example.com/callback", "uses http; Cognito accepts http only for localhost"],
        ["https://app.example.com/#done", "must be an absolute URL"],
        ["/callback", "must be an absolute URL"],
    ] as const) {
        it(`judges the redirect URL ${url}`, () => {
            const problem = redirectUrlProblem(url);
            if (expected === undefined) expect(problem).to.equal(undefined);
            else expect(problem).to.include(expected);
        });
    }

    it("derives a default domain prefix Cognito accepts and that is the company's own", () => {
        const prefix = defaultDomainPrefix("startup-prod", "example-startup.com");
        expect(prefix).to.match(/^startup-prod-auth-[a-z0-9]{6}$/);
        expect(domainPrefixProblems(prefix)).to.deep.equal([]);
        expect(defaultDomainPrefix("startup-prod", "other.com")).to.not.equal(prefix);
        expect(defaultDomainPrefix("startup-prod", "example-startup.com")).to.equal(prefix);
    });

    it("rejects prefixes Cognito would refuse", () => {
        expect(domainPrefixProblems("-bad")[0]).to.include("must be 1-63 lower-case letters");
        expect(domainPrefixProblems("Upper")[0]).to.include("must be 1-63 lower-case letters");
        expect(domainPrefixProblems("my-aws-login")).to.deep.equal(['domain prefix "my-aws-login" must not contain "aws" (reserved by Cognito)']);
        expect(domainPrefixProblems("x".repeat(64))).to.have.lengthOf(1);
    });
});
