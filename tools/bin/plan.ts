/**
 * The entry of `npm run plan` (bundled to out/bin/plan.js): defers the modules the plan never
 * uses before anything loads @pulumi/pulumi, then runs tools/plan.ts. See deferModules.
 */
import { DEFERRED_BY_PLAN, deferModules } from "../offline/deferModules";

deferModules(DEFERRED_BY_PLAN);
// Loaded only now, after the hook is in place (a static import would load it first).
void import("../plan").then((plan) => plan.cli());
