import { expect } from "chai";
import { defaultDomainPrefix, domainPrefixProblems, redirectUrlProblem } from "../../lib/cognito";

describe("lib/cognito", () => {
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
