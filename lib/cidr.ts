/**
 * IPv4 CIDR arithmetic and the subnet layout every VPC of the platform uses. Pure functions: no
 * Pulumi, no AWS, so they are unit-tested directly.
 */

export interface Cidr {
    /** Network address as an unsigned 32-bit integer. */
    readonly base: number;
    /** Prefix length, 0-32. */
    readonly prefix: number;
}

/** The three subnet tiers of a VPC, one CIDR per availability zone, in zone order. */
export interface SubnetLayout {
    readonly public: string[];
    readonly private: string[];
    readonly isolated: string[];
}

/** Most availability zones the layout has room for. */
export const MAX_LAYOUT_ZONES = 8;

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses "a.b.c.d/p"; undefined when malformed or when host bits are set. */
export function parseCidr(text: string): Cidr | undefined {
    const match = /^([\d.]+)\/(\d{1,2})$/.exec(text.trim());
    if (!match) return undefined;
    const octets = match[1].split(".");
    if (octets.length !== 4 || !octets.every((o) => OCTET.test(o))) return undefined;
    const prefix = Number(match[2]);
    if (prefix > 32) return undefined;
    const base = octets.reduce((acc, o) => acc * 256 + Number(o), 0);
    if (base % blockSize(prefix) !== 0) return undefined;
    return { base, prefix };
}

export function formatCidr(cidr: Cidr): string {
    const b = cidr.base;
    return `${Math.floor(b / 2 ** 24) % 256}.${Math.floor(b / 2 ** 16) % 256}.${Math.floor(b / 2 ** 8) % 256}.${b % 256}/${cidr.prefix}`;
}

/** Number of addresses in a block of the given prefix length. */
export function blockSize(prefix: number): number {
    return 2 ** (32 - prefix);
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
    const x = mustParse(a);
    const y = mustParse(b);
    return x.base < y.base + blockSize(y.prefix) && y.base < x.base + blockSize(x.prefix);
}

/** True when `inner` lies entirely within `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
    const o = mustParse(outer);
    const i = mustParse(inner);
    return i.prefix >= o.prefix && i.base >= o.base && i.base + blockSize(i.prefix) <= o.base + blockSize(o.prefix);
}

/** The `index`-th block of length `prefix` inside `parent`. */
export function subBlock(parent: Cidr, prefix: number, index: number): Cidr {
    if (prefix < parent.prefix || prefix > 28) {
        throw new Error(`cannot carve a /${prefix} out of a /${parent.prefix}: subnets must be /${parent.prefix}-/28`);
    }
    const count = 2 ** (prefix - parent.prefix);
    if (index < 0 || index >= count) {
        throw new Error(`block ${index} of /${prefix} does not fit in a /${parent.prefix} (room for ${count})`);
    }
    return { base: parent.base + index * blockSize(prefix), prefix };
}

/**
 * Splits a VPC into per-zone subnets: private (application) subnets take the first half of the
 * address space, public subnets the third quarter and isolated (database) subnets the last
 * quarter, each tier with room for {@link MAX_LAYOUT_ZONES} zones. Adding a zone later never moves
 * an existing subnet, so it never replaces one.
 */
export function subnetLayout(vpcCidr: string, zoneCount: number): SubnetLayout {
    const vpc = parseCidr(vpcCidr);
    if (!vpc) throw new Error(`"${vpcCidr}" is not an IPv4 CIDR block such as 10.20.0.0/16`);
    if (!Number.isInteger(zoneCount) || zoneCount < 1 || zoneCount > MAX_LAYOUT_ZONES) {
        throw new Error(`zone count must be 1-${MAX_LAYOUT_ZONES}, got ${zoneCount}`);
    }
    if (vpc.prefix > 22) {
        throw new Error(`a /${vpc.prefix} VPC is too small for three subnet tiers: make the VPC CIDR /22 or larger`);
    }
    const zones = Array.from({ length: zoneCount }, (_, i) => i);
    const privatePrefix = vpc.prefix + 4; // 8 slots in the first half
    const edgePrefix = vpc.prefix + 5; // 8 slots in each of the last two quarters
    const slotsPerQuarter = 8;
    return {
        private: zones.map((i) => formatCidr(subBlock(vpc, privatePrefix, i))),
        public: zones.map((i) => formatCidr(subBlock(vpc, edgePrefix, 2 * slotsPerQuarter + i))),
        isolated: zones.map((i) => formatCidr(subBlock(vpc, edgePrefix, 3 * slotsPerQuarter + i))),
    };
}

function mustParse(text: string): Cidr {
    const parsed = parseCidr(text);
    if (!parsed) throw new Error(`"${text}" is not an IPv4 CIDR block`);
    return parsed;
}
