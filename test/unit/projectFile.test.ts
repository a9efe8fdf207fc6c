import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PROJECT } from "../../lib/constants";
import { ROOT } from "../../tools/offline/run";

type ConfigEntry = unknown;

/**
 * The rules the Pulumi CLI's project loader applies to `config:` in Pulumi.yaml
 * (pulumi/pulumi sdk/go/common/workspace/project.go): a key in the project's namespace may declare
 * a type, default or value; a key in another namespace (`pulumi:`, `aws:`) given as a map may only
 * carry `value`. Returns what the CLI would refuse.
 */
function projectConfigProblems(project: string, config: Record<string, ConfigEntry>): string[] {
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(config)) {
        const namespaced = key.includes(":") && !key.startsWith(`${project}:`);
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) continue;
        const declaration = entry as Record<string, unknown>;
        if (namespaced) {
            if ("type" in declaration) problems.push(`${key}: is not namespaced by the project and should not define a type`);
            if ("default" in declaration) problems.push(`${key}: is not namespaced by the project and should not define a default value`);
            if (!("value" in declaration)) problems.push(`${key}: is namespaced and must provide an attribute 'value'`);
        } else if ("default" in declaration && "value" in declaration) {
            problems.push(`${key}: cannot have both a 'default' and 'value' attribute`);
        }
    }
    return problems;
}

describe("Pulumi.yaml (the project file)", () => {
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
        name: string;
        runtime: { name: string; options?: Record<string, unknown> };
        main?: string;
        config?: Record<string, ConfigEntry>;
    };

    it("names the project the config namespace uses, on the Node.js runtime, entering at index.ts", () => {
        expect(doc.name).to.equal(PROJECT);
        expect(doc.runtime.name).to.equal("nodejs");
        expect(fs.existsSync(path.join(ROOT, doc.main ?? "", "index.ts"))).to.equal(true);
    });

    it("refuses the default AWS provider for every stack, in the form the CLI accepts", () => {
        const config = doc.config ?? {};
        expect(projectConfigProblems(doc.name, config)).to.deep.equal([]);
        const entry = config["pulumi:disable-default-providers"] as { value: unknown };
        expect(entry.value).to.be.an("array").that.includes("aws");
    });

    it("applies the CLI's rules (checked on the forms it refuses)", () => {
        expect(projectConfigProblems("p", { "aws:region": { default: "us-east-1" } })).to.deep.equal([
            "aws:region: is not namespaced by the project and should not define a default value",
            "aws:region: is namespaced and must provide an attribute 'value'",
        ]);
        expect(projectConfigProblems("p", { "aws:region": { type: "string", value: "us-east-1" } })).to.deep.equal([
            "aws:region: is not namespaced by the project and should not define a type",
        ]);
        expect(projectConfigProblems("p", { size: { default: 1, value: 2 } })).to.deep.equal(["size: cannot have both a 'default' and 'value' attribute"]);
        expect(projectConfigProblems("p", { "aws:region": "us-east-1", "p:size": { type: "integer", default: 2 } })).to.deep.equal([]);
    });
});
