// ESLint 9 flat config: the recommended JavaScript and typescript-eslint rules, plus the type-aware
// rules that catch Pulumi mistakes cheaply (a forgotten await on a promise, an Output in a template
// string) and two project conventions (components read no config and create no providers).
import eslint from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

/** A resource created inside apply() is invisible to preview until the value is known. */
const NO_RESOURCES_IN_APPLY = {
    selector:
        "CallExpression[callee.property.name='apply'] :matches(NewExpression[callee.object.name=/^(aws|awsx)$/], NewExpression[callee.object.object.name=/^(aws|awsx)$/])",
    message: "Do not create resources inside apply(): pass the Output as an input instead, so preview shows the resource.",
};

export default defineConfig(
    { ignores: ["node_modules/", "bin/", "out/", "**/*.js"] },
    eslint.configs.recommended,
    tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            // Type-aware, and worth their cost in a Pulumi program.
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
            "@typescript-eslint/await-thenable": "error",
            // An Output<T> in a template literal renders a warning text, not the value: use
            // pulumi.interpolate or .apply. This catches it because Output is an object type.
            "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
            "@typescript-eslint/no-explicit-any": "error",
            // tsc's noUnusedLocals and noUnusedParameters already fail the build on these.
            "@typescript-eslint/no-unused-vars": "off",
            // Not `consistent-type-imports`: tsc drops type-only imports either way, and the rule
            // would rewrite the imports of every branch being merged for no behaviour change.
        },
    },
    {
        files: ["test/**/*.ts"],
        rules: {
            // chai asserts with property getters: `expect(x).to.be.empty` is a statement, not a no-op.
            "@typescript-eslint/no-unused-expressions": "off",
            // Tests build expected strings from recorded state (`unknown` values), never from Outputs.
            "@typescript-eslint/restrict-template-expressions": "off",
        },
    },
    {
        // Project conventions: components take plain typed args and get the provider through opts.
        files: ["components/**/*.ts"],
        rules: {
            "no-restricted-syntax": [
                "error",
                {
                    selector: "NewExpression[callee.object.name='pulumi'][callee.property.name='Config']",
                    message: "Components never read config: take the value as a typed arg and let stacks/ read it.",
                },
                {
                    selector: "NewExpression[callee.object.name='aws'][callee.property.name='Provider']",
                    message: "Components never create providers: the stack passes one through opts.",
                },
                NO_RESOURCES_IN_APPLY,
            ],
        },
    },
    {
        files: ["stacks/**/*.ts"],
        rules: { "no-restricted-syntax": ["error", NO_RESOURCES_IN_APPLY] },
    },
);
