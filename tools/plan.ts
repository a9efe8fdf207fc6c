/**
 * The offline plan: runs the real program for a stack under Pulumi's runtime mocks, with that
 * stack's config, and shows what `pulumi up` would create, without AWS credentials or the Pulumi
 * CLI. Usage:
 *
 *   npm run plan -- <stack> [<stack> ...] [--out <dir>]      e.g. npm run plan -- prod
 *   npm run plan -- --all                                      every Pulumi.<stack>.yaml
 *   --stack-traces                                             keep JavaScript stack traces (slower)
 *
 * Prints a tree of resources grouped by component and writes <dir>/<stack>.json (machine
 * readable, stable and sorted) and <dir>/<stack>.md (a Mermaid diagram and the outputs). A DR
 * stack's reference to its primary is answered with the primary's own offline outputs.
 * Invalid config exits 1 with the validation message; a mistake on the command line exits 2 with
 * the usage.
 */
import * as fs from "fs";
import * as path from "path";
import { didYouMean } from "../lib/suggest";
import { ConfigError } from "../stacks/config/load";
import { stackFileName, stackNames } from "../stacks/config/stackFiles";
import { OfflineProgramError, OfflineRun, ROOT, readStackConfigFile, runOffline, withoutStackTraces } from "./offline/run";
import { PlanDocument, byCodeUnit, planDocument, renderMarkdown, renderTree } from "./offline/render";

export interface PlanOptions {
    readonly stacks: string[];
    readonly outDir: string;
    /** Directory of the Pulumi.<stack>.yaml files. */
    readonly root: string;
    /** Keep JavaScript stack traces (slower: see withoutStackTraces in tools/offline/run.ts). */
    readonly stackTraces: boolean;
}

/** Every stack with a Pulumi.<stack>.yaml, primaries first so DR stacks can read them. */
export function allStacks(root: string = ROOT): string[] {
    const stacks = stackNames(root);
    const dr = new Set(stacks.filter((stack) => isDr(readStackConfigFile(stack, root))));
    return stacks.sort((a, b) => Number(dr.has(a)) - Number(dr.has(b)) || byCodeUnit(a, b));
}

const isDr = (config: Record<string, unknown>): boolean => config["startup-platform:role"] === "dr";

/** The primary a DR stack references (`org/project/stack` from its config); undefined for a primary. */
function primaryOf(stack: string, root: string): string | undefined {
    const config = readStackConfigFile(stack, root);
    if (!isDr(config)) return undefined;
    return (config["startup-platform:dr"] as { primaryStack?: string } | undefined)?.primaryStack;
}

/** Plans the stacks in order, running a DR stack's primary first when it was not asked for. */
export async function planStacks(stacks: string[], root: string = ROOT, stackTraces = false): Promise<Map<string, OfflineRun>> {
    const runs = new Map<string, OfflineRun>();
    const run = async (stack: string): Promise<OfflineRun> => {
        const done = runs.get(stack);
        if (done) return done;
        const primary = primaryOf(stack, root);
        const stackOutputs: Record<string, Record<string, unknown>> = {};
        if (primary) {
            const primaryName = primary.split("/").pop() as string;
            stackOutputs[primary] = (await run(primaryName)).outputs;
        }
        const result = await runOffline({ stack, stackOutputs, root, stackTraces });
        runs.set(stack, result);
        return result;
    };
    for (const stack of stacks) await run(stack);
    return runs;
}

export function writePlan(doc: PlanDocument, outDir: string): { json: string; markdown: string } {
    fs.mkdirSync(outDir, { recursive: true });
    const json = path.join(outDir, `${doc.stack}.json`);
    const markdown = path.join(outDir, `${doc.stack}.md`);
    fs.writeFileSync(json, `${JSON.stringify(doc, null, 2)}\n`);
    fs.writeFileSync(markdown, renderMarkdown(doc));
    return { json, markdown };
}

export const USAGE = [
    "usage: npm run plan -- <stack>... [--out <dir>] [--root <dir>] [--stack-traces]",
    "       npm run plan -- --all [--out <dir>] [--root <dir>] [--stack-traces]",
    "",
    "  <stack>         plan the stack of Pulumi.<stack>.yaml (a DR stack plans its primary first)",
    "  --all           plan every Pulumi.<stack>.yaml",
    "  --out <dir>     where to write <stack>.json and <stack>.md (default: out/plan)",
    "  --root <dir>    the directory holding the Pulumi.<stack>.yaml files (default: the project)",
    "  --stack-traces  keep JavaScript stack traces (slower)",
    "  --help          this text",
].join("\n");

/** A mistake on the command line: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** The options of a command line; throws {@link UsageError} for anything it cannot run. */
export function parseArgs(argv: readonly string[]): PlanOptions | "help" {
    let outDir = path.join(ROOT, "out", "plan");
    let root = ROOT;
    const stacks: string[] = [];
    let all = false;
    let stackTraces = false;
    const valueOf = (flag: string, i: number, what: string): string => {
        const value = argv[i];
        if (value === undefined || value.startsWith("-")) throw new UsageError(`${flag} needs ${what}`);
        return value;
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--out") {
            outDir = path.resolve(valueOf(arg, ++i, "a directory"));
        } else if (arg === "--root") {
            root = path.resolve(valueOf(arg, ++i, "a directory"));
        } else if (arg === "--all") {
            all = true;
        } else if (arg === "--stack-traces") {
            stackTraces = true;
        } else if (arg === "--help" || arg === "-h") {
            return "help";
        } else if (arg.startsWith("-")) {
            throw new UsageError(`unknown option ${arg}`);
        } else {
            stacks.push(arg);
        }
    }
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`--root ${root} is not a directory`);
    if (!fs.existsSync(path.join(root, "Pulumi.yaml")) && stackNames(root).length === 0) {
        throw new UsageError(`no Pulumi.yaml or Pulumi.<stack>.yaml in ${root}`);
    }
    const known = stackNames(root);
    const unknown = stacks.filter((stack) => !known.includes(stack));
    if (unknown.length > 0) {
        throw new UsageError(
            unknown.map((stack) => `no stack file ${stackFileName(stack)}${didYouMean(stack, known)}`).join("; ") + `; stacks in this project: ${known.join(", ") || "none"}`,
        );
    }
    if (all) stacks.push(...allStacks(root));
    if (stacks.length === 0) throw new UsageError(`name a stack (${known.join(", ") || "none yet"}) or --all; e.g. npm run plan -- ${known[0] ?? "dev"}`);
    return { stacks: [...new Set(stacks)], outDir, root, stackTraces };
}

/** Where the command line writes: the console, or what a test captures. */
export interface CliOutput {
    log(text: string): void;
    error(text: string): void;
}

async function main(options: PlanOptions, out: CliOutput): Promise<void> {
    const runs = await planStacks(options.stacks, options.root, options.stackTraces);
    for (const stack of options.stacks) {
        const doc = planDocument(runs.get(stack) as OfflineRun);
        out.log(renderTree(doc));
        const written = writePlan(doc, options.outDir);
        out.log(`wrote ${path.relative(process.cwd(), written.json)} and ${path.relative(process.cwd(), written.markdown)}\n`);
    }
}

/**
 * Runs the plan for `argv` and returns the exit code: 0 planned (or --help), 1 the config or the
 * program failed (the message only, without a stack trace, for config errors), 2 a mistake on the
 * command line (its message and the usage). Throws only what is neither (a bug).
 */
export async function runCli(argv: readonly string[], out: CliOutput = console): Promise<number> {
    let options: PlanOptions | "help";
    try {
        options = parseArgs(argv);
    } catch (err) {
        if (!(err instanceof UsageError || err instanceof ConfigError)) throw err;
        // A stack file with a YAML mistake is found while ordering the stacks: a config error.
        const usage = err instanceof UsageError;
        out.error(usage ? `plan: ${err.message}\n\n${USAGE}` : `plan failed: ${err.message}`);
        return usage ? 2 : 1;
    }
    if (options === "help") {
        out.log(USAGE);
        return 0;
    }
    // No JavaScript stack traces unless --stack-traces, for the whole plan (the runs turn them off
    // anyway: runOffline's default): messages stay, and an error that needs its frames gets them
    // with the flag.
    const restoreTraces = options.stackTraces ? () => undefined : withoutStackTraces();
    try {
        await main(options, out);
        return 0;
    } catch (err) {
        const known = err instanceof OfflineProgramError || err instanceof ConfigError;
        out.error(`plan failed: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}`);
        return 1;
    } finally {
        restoreTraces();
    }
}

/** The process: {@link runCli} on its arguments, exiting with its code. */
export function cli(argv: readonly string[] = process.argv.slice(2)): void {
    runCli(argv).then(
        (code) => {
            if (code !== 0) process.exit(code);
        },
        (err: unknown) => {
            console.error(err);
            process.exit(1);
        },
    );
}
