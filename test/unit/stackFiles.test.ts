import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError } from "../../stacks/config/load";
import {
    findProjectDir,
    networkOverlapProblems,
    otherStackFiles,
    overlappingNetworks,
    parseStackFileText,
    readProjectConfig,
    readStackFile,
    stackNames,
    summarizeStackConfig,
} from "../../stacks/config/stackFiles";
import { ROOT } from "../../tools/offline/run";

/** A scratch project holding copies of stack files, some changed. */
function scratchProject(files: Record<string, (config: Record<string, unknown>) => void> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackfiles-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const stack of stackNames(ROOT)) fs.copyFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), path.join(dir, `Pulumi.${stack}.yaml`));
    for (const [name, change] of Object.entries(files)) {
        const source = fs.existsSync(path.join(dir, name)) ? name : "Pulumi.dev.yaml";
        const doc = YAML.parse(fs.readFileSync(path.join(dir, source), "utf8")) as { config: Record<string, unknown> };
        change(doc.config);
        fs.writeFileSync(path.join(dir, name), YAML.stringify(doc));
    }
    return dir;
}

const network = (config: Record<string, unknown>) => config["startup-platform:network"] as { cidr: string };

describe("stack files (stacks/config/stackFiles.ts)", () => {
    it("lists the stacks of the project from its Pulumi.<stack>.yaml files", () => {
        const files = fs.readdirSync(ROOT).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));
        expect(stackNames(ROOT)).to.deep.equal(files.map((f) => f.split(".")[1]).sort());
        expect(findProjectDir(path.join(ROOT, "stacks", "config"))).to.equal(ROOT);
        expect(findProjectDir(os.tmpdir())).to.equal(undefined);
    });

    it("gives every stack file of the repository a VPC block of its own", () => {
        const all = stackNames(ROOT).map((stack) => summarizeStackConfig(stack, readStackFile(ROOT, stack)));
        expect(all.every((s) => s.cidr !== undefined), "every file sets startup-platform:network.cidr").to.equal(true);
        expect(overlappingNetworks(all).map(([a, b]) => `${a.file} ${a.cidr} / ${b.file} ${b.cidr}`)).to.deep.equal([]);
    });

    it("finds every overlapping pair once, whatever the stacks' roles and regions", () => {
        const dir = scratchProject({
            "Pulumi.qa.yaml": (c) => {
                network(c).cidr = "10.10.128.0/17"; // inside dev's 10.10.0.0/16
                c["aws:region"] = "eu-west-1";
            },
            "Pulumi.dr.yaml": (c) => {
                network(c).cidr = "10.20.0.0/16"; // prod's
            },
        });
        const all = stackNames(dir).map((stack) => summarizeStackConfig(stack, readStackFile(dir, stack)));
        expect(overlappingNetworks(all).map(([a, b]) => `${a.file} ${a.cidr} / ${b.file} ${b.cidr}`)).to.deep.equal([
            "Pulumi.dev.yaml 10.10.0.0/16 / Pulumi.qa.yaml 10.10.128.0/17",
            "Pulumi.dr.yaml 10.20.0.0/16 / Pulumi.prod.yaml 10.20.0.0/16",
        ]);
    });

    it("reports a stack's overlaps naming the other file and both blocks", () => {
        const dir = scratchProject({ "Pulumi.qa.yaml": (c) => void (network(c).cidr = "10.0.0.0/8") });
        const problems = networkOverlapProblems({ file: "Pulumi.qa.yaml", network: { cidr: "10.0.0.0/8" } }, otherStackFiles(dir, "qa"));
        // Every block of this repository is inside 10.0.0.0/8.
        const others = stackNames(ROOT).filter((s) => s !== "qa");
        expect(problems).to.deep.equal(
            others.map((s) => {
                const cidr = network(readStackFile(ROOT, s)).cidr;
                return `startup-platform:network.cidr: 10.0.0.0/8 overlaps ${cidr}, the startup-platform:network.cidr of Pulumi.${s}.yaml; every stack's VPC needs a block of its own (pick one no other Pulumi.<stack>.yaml uses)`;
            }),
        );
        expect(problems.map((p) => p.split(" of ")[1].split(";")[0])).to.include.members(["Pulumi.dev.yaml", "Pulumi.prod.yaml", "Pulumi.dr.yaml"]);
        expect(networkOverlapProblems({ file: "Pulumi.qa.yaml", network: { cidr: "10.40.0.0/16" } }, otherStackFiles(dir, "qa"))).to.deep.equal([]);
    });

    it("leaves out of a stack's comparison its own file and files that cannot be read", () => {
        const dir = scratchProject();
        fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config:\n  aws:region: us-east-1\n   bad: indent\n");
        expect(otherStackFiles(dir, "dev").map((s) => s.stack)).to.deep.equal(stackNames(ROOT).filter((s) => s !== "dev"));
        expect(stackNames(dir)).to.include("broken");
    });

    it("reads a changed file anew and never lets one reader's change reach another", () => {
        const dir = scratchProject();
        const file = path.join(dir, "Pulumi.dev.yaml");
        const first = readStackFile(dir, "dev");
        (first["startup-platform:network"] as Record<string, unknown>).cidr = "changed by a reader";
        expect(readStackFile(dir, "dev")).to.deep.equal((YAML.parse(fs.readFileSync(file, "utf8")) as { config: unknown }).config);
        fs.writeFileSync(file, "config:\n  aws:region: eu-west-1\n");
        expect(readStackFile(dir, "dev")).to.deep.equal({ "aws:region": "eu-west-1" });
        // A mistake is reported every time, not only on the first read.
        fs.writeFileSync(file, "config:\n\taws:region: eu-west-1\n");
        expect(() => readStackFile(dir, "dev")).to.throw(ConfigError);
        expect(() => readStackFile(dir, "dev")).to.throw(ConfigError);
    });

    describe("YAML mistakes", () => {
        const errorOf = (text: string): ConfigError => {
            try {
                parseStackFileText(text, "Pulumi.qa.yaml");
            } catch (err) {
                expect(err).to.be.instanceOf(ConfigError);
                return err as ConfigError;
            }
            return expect.fail("expected a ConfigError");
        };

        it("names the file, the line and the column of each", () => {
            const err = errorOf("config:\n  aws:region: us-east-1\n startup-platform:owner: me\n");
            expect(err.file).to.equal("Pulumi.qa.yaml");
            expect(err.message).to.match(/^Invalid stack configuration in Pulumi\.qa\.yaml \(1 problem\):\n {2}- line 3, column 1: All mapping items must start at the same column \(YAML syntax\)$/);
            expect(errorOf("config:\n  aws:region: us-east-1\n  aws:region: us-west-2\n").problems).to.deep.equal(["line 3, column 3: Map keys must be unique (YAML syntax)"]);
            expect(errorOf("config:\n\taws:region: us-east-1\n").problems[0]).to.match(/^line 2, column 1: Tabs are not allowed as indentation/);
        });

        it("names a file that is not a map of settings", () => {
            expect(errorOf("- a\n- b\n").problems).to.deep.equal(["expected the file to be a map with a config: section, got a list"]);
            expect(errorOf("config: 3\n").problems).to.deep.equal(["config: expected a map of settings (key: value lines indented under config:), got 3"]);
            expect(parseStackFileText("", "Pulumi.qa.yaml")).to.deep.equal({});
        });

        it("names the stacks there are when a file is missing", () => {
            expect(() => readStackFile(ROOT, "nope")).to.throw(`no stack file Pulumi.nope.yaml; stacks in this project: ${stackNames(ROOT).join(", ")}`);
        });
    });

    it("reads the values Pulumi.yaml gives every stack, as the Pulumi CLI passes them to the program", () => {
        expect(readProjectConfig(ROOT)).to.deep.equal({ "pulumi:disable-default-providers": ["aws"] });
    });
});
