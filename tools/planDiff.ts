/**
 * What a change does to each stack's offline plan: resources added, removed and changed (by key,
 * with the fields that differ) between two plan documents, and a Markdown report of it for a pull
 * request comment. The pure functions are used by the committed-plans test too. Usage:
 *
 *   npx tsx tools/planDiff.ts --base <dir> --head <dir> [--out <file>] [--no-diagrams]
 *
 * Each directory holds <stack>.json files as written by `npm run plan -- --all --out <dir>`; a
 * missing base directory (no committed plans yet) counts as every stack being new.
 */
import * as fs from "fs";
import * as path from "path";
import { PlanDocument, PlanResource, byCodeUnit, renderDiagram } from "./offline/render";

export interface ResourceRef {
    readonly key: string;
    readonly type: string;
    readonly name: string;
}

export interface ResourceChange extends ResourceRef {
    /** What differs: `inputs.<key>` for each changed top-level input, or `protect`, `parent`, `kind`. */
    readonly fields: string[];
}

export interface PlanDiff {
    readonly stack: string;
    /** The stack has no base plan (a new stack) or no head plan (a removed stack). */
    readonly status: "new" | "removed" | "existing";
    readonly added: ResourceRef[];
    readonly removed: ResourceRef[];
    readonly changed: ResourceChange[];
    /** Stack outputs by name; values under mocks are stand-ins, so only the names are compared for added/removed. */
    readonly outputs: { readonly added: string[]; readonly removed: string[]; readonly changed: string[] };
    /** True when the component wiring (edges between components) differs. */
    readonly wiringChanged: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const ref = (r: PlanResource): ResourceRef => ({ key: r.key, type: r.type, name: r.name });
const sortedKeys = (...objects: Array<Record<string, unknown>>) =>
    [...new Set(objects.flatMap((o) => Object.keys(o)))].sort(byCodeUnit);

/** The fields of a resource that differ between two plans, in a stable order. */
export function changedFields(base: PlanResource, head: PlanResource): string[] {
    const fields: string[] = [];
    for (const field of ["kind", "parent", "protect"] as const) {
        if (!same(base[field], head[field])) fields.push(field);
    }
    for (const key of sortedKeys(base.inputs, head.inputs)) {
        if (!same(base.inputs[key], head.inputs[key])) fields.push(`inputs.${key}`);
    }
    return fields;
}

/** Compares two plans of one stack; either may be undefined (a stack added or removed). */
export function diffPlans(base: PlanDocument | undefined, head: PlanDocument | undefined): PlanDiff {
    const stack = head?.stack ?? base?.stack;
    if (stack === undefined) throw new Error("diffPlans needs at least one plan");
    const before = new Map((base?.resources ?? []).map((r) => [r.key, r]));
    const after = new Map((head?.resources ?? []).map((r) => [r.key, r]));
    const added: ResourceRef[] = [];
    const changed: ResourceChange[] = [];
    for (const [key, r] of after) {
        const old = before.get(key);
        if (!old) {
            added.push(ref(r));
            continue;
        }
        const fields = changedFields(old, r);
        if (fields.length > 0) changed.push({ ...ref(r), fields });
    }
    const removed = [...before.values()].filter((r) => !after.has(r.key)).map(ref);
    const byKey = (a: ResourceRef, b: ResourceRef) => byCodeUnit(a.key, b.key);
    const baseOutputs = base?.outputs ?? {};
    const headOutputs = head?.outputs ?? {};
    const outputNames = sortedKeys(baseOutputs, headOutputs);
    return {
        stack,
        status: base === undefined ? "new" : head === undefined ? "removed" : "existing",
        added: added.sort(byKey),
        removed: removed.sort(byKey),
        changed: changed.sort(byKey),
        outputs: {
            added: outputNames.filter((k) => !(k in baseOutputs)),
            removed: outputNames.filter((k) => !(k in headOutputs)),
            changed: outputNames.filter((k) => k in baseOutputs && k in headOutputs && !same(baseOutputs[k], headOutputs[k])),
        },
        wiringChanged: !same(base?.wiring ?? [], head?.wiring ?? []),
    };
}

/** True when the two plans describe the same resources, outputs and wiring. */
export function isEmptyDiff(diff: PlanDiff): boolean {
    const { added, removed, changed, outputs } = diff;
    return (
        diff.status === "existing" &&
        added.length + removed.length + changed.length === 0 &&
        outputs.added.length + outputs.removed.length + outputs.changed.length === 0 &&
        !diff.wiringChanged
    );
}

/** One line per resource: `+ type name`, `- type name`, `~ type name (fields)`; at most `limit` lines. */
export function summarizeDiff(diff: PlanDiff, limit = 20): string[] {
    const lines = [
        ...diff.added.map((r) => `+ ${r.type} ${r.name}`),
        ...diff.removed.map((r) => `- ${r.type} ${r.name}`),
        ...diff.changed.map((r) => `~ ${r.type} ${r.name} (${r.fields.join(", ")})`),
        ...diff.outputs.added.map((o) => `+ output ${o}`),
        ...diff.outputs.removed.map((o) => `- output ${o}`),
        ...diff.outputs.changed.map((o) => `~ output ${o}`),
        ...(diff.wiringChanged ? ["~ wiring between components"] : []),
    ];
    return lines.length > limit ? [...lines.slice(0, limit), `... and ${lines.length - limit} more`] : lines;
}

/** `+2 -0 ~1` counts of resources. */
export function counts(diff: PlanDiff): string {
    return `+${diff.added.length} -${diff.removed.length} ~${diff.changed.length}`;
}

/** Marks the comment so the workflow updates it instead of adding one per push. */
export const COMMENT_MARKER = "<!-- startup-platform:offline-plan -->";

/** GitHub refuses comments over 65,536 characters; stay well below. */
export const COMMENT_LIMIT = 60_000;

export interface ReportOptions {
    /** Head plans by stack, for the diagrams. */
    readonly heads: Map<string, PlanDocument>;
    /** Include each stack's Mermaid diagram. @default true */
    readonly diagrams?: boolean;
    /** Lines per stack in the change list. @default 40 */
    readonly limit?: number;
}

const escapeCell = (s: string) => s.replace(/\|/g, "\\|");

/** Output names changed, `+name -name ~name`; past a handful just the counts (the list follows below). */
export function outputCell(diff: PlanDiff, max = 5): string {
    const { added, removed, changed } = diff.outputs;
    const names = [...added.map((o) => `+${o}`), ...removed.map((o) => `-${o}`), ...changed.map((o) => `~${o}`)];
    if (names.length === 0) return "-";
    return names.length <= max ? names.join(" ") : `+${added.length} -${removed.length} ~${changed.length}`;
}

/** The pull-request comment: per stack, what changed against the base plans, and its diagram. */
export function renderReport(diffs: PlanDiff[], options: ReportOptions): string {
    const render = (diagrams: boolean, limit: number): string => {
        const lines = [
            COMMENT_MARKER,
            "## Offline plan",
            "",
            "What this pull request does to each stack's resource graph, against the plans committed on the base branch " +
                "(`plans/<stack>.json`). Planned under Pulumi mocks: no AWS account involved; `pulumi preview` per stack follows in its own job.",
            "",
            "| stack | added | removed | changed | outputs |",
            "| --- | ---: | ---: | ---: | --- |",
        ];
        for (const d of diffs) {
            const label = d.status === "existing" ? `\`${d.stack}\`` : `\`${d.stack}\` (${d.status} stack)`;
            lines.push(`| ${label} | ${d.added.length} | ${d.removed.length} | ${d.changed.length} | ${escapeCell(outputCell(d))} |`);
        }
        for (const d of diffs) {
            lines.push("", `### \`${d.stack}\` ${counts(d)}`, "");
            if (isEmptyDiff(d)) {
                lines.push("No change to the resource graph.");
            } else {
                lines.push("```diff", ...summarizeDiff(d, limit), "```");
            }
            const head = options.heads.get(d.stack);
            // The head plan's launch warnings: what the stack should fix before it goes live.
            for (const w of head?.warnings ?? []) lines.push("", `> **Warning:** ${w}`);
            if (diagrams && head) {
                lines.push(
                    "",
                    `<details><summary>Diagram of <code>${d.stack}</code> (${head.summary.resources} resources in ${head.summary.components} components)</summary>`,
                    "",
                    ...renderDiagram(head),
                    "",
                    "</details>",
                );
            }
        }
        return `${lines.join("\n")}\n`;
    };
    const wanted = options.diagrams ?? true;
    const limit = options.limit ?? 40;
    // Shrink to fit: first drop the diagrams, then shorten the change lists.
    for (const [diagrams, lines] of [[wanted, limit], [false, limit], [false, 10]] as const) {
        const body = render(diagrams, lines);
        if (body.length <= COMMENT_LIMIT) {
            return diagrams === wanted ? body : `${body}\n_Shortened to fit a comment: the full plans are in the workflow's \`offline-plan\` artifact._\n`;
        }
    }
    return `${render(false, 10).slice(0, COMMENT_LIMIT)}\n\n_Cut to fit a comment: the full plans are in the workflow's \`offline-plan\` artifact._\n`;
}

/** Reads every <stack>.json of a plan directory; a missing directory has no plans. */
export function readPlans(dir: string): Map<string, PlanDocument> {
    const plans = new Map<string, PlanDocument>();
    if (!fs.existsSync(dir)) return plans;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort(byCodeUnit)) {
        const doc = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as PlanDocument;
        plans.set(doc.stack, doc);
    }
    return plans;
}

/** Diffs of every stack found in either directory's plans, in name order. */
export function diffDirectories(bases: Map<string, PlanDocument>, heads: Map<string, PlanDocument>): PlanDiff[] {
    const stacks = [...new Set([...bases.keys(), ...heads.keys()])].sort(byCodeUnit);
    return stacks.map((s) => diffPlans(bases.get(s), heads.get(s)));
}

function main(argv: string[]): void {
    const value = (flag: string): string | undefined => {
        const i = argv.indexOf(flag);
        if (i < 0) return undefined;
        const v = argv[i + 1];
        if (!v || v.startsWith("--")) throw new Error(`${flag} needs a value`);
        return v;
    };
    const baseDir = value("--base");
    const headDir = value("--head");
    if (!baseDir || !headDir) throw new Error("usage: tsx tools/planDiff.ts --base <dir> --head <dir> [--out <file>] [--no-diagrams]");
    const heads = readPlans(headDir);
    if (heads.size === 0) throw new Error(`no <stack>.json in ${headDir}: run npm run plan -- --all --out ${headDir} first`);
    const report = renderReport(diffDirectories(readPlans(baseDir), heads), { heads, diagrams: !argv.includes("--no-diagrams") });
    const out = value("--out");
    if (out) {
        fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
        fs.writeFileSync(out, report);
    } else {
        process.stdout.write(report);
    }
}

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (err) {
        console.error(`plan diff failed: ${(err as Error).message}`);
        process.exit(1);
    }
}
