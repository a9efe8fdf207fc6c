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
 * Invalid config exits non-zero with the validation message.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { OfflineProgramError, OfflineRun, ROOT, readStackConfigFile, runOffline } from "./offline/run";
import { PlanDocument, planDocument, renderMarkdown, renderTree } from "./offline/render";

export interface PlanOptions {
    readonly stacks: string[];
    readonly outDir: string;
    /** Directory of the Pulumi.<stack>.yaml files. */
    readonly root: string;
    /** Keep JavaScript stack traces (slower: see main). */
    readonly stackTraces: boolean;
}

/** Every stack with a Pulumi.<stack>.yaml, primaries first so DR stacks can read them. */
export function allStacks(root: string = ROOT): string[] {
    const stacks = fs
        .readdirSync(root)
        .filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f))
        .map((f) => f.split(".")[1]);
    const dr = new Set(stacks.filter((stack) => isDr(readStackConfigFile(stack, root))));
    return stacks.sort((a, b) => Number(dr.has(a)) - Number(dr.has(b)) || a.localeCompare(b));
}

const isDr = (config: Record<string, unknown>): boolean => config["startup-platform:role"] === "dr";

/** The primary a DR stack references (`org/project/stack` from its config); undefined for a primary. */
function primaryOf(stack: string, root: string): string | undefined {
    const config = readStackConfigFile(stack, root);
    if (!isDr(config)) return undefined;
    return (config["startup-platform:dr"] as { primaryStack?: string } | undefined)?.primaryStack;
}

/** Plans the stacks in order, running a DR stack's primary first when it was not asked for. */
export async function planStacks(stacks: string[], root: string = ROOT): Promise<Map<string, OfflineRun>> {
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
        const result = await runOffline({ stack, stackOutputs, root });
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

function parseArgs(argv: string[]): PlanOptions {
    let outDir = path.join(ROOT, "out", "plan");
    let root = ROOT;
    const stacks: string[] = [];
    let all = false;
    let stackTraces = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--out") {
            const value = argv[++i];
            if (!value) throw new Error("--out needs a directory");
            outDir = path.resolve(value);
        } else if (arg === "--root") {
            const value = argv[++i];
            if (!value) throw new Error("--root needs a directory");
            root = path.resolve(value);
        } else if (arg === "--all") {
            all = true;
        } else if (arg === "--stack-traces") {
            stackTraces = true;
        } else if (arg === "--help" || arg === "-h") {
            console.log("usage: npm run plan -- <stack>... | --all [--out <dir>] [--root <dir with Pulumi.<stack>.yaml>] [--stack-traces]");
            process.exit(0);
        } else if (arg.startsWith("-")) {
            throw new Error(`unknown option ${arg}; try --help`);
        } else {
            stacks.push(arg);
        }
    }
    if (all) stacks.push(...allStacks(root));
    if (stacks.length === 0) {
        throw new Error(`name a stack (${allStacks(root).join(", ")}) or --all; e.g. npm run plan -- prod`);
    }
    return { stacks: [...new Set(stacks)], outDir, root, stackTraces };
}

async function main(): Promise<void> {
    const options = parseArgs(process.argv.slice(2));
    // The Pulumi runtime captures a stack trace for every promise it makes (debuggablePromise),
    // and a full one for every resource to record where it was created. Under mocks that is a
    // third of the plan's CPU time. Messages stay; traces come back with --stack-traces when a
    // program error needs one.
    if (!options.stackTraces) {
        Error.stackTraceLimit = 0;
        skipSourcePositions();
    }
    const runs = await planStacks(options.stacks, options.root);
    for (const stack of options.stacks) {
        const doc = planDocument(runs.get(stack) as OfflineRun);
        console.log(renderTree(doc));
        const written = writePlan(doc, options.outDir);
        console.log(`wrote ${path.relative(process.cwd(), written.json)} and ${path.relative(process.cwd(), written.markdown)}\n`);
    }
}

/**
 * Stops the Pulumi SDK from recording each resource's source position. It takes it from a full
 * JavaScript stack trace (`Resource.callsites`, a static the SDK's types declare private) for the
 * Pulumi service's console; the mocks discard it. Guarded: if the SDK drops the static, nothing
 * changes but speed (a test watches for that).
 */
export function skipSourcePositions(): void {
    const resource = pulumi.Resource as unknown as { callsites?: () => unknown[] };
    if (typeof resource.callsites === "function") resource.callsites = () => [];
}

/** Runs `main`; a failure prints its message and exits 1. */
export function cli(): void {
    main().catch((err: Error) => {
        const message = err instanceof OfflineProgramError ? err.message : (err.stack ?? err.message);
        console.error(`plan failed: ${message}`);
        process.exit(1);
    });
}
