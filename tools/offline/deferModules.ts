import Module from "module";

/**
 * Defers loading of modules the offline plan never uses until something actually touches them.
 *
 * `@pulumi/pulumi` loads TypeScript (to serialize closures for callback functions), npm's
 * Arborist (to find a closure's node_modules) and its Automation API at import time, though a
 * program that serializes no functions and drives no CLI never calls them. Those alone are three
 * quarters of its load time, about 0.8 s of every plan. `require` of a deferred module returns a
 * stand-in; the first read of any property loads the real module and forwards to it, so code that
 * does use one (a program serializing a function, say) gets the real module, just later.
 *
 * The stand-in answers TypeScript's CommonJS interop as the real module would look through it:
 * `__esModule` reads true without loading, so `__importStar`/`__importDefault` hand the stand-in
 * back instead of copying every key; `default` is the real module's `default` when it is an ES
 * module and the module itself otherwise, which is what those helpers would have built.
 *
 * Hooks `Module._load`, Node's CommonJS loader: undocumented but stable, and what
 * require-in-the-middle (OpenTelemetry's instrumentation) hooks too.
 */
export interface DeferredModule {
    /** The string passed to `require`. */
    readonly request: string;
    /** Only when required from the file whose path ends with this; any requirer if absent. */
    readonly from?: string;
    /** Why the plan does not need it (documentation, and the test's reason). */
    readonly why: string;
}

export const DEFERRED_BY_PLAN: readonly DeferredModule[] = [
    { request: "typescript", why: "@pulumi/pulumi parses a function's source with it when serializing a closure" },
    { request: "@npmcli/arborist", why: "@pulumi/pulumi reads a serialized closure's package tree with it" },
    { request: "normalize-package-data", why: "@pulumi/pulumi reads a serialized closure's package.json with it" },
    { request: "./automation", from: "@pulumi/pulumi/index.js", why: "the Automation API drives the Pulumi CLI; a plan never does" },
    { request: "./classic", from: "@pulumi/awsx/index.js", why: "awsx's classic (0.x) components; the program uses awsx.ec2 only" },
    { request: "../locales/index.cjs", from: "zod/v4/core/index.cjs", why: "zod's translations of its messages; ours are English" },
    { request: "../locales/index.cjs", from: "zod/v4/classic/external.cjs", why: "zod's translations of its messages; ours are English" },
];

interface Loader {
    _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown;
}

/** Installs the hook for `modules`; returns a function that removes it. */
export function deferModules(modules: readonly DeferredModule[]): () => void {
    const loader = Module as unknown as Loader;
    const original = loader._load;
    const standIns = new Map<string, object>();
    const requests = new Set(modules.map((m) => m.request));
    loader._load = function (request, parent, isMain) {
        // Every require of the process passes here: the usual case is a request nobody defers.
        if (!requests.has(request)) return original.call(this, request, parent, isMain);
        const from = parent?.filename?.replace(/\\/g, "/") ?? "";
        const entry = modules.find((m) => m.request === request && (m.from === undefined || from.endsWith(`/${m.from}`)));
        if (!entry) return original.call(this, request, parent, isMain);
        const key = `${from}\0${request}`;
        let standIn = standIns.get(key);
        if (!standIn) {
            standIn = deferredModule(() => original.call(this, request, parent, isMain) as object);
            standIns.set(key, standIn);
        }
        return standIn;
    };
    return () => {
        loader._load = original;
    };
}

/** A stand-in for the module `load` returns, loaded on first use; see deferModules. */
export function deferredModule(load: () => object): object {
    let real: Record<PropertyKey, unknown> | undefined;
    const target = (): Record<PropertyKey, unknown> => (real ??= load() as Record<PropertyKey, unknown>);
    return new Proxy(
        {},
        {
            get(_, key) {
                if (key === "__esModule") return true;
                const module = target();
                if (key === "default" && !module.__esModule) return module;
                return module[key];
            },
            has: (_, key) => key === "__esModule" || key === "default" || key in target(),
            ownKeys: () => Reflect.ownKeys(target()),
            getOwnPropertyDescriptor(_, key) {
                const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
                // A proxy may report a property non-configurable only if its own target has it.
                return descriptor && { ...descriptor, configurable: true };
            },
            set: (_, key, value) => Reflect.set(target(), key, value),
        },
    );
}
