/**
 * Loaded by mocha before any test file (.mocharc.json `require`): the tests load @pulumi/pulumi as
 * the offline plan does, with the modules it never uses deferred until something touches them
 * (tools/offline/deferModules.ts), about half a second less per mocha run.
 */
import { DEFERRED_BY_PLAN, deferModules } from "../tools/offline/deferModules";

deferModules(DEFERRED_BY_PLAN);
