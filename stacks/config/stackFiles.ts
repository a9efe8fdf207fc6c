import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { cidrsOverlap, parseCidr } from "../../lib/cidr";
import { PROJECT } from "../../lib/constants";
import { ACCESS_DEFAULTS } from "./access";
import { ConfigError } from "./load";
import { SecurityConfig, securitySchema } from "./security";

/**
 * The project's stack files, `Pulumi.<stack>.yaml`, read straight from the project directory:
 * for the offline plan and the tests (which have no Pulumi CLI to read them), and for the checks
 * one stack makes against the others (overlapping networks, regions nobody watches). A running
 * stack sees only its own config through the Pulumi runtime; the repository has them all, and the
 * Pulumi CLI runs the program from the project directory.
 */

export const STACK_FILE = /^Pulumi\.([^.]+)\.yaml$/;

export function stackFileName(stack: string): string {
    return `Pulumi.${stack}.yaml`;
}

/** The stacks with a Pulumi.<stack>.yaml in `dir`, in name order (code units, not locale). */
export function stackNames(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => STACK_FILE.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The nearest directory from `start` upwards that holds Pulumi.yaml; undefined when none does. */
export function findProjectDir(start: string): string | undefined {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        if (path.dirname(dir) === dir) return undefined;
    }
}

/**
 * The `config:` map of a stack file's text. YAML mistakes (bad indentation, a tab, a key given
 * twice, an unclosed bracket) throw a {@link ConfigError} naming the file, the line and the column
 * of each, as the other config errors do, before anything is planned or registered.
 */
export function parseStackFileText(text: string, file: string): Record<string, unknown> {
    // A plan of every stack reads each file several times (its own run, the others' overlap
    // checks, DR's primary): parse each text once, and hand out copies so no caller shares one.
    const key = `${file}\n${text}`;
    let parsed = parsedStackFiles.get(key);
    if (parsed === undefined) {
        parsed = parseStackFileTextOnce(text, file);
        parsedStackFiles.set(key, parsed);
    }
    return structuredClone(parsed);
}

const parsedStackFiles = new Map<string, Record<string, unknown>>();

function parseStackFileTextOnce(text: string, file: string): Record<string, unknown> {
    const doc = YAML.parseDocument(text);
    if (doc.errors.length > 0) {
        throw new ConfigError(
            file,
            doc.errors.map((e) => {
                const [start] = e.linePos ?? [];
                const message = e.message.split(" at line ")[0].split("\n")[0];
                return start ? `line ${start.line}, column ${start.col}: ${message} (YAML syntax)` : `${message} (YAML syntax)`;
            }),
        );
    }
    const top: unknown = doc.toJS();
    if (top === null || top === undefined) return {};
    if (!isMap(top)) throw new ConfigError(file, [`expected the file to be a map with a config: section, got ${describe(top)}`]);
    const config = top.config;
    if (config === null || config === undefined) return {};
    if (!isMap(config)) throw new ConfigError(file, [`config: expected a map of settings (key: value lines indented under config:), got ${describe(config)}`]);
    return config;
}

/** Reads the `config:` map of `dir`/Pulumi.<stack>.yaml; a missing file names the stacks there are. */
export function readStackFile(dir: string, stack: string): Record<string, unknown> {
    const file = path.join(dir, stackFileName(stack));
    if (!fs.existsSync(file)) {
        throw new Error(`no stack file ${stackFileName(stack)}; stacks in this project: ${stackNames(dir).join(", ") || "none"}`);
    }
    return parseStackFileText(fs.readFileSync(file, "utf8"), stackFileName(stack));
}

/**
 * The values Pulumi.yaml's `config:` gives every stack (entries with `value:`), which the Pulumi
 * CLI hands to the program together with the stack file's own (the stack file wins).
 */
export function readProjectConfig(dir: string): Record<string, unknown> {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) return {};
    const doc: unknown = YAML.parse(fs.readFileSync(file, "utf8"));
    const config = isMap(doc) && isMap(doc.config) ? doc.config : {};
    return Object.fromEntries(
        Object.entries(config)
            .filter(([, entry]) => isMap(entry) && "value" in entry)
            .map(([key, entry]) => [key, (entry as { value: unknown }).value]),
    );
}

/** What one stack needs to know about another stack file. */
export interface StackFileSummary {
    readonly stack: string;
    readonly file: string;
    /** `aws:region`, when set. */
    readonly region?: string;
    /** `startup-platform:network.cidr`, when it is a CIDR block. */
    readonly cidr?: string;
    readonly role: string;
    /** The `security` section with its defaults; undefined when it is invalid (its own plan says so). */
    readonly security?: SecurityConfig;
    /** `startup-platform:access.breakGlassAlerts`, or its default. */
    readonly breakGlassAlerts: boolean;
}

/** The summary of a stack's raw config; tolerant of mistakes elsewhere in the file. */
export function summarizeStackConfig(stack: string, raw: Record<string, unknown>): StackFileSummary {
    const network = raw[`${PROJECT}:network`];
    const cidr = isMap(network) && typeof network.cidr === "string" && parseCidr(network.cidr) !== undefined ? network.cidr : undefined;
    const region = raw["aws:region"];
    const role = raw[`${PROJECT}:role`];
    const security = securitySchema.safeParse(raw[`${PROJECT}:security`]);
    const access = raw[`${PROJECT}:access`];
    const breakGlassAlerts = isMap(access) && typeof access.breakGlassAlerts === "boolean" ? access.breakGlassAlerts : ACCESS_DEFAULTS.breakGlassAlerts;
    return {
        stack,
        file: stackFileName(stack),
        region: typeof region === "string" ? region : undefined,
        cidr,
        role: typeof role === "string" ? role : "primary",
        security: security.success ? security.data : undefined,
        breakGlassAlerts,
    };
}

/**
 * Summaries of every stack file in `dir` but `except`'s own. A file that cannot be read is left
 * out: it is not this stack's problem, and its own plan or deploy reports it.
 */
export function otherStackFiles(dir: string, except: string): StackFileSummary[] {
    const summaries: StackFileSummary[] = [];
    for (const stack of stackNames(dir).filter((s) => s !== except)) {
        try {
            summaries.push(summarizeStackConfig(stack, readStackFile(dir, stack)));
        } catch {
            continue;
        }
    }
    return summaries;
}

/** Pairs of stack files whose VPC blocks overlap, each pair once, in file order. */
export function overlappingNetworks(stacks: readonly StackFileSummary[]): Array<[StackFileSummary, StackFileSummary]> {
    const withCidr = stacks.filter((s) => s.cidr !== undefined);
    const pairs: Array<[StackFileSummary, StackFileSummary]> = [];
    withCidr.forEach((a, i) => {
        for (const b of withCidr.slice(i + 1)) if (cidrsOverlap(a.cidr as string, b.cidr as string)) pairs.push([a, b]);
    });
    return pairs;
}

/**
 * A stack's VPC against every other stack file's: each stack has a VPC of its own, so an overlap
 * is always a mistake (usually a copied file), and it would stop the networks from ever being
 * peered or routed to each other (the DR stack's with its primary's, a VPN to the office).
 */
export function networkOverlapProblems(self: { readonly file: string; readonly network: { readonly cidr: string } }, others: readonly StackFileSummary[]): string[] {
    const me: StackFileSummary = { stack: "", file: self.file, cidr: self.network.cidr, role: "", breakGlassAlerts: false };
    return others
        .filter((other) => overlappingNetworks([me, other]).length > 0)
        .map(
            (other) =>
                `${PROJECT}:network.cidr: ${self.network.cidr} overlaps ${other.cidr as string}, the ${PROJECT}:network.cidr of ${other.file}; every stack's VPC needs a block of its own (pick one no other Pulumi.<stack>.yaml uses)`,
        );
}

function isMap(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describe(value: unknown): string {
    if (Array.isArray(value)) return "a list";
    return JSON.stringify(value);
}
