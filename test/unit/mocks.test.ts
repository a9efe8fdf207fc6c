import { expect } from "chai";
import { providerAccount } from "../../tools/offline/mocks";

/** The offline mocks answer like AWS where the program depends on it. */
describe("offline mocks", () => {
    it("put a provider in the account it is pinned to, else its role's, as JSON or as values", () => {
        expect(providerAccount({ allowedAccountIds: '["111122223333"]', assumeRoles: '[{"roleArn":"arn:aws:iam::444455556666:role/r"}]' })).to.equal("111122223333");
        expect(providerAccount({ assumeRoles: [{ roleArn: "arn:aws:iam::444455556666:role/r" }] })).to.equal("444455556666");
        expect(providerAccount({ allowedAccountIds: "[]", assumeRoles: "[]" })).to.equal(undefined);
        expect(providerAccount({ region: "us-east-1" })).to.equal(undefined);
    });
});
