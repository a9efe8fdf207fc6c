import { closest, didYouMean } from "./suggest";

/**
 * The AWS Regions a stack may run in: one list for every key that names a region (`aws:region`,
 * `backup.copyToRegion`, `database.secretReplicaRegions`) and for availability-zone names.
 *
 * Source: the `aws` partition of AWS's endpoint metadata (`partitions.json`, as shipped in
 * @aws-sdk/core 3.981) and the `Region` enum of @pulumi/aws 7.48. A Region AWS launches later is
 * added here; until then the config refuses it with this list.
 */
export const AWS_REGIONS: Readonly<Record<string, string>> = {
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)",
    "af-south-1": "Africa (Cape Town)",
    "ap-east-1": "Asia Pacific (Hong Kong)",
    "ap-east-2": "Asia Pacific (Taipei)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-northeast-3": "Asia Pacific (Osaka)",
    "ap-south-1": "Asia Pacific (Mumbai)",
    "ap-south-2": "Asia Pacific (Hyderabad)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-southeast-3": "Asia Pacific (Jakarta)",
    "ap-southeast-4": "Asia Pacific (Melbourne)",
    "ap-southeast-5": "Asia Pacific (Malaysia)",
    "ap-southeast-6": "Asia Pacific (New Zealand)",
    "ap-southeast-7": "Asia Pacific (Thailand)",
    "ca-central-1": "Canada (Central)",
    "ca-west-1": "Canada West (Calgary)",
    "eu-central-1": "Europe (Frankfurt)",
    "eu-central-2": "Europe (Zurich)",
    "eu-north-1": "Europe (Stockholm)",
    "eu-south-1": "Europe (Milan)",
    "eu-south-2": "Europe (Spain)",
    "eu-west-1": "Europe (Ireland)",
    "eu-west-2": "Europe (London)",
    "eu-west-3": "Europe (Paris)",
    "il-central-1": "Israel (Tel Aviv)",
    "me-central-1": "Middle East (UAE)",
    "me-south-1": "Middle East (Bahrain)",
    "me-west-1": "Middle East (Saudi Arabia)",
    "mx-central-1": "Mexico (Central)",
    "sa-east-1": "South America (Sao Paulo)",
    "sa-west-1": "South America (Chile)",
};

/**
 * Regions of AWS's other partitions. Each needs an account of its own and lacks what this program
 * takes from the commercial partition's us-east-1 (Cost Explorer's API, Route 53 health-check
 * metrics, CloudFront and its us-east-1 certificates), so the config refuses them by name.
 */
export const OTHER_PARTITIONS: ReadonlyArray<{ readonly partition: string; readonly name: string; readonly regions: readonly string[] }> = [
    { partition: "aws-us-gov", name: "AWS GovCloud (US)", regions: ["us-gov-east-1", "us-gov-west-1"] },
    { partition: "aws-cn", name: "AWS China", regions: ["cn-north-1", "cn-northwest-1"] },
    { partition: "aws-eusc", name: "AWS European Sovereign Cloud", regions: ["eusc-de-east-1"] },
    { partition: "aws-iso", name: "AWS ISO", regions: ["us-iso-east-1", "us-iso-west-1"] },
    { partition: "aws-iso-b", name: "AWS ISO-B", regions: ["us-isob-east-1", "us-isob-west-1"] },
    { partition: "aws-iso-e", name: "AWS ISO-E", regions: ["eu-isoe-west-1"] },
    { partition: "aws-iso-f", name: "AWS ISO-F", regions: ["us-isof-east-1", "us-isof-south-1"] },
];

export const COMMERCIAL_REGIONS: readonly string[] = Object.keys(AWS_REGIONS);

export function isCommercialRegion(region: string): boolean {
    return Object.prototype.hasOwnProperty.call(AWS_REGIONS, region);
}

/** What is wrong with a region name, as the end of a config message; undefined when it is fine. */
export function regionProblem(region: string): string | undefined {
    if (isCommercialRegion(region)) return undefined;
    const other = OTHER_PARTITIONS.find((p) => p.regions.includes(region));
    if (other) {
        return `a region of ${other.name} (partition ${other.partition}), which this program does not support: it relies on the commercial partition's us-east-1 for Cost Explorer, Route 53 health-check metrics and CloudFront; use a commercial region such as us-east-1`;
    }
    return `not a commercial AWS region${didYouMean(region, COMMERCIAL_REGIONS)}; expected one of: ${COMMERCIAL_REGIONS.join(", ")}`;
}

/** Availability-zone names: the region's code and a zone letter (`us-east-1a`). */
const ZONE = /^([a-z]+(?:-[a-z]+)+-\d+)([a-z])$/;

/**
 * What is wrong with an availability-zone name for a stack in `region`; undefined when it is
 * fine. Which letters exist is not checked (they differ by region and by account); the region
 * part must be a commercial region and the stack's own.
 */
export function zoneProblem(zone: string, region: string): string | undefined {
    const match = ZONE.exec(zone);
    if (!match) return `expected an availability-zone name: the region and a letter, such as ${region}a`;
    const [, zoneRegion, letter] = match;
    if (!isCommercialRegion(zoneRegion)) {
        const meant = closest(zoneRegion, COMMERCIAL_REGIONS);
        return `"${zone}" is not a zone of a commercial AWS region${meant === undefined ? "" : ` (did you mean ${meant}${letter}?)`}`;
    }
    if (zoneRegion !== region) return `"${zone}" is not in the stack's region ${region}; expected names such as ${region}a`;
    return undefined;
}
