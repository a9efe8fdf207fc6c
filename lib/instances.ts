/**
 * EC2 instance types the app fleet may run, and the Amazon Linux 2023 AMI for each CPU
 * architecture. Pure, so the config schema and the AppFleet component check types the same way.
 */
import { InstanceType } from "@pulumi/aws/types/enums/ec2";

export type Architecture = "x86_64" | "arm64";

/**
 * Current-generation families for a web app tier, by CPU architecture: burstable (t*) for small
 * stacks, general purpose (m*), compute (c*) and memory (r*) optimised; Graviton (`g`) is arm64.
 */
export const INSTANCE_FAMILIES: Readonly<Record<string, Architecture>> = {
    t3: "x86_64",
    t3a: "x86_64",
    m6i: "x86_64",
    m6a: "x86_64",
    m7i: "x86_64",
    m7a: "x86_64",
    c6i: "x86_64",
    c7i: "x86_64",
    r6i: "x86_64",
    r7i: "x86_64",
    t4g: "arm64",
    m6g: "arm64",
    m7g: "arm64",
    c6g: "arm64",
    c7g: "arm64",
    r6g: "arm64",
    r7g: "arm64",
};

/** Public SSM parameters that always name the latest Amazon Linux 2023 AMI of an architecture. */
export const AL2023_AMI_PARAMETERS: Readonly<Record<Architecture, string>> = {
    x86_64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    arm64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
};

const INSTANCE_TYPE = /^([a-z][a-z0-9-]*)\.(nano|micro|small|medium|large|[1-9][0-9]?xlarge|xlarge)$/;

/**
 * The sizes EC2 has of an allowed family, from @pulumi/aws's list of instance types (metal sizes
 * left out): `m7i` starts at `large`, `t3` stops at `2xlarge`.
 */
export function instanceSizes(family: string): string[] {
    return Object.values(InstanceType)
        .filter((t) => t.startsWith(`${family}.`))
        .map((t) => t.slice(family.length + 1))
        .filter((size) => !size.startsWith("metal"))
        .sort((a, b) => sizeOrder(a) - sizeOrder(b));
}

/** nano < micro < small < medium < large < xlarge < 2xlarge < ... */
function sizeOrder(size: string): number {
    const named = ["nano", "micro", "small", "medium", "large", "xlarge"].indexOf(size);
    return named >= 0 ? named : 5 + Number(size.replace("xlarge", ""));
}

/** `m7i.large` -> `m7i`; undefined when the text is not shaped like an instance type. */
export function instanceFamily(instanceType: string): string | undefined {
    return INSTANCE_TYPE.exec(instanceType)?.[1];
}

/** Architecture of an allowed instance type; undefined for unknown families. */
export function instanceArchitecture(instanceType: string): Architecture | undefined {
    const family = instanceFamily(instanceType);
    return family === undefined ? undefined : INSTANCE_FAMILIES[family];
}

/** What is wrong with a list of instance types for one launch template; empty when fine. */
export function instanceTypeProblems(instanceTypes: readonly string[]): string[] {
    if (instanceTypes.length === 0) return ["give at least one instance type, such as t3.small"];
    const problems: string[] = [];
    for (const type of instanceTypes) {
        const family = instanceFamily(type);
        if (family === undefined) {
            problems.push(`"${type}" is not an instance type; expected <family>.<size> such as m7i.large`);
        } else if (INSTANCE_FAMILIES[family] === undefined) {
            problems.push(`"${type}": family ${family} is not allowed; use one of ${Object.keys(INSTANCE_FAMILIES).join(", ")}`);
        } else {
            const sizes = instanceSizes(family);
            if (!sizes.includes(type.slice(family.length + 1))) problems.push(`"${type}": ${family} has no such size; its sizes are ${sizes.join(", ")}`);
        }
    }
    if (new Set(instanceTypes).size !== instanceTypes.length) problems.push("list each instance type once");
    const archs = [...new Set(instanceTypes.map(instanceArchitecture).filter((a): a is Architecture => a !== undefined))];
    if (archs.length > 1) {
        const detail = instanceTypes.map((t) => `${t} is ${instanceArchitecture(t) ?? "unknown"}`).join(", ");
        problems.push(`instance types mix CPU architectures (${detail}); one launch template has one AMI, so pick one architecture`);
    }
    return problems;
}

/** The AL2023 AMI parameter for a fleet's (validated) instance types. */
export function al2023AmiParameter(instanceTypes: readonly string[]): string {
    const arch = instanceArchitecture(instanceTypes[0]);
    if (arch === undefined) throw new Error(`unknown instance family of ${instanceTypes[0]}`);
    return AL2023_AMI_PARAMETERS[arch];
}
