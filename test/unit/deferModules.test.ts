import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deferModules, deferredModule } from "../../tools/offline/deferModules";

/** What TypeScript emits for `import * as m from "..."` and `import m from "..."` (tslib's helpers). */
function importStar(mod: Record<string, unknown>): Record<string, unknown> {
    if (mod && mod.__esModule) return mod;
    const result: Record<string, unknown> = {};
    for (const k of Object.keys(mod)) if (k !== "default") result[k] = mod[k];
    result.default = mod;
    return result;
}
const importDefault = (mod: Record<string, unknown>) => (mod && mod.__esModule ? mod : { default: mod });

/** A package in a temporary node_modules whose loading is visible: it counts its own loads. */
function fixture(name: string, body: string): { dir: string; requireFrom: (request: string) => unknown; loads: () => number } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "defer-"));
    const counter = `__loads_${name.replace(/\W/g, "_")}_${path.basename(dir).replace(/\W/g, "_")}`;
    fs.mkdirSync(path.join(dir, "node_modules", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "node_modules", name, "index.js"), `globalThis.${counter} = (globalThis.${counter} ?? 0) + 1;\n${body}`);
    fs.writeFileSync(path.join(dir, "consumer.js"), "module.exports = (request) => require(request);\n");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const requireFrom = require(path.join(dir, "consumer.js")) as (request: string) => unknown;
    const globals = globalThis as unknown as Record<string, number | undefined>;
    return { dir, requireFrom, loads: () => globals[counter] ?? 0 };
}

describe("deferModules (offline plan start-up)", () => {
    describe("deferredModule", () => {
        it("does not load until a property is read, then loads once and forwards", () => {
            let loads = 0;
            const real = { answer: 42, greet: (who: string) => `hello ${who}` };
            const standIn = deferredModule(() => {
                loads++;
                return real;
            }) as typeof real;
            expect(loads).to.equal(0);
            expect(standIn.greet("plan")).to.equal("hello plan");
            expect(standIn.answer).to.equal(42);
            expect(loads).to.equal(1);
            expect(Object.keys(standIn)).to.deep.equal(["answer", "greet"]);
        });

        it("passes through TypeScript's __importStar and __importDefault without loading", () => {
            let loads = 0;
            const real = { Arborist: class Arborist {} };
            const standIn = deferredModule(() => {
                loads++;
                return real;
            }) as Record<string, unknown>;
            const star = importStar(standIn);
            const dflt = importDefault(standIn);
            expect(star).to.equal(standIn);
            expect(dflt).to.equal(standIn);
            expect(loads).to.equal(0);
            // As the helpers would have built over the real CommonJS module:
            expect(star.Arborist).to.equal(real.Arborist);
            expect(dflt.default).to.equal(real);
            expect(loads).to.equal(1);
        });

        it("gives an ES module's own default, not the module, as default", () => {
            const real = { __esModule: true, default: () => "normalized" };
            const standIn = deferredModule(() => real) as Record<string, unknown>;
            expect(importDefault(standIn).default).to.equal(real.default);
        });

        it("reports the real module's properties through `in`, keys and descriptors", () => {
            const real: Record<string, unknown> = {};
            Object.defineProperty(real, "fixed", { value: 1, enumerable: true, configurable: false });
            const standIn = deferredModule(() => real);
            expect("fixed" in standIn).to.equal(true);
            expect("missing" in standIn).to.equal(false);
            expect(Object.getOwnPropertyDescriptor(standIn, "fixed")?.value).to.equal(1);
            expect({ ...standIn }).to.deep.equal({ fixed: 1 });
        });
    });

    describe("deferModules", () => {
        it("hands out a stand-in for a listed module and loads it on first use", () => {
            const pkg = fixture("heavy-lib", "module.exports = { run: () => 'ran' };");
            const undo = deferModules([{ request: "heavy-lib", why: "test" }]);
            try {
                const mod = pkg.requireFrom("heavy-lib") as { run: () => string };
                expect(pkg.loads()).to.equal(0);
                expect(pkg.requireFrom("heavy-lib")).to.equal(mod);
                expect(mod.run()).to.equal("ran");
                expect(pkg.loads()).to.equal(1);
            } finally {
                undo();
            }
        });

        for (const [from, deferred] of [
            ["consumer.js", true],
            ["other/consumer.js", false],
        ] as const) {
            it(`${deferred ? "defers" : "loads"} a relative request from consumer.js when \`from\` is ${from}`, () => {
                const pkg = fixture("host", "module.exports = {};");
                const counter = `__sideLoads_${path.basename(pkg.dir).replace(/\W/g, "_")}`;
                fs.writeFileSync(path.join(pkg.dir, "side.js"), `globalThis.${counter} = 1; module.exports = { ok: true };`);
                const undo = deferModules([{ request: "./side", from, why: "test" }]);
                try {
                    const side = pkg.requireFrom("./side") as { ok: boolean };
                    const loaded = () => (globalThis as unknown as Record<string, number | undefined>)[counter] === 1;
                    expect(loaded()).to.equal(!deferred);
                    expect(side.ok).to.equal(true);
                    expect(loaded()).to.equal(true);
                } finally {
                    undo();
                }
            });
        }

        it("stops deferring once removed", () => {
            const pkg = fixture("later-lib", "module.exports = { v: 1 };");
            deferModules([{ request: "later-lib", why: "test" }])();
            expect(pkg.requireFrom("later-lib")).to.deep.equal({ v: 1 });
            expect(pkg.loads()).to.equal(1);
        });
    });

});
