import { expect } from "chai";
import { substringFinder } from "../../tools/offline/render";

/** What substringFinder must equal: the tags of the values the text includes. */
const naive = <T>(pairs: ReadonlyArray<readonly [string, T]>, text: string) => new Set(pairs.filter(([v]) => text.includes(v)).map(([, t]) => t));

describe("substringFinder (plan wiring)", () => {
    const pairs = [
        ["arn:aws:s3:::uploads-bucket", "storage"],
        ["arn:aws:s3:::logs-bucket", "logs"],
        ["arn:aws:kms:us-east-1:111122223333:key/abc", "key"],
        ["sg-0123456789", "network"],
        ["sg-1", "short"],
        // Same last eight characters as the first, a different value.
        ["arn:aws:s3:::other-uploads-bucket", "other"],
    ] as const;
    const find = substringFinder(pairs);

    const cases: Array<[string, string[]]> = [
        ["", []],
        ["arn:aws:s3:::uploads-bucket", ["storage"]],
        ['{"Resource":["arn:aws:s3:::uploads-bucket/*"]}', ["storage"]],
        ['{"a":"arn:aws:s3:::other-uploads-bucket"}', ["other"]],
        ["uploads-bucket", []],
        ['{"kms":"arn:aws:kms:us-east-1:111122223333:key/abc","sg":["sg-0123456789"]}', ["key", "network"]],
        ["sg-10", ["short"]],
        ["prefix-sg-0123456789-suffix and arn:aws:s3:::logs-bucket", ["network", "logs"]],
    ];
    for (const [text, expected] of cases) {
        it(`finds ${expected.join(", ") || "nothing"} in ${JSON.stringify(text).slice(0, 50)}`, () => {
            expect([...find(text)].sort()).to.deep.equal([...expected].sort());
            expect(find(text)).to.deep.equal(naive(pairs, text));
        });
    }

    it("agrees with includes() on random texts built from the values", () => {
        let seed = 7;
        const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
        const pieces = [...pairs.map(([v]) => v), "x", "/*", '"', "arn:aws:", "bucket", "-"];
        for (let i = 0; i < 300; i++) {
            const text = Array.from({ length: random(8) }, () => {
                const piece = pieces[random(pieces.length)];
                return piece.slice(random(3), piece.length - random(3));
            }).join("");
            expect(find(text), text).to.deep.equal(naive(pairs, text));
        }
    });
});
