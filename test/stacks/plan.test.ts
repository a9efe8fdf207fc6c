import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CliOutput, USAGE, allStacks, planStacks, runCli } from "../../tools/plan";
import { DIAGRAM_LEGEND, PlanDocument, planDocument, renderMarkdown, renderMermaid, renderTree } from "../../tools/offline/render";
import { OfflineProgramError, ROOT, STACK_TRACES_ENV, readStackConfigFile, runOffline } from "../../tools/offline/run";
import { DEFERRED_BY_PLAN } from "../../tools/offline/deferModules";
import { ConfigError } from "../../stacks/config/load";
import { stackNames } from "../../stacks/config/stackFiles";
import { redirectWarnings, warn } from "../../stacks/warnings";
import { everyStackRun } from "../helpers";

/** The bundle `npm run plan` runs; built by the `before` hook of the process tests below. */
const BUNDLE = path.join(ROOT, "out", "bin", "plan.js");

/** The bundled CLI as a process: what only a process shows (its exit code, all it prints). */
function spawnCli(args: string[], nodeArgs: string[] = []) {
    return spawnSync(process.execPath, [...nodeArgs, BUNDLE, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
}

/** The CLI in this process (tools/plan.ts runCli): its exit code and what it printed. */
async function cliInProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const out: CliOutput = { log: (text) => stdout.push(`${text}\n`), error: (text) => stderr.push(`${text}\n`) };
    const status = await runCli(args, out);
    return { status, stdout: stdout.join(""), stderr: stderr.join("") };
}

/** The stack files of the project, read the way a test that must not hard-code them does. */
const FILE_STACKS = stackNames(ROOT);
const isDrFile = (stack: string) => readStackConfigFile(stack)["startup-platform:role"] === "dr";

/** A scratch project with copies of the stack files, plus or instead of the given ones. */
function scratchRoot(files: Record<string, string> = {}): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    for (const stack of FILE_STACKS) fs.copyFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), path.join(root, `Pulumi.${stack}.yaml`));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
    return root;
}

/** A scratch directory holding only a dev stack file whose VPC is too large. */
function badCidrRoot(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8"));
    doc.config["startup-platform:network"].cidr = "10.0.0.0/8";
    fs.writeFileSync(path.join(root, "Pulumi.dev.yaml"), YAML.stringify(doc));
    return root;
}

const BAD_CIDR_MESSAGE = 'startup-platform:network.cidr: got "10.0.0.0/8"; expected a prefix between /16 and /22';

/** A JavaScript stack frame, as Node prints them. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** Mermaid node definitions of a diagram: `id["label"]`, `id{{"label"}}` or `id[("label")]`. */
function mermaidNodes(lines: string[]): Array<{ id: string; label: string }> {
    return lines.flatMap((line) => {
        const match = /^\s+(\w+)(?:\[\(|\{\{|\[)"([^"]*)"/.exec(line);
        return match && !line.trim().startsWith("subgraph") ? [{ id: match[1], label: match[2] }] : [];
    });
}

describe("offline plan", () => {
    it("finds every stack file, primaries before DR", () => {
        const stacks = allStacks();
        expect([...stacks].sort()).to.deep.equal(FILE_STACKS);
        const firstDr = stacks.findIndex(isDrFile);
        if (firstDr >= 0) expect(stacks.slice(firstDr).every(isDrFile), stacks.join(", ")).to.equal(true);
        expect(stacks.some(isDrFile), "the repository has a DR stack").to.equal(true);
    });

    it("reads a stack file into a fresh copy each call, so a caller's change stays its own", () => {
        const first = readStackConfigFile("dev");
        (first["startup-platform:network"] as { cidr: string }).cidr = "10.99.0.0/16";
        expect((readStackConfigFile("dev")["startup-platform:network"] as { cidr: string }).cidr).to.equal("10.10.0.0/16");
    });

    it("plans DR against prod's own offline outputs, the same plans on every run", async () => {
        const runs = await planStacks(["dr"]);
        expect([...runs.keys()]).to.deep.equal(["prod", "dr"]);
        expect(runs.get("dr")?.outputs.primaryRegion).to.equal(runs.get("prod")?.outputs.region);
        // The shared runs of the tests were planned earlier in this process: nothing differs.
        const shared = await everyStackRun();
        for (const stack of ["prod", "dr"]) {
            expect(JSON.stringify(planDocument(runs.get(stack)!)), stack).to.equal(JSON.stringify(planDocument(shared.get(stack)!)));
        }
    });

    it("renders a sorted JSON document, a tree grouped by component and a Mermaid diagram", async () => {
        const first = planDocument((await everyStackRun()).get("prod")!);
        const keys = first.resources.map((r) => r.key);
        expect(keys).to.deep.equal([...keys].sort());
        expect(first.summary.resources).to.equal(first.resources.filter((r) => r.kind === "resource").length);
        const tree = renderTree(first);
        expect(tree).to.match(/^Stack prod \(us-east-1\): \d+ cloud resources in \d+ components/);
        expect(tree).to.include("VpcTier network");
        // Launch warnings head the tree and have a section in the Markdown.
        expect(first.warnings).to.have.lengthOf(2);
        expect(tree.split("\n")[1]).to.match(/^warning: Pulumi\.prod\.yaml: startup-platform:identity\.emailSender is not set/);
        expect(tree).to.include("private subnets: 10.20.0.0/20, 10.20.16.0/20, 10.20.32.0/20");
        const md = renderMarkdown(first);
        expect(md).to.include("```mermaid\nflowchart TB");
        expect(md).to.include("## Warnings\n\n- Pulumi.prod.yaml: startup-platform:identity.emailSender is not set");
        expect(md).to.match(/ {2}subgraph area_network\["network"\]\n {4}PublicEndpoint_app_endpoint\["app-endpoint<br\/>PublicEndpoint<br\/>\d+ resources"\]\n {4}VpcTier_network\["network<br\/>VpcTier<br\/>\d+ resources"\]\n {2}end/);
        // The logs key encrypts the VPC's flow logs: the diagram shows that wiring.
        expect(first.wiring).to.deep.include({ from: "startup:security:PlatformKey::logs", to: "startup:network:VpcTier::network" });
        expect(md).to.include("  PlatformKey_logs -.-> VpcTier_network\n");
        // Resource detail is in a table per component, below the diagram.
        expect(md).to.match(/\| `network` \| VpcTier \| network \| \d+ \| DefaultNetworkAcl, DefaultSecurityGroup, FlowLog, LogGroup, Role, RolePolicy, .*VpcEndpoint ×\d+, awsx Vpc \|/);
    });

    describe("the diagram, readable on a pull-request page", () => {
        let docs: PlanDocument[];
        before(async () => {
            const runs = await everyStackRun();
            docs = FILE_STACKS.map((stack) => planDocument(runs.get(stack)!));
        });

        it("draws one box per top-level component, grouped by area, top-down, with a legend", () => {
            for (const doc of docs) {
                const lines = renderMermaid(doc);
                expect(lines.slice(0, 2), doc.stack).to.deep.equal(["```mermaid", "flowchart TB"]);
                const top = doc.resources.filter((r) => r.kind === "component" && r.parent === undefined);
                const refs = doc.resources.filter((r) => r.kind === "stack-reference");
                const nodes = mermaidNodes(lines);
                expect(nodes, doc.stack).to.have.lengthOf(top.length + refs.length);
                for (const c of top) expect(nodes.some((n) => n.label.startsWith(`${c.name}<br/>${c.type.split(":")[2]}<br/>`)), `${doc.stack}: ${c.key}`).to.equal(true);
                expect(lines.filter((l) => /^\s+subgraph /.test(l)).length, doc.stack).to.equal(new Set(top.map((c) => c.type.split(":")[1])).size);
                const md = renderMarkdown(doc);
                expect(md).to.include(`\`\`\`\n\n${DIAGRAM_LEGEND.join("\n")}\n`);
            }
        });

        it("stays small: at most 40 boxes, 80 arrows, and no label line over 32 characters", () => {
            for (const doc of docs) {
                const lines = renderMermaid(doc);
                const nodes = mermaidNodes(lines);
                const edges = lines.filter((l) => /^\s+\w+ (-->|<-->|-\.->|==>) \w+$/.test(l));
                expect(nodes.length, doc.stack).to.be.at.most(40);
                expect(edges.length, doc.stack).to.be.at.most(80);
                expect(lines.length, doc.stack).to.equal(2 + nodes.length + 2 * lines.filter((l) => /^\s+subgraph /.test(l)).length + edges.length + 1);
                for (const n of nodes) for (const part of n.label.split("<br/>")) expect(part.length, `${doc.stack}: ${part}`).to.be.at.most(32);
            }
        });

        it("draws each wiring edge once, with the arrow of its kind", () => {
            const dr = docs.find((d) => d.resources.some((r) => r.kind === "stack-reference"))!;
            const lines = renderMermaid(dr);
            // The DR stack's replication roles take the primary's bucket ARNs through the stack reference.
            expect(dr.wiring).to.deep.include({ from: "pulumi:pulumi:StackReference::primary", to: "startup:storage:BucketReplication::analytics-replication" });
            expect(lines).to.include("  ref_primary ==> BucketReplication_analytics_replication");
            expect(lines).to.include('  ref_primary[("stack prod<br/>stack reference")]');
            // Both ways (the fleet reads its settings, the settings name the fleet): one arrow.
            expect(dr.wiring).to.deep.include.members([
                { from: "startup:compute:AppFleet::app", to: "startup:compute:AppSettings::app-settings" },
                { from: "startup:compute:AppSettings::app-settings", to: "startup:compute:AppFleet::app" },
            ]);
            expect(lines.filter((l) => /AppFleet_app .* AppSettings_app_settings|AppSettings_app_settings .* AppFleet_app/.test(l))).to.deep.equal([
                "  AppFleet_app <--> AppSettings_app_settings",
            ]);
        });
    });

    describe("offline runs, without stack traces unless asked", () => {
        /** What the program sees while it runs: the trace limit and the SDK's source positions. */
        const seen = async (options: { stackTraces?: boolean } = {}) => {
            let inside: { limit: number; callsites: number } | undefined;
            await runOffline({
                stack: "test",
                config: { "aws:region": "us-east-1" },
                ...options,
                program: () => {
                    const callsites = (pulumi.Resource as unknown as { callsites(): unknown[] }).callsites();
                    inside = { limit: Error.stackTraceLimit, callsites: callsites.length };
                    return {};
                },
            });
            return inside!;
        };

        it("turn traces and source positions off for the run and restore both after it", async () => {
            const limit = Error.stackTraceLimit;
            expect(await seen()).to.deep.equal({ limit: 0, callsites: 0 });
            expect(Error.stackTraceLimit).to.equal(limit);
            expect((pulumi.Resource as unknown as { callsites(): unknown[] }).callsites()).to.not.be.empty;
        });

        it("keep them with the stackTraces option or OFFLINE_STACK_TRACES=1", async () => {
            const limit = Error.stackTraceLimit;
            expect(await seen({ stackTraces: true })).to.deep.include({ limit });
            expect((await seen({ stackTraces: true })).callsites).to.be.greaterThan(0);
            const before = process.env[STACK_TRACES_ENV];
            process.env[STACK_TRACES_ENV] = "1";
            try {
                expect((await seen()).limit).to.equal(limit);
            } finally {
                if (before === undefined) delete process.env[STACK_TRACES_ENV];
                else process.env[STACK_TRACES_ENV] = before;
            }
        });

        it("can skip the SDK's source positions, which a plan does not use (skipSourcePositions)", () => {
            // If a Pulumi upgrade drops this static, the plan still works but slows down: say so here.
            const resource = pulumi.Resource as unknown as { callsites?: unknown };
            expect(resource.callsites, "pulumi.Resource.callsites").to.be.a("function");
        });
    });

    it("stops the program with a ConfigError, a pulumi.RunError, before any resource is registered", async () => {
        const prodCidr = (readStackConfigFile("prod")["startup-platform:network"] as { cidr: string }).cidr;
        const config = readStackConfigFile("dev");
        (config["startup-platform:network"] as { cidr: string }).cidr = prodCidr;
        const err = await runOffline({ stack: "dev", config }).then(
            () => expect.fail("expected the program to fail"),
            (e: unknown) => e as OfflineProgramError,
        );
        expect(err).to.be.instanceOf(OfflineProgramError);
        expect(err.cause).to.be.instanceOf(ConfigError);
        expect(pulumi.RunError.isInstance(err.cause)).to.equal(true);
        expect(err.message).to.include(`startup-platform:network.cidr: ${prodCidr} overlaps ${prodCidr}, the startup-platform:network.cidr of Pulumi.prod.yaml`);
        expect(err.registered).to.deep.equal([]);
    });

    it("fails, instead of waiting for ever, when a resource's input throws inside an apply; the next run is unaffected", async () => {
        const program = (fail: boolean) => () => {
            const name = pulumi.output("assets").apply((n) => {
                if (fail) throw new Error(`no bucket name for ${n}`);
                return n;
            });
            const bucket = new aws.s3.Bucket("assets", { bucket: name });
            return { bucket: bucket.bucket };
        };
        const config = { "aws:region": "us-east-1" };
        // Warnings go back where they went before the run, even though the failed program never finished.
        const outside: string[] = [];
        const restoreOutside = redirectWarnings((m) => outside.push(m));
        const err = await runOffline({ stack: "test", config, program: program(true) })
            .then(
                () => expect.fail("expected the run to fail"),
                (e: unknown) => e as OfflineProgramError,
            )
            .finally(() => {
                warn("after the failed run");
                restoreOutside();
            });
        expect(outside).to.deep.equal(["after the failed run"]);
        expect(err).to.be.instanceOf(OfflineProgramError);
        expect(err.message).to.equal('error serializing property "bucket": no bucket name for assets');
        expect(err.registered).to.deep.equal(["aws:s3/bucket:Bucket assets"]);
        expect((await runOffline({ stack: "test", config, program: program(false) })).outputs).to.deep.equal({ bucket: "assets" });
    });

    describe("the command line (runCli, in this process)", () => {
        it("exits 1 with the validation message on bad config, without a stack trace or a plan", async () => {
            const root = badCidrRoot();
            const result = await cliInProcess(["dev", "--root", root, "--out", path.join(root, "out")]);
            expect(result.status).to.equal(1);
            expect(result.stderr).to.include("plan failed: Invalid stack configuration in Pulumi.dev.yaml");
            expect(result.stderr).to.include(BAD_CIDR_MESSAGE);
            expect(result.stderr).to.not.match(STACK_FRAME);
            expect(fs.existsSync(path.join(root, "out"))).to.equal(false);
        });

        it("names the file, the line and the column of a YAML mistake, planning it or all stacks", async () => {
            const dev = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8").split("\n");
            const line = dev.findIndex((l) => l.startsWith("    natGateways:"));
            dev[line] = dev[line].slice(1); // one space short
            const root = scratchRoot({ "Pulumi.dev.yaml": dev.join("\n") });
            // Planning dev reads the file in the plan; --all reads it while ordering the stacks.
            for (const args of [["dev"], ["--all"]]) {
                const result = await cliInProcess([...args, "--root", root, "--out", path.join(root, "out")]);
                expect(result.status, args.join(" ")).to.equal(1);
                expect(result.stderr).to.include("plan failed: Invalid stack configuration in Pulumi.dev.yaml");
                expect(result.stderr).to.include(`- line ${line + 1}, column 1: All mapping items must start at the same column (YAML syntax)`);
                expect(result.stderr).to.not.match(STACK_FRAME);
            }
        });

        it("refuses a stack whose VPC overlaps another stack file's, naming both files and both blocks", async () => {
            // README's "A new environment" with the CIDR step forgotten: dev's file copied as qa.
            const root = scratchRoot({ "Pulumi.qa.yaml": fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8").replace("Z0DEV0000000000000001", "Z0QA00000000000000001") });
            const result = await cliInProcess(["qa", "--root", root, "--out", path.join(root, "out")]);
            expect(result.status).to.equal(1);
            expect(result.stderr).to.include(
                "plan failed: Invalid stack configuration in Pulumi.qa.yaml (1 problem):\n  - startup-platform:network.cidr: 10.10.0.0/16 overlaps 10.10.0.0/16, the startup-platform:network.cidr of Pulumi.dev.yaml;",
            );
            expect(result.stderr).to.not.match(STACK_FRAME);
        });

        describe("mistakes: the usage, exit code 2", () => {
            const expectUsage = async (args: string[], message: string) => {
                const result = await cliInProcess(args);
                expect(result.status, args.join(" ")).to.equal(2);
                expect(result.stderr).to.equal(`plan: ${message}\n\n${USAGE}\n`);
                expect(result.stdout).to.equal("");
            };

            it("asks for a stack when given none", async () => {
                await expectUsage([], `name a stack (${FILE_STACKS.join(", ")}) or --all; e.g. npm run plan -- ${FILE_STACKS[0]}`);
            });

            it("refuses an unknown option, or one missing its value", async () => {
                await expectUsage(["--bogus"], "unknown option --bogus");
                await expectUsage(["dev", "--out"], "--out needs a directory");
                await expectUsage(["--root", "--all"], "--root needs a directory");
                const missing = path.join(os.tmpdir(), "no-such-project-dir");
                await expectUsage(["dev", "--root", missing], `--root ${missing} is not a directory`);
                const empty = fs.mkdtempSync(path.join(os.tmpdir(), "empty-"));
                await expectUsage(["dev", "--root", empty], `no Pulumi.yaml or Pulumi.<stack>.yaml in ${empty}`);
            });

            it("names the known stacks when asked for one that does not exist, and the closest", async () => {
                const missing = `${FILE_STACKS.join("")}x`;
                await expectUsage([missing], `no stack file Pulumi.${missing}.yaml; stacks in this project: ${FILE_STACKS.join(", ")}`);
                await expectUsage(["prdo"], `no stack file Pulumi.prdo.yaml (did you mean prod?); stacks in this project: ${FILE_STACKS.join(", ")}`);
            });
        });

        it("prints the usage on --help and exits 0", async () => {
            const result = await cliInProcess(["--help"]);
            expect(result.status).to.equal(0);
            expect(result.stdout).to.equal(`${USAGE}\n`);
            expect(result.stderr).to.equal("");
        });
    });

    describe("the bundled command line (npm run plan), as a process", () => {
        /** `--all` with a preloaded probe that lists, as the process exits, every module it loaded. */
        let all: { out: string; status: number | null; stdout: string; stderr: string; loaded: string[] };
        before(function () {
            this.timeout(120_000);
            const built = spawnSync("npm", ["run", "--silent", "plan:bundle"], { cwd: ROOT, encoding: "utf8" });
            expect(built.status, built.stderr).to.equal(0);
            const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-"));
            const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "probe-")), "probe.js");
            fs.writeFileSync(
                probe,
                `process.on("exit", () => process.stderr.write("LOADED " + JSON.stringify(Object.keys(require.cache).map((f) => f.replace(/\\\\/g, "/")))));`,
            );
            const result = spawnCli(["--all", "--out", out], ["--require", probe]);
            const at = result.stderr.indexOf("LOADED ");
            all = {
                out,
                status: result.status,
                stdout: result.stdout,
                stderr: at >= 0 ? result.stderr.slice(0, at) : result.stderr,
                loaded: at >= 0 ? (JSON.parse(result.stderr.slice(at + 7)) as string[]) : [],
            };
        });

        it("exits 0 and writes exactly the plans committed in plans/, printing each stack's tree", () => {
            expect(all.status, all.stderr).to.equal(0);
            expect(all.stderr).to.equal("");
            for (const stack of FILE_STACKS) expect(all.stdout).to.match(new RegExp(`^Stack ${stack} \\(`, "m"));
            const committed = fs.readdirSync(path.join(ROOT, "plans")).filter((f) => /\.(json|md)$/.test(f));
            expect(fs.readdirSync(all.out).sort()).to.deep.equal(committed.sort());
            for (const file of committed) {
                expect(fs.readFileSync(path.join(all.out, file), "utf8"), file).to.equal(fs.readFileSync(path.join(ROOT, "plans", file), "utf8"));
            }
        });

        it("never loads the modules it defers (see tools/offline/deferModules.ts)", () => {
            const deferred = DEFERRED_BY_PLAN.map((m) => (m.from ? `${m.from.replace(/[^/]+$/, "")}${m.request.replace(/^\.\//, "")}` : m.request));
            expect(all.loaded.some((f) => f.includes("/node_modules/@pulumi/aws/"))).to.equal(true);
            for (const name of deferred) {
                const resolved = path.posix.normalize(name);
                const isIt = (f: string) => f.includes(`/node_modules/${resolved}/`) || f.endsWith(`/node_modules/${resolved}`);
                expect(all.loaded.filter(isIt), name).to.deep.equal([]);
            }
        });

        it("exits 1 with the validation message on bad config, without a stack trace", () => {
            const root = badCidrRoot();
            const result = spawnCli(["dev", "--root", root, "--out", path.join(root, "out")]);
            expect(result.status).to.equal(1);
            expect(result.stderr).to.include("plan failed: Invalid stack configuration in Pulumi.dev.yaml");
            expect(result.stderr).to.include(BAD_CIDR_MESSAGE);
            expect(result.stderr).to.not.match(STACK_FRAME);
        });

        it("exits 2 on a command-line mistake, with the usage on stderr and nothing on stdout", () => {
            const result = spawnCli(["--bogus"]);
            expect(result.status).to.equal(2);
            expect(result.stderr).to.equal(`plan: unknown option --bogus\n\n${USAGE}\n`);
            expect(result.stdout).to.equal("");
        });
    });
});
