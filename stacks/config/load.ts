import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PROJECT } from "../../lib/constants";
import { closest, didYouMean } from "../../lib/suggest";
import { TagContext, platformTags } from "../../lib/tags";
import { IssueFormat, formatIssue } from "./issues";
import { NOTIFICATION_SECRETS } from "./notifications";
import { StackSettings, configSchema, configShape } from "./schema";

/** Where a stack's configuration came from, for error messages. */
export interface ConfigSource {
    /** Stack name, e.g. prod. */
    readonly stack: string;
    /** The file a user edits to fix a problem, e.g. Pulumi.prod.yaml. */
    readonly file: string;
}

/** The validated settings plus the values every stack derives from them. */
export interface PlatformConfig extends StackSettings {
    readonly project: string;
    readonly stack: string;
    readonly file: string;
    /** Prefix of every AWS resource name. */
    readonly namePrefix: string;
    /** Protect stateful resources against deletion. */
    readonly protect: boolean;
    readonly isProd: boolean;
    /**
     * Security log groups and their keys outlive the stack (prod environments): the one flag every
     * builder passes as `keepSecurityLogs` or a key's `retainOnDelete`. Not `protect`, which a
     * teardown turns off first (docs/security.md, "Security logs outlive a prod stack").
     */
    readonly keepSecurityLogs: boolean;
    /** The provider's defaultTags. */
    readonly tags: Record<string, string>;
}

/**
 * Raised for invalid stack config before any resource is registered; lists every problem. A
 * `pulumi.RunError`, so `pulumi preview` and `pulumi up` print its message alone, without the
 * stack trace the SDK prints for other errors.
 */
export class ConfigError extends pulumi.RunError {
    constructor(
        readonly file: string,
        readonly problems: string[],
    ) {
        super(
            `Invalid stack configuration in ${file} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/** Keys outside the project namespace that this program reads. */
const FOREIGN_KEYS: Record<string, string> = { "aws:region": "region" };

/**
 * Keys of the `pulumi:` namespace: settings of the Pulumi engine, which the CLI hands to the program
 * with the rest of the config (Pulumi.yaml sets the first) and the program leaves alone.
 */
export const PULUMI_ENGINE_KEYS: readonly string[] = ["pulumi:disable-default-providers", "pulumi:tags", "pulumi:autonaming"];

/** Hints for `aws:` keys people set for a default provider, which this program does not use. */
const AWS_KEY_HINTS: Record<string, string> = {
    profile: "give the credentials through the environment instead (AWS_PROFILE, or the deploy role in CI)",
    accessKey: "give the credentials through the environment instead (AWS_PROFILE, or the deploy role in CI); never in a stack file",
    secretKey: "give the credentials through the environment instead (AWS_PROFILE, or the deploy role in CI); never in a stack file",
    assumeRole: "assume the role before running pulumi (credentials in the environment, as the deploy workflow's OIDC role)",
    assumeRoles: "assume the role before running pulumi (credentials in the environment, as the deploy workflow's OIDC role)",
    defaultTags: `every resource is tagged from ${PROJECT}:owner, ${PROJECT}:costCenter and the stack (lib/tags.ts)`,
    allowedAccountIds: "pin the account in the credentials instead (the workflows' allowed-account-ids)",
};

/**
 * Problems with keys outside the `startup-platform:` namespace, and with keys missing a namespace.
 * The program reads only `aws:region` from elsewhere: a key it would silently ignore is a typo or a
 * setting that does nothing, so each is refused with what to do instead.
 */
export function foreignKeyProblems(keys: Iterable<string>): string[] {
    const problems: string[] = [];
    const shortKeys = Object.keys(configShape).filter((k) => !Object.values(FOREIGN_KEYS).includes(k));
    for (const key of keys) {
        if (key in FOREIGN_KEYS || key.startsWith(`${PROJECT}:`) || PULUMI_ENGINE_KEYS.includes(key)) continue;
        const colon = key.indexOf(":");
        if (colon < 0) {
            const meant = closest(key, shortKeys);
            problems.push(`${key}: a key needs a namespace; ${meant === undefined ? `this program's keys are ${PROJECT}:<key>` : `did you mean ${PROJECT}:${meant}?`}`);
            continue;
        }
        const namespace = key.slice(0, colon);
        if (namespace === "aws") {
            const name = key.slice(colon + 1);
            const region = closest(key, Object.keys(FOREIGN_KEYS));
            const hint = region !== undefined ? `did you mean ${region}?` : AWS_KEY_HINTS[name] ?? "set what it configures through the program's config keys (docs/config.md) or the environment";
            problems.push(
                `${key}: not read: every AWS provider of this program is explicit (the default provider is disabled in Pulumi.yaml) and takes only aws:region from the stack file; ${hint}`,
            );
        } else if (namespace === "pulumi") {
            problems.push(`${key}: not a setting of the Pulumi engine${didYouMean(key, PULUMI_ENGINE_KEYS)}; the pulumi namespace holds ${PULUMI_ENGINE_KEYS.join(", ")}`);
        } else {
            const meant = closest(namespace, [PROJECT, "aws", "pulumi"]);
            problems.push(
                `${key}: unknown namespace ${namespace}${meant === undefined ? "" : ` (did you mean ${meant}?)`}; this program reads ${PROJECT}:<key> and aws:region, and Pulumi's own ${PULUMI_ENGINE_KEYS.join(", ")}`,
            );
        }
    }
    return problems;
}

/**
 * Keys (paths below the namespace) whose values must never appear in an error message, and which
 * must be set with `pulumi config set --secret --path`.
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set<string>(Object.values(NOTIFICATION_SECRETS).map((path) => ["notifications", ...path].join(".")));

/** True when the value at `path` is, or contains, a secret key. */
function holdsSecret(path: ReadonlyArray<PropertyKey>): boolean {
    const joined = path.map(String).join(".");
    return [...SECRET_KEYS].some((key) => key === joined || key.startsWith(`${joined}.`));
}

/** Secret keys that are set in `raw` although their top-level key is not a Pulumi secret. */
function plaintextSecrets(raw: Record<string, unknown>, secretTopKeys: ReadonlySet<string>): string[] {
    const problems: string[] = [];
    for (const key of SECRET_KEYS) {
        const [head, ...rest] = key.split(".");
        const full = `${PROJECT}:${head}`;
        let value: unknown = raw[full];
        for (const part of rest) value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
        if (value !== undefined && !secretTopKeys.has(full)) {
            problems.push(`${displayKey(key.split("."))}: must be a secret; remove the plain value and set it with pulumi config set --secret --path '${key}' <value>`);
        }
    }
    return problems;
}

/**
 * Validates the raw `key -> value` map of a stack (full keys such as `startup-platform:network`,
 * values already decoded from YAML/JSON) and derives the platform config. Pure: throws
 * {@link ConfigError} with every problem at once.
 */
export function parsePlatformConfig(
    raw: Record<string, unknown>,
    source: ConfigSource,
    /** Top-level keys (`startup-platform:notifications`) Pulumi holds as secrets; unchecked when omitted. */
    secretTopKeys?: ReadonlySet<string>,
): PlatformConfig {
    const problems: string[] = [...foreignKeyProblems(Object.keys(raw)), ...(secretTopKeys === undefined ? [] : plaintextSecrets(raw, secretTopKeys))];
    const settings: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (key in FOREIGN_KEYS) {
            settings[FOREIGN_KEYS[key]] = value;
        } else if (key.startsWith(`${PROJECT}:`)) {
            const short = key.slice(PROJECT.length + 1);
            if (Object.values(FOREIGN_KEYS).includes(short)) {
                problems.push(`${key}: set this with ${displayKey([short])} instead`);
            } else {
                settings[short] = value;
            }
        }
    }
    const result = configSchema.safeParse(settings, { reportInput: true });
    if (!result.success) {
        problems.push(...result.error.issues.flatMap((issue) => formatIssue(issue, CONFIG_ISSUES)));
    }
    if (problems.length > 0 || !result.success) {
        throw new ConfigError(source.file, problems);
    }
    return derive(result.data, source);
}

function derive(settings: StackSettings, source: ConfigSource): PlatformConfig {
    const isProd = settings.environment === "prod";
    const tagContext: TagContext = {
        project: PROJECT,
        stack: source.stack,
        environment: settings.environment,
        role: settings.role,
        owner: settings.owner,
        costCenter: settings.costCenter,
    };
    return {
        ...settings,
        project: PROJECT,
        stack: source.stack,
        file: source.file,
        namePrefix: settings.namePrefix ?? `startup-${source.stack}`,
        protect: settings.protect ?? isProd,
        isProd,
        keepSecurityLogs: isProd,
        tags: platformTags(tagContext),
    };
}

/** `["network", "cidr"]` -> `startup-platform:network.cidr`; the region shows as `aws:region`. */
export function displayKey(path: ReadonlyArray<PropertyKey>): string {
    const [head, ...rest] = path.map(String);
    const foreign = Object.entries(FOREIGN_KEYS).find(([, short]) => short === head);
    const top = foreign ? foreign[0] : `${PROJECT}:${head}`;
    return [top, ...rest].reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : `${acc}.${part}`));
}

/** How the stack config's issues read: full keys, secrets never shown. */
const CONFIG_ISSUES: IssueFormat = { key: displayKey, root: z.strictObject(configShape), secret: holdsSecret };

/**
 * Decodes one value of Pulumi's config map: structured values arrive as JSON text, scalars as
 * plain strings.
 */
export function decodeConfigValue(text: string): unknown {
    const trimmed = text.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            return JSON.parse(trimmed);
        } catch {
            return text;
        }
    }
    if (trimmed === "true") return true;
    if (trimmed === "false") return false;
    if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
    return text;
}

/** Reads and validates the running stack's config from the Pulumi runtime. */
export function loadPlatformConfig(): PlatformConfig {
    const stack = pulumi.getStack();
    const raw = Object.fromEntries(
        Object.entries(pulumi.runtime.allConfig()).map(([key, value]) => [key, decodeConfigValue(value)]),
    );
    // A key holding a nested secret is a secret as a whole. Pulumi's runtime exports its check,
    // though not in its typings; without it the plaintext check is skipped.
    const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
    const secretTopKeys = isSecret === undefined ? undefined : new Set(Object.keys(raw).filter((key) => isSecret(key)));
    return parsePlatformConfig(raw, { stack, file: `Pulumi.${stack}.yaml` }, secretTopKeys);
}
