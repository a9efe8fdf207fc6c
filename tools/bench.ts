/**
 * Benchmark (not a timed test): plans all stacks offline in one node process (what `npm run plan
 * -- --all` runs after bundling the program with esbuild) and compares with the time node takes
 * just to load @pulumi/aws. Target: all stacks in under 2x that time.
 *
 *   npm run bench [-- --runs 3]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./offline/run";

function timeIt(args: string[]): number {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed:\n${result.stderr}`);
    return ms;
}

/** Bundles the plan once, as `npm run plan` does before it plans; the bundling is not timed. */
function bundlePlan(): string {
    const result = spawnSync("npm", ["run", "--silent", "plan:bundle"], { cwd: ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`npm run plan:bundle failed:\n${result.stderr}`);
    return path.join("out", "bin", "plan.js");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
    const runsFlag = process.argv.indexOf("--runs");
    const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
    const bundle = bundlePlan();
    const load: number[] = [];
    const plan: number[] = [];
    for (let i = 0; i < runs; i++) {
        load.push(timeIt(["-e", "require('@pulumi/aws')"]));
        plan.push(timeIt([bundle, "--all", "--out", out]));
    }
    const ratio = median(plan) / median(load);
    console.log(`load @pulumi/aws: median ${median(load).toFixed(0)} ms over ${runs} runs`);
    console.log(`plan all stacks:  median ${median(plan).toFixed(0)} ms over ${runs} runs`);
    console.log(`ratio ${ratio.toFixed(2)}x (target < 2x): ${ratio < 2 ? "met" : "NOT met"}`);
}

main();
