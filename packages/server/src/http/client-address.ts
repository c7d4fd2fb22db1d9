import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Who is on the other end of a request, as far as the server can trust it. */
export interface ClientAddress {
  /** the client's IP address (an IPv4-mapped IPv6 address is given as IPv4) */
  readonly ip: string;
  /** whether the client reached us over TLS: aws:SecureTransport, and Secure cookies */
  readonly secure: boolean;
}

/**
 * The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers are believed
 * (GATEHOUSE_TRUSTED_PROXIES: addresses or CIDR ranges, comma-separated). Without any, the
 * headers are ignored: anyone could send them.
 */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [address, bits] = entry.split('/', 2);
    const family = isIP(address ?? '');
    if (family === 0) throw new Error(`Trusted proxy "${entry}" is not an IP address or CIDR range, e.g. 10.0.0.0/8 or ::1.`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) {
      list.addAddress(address!, type);
      continue;
    }
    const prefix = Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`Trusted proxy "${entry}" has an invalid prefix length.`);
    list.addSubnet(address!, prefix, type);
  }
  return list;
}

/**
 * The client of a request. Behind trusted proxies, X-Forwarded-For is read from the right,
 * skipping the proxies' own addresses, so a client cannot choose its address by sending the
 * header itself; X-Forwarded-Proto is the nearest proxy's.
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#security_and_privacy_concerns
 */
export function clientAddress(req: IncomingMessage, proxies: BlockList | undefined): ClientAddress {
  const peer = plainAddress(req.socket.remoteAddress ?? '');
  const secure = (req.socket as Partial<TLSSocket>).encrypted === true;
  if (!proxies || !isTrusted(proxies, peer)) return { ip: peer, secure };
  const forwarded = headerList(req.headers['x-forwarded-for']);
  let ip = peer;
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = plainAddress(forwarded[i]!);
    if (isIP(hop) === 0) break;
    ip = hop;
    if (!isTrusted(proxies, hop)) break;
  }
  const proto = headerList(req.headers['x-forwarded-proto']).at(-1)?.toLowerCase();
  return { ip, secure: secure || proto === 'https' };
}

function isTrusted(proxies: BlockList, ip: string): boolean {
  const family = isIP(ip);
  return family !== 0 && proxies.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

function headerList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value.join(',') : value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * An address as proxies write it, without a port or brackets ("203.0.113.5:4711",
 * "[2001:db8::1]:443"); an IPv4-mapped IPv6 address (a dual-stack socket's view of an IPv4
 * peer) is the IPv4 address.
 */
export function plainAddress(written: string): string {
  const address = /^\[([^\]]+)\](?::\d+)?$/.exec(written)?.[1] ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(written)?.[1] ?? written;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
