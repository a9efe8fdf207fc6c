import { expect } from "chai";
import { ConfigError, ConfigSource, PlatformConfig, parsePlatformConfig } from "../stacks/config/load";
import { readStackConfigFile } from "../tools/offline/run";

/** The source of prod's config, for error messages. */
export const PROD_SOURCE: ConfigSource = { stack: "prod", file: "Pulumi.prod.yaml" };

/**
 * Moves a raw stack config to another region: `aws:region` and the network's zones (same zone
 * letters), which the schema requires to be in the stack's region. Changes `raw` in place.
 */
export function moveToRegion(raw: Record<string, unknown>, region: string): Record<string, unknown> {
    raw["aws:region"] = region;
    const network = raw["startup-platform:network"] as { availabilityZones: string[] };
    raw["startup-platform:network"] = { ...network, availabilityZones: network.availabilityZones.map((zone) => `${region}${zone.slice(-1)}`) };
    return raw;
}

/** Parses a stack's real config file. */
export function parseStack(stack: string): PlatformConfig {
    return parsePlatformConfig(readStackConfigFile(stack), { stack, file: `Pulumi.${stack}.yaml` });
}

/** The problems a config is rejected with; fails the test when it is accepted. */
export function problemsOf(raw: Record<string, unknown>, source: ConfigSource = PROD_SOURCE): string[] {
    try {
        parsePlatformConfig(raw, source);
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as ConfigError).problems;
    }
    expect.fail("expected the config to be rejected");
}
