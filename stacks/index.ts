import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadPlatformConfig } from "./config/load";
import { drConfigProblems, drStack } from "./dr";
import { primaryConfigProblems, primaryStack } from "./primary";
import { launchWarnings, warn } from "./warnings";

/**
 * The whole program: read and validate the stack's config (before any resource is registered),
 * then build the stack for its role. Returns the stack outputs.
 */
export async function program(): Promise<Record<string, pulumi.Input<unknown>>> {
    const cfg = loadPlatformConfig();
    const problems = cfg.role === "dr" ? drConfigProblems(cfg) : primaryConfigProblems(cfg);
    if (problems.length > 0) throw new ConfigError(cfg.file, problems);
    for (const message of launchWarnings(cfg)) warn(message);
    return cfg.role === "dr" ? drStack(cfg) : primaryStack(cfg);
}
