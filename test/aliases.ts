import { getMonitor } from "@pulumi/pulumi/runtime/settings";

/**
 * What a resource's `aliases` tell the engine, recorded from the mock monitor: tests of
 * components that moved resources check that each moved one still finds its former URN.
 */

/**
 * An alias as the engine reads it: the parent, name and type the resource had (a spec's empty
 * name or type means the resource's own). The engine turns it into the URN the resource had there.
 */
export interface RecordedAlias {
    readonly urn?: string;
    readonly parent?: string;
    readonly name?: string;
    readonly type?: string;
}

/** The parts of a RegisterResource request and its aliases read here (the generated protobuf classes). */
interface AliasRequest {
    getType(): string;
    getName(): string;
    getAliasesList(): Array<{ getUrn(): string; getSpec(): { getName(): string; getType(): string; getParenturn(): string } | undefined }>;
}

/** Records the aliases of every registration, as the mock monitor receives them. */
export function recordAliases(): Map<string, RecordedAlias[]> {
    const recorded = new Map<string, RecordedAlias[]>();
    const monitor = getMonitor() as unknown as { registerResource(req: AliasRequest, callback: unknown): unknown };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const aliases = req.getAliasesList().map((alias): RecordedAlias => {
            const spec = alias.getSpec();
            if (alias.getUrn() !== "" || spec === undefined) return { urn: alias.getUrn() };
            return { parent: spec.getParenturn(), name: spec.getName() || req.getName(), type: spec.getType() || req.getType() };
        });
        recorded.set(`${req.getType()}::${req.getName()}`, aliases);
        return register(req, callback);
    };
    return recorded;
}

