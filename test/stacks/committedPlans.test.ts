import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PlanDocument, planDocument, renderMarkdown } from "../../tools/offline/render";
import { ROOT } from "../../tools/offline/run";
import { diffPlans, summarizeDiff } from "../../tools/planDiff";
import { STACKS, everyStackRun } from "../helpers";

/**
 * plans/<stack>.json and .md are the reviewable record of what each stack contains. This plans
 * every stack in-process (the shared runs of test/helpers.ts, which are the plan's runs) and fails when the program's resource graph (or the rendering) no longer
 * matches what is committed, so a change to resources always comes with its plan diff.
 */

const PLANS = path.join(ROOT, "plans");
const UPDATE = "run `npm run plan:update` and commit plans/";

/** The committed text, with line endings as a Windows checkout may have rewritten them undone. */
function committed(file: string): string | undefined {
    const full = path.join(PLANS, file);
    return fs.existsSync(full) ? fs.readFileSync(full, "utf8").replace(/\r\n/g, "\n") : undefined;
}

/** Why the committed JSON differs, in the words of the plan diff. */
function explain(stack: string, text: string, fresh: PlanDocument): string {
    let old: PlanDocument;
    try {
        old = JSON.parse(text) as PlanDocument;
    } catch {
        return "  (the committed file is not valid JSON)";
    }
    const lines = summarizeDiff(diffPlans(old, fresh), 15);
    if (lines.length === 0) return "  no resource, output or wiring change: the summary or the file's layout differs";
    return [`  changes from the committed plan of ${stack} (+ added, - removed, ~ changed):`, ...lines.map((l) => `    ${l}`)].join("\n");
}

describe("committed plans (plans/<stack>.json and plans/<stack>.md)", () => {
    const stacks = STACKS;
    const docs = new Map<string, PlanDocument>();
    before(async () => {
        const runs = await everyStackRun();
        for (const stack of stacks) docs.set(stack, planDocument(runs.get(stack)!));
    });

    it("holds a plan for every stack file and none for a stack that is gone", () => {
        const files = fs.existsSync(PLANS) ? fs.readdirSync(PLANS).filter((f) => /\.(json|md)$/.test(f)) : [];
        const expected = stacks.flatMap((s) => [`${s}.json`, `${s}.md`]);
        const missing = expected.filter((f) => !files.includes(f));
        const stale = files.filter((f) => !expected.includes(f));
        expect(missing, `plans/ lacks ${missing.join(", ")}: ${UPDATE}`).to.deep.equal([]);
        expect(stale, `plans/ holds ${stale.join(", ")} for no Pulumi.<stack>.yaml: delete them`).to.deep.equal([]);
    });

    for (const stack of stacks) {
        it(`plans/${stack}.json is what the program plans for ${stack}`, () => {
            const fresh = docs.get(stack)!;
            const text = committed(`${stack}.json`);
            if (text === undefined) expect.fail(`plans/${stack}.json is missing: ${UPDATE}`);
            // Byte for byte what `npm run plan` writes (tools/plan.ts writePlan).
            if (text !== `${JSON.stringify(fresh, null, 2)}\n`) {
                expect.fail(`plans/${stack}.json is out of date: ${UPDATE} (its diff is what this change does to ${stack}).\n${explain(stack, text, fresh)}`);
            }
        });

        it(`plans/${stack}.md is the rendering of that plan`, () => {
            const text = committed(`${stack}.md`);
            if (text === undefined) expect.fail(`plans/${stack}.md is missing: ${UPDATE}`);
            if (text !== renderMarkdown(docs.get(stack)!)) expect.fail(`plans/${stack}.md is out of date: ${UPDATE}`);
        });
    }
});
