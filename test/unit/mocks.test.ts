import { expect } from "chai";
import { CALLS, providerAccount } from "../../tools/offline/mocks";

/** The offline mocks answer like AWS where the program depends on it. */
describe("offline mocks", () => {
    const ctx = { region: "us-east-1", accountId: "123456789012", stackOutputs: {} };

    it("find the organization's Identity Center instance in its home Region only", () => {
        const getInstances = CALLS["aws:ssoadmin/getInstances:getInstances"];
        const home = getInstances({}, ctx);
        expect(home.arns).to.have.lengthOf(1);
        expect((home.arns as string[])[0]).to.match(/^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
        expect((home.identityStoreIds as string[])[0]).to.match(/^d-[0-9a-f]{10}$/);
        expect(getInstances({}, { ...ctx, region: "eu-west-1" })).to.deep.include({ arns: [], identityStoreIds: [] });
        expect(getInstances({}, { ...ctx, region: "eu-west-1", identityCenterRegion: "eu-west-1" }).arns).to.have.lengthOf(1);
    });

    it("put a provider in the account it is pinned to, else its role's, as JSON or as values", () => {
        expect(providerAccount({ allowedAccountIds: '["111122223333"]', assumeRoles: '[{"roleArn":"arn:aws:iam::444455556666:role/r"}]' })).to.equal("111122223333");
        expect(providerAccount({ assumeRoles: [{ roleArn: "arn:aws:iam::444455556666:role/r" }] })).to.equal("444455556666");
        expect(providerAccount({ allowedAccountIds: "[]", assumeRoles: "[]" })).to.equal(undefined);
        expect(providerAccount({ region: "us-east-1" })).to.equal(undefined);
    });
});
