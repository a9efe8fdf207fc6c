import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { ImageRepository, ImageRepositoryArgs } from "../../components/imageRepository";
import { imageLifecyclePolicy } from "../../lib/ecr";
import { one, runComponent } from "../helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/data";

function runRepository(overrides: Partial<ImageRepositoryArgs> = {}) {
    return runComponent(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        const repo = new ImageRepository("images", { repositoryName: "startup-test/app", kmsKeyArn: KEY, ...overrides }, { provider });
        return { url: repo.repositoryUrl, name: repo.repositoryName };
    });
}

describe("ImageRepository", () => {
    it("keeps immutable, scanned images encrypted with the KMS key", async () => {
        const run = await runRepository();
        expect(one(run, "aws:ecr/repository:Repository").inputs).to.deep.include({
            name: "startup-test/app",
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }],
            forceDelete: false,
        });
        expect(run.outputs.url).to.equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/startup-test/app");
    });

    it("applies the lifecycle policy built in lib/ecr", async () => {
        const run = await runRepository({ keepTaggedImages: 12, expireUntaggedAfterDays: 2 });
        const policy = one(run, "aws:ecr/lifecyclePolicy:LifecyclePolicy");
        expect(policy.inputs.repository).to.equal("startup-test/app");
        expect(JSON.parse(String(policy.inputs.policy))).to.deep.equal(imageLifecyclePolicy({ keepTaggedImages: 12, expireUntaggedAfterDays: 2 }));
    });

    it("protects the repository when asked", async () => {
        expect(one(await runRepository({ protect: true }), "aws:ecr/repository:Repository").protect).to.equal(true);
    });

    it("rejects counts ECR would refuse in the words of fleet.images, and names it would refuse", () => {
        expect(() => new ImageRepository("bad", { repositoryName: "startup/app", kmsKeyArn: KEY, keepTaggedImages: 0, expireUntaggedAfterDays: 1.5 })).to.throw(
            "ImageRepository bad: keepTaggedImages: got 0; expected at least 1 (images); expireUntaggedAfterDays: got 1.5; expected a whole number",
        );
        expect(() => new ImageRepository("name", { repositoryName: "Startup/App", kmsKeyArn: KEY })).to.throw(/^ImageRepository name: repositoryName "Startup\/App" must be 2-256 lower-case/);
    });
});
