import { expect } from "chai";
import { OfflineOptions, OfflineRun, RecordedResource, readStackConfigFile, runOffline } from "../tools/offline/run";
import { allStacks } from "../tools/plan";

export { promiseOf, runOffline } from "../tools/offline/run";
export { MOCK_ACCOUNT_ID } from "../tools/offline/mocks";

/** The prod outputs the DR stack's reference sees when a test does not run prod first. */
export const PRIMARY_STACK = "example-startup/startup-platform/prod";

/** Runs one component (or any function creating resources) under mocks, as a tiny stack. */
export function runComponent(
    program: () => Record<string, unknown> | void,
    options: Partial<OfflineOptions> & { region?: string } = {},
): Promise<OfflineRun> {
    return runOffline({
        stack: options.stack ?? "test",
        config: options.config ?? { "aws:region": options.region ?? "us-east-1" },
        stackOutputs: options.stackOutputs,
        program: () => program() ?? {},
    });
}

/** Resources of a type, optionally by logical name; fails the test when none match. */
export function all(run: OfflineRun, type: string, name?: string): RecordedResource[] {
    const found = run.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    expect(found, `expected a ${type}${name ? ` named ${name}` : ""}; registered: ${types(run)}`).to.not.be.empty;
    return found;
}

/** The one resource of a type (and name); fails the test unless exactly one matches. */
export function one(run: OfflineRun, type: string, name?: string): RecordedResource {
    const found = all(run, type, name);
    expect(found, `expected exactly one ${type}${name ? ` named ${name}` : ""}`).to.have.lengthOf(1);
    return found[0];
}

/** Resources of a type, possibly none. */
export function some(run: OfflineRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** Direct children of a resource. */
export function childrenOf(run: OfflineRun, parent: RecordedResource): RecordedResource[] {
    return run.resources.filter((r) => r.parent === parent.urn);
}

/** The component (non-custom) ancestor chain of a resource, nearest first. */
export function ancestors(run: OfflineRun, resource: RecordedResource): RecordedResource[] {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const chain: RecordedResource[] = [];
    let current = resource.parent ? byUrn.get(resource.parent) : undefined;
    while (current) {
        chain.push(current);
        current = current.parent ? byUrn.get(current.parent) : undefined;
    }
    return chain;
}

/** A policy document input (JSON text) as an object. */
export function policyOf(resource: RecordedResource, key = "policy"): { Statement: Array<Record<string, unknown>> } {
    const value = resource.inputs[key];
    expect(value, `${resource.name}.${key}`).to.be.a("string");
    return JSON.parse(value as string) as { Statement: Array<Record<string, unknown>> };
}

function types(run: OfflineRun): string {
    return [...new Set(run.resources.map((r) => r.type))].sort().join(", ");
}

export type StackName = "dev" | "prod" | "dr";

let sharedRuns: Promise<Readonly<Record<StackName, OfflineRun>>> | undefined;

/**
 * dev, prod, and dr against prod's real outputs, run once per test process and shared by every
 * stack test (the runs are deterministic; tests only read them). Tests that change config run
 * their own with `runOffline`.
 */
export function stackRuns(): Promise<Readonly<Record<StackName, OfflineRun>>> {
    sharedRuns ??= (async () => {
        const dev = await runOffline({ stack: "dev" });
        const prod = await runOffline({ stack: "prod" });
        const dr = await runOffline({ stack: "dr", stackOutputs: { [PRIMARY_STACK]: prod.outputs } });
        return Object.freeze({ dev, prod, dr });
    })();
    return sharedRuns;
}

/**
 * Every stack of the project: one per Pulumi.<stack>.yaml, primaries first. Tests that hold for
 * every stack loop over this, so a new environment (README, "A new environment") is tested as soon
 * as its file exists, with nothing to add here.
 */
export const STACKS: readonly string[] = allStacks();

let everyRun: Promise<ReadonlyMap<string, OfflineRun>> | undefined;

/**
 * The runs of every stack in {@link STACKS}: the shared dev, prod and dr runs, and any other stack
 * file run once per test process (a DR stack against its primary's outputs, as the plan does).
 */
export function everyStackRun(): Promise<ReadonlyMap<string, OfflineRun>> {
    everyRun ??= (async () => {
        const runs = new Map<string, OfflineRun>(Object.entries(await stackRuns()));
        for (const stack of STACKS.filter((s) => !runs.has(s))) {
            const config = readStackConfigFile(stack);
            const primary = config["startup-platform:role"] === "dr" ? (config["startup-platform:dr"] as { primaryStack?: string } | undefined)?.primaryStack : undefined;
            const primaryRun = primary === undefined ? undefined : runs.get(primary.split("/").pop() as string);
            runs.set(stack, await runOffline({ stack, stackOutputs: primary && primaryRun ? { [primary]: primaryRun.outputs } : {} }));
        }
        return runs;
    })();
    return everyRun;
}
