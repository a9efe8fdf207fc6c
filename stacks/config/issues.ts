import { z } from "zod";
import { closest } from "../../lib/suggest";

/**
 * How a zod issue reads in a message, for the stack config (keys shown as
 * `startup-platform:fleet.appPort`) and for a component's settings (keys shown as `appPort`): one
 * formatter, so a value refused in a stack file and in code is refused in the same words.
 */
export interface IssueFormat {
    /** How a key path reads: `startup-platform:network.cidr`, or `scaling.targetValue`. */
    readonly key: (path: ReadonlyArray<PropertyKey>) => string;
    /** The schema the paths start from, for the keys an unknown one could have meant. */
    readonly root: z.core.$ZodType;
    /** Paths whose values must never appear in a message. @default none */
    readonly secret?: (path: ReadonlyArray<PropertyKey>) => boolean;
}

/** `["scaling", "warmPool", "minSize"]` -> `scaling.warmPool.minSize`; indexes as `[0]`. */
export function dottedKey(path: ReadonlyArray<PropertyKey>): string {
    return path.map(String).reduce((acc, part, i) => (/^\d+$/.test(part) ? `${acc}[${part}]` : i === 0 ? part : `${acc}.${part}`), "");
}

/** How a type zod expected reads in a message. */
const EXPECTED_TYPE: Record<string, string> = { object: "a map of settings", int: "a whole number", array: "a list" };

function describeInput(format: IssueFormat, path: ReadonlyArray<PropertyKey>, input: unknown): string {
    if (format.secret?.(path) === true) return "got a secret value";
    if (input === undefined) return "is missing";
    const text = JSON.stringify(input);
    return `got ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`;
}

/** Every message of one issue: the key, the value given and what is allowed. */
export function formatIssue(issue: z.core.$ZodIssue, format: IssueFormat): string[] {
    const where = format.key(issue.path);
    const given = () => describeInput(format, issue.path, issue.input);
    switch (issue.code) {
        case "unrecognized_keys": {
            const allowed = allowedKeys(format.root, issue.path);
            const shown = (k: string) => (issue.path.length === 0 ? format.key([k]) : k);
            return issue.keys.map((key) => {
                const meant = closest(key, allowed);
                const suggestion = meant === undefined ? "" : `; did you mean ${shown(meant)}?`;
                return `${format.key([...issue.path, key])}: unknown key (a typo?); allowed keys here: ${allowed.map(shown).join(", ")}${suggestion}`;
            });
        }
        case "invalid_value":
            return [`${where}: ${given()}; expected one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`];
        case "invalid_union": {
            const literals = issue.errors.flat().flatMap((e) => (e.code === "invalid_value" ? e.values : []));
            if (literals.length > 0) return [`${where}: ${given()}; expected one of: ${literals.join(", ")}`];
            return [`${where}: ${given()}; ${issue.message}`];
        }
        case "invalid_type":
            return [`${where}: ${given()}; expected ${EXPECTED_TYPE[issue.expected] ?? `a ${issue.expected}`}`];
        case "custom":
            // Refinements of one value carry its input; rules across several keys do not.
            return [issue.input === undefined || issue.params?.crossField === true ? `${where}: ${issue.message}` : `${where}: ${given()}; ${issue.message}`];
        default:
            return [`${where}: ${given()}; ${issue.message}`];
    }
}

/** The keys a strict object at `path` below `root` accepts, for "unknown key" messages. */
function allowedKeys(root: z.core.$ZodType, path: ReadonlyArray<PropertyKey>): string[] {
    let schema: z.core.$ZodType | undefined = root;
    for (const part of path) {
        schema = unwrap(schema);
        if (schema instanceof z.ZodObject) {
            schema = schema.shape[String(part)] as z.core.$ZodType | undefined;
        } else if (schema instanceof z.ZodArray) {
            schema = schema.element as z.core.$ZodType;
        } else {
            return [];
        }
        if (schema === undefined) return [];
    }
    schema = unwrap(schema);
    return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
    let current = schema;
    while (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodOptional || current instanceof z.ZodPipe) {
        current = current instanceof z.ZodPipe ? (current.in as z.core.$ZodType) : (current.unwrap() as z.core.$ZodType);
    }
    return current;
}
