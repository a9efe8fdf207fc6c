import { expect } from "chai";
import * as fs from "fs";
import { CONFIG_DOC, renderConfigDocs } from "../../tools/configDocs";

describe("docs/config.md", () => {
    it("documents every key of the schema with its default (regenerate with npm run docs:config)", () => {
        const current = fs.existsSync(CONFIG_DOC) ? fs.readFileSync(CONFIG_DOC, "utf8") : "";
        expect(current === renderConfigDocs(), "docs/config.md is stale: run `npm run docs:config`").to.equal(true);
    });

    it("lists nested keys, requirements and defaults", () => {
        const doc = renderConfigDocs();
        expect(doc).to.include("| `aws:region` | string | **required** |");
        expect(doc).to.include('| `startup-platform:network.natGateways` | `"single"` \\| `"onePerAz"` | default `"single"` |');
        expect(doc).to.include("| `startup-platform:dr.primaryStack` | string | **required** |");
    });
});
