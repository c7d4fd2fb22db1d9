// IP addresses and CIDR blocks in conditions, as the IpAddress and NotIpAddress operators
// read them: RFC 4632 CIDR for IPv4, RFC 4291 notation for IPv6
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress).

export interface Cidr {
  version: 4 | 6;
  /** The address as an unsigned integer. */
  address: bigint;
  prefix: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseIpv6(text: string): bigint | undefined {
  let s = text;
  // An embedded IPv4 tail (::ffff:192.0.2.1) counts as the last two groups.
  let tail: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    tail = parseIpv4(s.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const rest = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] as string).split(':')) : [];
  const groups = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest] : head;
  if (groups.length !== 8 || (halves.length === 2 && head.length + rest.length > 7)) return undefined;
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail !== undefined) n = (n & ~0xffffffffn) | tail;
  return n;
}

/** Parses an address or CIDR block; an address alone is a /32 or /128. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addr = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
  const version = addr.includes(':') ? 6 : 4;
  const address = version === 4 ? parseIpv4(addr) : parseIpv6(addr);
  if (address === undefined) return undefined;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  return { version, address, prefix };
}

function bits(c: Cidr): number {
  return c.version === 4 ? 32 : 128;
}

/** The block with the bits beyond the prefix cleared. */
export function networkOf(c: Cidr): Cidr {
  const hostBits = BigInt(bits(c) - c.prefix);
  return { ...c, address: (c.address >> hostBits) << hostBits };
}

export function formatCidr(c: Cidr): string {
  if (c.version === 4) {
    const a = c.address;
    return `${[24n, 16n, 8n, 0n].map((s) => String((a >> s) & 255n)).join('.')}/${c.prefix}`;
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((c.address >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const text =
    bestStart === -1
      ? groups.join(':')
      : `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
  return `${text}/${c.prefix}`;
}

/** Is block `inner` inside block `outer`? */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version || inner.prefix < outer.prefix) return false;
  const hostBits = BigInt(bits(outer) - outer.prefix);
  return inner.address >> hostBits === outer.address >> hostBits;
}

// Private address space: RFC 1918 for IPv4 and unique local addresses (RFC 4193) for IPv6.
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'].map((c) => parseCidr(c) as Cidr);

export function isPrivate(c: Cidr): boolean {
  return PRIVATE.some((p) => cidrContains(p, c));
}
