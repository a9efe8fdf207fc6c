import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { allStacks, planStacks } from "../../tools/plan";
import { planDocument, renderMarkdown, renderTree } from "../../tools/offline/render";
import { ROOT, readStackConfigFile } from "../../tools/offline/run";
import { DEFERRED_BY_PLAN } from "../../tools/offline/deferModules";

/** The bundle `npm run plan` runs; built once by the `before` hook below. */
const BUNDLE = path.join(ROOT, "out", "bin", "plan.js");

function runCli(args: string[], nodeArgs: string[] = []) {
    return spawnSync(process.execPath, [...nodeArgs, BUNDLE, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
}

describe("offline plan", () => {
    before(function () {
        this.timeout(60_000);
        const built = spawnSync("npm", ["run", "--silent", "plan:bundle"], { cwd: ROOT, encoding: "utf8" });
        expect(built.status, built.stderr).to.equal(0);
    });

    it("finds every stack file, primaries before DR", () => {
        expect(allStacks()).to.deep.equal(["dev", "prod", "dr"]);
    });

    it("reads a stack file into a fresh copy each call, so a caller's change stays its own", () => {
        const first = readStackConfigFile("dev");
        (first["startup-platform:network"] as { cidr: string }).cidr = "10.99.0.0/16";
        expect((readStackConfigFile("dev")["startup-platform:network"] as { cidr: string }).cidr).to.equal("10.10.0.0/16");
    });

    it("plans DR against prod's own offline outputs", async () => {
        const runs = await planStacks(["dr"]);
        expect([...runs.keys()]).to.deep.equal(["prod", "dr"]);
        expect(runs.get("dr")?.outputs.primaryRegion).to.equal(runs.get("prod")?.outputs.region);
    });

    it("renders a stable JSON document, a tree grouped by component and a Mermaid diagram", async () => {
        const first = planDocument((await planStacks(["prod"])).get("prod")!);
        const second = planDocument((await planStacks(["prod"])).get("prod")!);
        expect(JSON.stringify(first)).to.equal(JSON.stringify(second));
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
        expect(md).to.include("```mermaid\nflowchart LR");
        expect(md).to.include("## Warnings\n\n- Pulumi.prod.yaml: startup-platform:identity.emailSender is not set");
        expect(md).to.include('subgraph startup_network_VpcTier__network["VpcTier network"]');
        // The logs key encrypts the VPC's flow logs: the diagram shows that wiring.
        expect(first.wiring).to.deep.include({ from: "startup:security:PlatformKey::logs", to: "startup:network:VpcTier::network" });
    });

    it("writes the JSON and Markdown files from the command line", function () {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        const result = runCli(["dev", "--out", out]);
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stdout).to.include("Stack dev (us-east-1)");
        const doc = JSON.parse(fs.readFileSync(path.join(out, "dev.json"), "utf8"));
        expect(doc.stack).to.equal("dev");
        expect(fs.readFileSync(path.join(out, "dev.md"), "utf8")).to.include("```mermaid");
    });

    it("writes from the command line exactly the plans committed in plans/", function () {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-"));
        const result = runCli(["--all", "--out", out]);
        expect(result.status, result.stderr).to.equal(0);
        const committed = fs.readdirSync(path.join(ROOT, "plans")).filter((f) => /\.(json|md)$/.test(f));
        expect(fs.readdirSync(out).sort()).to.deep.equal(committed.sort());
        for (const file of committed) {
            expect(fs.readFileSync(path.join(out, file), "utf8"), file).to.equal(fs.readFileSync(path.join(ROOT, "plans", file), "utf8"));
        }
    });

    it("can skip the SDK's source positions, which a plan does not use (skipSourcePositions)", () => {
        // If a Pulumi upgrade drops this static, the plan still works but slows down: say so here.
        const resource = pulumi.Resource as unknown as { callsites?: unknown };
        expect(resource.callsites, "pulumi.Resource.callsites").to.be.a("function");
    });

    it("never loads the modules it defers (see tools/offline/deferModules.ts)", () => {
        // A preloaded probe lists, as the process exits, which deferred packages were loaded.
        const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "probe-")), "probe.js");
        const deferred = DEFERRED_BY_PLAN.map((m) => (m.from ? `${m.from.replace(/[^/]+$/, "")}${m.request.replace(/^\.\//, "")}` : m.request));
        fs.writeFileSync(
            probe,
            `process.on("exit", () => process.stderr.write("LOADED " + JSON.stringify(Object.keys(require.cache).map((f) => f.replace(/\\\\/g, "/")))));`,
        );
        const result = runCli(["dev", "--out", path.dirname(probe)], ["--require", probe]);
        expect(result.status, result.stderr).to.equal(0);
        const loaded = JSON.parse(result.stderr.slice(result.stderr.indexOf("LOADED ") + 7)) as string[];
        expect(loaded.some((f) => f.includes("/node_modules/@pulumi/aws/"))).to.equal(true);
        for (const name of deferred) {
            const resolved = path.posix.normalize(name);
            const isIt = (f: string) => f.includes(`/node_modules/${resolved}/`) || f.endsWith(`/node_modules/${resolved}`);
            expect(loaded.filter(isIt), name).to.deep.equal([]);
        }
    });

    it("exits non-zero with the validation message on bad config", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
        const doc = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8"));
        doc.config["startup-platform:network"].cidr = "10.0.0.0/8";
        fs.writeFileSync(path.join(root, "Pulumi.dev.yaml"), YAML.stringify(doc));
        const result = runCli(["dev", "--root", root, "--out", path.join(root, "out")]);
        expect(result.status).to.equal(1);
        expect(result.stderr).to.include("Invalid stack configuration in Pulumi.dev.yaml");
        expect(result.stderr).to.include('startup-platform:network.cidr: got "10.0.0.0/8"; expected a prefix between /16 and /22');
        expect(fs.existsSync(path.join(root, "out"))).to.equal(false);
    });

    it("names the known stacks when asked for one that does not exist", () => {
        const result = runCli(["qa"]);
        expect(result.status).to.equal(1);
        expect(result.stderr).to.include("no stack file Pulumi.qa.yaml; stacks in this project: dev, dr, prod");
    });
});
