import * as pulumi from "@pulumi/pulumi";
import { loadPlatformConfig } from "./config/load";
import { drStack } from "./dr";
import { primaryStack } from "./primary";

/**
 * The whole program: read and validate the stack's config (before any resource is registered),
 * then build the stack for its role. Returns the stack outputs.
 */
export async function program(): Promise<Record<string, pulumi.Input<unknown>>> {
    const cfg = loadPlatformConfig();
    return cfg.role === "dr" ? drStack(cfg) : primaryStack(cfg);
}
