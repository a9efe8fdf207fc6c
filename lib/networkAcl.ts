/**
 * The rules of each VPC's default network ACL, and the check of Security Hub EC2.21 ("network ACLs
 * should not allow ingress from 0.0.0.0/0 to port 22 or port 3389") that the policy pack runs on
 * them. Pure: unit-tested without mocks.
 *
 * A network ACL is stateless and evaluates its entries in rule-number order, lowest first: the
 * first entry that matches a packet allows or denies it, and a packet no entry matches is denied by
 * the fixed `*` entry (AWS VPC User Guide, "Network ACL rules"). So every reply must be allowed
 * in on its own: the VPC's internal traffic by the VPC's CIDR, and replies from the internet
 * (to the ALB, the NAT gateways, and through the S3 and DynamoDB gateway endpoints) by the
 * TCP and UDP ranges below.
 *
 * What it costs: replies from the internet to port 3389 are dropped too. Instances use Linux's
 * ephemeral ports (32768-60999) and never see it, but a NAT gateway, the ALB and Lambda pick source
 * ports from 1024-65535 (the same guide, "Ephemeral ports"), so the rare outbound connection that
 * a NAT gateway (or a Lambda function, through a gateway endpoint) gives port 3389, about one in
 * 64,500, times out, and the client's retry takes another port.
 */

/** The remote administration ports EC2.21 is about: SSH and RDP. */
export const REMOTE_ADMIN_PORTS: readonly number[] = [22, 3389];

/** Every IPv4 and every IPv6 address: what "from the internet" means in a NACL entry. */
export const ANY_IPV4 = "0.0.0.0/0";
export const ANY_IPV6 = "::/0";

/** One entry as `aws.ec2.DefaultNetworkAcl` takes it (protocol by name, or "-1" for all). */
export interface NaclEntry {
    readonly ruleNo: number;
    readonly action: "allow" | "deny";
    readonly protocol: "-1" | "tcp" | "udp" | "icmp";
    readonly cidrBlock: string;
    readonly fromPort: number;
    readonly toPort: number;
    /** ICMP only; -1 is every type or code. */
    readonly icmpType?: number;
    readonly icmpCode?: number;
}

/** `[from, to]` ranges of 0-65535 that leave out `excluded`: [22, 3389] gives 0-21, 23-3388, 3390-65535. */
export function portRangesExcluding(excluded: readonly number[]): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    let from = 0;
    for (const port of [...new Set(excluded)].sort((a, b) => a - b)) {
        if (port > from) ranges.push([from, port - 1]);
        from = port + 1;
    }
    if (from <= 65535) ranges.push([from, 65535]);
    return ranges;
}

/**
 * The default network ACL of a VPC with CIDR `vpcCidr`. Ingress, in evaluation order:
 * - 100: everything from inside the VPC (the ALB to its targets and back, the NAT gateways, the
 *   interface endpoints, the database), untouched by the rules after it;
 * - 110-140: TCP and UDP 22 and 3389 from anywhere denied, the EC2.21 rule stated outright;
 * - 200-250: TCP and UDP from anywhere on every other port, which admits HTTP/HTTPS to the ALB and
 *   the replies to the NAT gateways' and gateway endpoints' connections (ephemeral ports);
 * - 260: ICMP from anywhere (path MTU discovery, unreachable notices).
 * Rule numbers follow the entries' order; the provider replaces changed entries by deleting then
 * creating, so a change that renumbers them drops internet traffic for a few seconds
 * (docs/security.md, "Changing the entries").
 * No entry allows 22 or 3389 from 0.0.0.0/0, so the ACL passes EC2.21 whether or not the check
 * honours the denies' order. Egress: everything (security groups decide what may leave).
 * IPv6 entries are not needed: the VPCs have no IPv6 CIDR.
 */
export function defaultNetworkAclRules(vpcCidr: string): { ingress: NaclEntry[]; egress: NaclEntry[] } {
    const all = (ruleNo: number, cidrBlock: string): NaclEntry => ({ ruleNo, action: "allow", protocol: "-1", cidrBlock, fromPort: 0, toPort: 0 });
    const denies = (["tcp", "udp"] as const).flatMap((protocol) => REMOTE_ADMIN_PORTS.map((port) => ({ protocol, port })));
    const allowed = portRangesExcluding(REMOTE_ADMIN_PORTS);
    const allows = (["tcp", "udp"] as const).flatMap((protocol) => allowed.map(([fromPort, toPort]) => ({ protocol, fromPort, toPort })));
    return {
        ingress: [
            all(100, vpcCidr),
            ...denies.map(({ protocol, port }, i): NaclEntry => ({ ruleNo: 110 + 10 * i, action: "deny", protocol, cidrBlock: ANY_IPV4, fromPort: port, toPort: port })),
            ...allows.map(({ protocol, fromPort, toPort }, i): NaclEntry => ({ ruleNo: 200 + 10 * i, action: "allow", protocol, cidrBlock: ANY_IPV4, fromPort, toPort })),
            { ruleNo: 200 + 10 * allows.length, action: "allow", protocol: "icmp", cidrBlock: ANY_IPV4, fromPort: 0, toPort: 0, icmpType: -1, icmpCode: -1 },
        ],
        egress: [all(100, ANY_IPV4)],
    };
}

/** Protocols of an entry that carry TCP or UDP ports: all ("-1"), TCP (6) and UDP (17), by name or number. */
const PORTED_PROTOCOLS: readonly string[] = ["-1", "all", "tcp", "6", "udp", "17"];

/**
 * Why an inbound entry lets the internet reach a remote administration port, or undefined: an
 * `allow` from 0.0.0.0/0 or ::/0, of all protocols or TCP or UDP, whose port range holds 22 or
 * 3389 (protocol "-1" ignores ports). AWS Config's nacl-no-unrestricted-ssh-rdp, behind EC2.21,
 * fails a NACL with such an entry; its documentation does not say that a lower-numbered deny
 * saves it, so this check does not either. Entries arrive as plain JSON (ports may be strings).
 */
export function remoteAdminExposure(entry: Readonly<Record<string, unknown>>): string | undefined {
    if (String(entry.action ?? entry.ruleAction ?? "").toLowerCase() !== "allow") return undefined;
    const source = entry.cidrBlock === ANY_IPV4 ? ANY_IPV4 : entry.ipv6CidrBlock === ANY_IPV6 ? ANY_IPV6 : undefined;
    if (source === undefined) return undefined;
    const protocol = String(entry.protocol ?? "").toLowerCase();
    if (!PORTED_PROTOCOLS.includes(protocol)) return undefined;
    const allPorts = protocol === "-1" || protocol === "all";
    const [from, to] = [Number(entry.fromPort ?? 0), Number(entry.toPort ?? 0)];
    const ports = REMOTE_ADMIN_PORTS.filter((port) => allPorts || (from <= port && port <= to));
    if (ports.length === 0) return undefined;
    const what = allPorts ? "all traffic" : `${protocol} ${from}-${to}`;
    return `rule ${String(entry.ruleNo ?? entry.ruleNumber ?? "?")} allows ${what} from ${source}, which includes port${ports.length > 1 ? "s" : ""} ${ports.join(" and ")}`;
}
