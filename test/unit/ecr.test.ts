import { expect } from "chai";
import { imageLifecyclePolicy } from "../../lib/ecr";

describe("lib/ecr", () => {
    it("expires untagged images by age first, then keeps the newest tagged ones", () => {
        const { rules } = imageLifecyclePolicy({ keepTaggedImages: 30, expireUntaggedAfterDays: 7 });
        expect(rules.map((r) => r.rulePriority)).to.deep.equal([1, 2]);
        expect(rules[0].selection).to.deep.equal({ tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 });
        // ECR requires a tag filter on a `tagged` rule; `*` matches every tag.
        expect(rules[1].selection).to.deep.equal({ tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 30 });
        expect(rules.every((r) => r.action.type === "expire")).to.equal(true);
        expect(rules.some((r) => r.selection.tagStatus === "any")).to.equal(false);
    });
});
