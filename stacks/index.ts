import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadPlatformConfig } from "./config/load";
import { findProjectDir, networkOverlapProblems, otherStackFiles } from "./config/stackFiles";
import { drConfigProblems, drStack } from "./dr";
import { primaryConfigProblems, primaryStack } from "./primary";
import { previewModeProblems } from "./providers";
import { launchWarnings, warn } from "./warnings";

export interface ProgramOptions {
    /**
     * Directory of the project's Pulumi.<stack>.yaml files, which this stack's config is checked
     * against (overlapping networks, regions without threat detection).
     * @default the directory of Pulumi.yaml above this file, where the Pulumi CLI runs the program
     */
    readonly projectDir?: string;
}

/**
 * The whole program: read and validate the stack's config (before any resource is registered),
 * then build the stack for its role. Returns the stack outputs.
 */
export async function program(options: ProgramOptions = {}): Promise<Record<string, pulumi.Input<unknown>>> {
    const cfg = loadPlatformConfig();
    const projectDir = options.projectDir ?? findProjectDir(__dirname);
    const others = projectDir === undefined ? [] : otherStackFiles(projectDir, cfg.stack);
    const problems = [
        ...networkOverlapProblems(cfg, others),
        ...(cfg.role === "dr" ? drConfigProblems(cfg) : primaryConfigProblems(cfg)),
        ...previewModeProblems(cfg),
    ];
    if (problems.length > 0) throw new ConfigError(cfg.file, problems);
    for (const message of launchWarnings(cfg, others)) warn(message);
    return cfg.role === "dr" ? drStack(cfg) : primaryStack(cfg);
}
