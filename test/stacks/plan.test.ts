import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { allStacks, planStacks } from "../../tools/plan";
import { planDocument, renderMarkdown, renderTree } from "../../tools/offline/render";
import { ROOT } from "../../tools/offline/run";

function runCli(args: string[]) {
    return spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tools", "plan.ts"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 120_000,
    });
}

describe("offline plan", () => {
    it("finds every stack file, primaries before DR", () => {
        expect(allStacks()).to.deep.equal(["dev", "prod", "dr"]);
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
        expect(tree).to.include("private subnets: 10.20.0.0/20, 10.20.16.0/20, 10.20.32.0/20");
        const md = renderMarkdown(first);
        expect(md).to.include("```mermaid\nflowchart LR");
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
