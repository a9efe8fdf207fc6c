import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DIAGRAM_LEGEND, PlanDocument, PlanResource, byCodeUnit } from "../../tools/offline/render";
import {
    COMMENT_LIMIT,
    COMMENT_MARKER,
    changedFields,
    diffDirectories,
    diffPlans,
    isEmptyDiff,
    outputCell,
    readPlans,
    renderReport,
    summarizeDiff,
} from "../../tools/planDiff";

function resource(type: string, name: string, inputs: Record<string, unknown> = {}, extra: Partial<PlanResource> = {}): PlanResource {
    return {
        key: `${type}::${name}`,
        type,
        name,
        kind: type.startsWith("startup:") ? "component" : "resource",
        parent: type.startsWith("startup:") ? undefined : "startup:network:VpcTier::network",
        component: type.startsWith("startup:") ? undefined : "startup:network:VpcTier::network",
        protect: false,
        inputs,
        ...extra,
    };
}

function plan(stack: string, resources: PlanResource[], outputs: Record<string, unknown> = {}): PlanDocument {
    return {
        stack,
        region: "us-east-1",
        summary: { resources: resources.filter((r) => r.kind === "resource").length, components: 1, byType: {} },
        wiring: [],
        resources,
        outputs,
    };
}

const component = resource("startup:network:VpcTier", "network");
const logGroup = resource("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs", { name: "/vpc/flow-logs", retentionInDays: 14 });
const flowLog = resource("aws:ec2/flowLog:FlowLog", "network-flow-log", { trafficType: "ALL" });
const key = resource("aws:kms/key:Key", "logs-key", { enableKeyRotation: true });

describe("tools/planDiff", () => {
    it("sorts keys in code-unit order, which no locale can change", () => {
        // ICU collation puts "a" before "B"; code units put upper case first, on every machine.
        expect(["aws:kms/key:Key::a", "aws:kms/key:Key::B", "aws:kms/alias:Alias::z"].sort(byCodeUnit)).to.deep.equal([
            "aws:kms/alias:Alias::z",
            "aws:kms/key:Key::B",
            "aws:kms/key:Key::a",
        ]);
    });

    it("finds nothing between a plan and itself", () => {
        const doc = plan("dev", [component, logGroup, flowLog], { vpcId: "vpc-1" });
        const diff = diffPlans(doc, structuredClone(doc));
        expect(isEmptyDiff(diff)).to.equal(true);
        expect(summarizeDiff(diff)).to.deep.equal([]);
    });

    it("reports resources added, removed and changed by key, with the fields that changed", () => {
        const base = plan("dev", [component, logGroup, flowLog]);
        const head = plan("dev", [component, { ...logGroup, inputs: { ...logGroup.inputs, retentionInDays: 365 } }, key]);
        const diff = diffPlans(base, head);
        expect(diff.status).to.equal("existing");
        expect(diff.added.map((r) => r.key)).to.deep.equal(["aws:kms/key:Key::logs-key"]);
        expect(diff.removed.map((r) => r.key)).to.deep.equal(["aws:ec2/flowLog:FlowLog::network-flow-log"]);
        expect(diff.changed).to.deep.equal([
            {
                key: "aws:cloudwatch/logGroup:LogGroup::network-flow-logs",
                type: "aws:cloudwatch/logGroup:LogGroup",
                name: "network-flow-logs",
                fields: ["inputs.retentionInDays"],
            },
        ]);
        expect(summarizeDiff(diff)).to.deep.equal([
            "+ aws:kms/key:Key logs-key",
            "- aws:ec2/flowLog:FlowLog network-flow-log",
            "~ aws:cloudwatch/logGroup:LogGroup network-flow-logs (inputs.retentionInDays)",
        ]);
    });

    it("sees protection, re-parenting and inputs added or dropped as changes", () => {
        const moved = { ...logGroup, parent: "startup:ops:Operations::ops", protect: true, inputs: { name: "/vpc/flow-logs", kmsKeyId: "arn" } };
        expect(changedFields(logGroup, moved)).to.deep.equal(["parent", "protect", "inputs.kmsKeyId", "inputs.retentionInDays"]);
        expect(changedFields(logGroup, { ...logGroup, inputs: { retentionInDays: 14, name: "/vpc/flow-logs" } })).to.deep.equal([]);
    });

    it("treats a stack without a base plan as new and one without a head plan as removed", () => {
        const doc = plan("qa", [component, logGroup], { region: "eu-west-1" });
        const added = diffPlans(undefined, doc);
        expect(added.status).to.equal("new");
        expect(added.added).to.have.lengthOf(2);
        expect(added.outputs.added).to.deep.equal(["region"]);
        expect(isEmptyDiff(added)).to.equal(false);
        const removed = diffPlans(doc, undefined);
        expect(removed.status).to.equal("removed");
        expect(removed.removed).to.have.lengthOf(2);
        expect(() => diffPlans(undefined, undefined)).to.throw("at least one plan");
    });

    it("compares outputs by name and value, and the wiring between components", () => {
        const base = plan("prod", [component], { region: "us-east-1", vpcCidr: "10.20.0.0/16", gone: 1 });
        const head = { ...plan("prod", [component], { region: "us-east-1", vpcCidr: "10.21.0.0/16", albDns: "x" }), wiring: [{ from: "a", to: "b" }] };
        const diff = diffPlans(base, head);
        expect(diff.outputs).to.deep.equal({ added: ["albDns"], removed: ["gone"], changed: ["vpcCidr"] });
        expect(diff.wiringChanged).to.equal(true);
        expect(summarizeDiff(diff)).to.include.members(["+ output albDns", "- output gone", "~ output vpcCidr", "~ wiring between components"]);
        expect(outputCell(diff)).to.equal("+albDns -gone ~vpcCidr");
        expect(outputCell(diff, 2)).to.equal("+1 -1 ~1");
    });

    it("caps the per-stack summary and says how many lines were left out", () => {
        const many = Array.from({ length: 30 }, (_, i) => resource("aws:sns/topic:Topic", `t${String(i).padStart(2, "0")}`));
        const lines = summarizeDiff(diffPlans(plan("dev", []), plan("dev", many)), 20);
        expect(lines).to.have.lengthOf(21);
        expect(lines[20]).to.equal("... and 10 more");
    });

    it("renders one marked comment with a table per stack, the changes and each stack's Mermaid diagram", () => {
        const base = new Map([["dev", plan("dev", [component, logGroup])]]);
        const heads = new Map([
            ["dev", plan("dev", [component, logGroup, key])],
            ["prod", plan("prod", [component])],
        ]);
        const report = renderReport(diffDirectories(base, heads), { heads });
        expect(report.startsWith(COMMENT_MARKER)).to.equal(true);
        expect(report).to.include("| `dev` | 1 | 0 | 0 | - |");
        expect(report).to.include("| `prod` (new stack) | 1 | 0 | 0 | - |");
        expect(report).to.include("```diff\n+ aws:kms/key:Key logs-key\n```");
        expect(report).to.include("```mermaid\nflowchart TB");
        expect(report).to.include(DIAGRAM_LEGEND[0]);
        expect(report.match(/```mermaid/g)).to.have.lengthOf(2);
        const quiet = renderReport(diffDirectories(heads, heads), { heads, diagrams: false });
        expect(quiet).to.include("No change to the resource graph.");
        expect(quiet).to.not.include("```mermaid");
        expect(quiet).to.not.include("**Warning:**");
    });

    it("repeats each stack's launch warnings under its section", () => {
        const warned = { ...plan("prod", [component]), warnings: ["Pulumi.prod.yaml: startup-platform:identity.emailSender is not set"] };
        const heads = new Map([["prod", warned]]);
        const report = renderReport(diffDirectories(heads, heads), { heads, diagrams: false });
        expect(report).to.include("### `prod`");
        expect(report).to.include("> **Warning:** Pulumi.prod.yaml: startup-platform:identity.emailSender is not set");
    });

    it("keeps the comment under GitHub's size limit by dropping diagrams, then shortening lists", () => {
        // 1,000 components make a diagram far over the limit; the change list is capped at 40 lines.
        const many = Array.from({ length: 1000 }, (_, i) => {
            const owner = resource("startup:app:Service", `service-with-a-long-name-${i}`);
            return [owner, resource("aws:sns/topic:Topic", `service-with-a-long-name-${i}-topic`, {}, { parent: owner.key, component: owner.key })];
        }).flat();
        const heads = new Map([["dev", plan("dev", many)]]);
        const report = renderReport(diffDirectories(new Map(), heads), { heads });
        expect(report.length).to.be.at.most(COMMENT_LIMIT + 200);
        expect(report).to.not.include("```mermaid");
        expect(report).to.include("Shortened to fit a comment");
        expect(report).to.include("... and 1960 more");
    });

    it("reads plan directories and prints the report from the command line", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "plandiff-"));
        const headDir = path.join(root, "head");
        fs.mkdirSync(headDir);
        fs.writeFileSync(path.join(headDir, "dev.json"), JSON.stringify(plan("dev", [component, key])));
        expect([...readPlans(headDir).keys()]).to.deep.equal(["dev"]);
        expect(readPlans(path.join(root, "missing")).size).to.equal(0);
        const cli = path.join(__dirname, "..", "..", "tools", "planDiff.ts");
        const out = path.join(root, "comment.md");
        const run = spawnSync(process.execPath, ["--import", "tsx", cli, "--base", path.join(root, "missing"), "--head", headDir, "--out", out], {
            encoding: "utf8",
        });
        expect(run.status, run.stderr).to.equal(0);
        expect(fs.readFileSync(out, "utf8")).to.include("| `dev` (new stack) | 2 | 0 | 0 | - |");
        const bad = spawnSync(process.execPath, ["--import", "tsx", cli, "--base", headDir], { encoding: "utf8" });
        expect(bad.status).to.equal(1);
        expect(bad.stderr).to.include("usage: tsx tools/planDiff.ts --base <dir> --head <dir>");
    });
});
