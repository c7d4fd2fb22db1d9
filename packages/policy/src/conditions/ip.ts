/**
 * IpAddress / NotIpAddress: the request address (aws:SourceIp) against CIDR blocks or single
 * addresses, IPv4 (RFC 4632) and IPv6 (RFC 4291). An IPv4 address matches only IPv4 blocks
 * and an IPv6 address only IPv6 blocks, except that an IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) is read as the IPv4 address it carries.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 */
import type { ValueTest } from './value-test.js';

/** An address as 16-bit groups: 2 for IPv4, 8 for IPv6. */
type Address = readonly number[];

interface Block {
  readonly groups: Address;
  readonly prefix: number;
}

/** Dotted-quad IPv4, read character by character (this runs for every request). */
export function parseIpv4(text: string): Address | undefined {
  let high = 0;
  let low = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i === text.length ? 46 : text.charCodeAt(i);
    if (code === 46) {
      if (digits === 0 || octet > 255) return undefined;
      if (dots < 2) high = (high << 8) | octet;
      else low = (low << 8) | octet;
      dots++;
      octet = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57 && digits < 3) {
      octet = octet * 10 + (code - 48);
      digits++;
    } else return undefined;
  }
  return dots === 4 ? [high, low] : undefined;
}

export function parseIpv6(text: string): Address | undefined {
  let head = text;
  // A trailing dotted quad carries the last 32 bits; rewrite it as two hex groups.
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    head = `${text.slice(0, lastColon + 1)}${(v4[0] as number).toString(16)}:${(v4[1] as number).toString(16)}`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const readGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  const left = readGroups(halves[0] ?? '');
  const right = halves.length === 2 ? readGroups(halves[1] ?? '') : [];
  if (!left || !right) return undefined;
  const explicit = left.length + right.length;
  if (halves.length === 2) {
    if (explicit > 7) return undefined;
    return [...left, ...new Array<number>(8 - explicit).fill(0), ...right];
  }
  return explicit === 8 ? left : undefined;
}

/** An address or CIDR block; a bare address is a block of one. */
export function parseBlock(text: string): Block | undefined {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const groups = parseAddress(address.trim());
  if (!groups) return undefined;
  const bits = groups.length * 16;
  if (slash === -1) return { groups, prefix: bits };
  const prefixText = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= bits ? { groups, prefix } : undefined;
}

export function parseAddress(text: string): Address | undefined {
  if (!text.includes(':')) return parseIpv4(text);
  const v6 = parseIpv6(text);
  // ::ffff:a.b.c.d is an IPv4 address written in IPv6 form (RFC 4291 §2.5.5.2).
  if (v6 && v6[0] === 0 && v6[1] === 0 && v6[2] === 0 && v6[3] === 0 && v6[4] === 0 && v6[5] === 0xffff) return [v6[6] as number, v6[7] as number];
  return v6;
}

export function inBlock(address: Address, block: Block): boolean {
  if (address.length !== block.groups.length) return false;
  let remaining = block.prefix;
  for (let i = 0; i < address.length && remaining > 0; i++) {
    const bits = Math.min(16, remaining);
    const mask = (0xffff << (16 - bits)) & 0xffff;
    if (((address[i] as number) & mask) !== ((block.groups[i] as number) & mask)) return false;
    remaining -= bits;
  }
  return true;
}

/**
 * The last request address parsed: a request carries one aws:SourceIp that several conditions
 * test, so remembering one parse saves the rest. A pure memo: same text, same address.
 */
let lastText: string | undefined;
let lastAddress: Address | undefined;

function requestAddress(text: string): Address | undefined {
  if (text !== lastText) {
    lastAddress = parseAddress(text.trim());
    lastText = text;
  }
  return lastAddress;
}

export function ipTest(values: readonly string[]): ValueTest {
  const blocks = values.map(parseBlock).filter((block): block is Block => block !== undefined);
  return (value) => {
    if (typeof value !== 'string') return undefined;
    const address = requestAddress(value);
    if (!address) return undefined;
    for (const block of blocks) if (inBlock(address, block)) return true;
    return false;
  };
}
