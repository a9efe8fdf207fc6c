import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PREVIEW_ONLY_ENV, parsePreviewOnly } from "../../stacks/config/deployment";
import { ROOT, readStackConfigFile } from "../../tools/offline/run";
import { allStacks } from "../../tools/plan";

/**
 * The GitHub Actions workflows, parsed: the structure that keeps deploys safe (triggers, the order
 * prod then dr, OIDC, per-stack concurrency, the protected environment, the preview matrix) is
 * asserted here, because nothing runs these files before they reach GitHub.
 */

interface Step {
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly if?: string;
    readonly with?: Record<string, string | number | boolean>;
    readonly env?: Record<string, string>;
}

interface Job {
    readonly needs?: string | string[];
    readonly env?: Record<string, string>;
    readonly if?: string;
    readonly environment?: string | { name: string };
    readonly permissions?: Record<string, string>;
    readonly concurrency?: { group: string; "cancel-in-progress": boolean };
    readonly strategy?: { matrix: { include: Array<Record<string, string>> } };
    readonly steps: Step[];
}

interface Workflow {
    readonly name: string;
    readonly on: Record<string, unknown>;
    readonly env?: Record<string, string>;
    readonly permissions?: Record<string, string>;
    readonly jobs: Record<string, Job>;
}

const DIR = path.join(ROOT, ".github", "workflows");

function load(file: string): Workflow {
    const doc = YAML.parseDocument(fs.readFileSync(path.join(DIR, file), "utf8"), { uniqueKeys: true });
    expect(doc.errors.map((e) => e.message), `${file} is not valid YAML`).to.deep.equal([]);
    return doc.toJS() as Workflow;
}

const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const environmentOf = (job: Job) => (typeof job.environment === "object" ? job.environment.name : job.environment);
const stepUsing = (job: Job, action: string): Step | undefined => job.steps.find((s) => s.uses?.split("@")[0] === action);

function requireStep(job: Job, action: string, jobName: string): Step {
    const step = stepUsing(job, action);
    expect(step, `${jobName} uses ${action}`).to.not.equal(undefined);
    return step!;
}

/** Every job a job waits for, directly or not. */
function upstream(jobs: Record<string, Job>, name: string): Set<string> {
    const seen = new Set<string>();
    const visit = (n: string) => {
        for (const dep of needsOf(jobs[n])) {
            if (!seen.has(dep)) {
                seen.add(dep);
                visit(dep);
            }
        }
    };
    visit(name);
    return seen;
}

/** The stack a job runs `pulumi <command>` on: the part after the org in `stack-name`. */
function pulumiStackOf(job: Job): string | undefined {
    const name = stepUsing(job, "pulumi/actions")?.with?.["stack-name"];
    return typeof name === "string" ? name.split("/").pop() : undefined;
}

const config = (stack: string) => readStackConfigFile(stack);
const isProdLike = (stack: string) => config(stack)["startup-platform:environment"] === "prod";
const primaryOf = (stack: string) =>
    (config(stack)["startup-platform:dr"] as { primaryStack?: string } | undefined)?.primaryStack?.split("/").pop();

describe(".github/workflows", () => {
    const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
    const workflows = new Map(files.map((f) => [f, load(f)]));
    const pr = workflows.get("pull-request.yml")!;
    const deploy = workflows.get("deploy.yml")!;

    it("has the pull-request and deploy workflows, each valid YAML with a name, triggers and jobs", () => {
        expect(files).to.include.members(["pull-request.yml", "deploy.yml"]);
        for (const [file, wf] of workflows) {
            expect(wf.name, file).to.be.a("string");
            expect(Object.keys(wf.on ?? {}), file).to.not.be.empty;
            expect(Object.keys(wf.jobs ?? {}), file).to.not.be.empty;
            // Least privilege by default; jobs ask for more.
            expect(wf.permissions, file).to.deep.equal({ contents: "read" });
        }
    });

    it("pins every action to a major version tag or a commit SHA", () => {
        for (const [file, wf] of workflows) {
            for (const [name, job] of Object.entries(wf.jobs)) {
                for (const step of job.steps.filter((s) => s.uses && !s.uses.startsWith("./"))) {
                    expect(step.uses, `${file} ${name}`).to.match(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
                }
            }
        }
    });

    it("never puts a secret in a shell command: secrets only reach the Pulumi step's environment", () => {
        for (const [file, wf] of workflows) {
            for (const [name, job] of Object.entries(wf.jobs)) {
                for (const step of job.steps) {
                    expect(step.run ?? "", `${file} ${name}`).to.not.match(/secrets\./);
                    expect(JSON.stringify(step.with ?? {}), `${file} ${name}`).to.not.match(/secrets\./);
                    for (const [key, value] of Object.entries(step.env ?? {})) {
                        if (/secrets\./.test(value)) {
                            expect(step.uses?.split("@")[0], `${file} ${name} ${key}`).to.equal("pulumi/actions");
                            expect(key).to.equal("PULUMI_ACCESS_TOKEN");
                        }
                    }
                }
            }
        }
    });

    it("gives every job that assumes an AWS role an OIDC token and a role from a variable, account id masked", () => {
        for (const [file, wf] of workflows) {
            for (const [name, job] of Object.entries(wf.jobs)) {
                const aws = stepUsing(job, "aws-actions/configure-aws-credentials");
                if (!aws && !stepUsing(job, "pulumi/actions")) continue;
                expect(job.permissions, `${file} ${name}`).to.include({ "id-token": "write", contents: "read" });
                expect(aws, `${file} ${name} configures AWS credentials`).to.not.equal(undefined);
                expect(aws!.with?.["role-to-assume"], `${file} ${name}`).to.match(/^\$\{\{ vars\.[A-Z_]+ \}\}$/);
                expect(aws!.with?.["mask-aws-account-id"], `${file} ${name}`).to.equal(true);
                expect(aws!.with).to.not.have.any.keys("aws-access-key-id", "aws-secret-access-key");
                const pulumi = requireStep(job, "pulumi/actions", `${file} ${name}`);
                expect(pulumi.env?.PULUMI_ACCESS_TOKEN).to.equal("${{ secrets.PULUMI_ACCESS_TOKEN }}");
                expect(pulumi.with?.policyPacks, `${file} ${name} applies the policy pack`).to.equal("policies");
            }
        }
    });

    describe("pull-request.yml", () => {
        it("runs on pull requests only", () => {
            expect(Object.keys(pr.on)).to.deep.equal(["pull_request"]);
        });

        it("checks: installs from the lockfile, runs npm test, plans every stack, uploads it and comments the plan diff", () => {
            const checks = pr.jobs.checks;
            const runs = checks.steps.map((s) => s.run).filter((r): r is string => r !== undefined);
            expect(requireStep(checks, "actions/setup-node", "checks").with).to.include({ "node-version": 20, cache: "npm" });
            expect(runs).to.include.members(["npm ci --no-audit --no-fund", "npm test", "npm run plan -- --all --out out/plan"]);
            expect(requireStep(checks, "actions/upload-artifact", "checks").with).to.include({ path: "out/plan" });
            const base = checks.steps.find((s) => s.uses?.startsWith("actions/checkout@") && s.with?.ref !== undefined);
            expect(base?.with).to.include({ ref: "${{ github.event.pull_request.base.sha }}", "sparse-checkout": "plans" });
            const diff = runs.find((r) => r.includes("tools/planDiff.ts"));
            expect(diff).to.include(`--base ${String(base?.with?.path)}/plans`).and.include("--head out/plan");
            const comment = requireStep(checks, "marocchino/sticky-pull-request-comment", "checks");
            expect(diff).to.include(`--out ${String(comment.with?.path)}`);
            expect(checks.permissions).to.include({ "pull-requests": "write" });
        });

        it("preview: after the checks, one pulumi preview per Pulumi.<stack>.yaml in that stack's region", () => {
            const preview = pr.jobs.preview;
            expect(needsOf(preview)).to.deep.equal(["checks"]);
            expect(preview.permissions).to.deep.equal({ contents: "read", "id-token": "write", "pull-requests": "write" });
            const matrix = preview.strategy!.matrix.include;
            expect(matrix.map((m) => m.stack).sort()).to.deep.equal(allStacks().sort());
            for (const entry of matrix) expect(entry.region, entry.stack).to.equal(config(entry.stack)["aws:region"]);
            const pulumi = requireStep(preview, "pulumi/actions", "preview");
            expect(pulumi.with).to.include({
                command: "preview",
                "stack-name": "${{ vars.PULUMI_ORG }}/${{ matrix.stack }}",
                "comment-on-pr": true,
            });
            expect(requireStep(preview, "aws-actions/configure-aws-credentials", "preview").with?.["aws-region"]).to.equal("${{ matrix.region }}");
        });

        it("preview: runs the program as a read-only preview, so no stack's provider assumes its deploy role", () => {
            const preview = pr.jobs.preview;
            const pulumi = requireStep(preview, "pulumi/actions", "preview");
            expect(parsePreviewOnly(pulumi.env?.[PREVIEW_ONLY_ENV]), `${PREVIEW_ONLY_ENV} on the preview step`).to.equal(true);
            expect(requireStep(preview, "aws-actions/configure-aws-credentials", "preview").with?.["role-to-assume"]).to.equal("${{ vars.AWS_PREVIEW_ROLE_ARN }}");
        });
    });

    describe("deploy.yml", () => {
        const byStack = new Map(
            Object.entries(deploy.jobs)
                .map(([name, job]) => [pulumiStackOf(job), { name, job }] as const)
                .filter((e): e is readonly [string, { name: string; job: Job }] => e[0] !== undefined),
        );

        it("runs on pushes to main only", () => {
            expect(deploy.on).to.deep.equal({ push: { branches: ["main"] } });
        });

        it("runs pulumi up once per stack, in the stack's region, after the tests", () => {
            expect([...byStack.keys()].sort()).to.deep.equal(allStacks().sort());
            for (const [stack, { name, job }] of byStack) {
                expect(requireStep(job, "pulumi/actions", name).with).to.include({ command: "up" });
                expect(requireStep(job, "aws-actions/configure-aws-credentials", name).with?.["aws-region"], name).to.equal(
                    config(stack)["aws:region"],
                );
                expect([...upstream(deploy.jobs, name)], name).to.include("checks");
            }
        });

        it("deploys dev, then prod, then dr: each DR stack after its primary", () => {
            expect(needsOf(byStack.get("prod")!.job)).to.deep.equal(["dev"]);
            for (const stack of allStacks().filter((s) => config(s)["startup-platform:role"] === "dr")) {
                const primary = primaryOf(stack)!;
                expect([...upstream(deploy.jobs, byStack.get(stack)!.name)], `${stack} waits for ${primary}`).to.include(byStack.get(primary)!.name);
            }
        });

        it("puts every production stack behind the protected production environment, and dev outside it", () => {
            for (const [stack, { name, job }] of byStack) {
                expect(environmentOf(job), name).to.equal(isProdLike(stack) ? "production" : undefined);
            }
            expect(environmentOf(byStack.get("prod")!.job)).to.equal("production");
            expect(environmentOf(byStack.get("dr")!.job)).to.equal("production");
        });

        it("never runs pulumi up as a read-only preview (the flag is set nowhere in the deploy workflow)", () => {
            expect(deploy.env ?? {}, "workflow env").to.not.have.property(PREVIEW_ONLY_ENV);
            for (const [name, job] of Object.entries(deploy.jobs)) {
                expect(job.env ?? {}, `${name} env`).to.not.have.property(PREVIEW_ONLY_ENV);
                for (const step of job.steps) {
                    expect(step.env ?? {}, `${name} step env`).to.not.have.property(PREVIEW_ONLY_ENV);
                    expect(step.run ?? "", `${name} step run`).to.not.include(PREVIEW_ONLY_ENV);
                }
            }
        });

        it("gives each stack its own concurrency group and never cancels a running update", () => {
            const groups = [...byStack.values()].map(({ job }) => job.concurrency?.group);
            expect(new Set(groups).size).to.equal(byStack.size);
            for (const [stack, { name, job }] of byStack) {
                expect(job.concurrency, name).to.deep.equal({ group: `pulumi-${stack}`, "cancel-in-progress": false });
            }
        });
    });
});
