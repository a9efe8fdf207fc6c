import { expect } from "chai";
import { OfflineOptions, OfflineRun, RecordedResource, runOffline } from "../tools/offline/run";
import { allStacks, planStacks } from "../tools/plan";

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

/**
 * Every stack of the project: one per Pulumi.<stack>.yaml, primaries first. Tests that hold for
 * every stack loop over this, so a new environment (README, "A new environment") is tested as soon
 * as its file exists, with nothing to add here.
 */
export const STACKS: readonly string[] = allStacks();

let everyRun: Promise<ReadonlyMap<string, OfflineRun>> | undefined;

/**
 * The runs of every stack in {@link STACKS}, run once per test process and shared by every test
 * that only reads them: exactly the runs `npm run plan -- --all` makes (tools/plan.ts planStacks;
 * a DR stack against its primary's outputs), so the committed-plans test reads them too. Frozen
 * all the way down, so a test that changed one would fail instead of changing the others'. Tests
 * that change config run their own with `runOffline`.
 */
export function everyStackRun(): Promise<ReadonlyMap<string, OfflineRun>> {
    everyRun ??= planStacks([...STACKS]).then((runs) => {
        for (const run of runs.values()) deepFreeze(run);
        return runs;
    });
    return everyRun;
}

let sharedRuns: Promise<Readonly<Record<StackName, OfflineRun>>> | undefined;

/** dev, prod, and dr against prod's outputs: the shared runs of {@link everyStackRun}. */
export function stackRuns(): Promise<Readonly<Record<StackName, OfflineRun>>> {
    sharedRuns ??= everyStackRun().then((runs) => {
        const of = (stack: StackName): OfflineRun => {
            const run = runs.get(stack);
            if (!run) throw new Error(`no Pulumi.${stack}.yaml: the stack tests need dev, prod and dr`);
            return run;
        };
        return Object.freeze({ dev: of("dev"), prod: of("prod"), dr: of("dr") });
    });
    return sharedRuns;
}

function deepFreeze(value: unknown): void {
    if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
}
