import { OfflineRun, RecordedResource } from "./run";

/**
 * Turns an offline run into a stable plan document (sorted, keyed by logical names, no URNs) and
 * renders it as a console tree and as Markdown with a Mermaid diagram.
 */

export interface PlanResource {
    /** `type::name`, unique within a stack. */
    readonly key: string;
    readonly type: string;
    readonly name: string;
    readonly kind: "component" | "remote-component" | "resource" | "provider" | "stack-reference";
    /** Key of the parent; undefined for top-level resources. */
    readonly parent?: string;
    /** Top-level component the resource belongs to. */
    readonly component?: string;
    readonly protect: boolean;
    readonly inputs: Record<string, unknown>;
}

export interface PlanDocument {
    readonly stack: string;
    readonly region: string;
    readonly summary: {
        readonly resources: number;
        readonly components: number;
        readonly byType: Record<string, number>;
    };
    /** Which top-level component feeds which: an edge when one's inputs name the other's ids/ARNs. */
    readonly wiring: Array<{ from: string; to: string }>;
    readonly resources: PlanResource[];
    readonly outputs: Record<string, unknown>;
    /**
     * What the program warned about: settings to fix before launch (stacks/warnings.ts). Absent
     * from plans written before warnings existed (a base branch's, in a plan diff).
     */
    readonly warnings?: string[];
}

const keyOf = (r: RecordedResource) => `${r.type}::${r.name}`;

/**
 * Plain code-unit order. `localeCompare` follows the machine's locale (ICU collation differs by
 * LANG), so a committed plan sorted with it could reorder on another machine.
 */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function kindOf(r: RecordedResource): PlanResource["kind"] {
    if (r.type.startsWith("pulumi:providers:")) return "provider";
    if (r.type === "pulumi:pulumi:StackReference") return "stack-reference";
    if (r.custom) return "resource";
    return r.type.startsWith("startup:") ? "component" : "remote-component";
}

/** Sorts object keys recursively so the JSON is byte-stable. */
export function stable(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(stable);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value as object)
                .sort()
                .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
        );
    }
    return value;
}

export function planDocument(run: OfflineRun): PlanDocument {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const topLevel = (r: RecordedResource): RecordedResource | undefined => {
        let current: RecordedResource | undefined = r;
        let top: RecordedResource | undefined;
        while (current) {
            if (!current.custom && current.type.startsWith("startup:")) top = current;
            current = current.parent ? byUrn.get(current.parent) : undefined;
        }
        return top;
    };
    const resources: PlanResource[] = run.resources
        .map((r) => {
            const parent = r.parent ? byUrn.get(r.parent) : undefined;
            const top = topLevel(r);
            return {
                key: keyOf(r),
                type: r.type,
                name: r.name,
                kind: kindOf(r),
                parent: parent ? keyOf(parent) : undefined,
                component: top && top !== r ? keyOf(top) : undefined,
                protect: r.protect,
                inputs: stable(r.inputs) as Record<string, unknown>,
            };
        })
        .sort((a, b) => byCodeUnit(a.key, b.key));
    const byType: Record<string, number> = {};
    for (const r of resources.filter((x) => x.kind === "resource")) byType[r.type] = (byType[r.type] ?? 0) + 1;
    return {
        stack: run.stack,
        region: run.region,
        summary: {
            resources: resources.filter((r) => r.kind === "resource").length,
            components: resources.filter((r) => r.kind === "component" || r.kind === "remote-component").length,
            byType: stable(byType) as Record<string, number>,
        },
        wiring: wiring(run, topLevel),
        resources,
        outputs: stable(run.outputs) as Record<string, unknown>,
        warnings: [...run.warnings],
    };
}

/**
 * Edges between top-level components: A -> B when a resource of B takes an id or ARN of A's. A
 * stack reference counts as a component: B takes an ARN or id the referenced stack exports.
 */
function wiring(run: OfflineRun, topLevel: (r: RecordedResource) => RecordedResource | undefined): Array<{ from: string; to: string }> {
    const owners: Array<[string, string]> = [];
    for (const r of run.resources) {
        const top = topLevel(r);
        if (!top || !r.custom) continue;
        for (const field of ["id", "arn"]) {
            const value = r.state[field];
            if (typeof value === "string" && value.length >= 8) owners.push([value, keyOf(top)]);
        }
    }
    for (const r of run.resources.filter((x) => x.type === "awsx:ec2:Vpc")) {
        const top = topLevel(r);
        const vpcId = r.state.vpcId;
        if (top && typeof vpcId === "string") owners.push([vpcId, keyOf(top)]);
        for (const ids of ["publicSubnetIds", "privateSubnetIds", "isolatedSubnetIds"]) {
            for (const id of (r.state[ids] as string[] | undefined) ?? []) if (top) owners.push([id, keyOf(top)]);
        }
    }
    // A DR stack's reference to its primary owns the ids and ARNs it reads from the primary.
    for (const r of run.resources.filter((x) => x.type === "pulumi:pulumi:StackReference")) {
        const outputs = (r.state.outputs ?? {}) as Record<string, unknown>;
        for (const value of Object.values(outputs)) {
            if (typeof value === "string" && (value.startsWith("arn:") || /^[a-z][a-z0-9]*-[0-9a-f]{8,}$/.test(value))) owners.push([value, keyOf(r)]);
        }
    }
    const edges = new Set<string>();
    const findOwners = substringFinder(owners);
    for (const r of run.resources) {
        const top = topLevel(r);
        if (!top) continue;
        const to = keyOf(top);
        for (const from of findOwners(JSON.stringify(r.inputs))) {
            if (from !== to) edges.add(`${from}\u0000${to}`);
        }
    }
    return [...edges]
        .sort()
        .map((e) => {
            const [from, to] = e.split("\u0000");
            return { from, to };
        });
}

/**
 * For `[value, tag]` pairs, a function giving the tags of the values that occur in a text: what
 * `values.filter((v) => text.includes(v))` gives, in one pass over the text instead of one per
 * value (a stack has hundreds of ids and ARNs). Values are indexed by their last characters.
 */
export function substringFinder<T>(pairs: ReadonlyArray<readonly [string, T]>): (text: string) => Set<T> {
    const width = 8;
    const byEnd = new Map<string, Array<readonly [string, T]>>();
    const short: Array<readonly [string, T]> = [];
    for (const pair of pairs) {
        if (pair[0].length < width) {
            short.push(pair);
            continue;
        }
        const end = pair[0].slice(-width);
        const list = byEnd.get(end);
        if (list) list.push(pair);
        else byEnd.set(end, [pair]);
    }
    return (text) => {
        const found = new Set<T>();
        for (let end = width; end <= text.length; end++) {
            const candidates = byEnd.get(text.slice(end - width, end));
            if (candidates === undefined) continue;
            for (const [value, tag] of candidates) {
                if (end >= value.length && text.startsWith(value, end - value.length)) found.add(tag);
            }
        }
        for (const [value, tag] of short) if (text.includes(value)) found.add(tag);
        return found;
    };
}

/** The console tree, grouped by component. */
export function renderTree(doc: PlanDocument): string {
    const children = new Map<string | undefined, PlanResource[]>();
    for (const r of doc.resources) {
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const lines = [
        `Stack ${doc.stack} (${doc.region}): ${doc.summary.resources} cloud resources in ${doc.summary.components} components`,
        ...(doc.warnings ?? []).map((w) => `warning: ${w}`),
    ];
    const walk = (parent: string | undefined, indent: string) => {
        const list = (children.get(parent) ?? []).slice().sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key));
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            lines.push(`${indent}${last ? "└─ " : "├─ "}${describe(r)}`);
            for (const extra of details(r)) lines.push(`${indent}${last ? "   " : "│  "}   ${extra}`);
            walk(r.key, indent + (last ? "   " : "│  "));
        });
    };
    walk(undefined, "");
    return lines.join("\n");
}

function rank(r: PlanResource): number {
    return { provider: 0, "stack-reference": 1, component: 2, "remote-component": 3, resource: 4 }[r.kind];
}

function describe(r: PlanResource): string {
    const flags = r.protect ? " [protected]" : "";
    switch (r.kind) {
        case "component":
            return `${r.type.split(":").pop()} ${r.name}${flags}`;
        case "remote-component":
            return `${r.type} ${r.name} (created by the ${r.type.split(":")[0]} plugin)${flags}`;
        case "provider":
            return `provider ${r.name} (region ${String(r.inputs.region)})`;
        case "stack-reference":
            return `stack reference ${r.name} -> ${String(r.inputs.name)}`;
        default:
            return `${r.type} ${r.name}${flags}`;
    }
}

/** Extra lines for resources whose children are invisible offline (awsx's VPC). */
function details(r: PlanResource): string[] {
    if (r.type !== "awsx:ec2:Vpc") return [];
    const specs = (r.inputs.subnetSpecs as Array<{ type: string; cidrBlocks?: string[] }> | undefined) ?? [];
    const azs = (r.inputs.availabilityZoneNames as string[] | undefined) ?? [];
    const nat = (r.inputs.natGateways as { strategy?: string } | undefined)?.strategy ?? "default";
    return [
        `cidr ${String(r.inputs.cidrBlock)}, zones ${azs.join(", ")}, NAT ${nat}`,
        ...specs.map((s) => `${s.type.toLowerCase()} subnets: ${(s.cidrBlocks ?? []).join(", ")}`),
    ];
}

/** Markdown: summary, the component diagram with its legend, the components, resource types and outputs. */
export function renderMarkdown(doc: PlanDocument): string {
    const lines: string[] = [
        `# Offline plan: stack \`${doc.stack}\` (${doc.region})`,
        "",
        `${doc.summary.resources} cloud resources in ${doc.summary.components} components. Generated by \`npm run plan -- ${doc.stack}\` under Pulumi mocks: ids, ARNs and endpoints are stand-ins.`,
        "",
        ...renderDiagram(doc),
    ];
    const warnings = doc.warnings ?? [];
    if (warnings.length > 0) lines.push("", "## Warnings", "", ...warnings.map((w) => `- ${w}`));
    lines.push("", "## Components", "", "What each box of the diagram holds: its cloud resources by type, and the components inside it.", "");
    lines.push("| component | class | area | resources | holds |", "| --- | --- | --- | ---: | --- |");
    for (const c of topComponents(doc)) {
        const holds = [...c.inner.map((i) => `${i.type.split(":").pop() ?? i.type} \`${i.name}\``), ...c.types.map(([type, n]) => `${shortType(type)}${n > 1 ? ` ×${n}` : ""}`)];
        lines.push(`| \`${c.resource.name}\` | ${c.className} | ${c.area} | ${c.count} | ${holds.join(", ") || "-"} |`);
    }
    lines.push("", "## Resources by type", "", "| type | count |", "| --- | ---: |");
    for (const [type, count] of Object.entries(doc.summary.byType)) lines.push(`| \`${type}\` | ${count} |`);
    lines.push("", "## Outputs", "", "| output | value |", "| --- | --- |");
    for (const [key, value] of Object.entries(doc.outputs)) {
        lines.push(`| \`${key}\` | \`${JSON.stringify(value).replace(/\|/g, "\\|")}\` |`);
    }
    return `${lines.join("\n")}\n`;
}

/** `aws:cloudwatch/logGroup:LogGroup` -> `LogGroup`; a remote component keeps its package: `awsx Vpc`. */
function shortType(type: string): string {
    const short = type.split(":").pop() ?? type;
    return type.startsWith("aws:") ? short : `${type.split(":")[0]} ${short}`;
}

interface TopComponent {
    readonly resource: PlanResource;
    /** `startup:<area>:<Class>`: the area and the class. */
    readonly area: string;
    readonly className: string;
    /** Cloud resources anywhere below it. */
    readonly count: number;
    /** Their types and counts, by type. */
    readonly types: Array<[string, number]>;
    /** Components nested inside it. */
    readonly inner: PlanResource[];
}

/** The stack's top-level components (the boxes of the diagram), in area then name order. */
function topComponents(doc: PlanDocument): TopComponent[] {
    return doc.resources
        .filter((r) => r.kind === "component" && r.parent === undefined)
        .map((resource) => {
            const [, area = "other", className = resource.type] = resource.type.split(":");
            const below = doc.resources.filter((r) => r.component === resource.key);
            const types = new Map<string, number>();
            for (const r of below.filter((x) => x.kind === "resource" || x.kind === "remote-component")) types.set(r.type, (types.get(r.type) ?? 0) + 1);
            return {
                resource,
                area,
                className,
                count: below.filter((r) => r.kind === "resource").length,
                types: [...types].sort(([a], [b]) => byCodeUnit(shortType(a), shortType(b))),
                inner: below.filter((r) => r.kind === "component"),
            };
        })
        .sort((a, b) => byCodeUnit(a.area, b.area) || byCodeUnit(a.resource.name, b.resource.name));
}

/** Classes whose outgoing edges mean "encrypts with this key" rather than "uses". */
const KEY_CLASSES = new Set(["PlatformKey", "PlatformReplicaKey"]);

/** Mermaid node ids: letters, digits and underscores. */
const nodeId = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");

/** Mermaid text in quotes: no double quotes inside. */
const quoted = (lines: string[]) => `"${lines.map((l) => l.replace(/"/g, "'")).join("<br/>")}"`;

/**
 * The stack as a Mermaid flowchart, top-down: one box per top-level component (its name, class and
 * cloud resource count) grouped by area, the stack a DR stack reads as a cylinder, and the wiring
 * between them, as fenced lines. Resource detail goes in the tables of {@link renderMarkdown}, so
 * the diagram stays readable at the width of a pull request page.
 */
export function renderMermaid(doc: PlanDocument): string[] {
    const components = topComponents(doc);
    const ids = new Map<string, string>();
    const lines: string[] = ["```mermaid", "flowchart TB"];
    for (const ref of doc.resources.filter((r) => r.kind === "stack-reference")) {
        ids.set(ref.key, nodeId(`ref_${ref.name}`));
        lines.push(`  ${nodeId(`ref_${ref.name}`)}[(${quoted([`stack ${String(ref.inputs.name).split("/").pop()}`, "stack reference"])})]`);
    }
    for (const area of [...new Set(components.map((c) => c.area))]) {
        lines.push(`  subgraph area_${nodeId(area)}["${area}"]`);
        for (const c of components.filter((x) => x.area === area)) {
            const id = nodeId(`${c.className}_${c.resource.name}`);
            ids.set(c.resource.key, id);
            const text = quoted([c.resource.name, c.className, `${c.count} resource${c.count === 1 ? "" : "s"}`]);
            lines.push(`    ${id}${KEY_CLASSES.has(c.className) ? `{{${text}}}` : `[${text}]`}`);
        }
        lines.push("  end");
    }
    const edges = new Set(doc.wiring.map((e) => `${e.from}\u0000${e.to}`));
    for (const { from, to } of doc.wiring) {
        const a = ids.get(from);
        const b = ids.get(to);
        if (a === undefined || b === undefined) continue;
        const both = edges.has(`${to}\u0000${from}`);
        if (both && byCodeUnit(from, to) > 0) continue; // drawn once, from the other end
        const fromClass = from.split("::")[0].split(":").pop() ?? "";
        const arrow = from.startsWith("pulumi:pulumi:StackReference") ? "==>" : KEY_CLASSES.has(fromClass) ? "-.->" : both ? "<-->" : "-->";
        lines.push(`  ${a} ${arrow} ${b}`);
    }
    lines.push("```");
    return lines;
}

/** What the shapes and arrows of {@link renderMermaid} mean, as Markdown lines. */
export const DIAGRAM_LEGEND: readonly string[] = [
    "**Legend.** A box is a top-level component: its name, its class and the cloud resources it holds, grouped by area " +
        "(the `<area>` of its type `startup:<area>:<Class>`); a six-sided box is a KMS key. " +
        "`A --> B`: B's resources take ids or ARNs of A's. `A <--> B`: both ways. " +
        "`A -.-> B`: B uses key A (to encrypt its data, or names it in a policy). " +
        "`A ==> B`: B takes values from the stack A reads through a stack reference (the cylinder).",
];

/** The diagram and its legend, as Markdown lines. */
export function renderDiagram(doc: PlanDocument): string[] {
    return [...renderMermaid(doc), "", ...DIAGRAM_LEGEND];
}
