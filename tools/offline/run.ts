import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../../lib/constants";
import { readProjectConfig, readStackFile } from "../../stacks/config/stackFiles";
import { redirectWarnings } from "../../stacks/warnings";
import { MOCK_ACCOUNT_ID, createMocks } from "./mocks";

/**
 * Runs the real program for one stack under Pulumi's runtime mocks, with that stack's config
 * file, and records every resource it registers: type, name, parent, provider, inputs and the
 * mocked outputs. Used by the offline plan (`npm run plan`) and by the tests.
 */

/** The project root: the nearest directory upwards holding Pulumi.yaml (works bundled or not). */
export const ROOT = findRoot(__dirname);

function findRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no Pulumi.yaml above ${start}`);
    }
}

export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** True for cloud resources, false for components (and the stack). */
    readonly custom: boolean;
    /** URN of the parent; undefined only for the stack itself. */
    readonly parent?: string;
    /** URN of the explicit provider, if any. */
    readonly provider?: string;
    /** Resource options that matter to a reviewer. */
    readonly protect: boolean;
    /** Left in the cloud when Pulumi deletes it (`retainOnDelete`). */
    readonly retainOnDelete: boolean;
    /** Inputs whose changes Pulumi ignores (`ignoreChanges`). */
    readonly ignoreChanges: string[];
    /** `deleteBeforeReplace`: a replacement deletes the old resource before creating the new one. */
    readonly deleteBeforeReplace: boolean;
    /** The resolved `replacementTrigger`: a new value replaces the resource. */
    readonly replacementTrigger?: unknown;
    /** URNs of the resources named in `dependsOn` (a component stands for all its children). */
    readonly dependsOn: string[];
    /**
     * URNs of every resource this one depends on, as the engine is told: `dependsOn` and the
     * resources behind each input Output (its property dependencies).
     */
    readonly dependencies: string[];
    /** Inputs as the provider would receive them. */
    readonly inputs: Record<string, unknown>;
    /** Inputs plus the outputs the mocks computed. */
    readonly state: Record<string, unknown>;
}

/** A data-source call (invoke) the program made. */
export interface RecordedCall {
    readonly token: string;
    /** URN of the explicit provider it went through, if any. */
    readonly provider?: string;
}

export interface OfflineRun {
    readonly stack: string;
    readonly region: string;
    readonly resources: RecordedResource[];
    /** Data-source calls, in order. */
    readonly calls: RecordedCall[];
    readonly outputs: Record<string, unknown>;
    /** What the program warned about (stacks/warnings.ts), in order. */
    readonly warnings: string[];
}

export interface OfflineOptions {
    /** Stack name; its config is read from Pulumi.<stack>.yaml unless `config` is given. */
    readonly stack: string;
    /** Directory holding the Pulumi.<stack>.yaml files. @default the project root */
    readonly root?: string;
    /** Raw stack config (`key -> value` as in the YAML file's `config:` map), replacing the file. */
    readonly config?: Record<string, unknown>;
    /** Outputs of referenced stacks, by fully qualified name. */
    readonly stackOutputs?: Record<string, Record<string, unknown>>;
    /** Names of the outputs each referenced stack marks secret. @default none */
    readonly secretStackOutputs?: Record<string, readonly string[]>;
    /**
     * Tags every ECR repository holds. @default the stack's `fleet.imageTag`: a deployed stack's
     * repository holds the image it runs. `[]` is a brand-new stack, before the first push.
     */
    readonly imageTags?: readonly string[];
    /**
     * What to run instead of the whole program, e.g. one component in a test. It runs inside the
     * stack, after the mocks and config are set.
     */
    readonly program?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
    /**
     * Keep JavaScript stack traces while the program runs (slower: see {@link withoutStackTraces}).
     * @default false, or true when the environment sets {@link STACK_TRACES_ENV}=1
     */
    readonly stackTraces?: boolean;
}

/**
 * Set to 1 to keep stack traces in every offline run, e.g. to see where a failing test's program
 * throws: `OFFLINE_STACK_TRACES=1 npx mocha test/stacks/foo.test.ts`.
 */
export const STACK_TRACES_ENV = "OFFLINE_STACK_TRACES";

/** The program failed under mocks; says what it had registered by then. */
export class OfflineProgramError extends Error {
    constructor(
        readonly cause: Error,
        /** `type name` of every resource registered before the failure. */
        readonly registered: string[],
    ) {
        super(cause.message);
        this.name = "OfflineProgramError";
    }
}

/** Stands in for `secure:` values, which need the stack's secrets provider to decrypt. */
export const OFFLINE_SECRET = "offline-placeholder-secret";

/**
 * Reads the `config:` map of Pulumi.<stack>.yaml (a fresh copy each call; callers may change it;
 * each file's text is parsed once per process, by stackFiles). A YAML mistake throws a ConfigError
 * naming the file and the line; a missing file names the stacks there are.
 */
export function readStackConfigFile(stack: string, root: string = ROOT): Record<string, unknown> {
    return readStackFile(root, stack);
}

/** A `{ secure: ... }` value, or a structure holding some, with each replaced by the placeholder. */
function withPlaceholders(value: unknown): { value: unknown; secret: boolean } {
    if (value === null || typeof value !== "object") return { value, secret: false };
    if ("secure" in (value as object)) return { value: OFFLINE_SECRET, secret: true };
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withPlaceholders(v)] as const);
    const rebuilt = Array.isArray(value) ? entries.map(([, v]) => v.value) : Object.fromEntries(entries.map(([k, v]) => [k, v.value]));
    return { value: rebuilt, secret: entries.some(([, v]) => v.secret) };
}

/**
 * Pulumi passes config to programs as strings, structured values as JSON; secrets are flagged.
 * Like Pulumi, a structured value holding a nested secret is flagged as a secret as a whole.
 */
function toRuntimeConfig(config: Record<string, unknown>): { values: Record<string, string>; secretKeys: string[] } {
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, raw] of Object.entries(config)) {
        const { value, secret } = withPlaceholders(raw);
        values[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (secret) secretKeys.push(key);
    }
    return { values, secretKeys };
}

/** The image tag a stack's config runs (`startup-platform:fleet.imageTag`), if any. */
function configuredImageTags(config: Record<string, unknown>): string[] {
    const fleet = config[`${PROJECT}:fleet`] as { imageTag?: unknown } | undefined;
    return typeof fleet?.imageTag === "string" ? [fleet.imageTag] : [];
}

/**
 * Stops the Pulumi SDK from recording each resource's source position, until the returned
 * function is called. It takes it from a full JavaScript stack trace (`Resource.callsites`, a
 * static the SDK's types declare private) for the Pulumi service's console; the mocks discard it.
 * Guarded: if the SDK drops the static, nothing changes but speed (a test watches for that).
 */
export function skipSourcePositions(): () => void {
    const resource = pulumi.Resource as unknown as { callsites?: () => unknown[] };
    const callsites = resource.callsites;
    if (typeof callsites !== "function") return () => undefined;
    resource.callsites = () => [];
    return () => {
        resource.callsites = callsites;
    };
}

/**
 * Turns JavaScript stack traces off until the returned function is called. The Pulumi runtime
 * captures a stack trace for every promise it makes (debuggablePromise) and a full one for every
 * resource to record where it was created: under mocks that is a third of the plan's CPU time and
 * more than half of the test suite's. Errors keep their messages; only the frames go.
 */
export function withoutStackTraces(): () => void {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const restorePositions = skipSourcePositions();
    return () => {
        Error.stackTraceLimit = limit;
        restorePositions();
    };
}

let running = false;

export async function runOffline(options: OfflineOptions): Promise<OfflineRun> {
    if (running) throw new Error("runOffline is not re-entrant: the Pulumi runtime is process-global");
    running = true;
    const keepTraces = options.stackTraces ?? process.env[STACK_TRACES_ENV] === "1";
    const restoreTraces = keepTraces ? () => undefined : withoutStackTraces();
    try {
        return await runOnce(options);
    } finally {
        restoreTraces();
        running = false;
    }
}

async function runOnce(options: OfflineOptions): Promise<OfflineRun> {
    const root = options.root ?? ROOT;
    // As the Pulumi CLI does: Pulumi.yaml's values (pulumi:disable-default-providers), then the stack's.
    const config = { ...readProjectConfig(root), ...(options.config ?? readStackConfigFile(options.stack, root)) };
    const region = typeof config["aws:region"] === "string" ? (config["aws:region"] as string) : "us-east-1";
    const registered = new Map<string, { args: pulumi.runtime.MockResourceArgs; state: Record<string, unknown> }>();
    const base = createMocks({
        region,
        accountId: MOCK_ACCOUNT_ID,
        stackOutputs: options.stackOutputs ?? {},
        stackSecretOutputs: options.secretStackOutputs,
        imageTags: options.imageTags ?? configuredImageTags(config),
    });
    const calls: RecordedCall[] = [];
    const mocks: pulumi.runtime.Mocks = {
        call: (args) => {
            calls.push({ token: args.token, provider: providerUrn(args.provider) });
            return base.call(args);
        },
        newResource: async (args) => {
            const result = await base.newResource(args);
            registered.set(`${args.type}::${args.name}`, { args, state: result.state });
            return result;
        },
    };
    await pulumi.runtime.setMocks(mocks, PROJECT, options.stack, false);
    const dependencies = recordDependencies();
    const { values, secretKeys } = toRuntimeConfig(config);
    pulumi.runtime.setAllConfig(values, secretKeys);

    interface Seen {
        resource: pulumi.Resource;
        type: string;
        name: string;
        parent?: pulumi.Resource;
        protect: boolean;
        retainOnDelete: boolean;
        ignoreChanges: string[];
        deleteBeforeReplace: boolean;
        replacementTrigger?: pulumi.Input<unknown>;
        dependsOn: pulumi.Resource[];
    }
    const seen: Seen[] = [];
    const failure = failureOfUnhandledRejection((err) => new OfflineProgramError(err, seen.map((s) => `${s.type} ${s.name}`)));
    const warnings: string[] = [];
    const restoreWarnings = redirectWarnings((message) => warnings.push(message));
    try {
        return await Promise.race([record(), failure.promise]);
    } catch (err) {
        // The same error may still reach other promises of this run, unhandled, after it ended.
        reportedFailures.add(err as object);
        if (err instanceof OfflineProgramError) reportedFailures.add(err.cause);
        // The failed resource's promises never settle; the error says why, so the SDK's report of
        // them as leaked at exit would only repeat it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<unknown> } }).getStore().leakCandidates.clear();
        throw err;
    } finally {
        // Here, not after the program: a run failed by an unhandled rejection never gets there.
        restoreWarnings();
        failure.stop();
    }

    async function record(): Promise<OfflineRun> {
        // Deferred import: the program must load after the mocks are in place.
        const program = options.program ?? (await wholeProgram(root));
        const outputs = (await pulumi.runtime
            .runInPulumiStack(async () => {
                pulumi.runtime.registerStackTransformation((args) => {
                    seen.push({
                        resource: args.resource,
                        type: args.type,
                        name: args.name,
                        parent: args.opts.parent,
                        protect: args.opts.protect === true,
                        retainOnDelete: args.opts.retainOnDelete === true,
                        ignoreChanges: [...(args.opts.ignoreChanges ?? [])],
                        deleteBeforeReplace: (args.opts as pulumi.CustomResourceOptions).deleteBeforeReplace === true,
                        replacementTrigger: args.opts.replacementTrigger as pulumi.Input<unknown> | undefined,
                        // Only dependencies given as resources are recorded; one given as an Output is not.
                        dependsOn: [args.opts.dependsOn ?? []].flat().filter((d): d is pulumi.Resource => pulumi.Resource.isInstance(d)),
                    });
                    return undefined;
                });
                return program();
            })
            .catch((err: Error) => {
                throw new OfflineProgramError(err, seen.map((s) => `${s.type} ${s.name}`));
            })) as Record<string, unknown> | undefined;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();

        const urnOf = (r: pulumi.Resource) => promiseOf(r.urn);
        const stackUrn = `urn:pulumi:${options.stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${options.stack}`;
        const resources: RecordedResource[] = [];
        for (const s of seen) {
            const mocked = registered.get(`${s.type}::${s.name}`);
            resources.push({
                urn: await urnOf(s.resource),
                type: s.type,
                name: s.name,
                custom: mocked?.args.custom ?? s.type.startsWith("pulumi:providers:"),
                parent: s.parent ? await urnOf(s.parent) : stackUrn,
                provider: providerUrn(mocked?.args.provider),
                protect: s.protect,
                retainOnDelete: s.retainOnDelete,
                ignoreChanges: s.ignoreChanges,
                deleteBeforeReplace: s.deleteBeforeReplace,
                ...(s.replacementTrigger === undefined ? {} : { replacementTrigger: await promiseOf(pulumi.output(s.replacementTrigger)) }),
                dependsOn: await Promise.all(s.dependsOn.map(urnOf)),
                dependencies: dependencies.get(`${s.type}::${s.name}`) ?? [],
                inputs: (mocked?.args.inputs as Record<string, unknown> | undefined) ?? {},
                state: mocked?.state ?? {},
            });
        }
        return { stack: options.stack, region, resources, calls, outputs: await resolveDeep(outputs ?? {}), warnings };
    }
}

/** How the SDK's mock monitor (runtime/mocks.js) refuses a URN it never registered. */
const STRAY_FROM_EARLIER_RUN = "unknown resource urn:pulumi:";

/** Errors a run already failed with: when they reach another promise late, it is not news. */
const reportedFailures = new WeakSet<object>();

/**
 * A promise that rejects with `wrap(reason)` at the first unhandled promise rejection, until
 * `stop()`. The Pulumi runtime reports a resource that cannot be registered, such as one whose
 * input throws inside an `apply`, only as an unhandled rejection (the CLI's language host exits on
 * it), and leaves that resource's URN and outputs unresolved: without this, a run would wait for
 * them for ever instead of failing with the error.
 */
function failureOfUnhandledRejection(wrap: (err: Error) => Error): { promise: Promise<never>; stop(): void } {
    let reject: (err: Error) => void = () => undefined;
    const promise = new Promise<never>((_, r) => {
        reject = r;
    });
    // Nobody may be waiting on it when the run succeeds.
    promise.catch(() => undefined);
    const listener = (reason: unknown) => {
        if (typeof reason === "object" && reason !== null && reportedFailures.has(reason)) return;
        // Work left over by an earlier run that failed (a component's outputs, a resource lookup)
        // reaching the mock monitor of this one, which never registered its resource.
        if (reason instanceof Error && reason.message.startsWith(STRAY_FROM_EARLIER_RUN)) return;
        reject(wrap(reason instanceof Error ? reason : new Error(String(reason))));
    };
    process.on("unhandledRejection", listener);
    return { promise, stop: () => process.off("unhandledRejection", listener) };
}

/** Mocks see provider references as `<urn>::<id>`. */
function providerUrn(reference: string | undefined): string | undefined {
    return reference?.split("::").slice(0, -1).join("::") || undefined;
}

/** The parts of a RegisterResource request the recording reads (the generated protobuf class). */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getDependenciesList(): string[];
}

/**
 * Records, per `type::name`, the URNs each registration declares as dependencies. The mocks'
 * `newResource` does not see them, so this wraps the mock monitor's `registerResource`.
 */
function recordDependencies(): Map<string, string[]> {
    const recorded = new Map<string, string[]>();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): unknown };
    const monitor = settings.getMonitor() as { registerResource(req: RegisterRequest, callback: unknown): unknown } | undefined;
    if (monitor === undefined) throw new Error("no mock monitor: call setMocks first");
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        recorded.set(`${req.getType()}::${req.getName()}`, [...new Set(req.getDependenciesList())].sort());
        return register(req, callback);
    };
    return recorded;
}

/** The whole program, checking the stack against the other stack files of `root`. */
async function wholeProgram(root: string): Promise<() => Promise<Record<string, unknown>>> {
    const { program } = await import("../../stacks");
    return () => program({ projectDir: root });
}

/** The resolved value of an Output, for code that runs after the program (tests, the plan). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => { resolve(value); return value; }));
}

async function resolveDeep(value: unknown): Promise<Record<string, unknown>> {
    const resolved = await promiseOf(pulumi.output(value as pulumi.Input<Record<string, unknown>>));
    return resolved as Record<string, unknown>;
}
