import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxies } from '../../src/http/client-address.js';

const request = (peer: string, headers: Record<string, string> = {}, encrypted = false) =>
  ({ socket: { remoteAddress: peer, ...(encrypted ? { encrypted: true } : {}) }, headers }) as unknown as IncomingMessage;

describe('the client address behind reverse proxies', () => {
  const proxies = trustedProxies(['10.0.0.0/8', '::1', '127.0.0.1']);

  it('ignores forwarding headers unless the peer is a trusted proxy', () => {
    expect(clientAddress(request('203.0.113.5', { 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https' }), proxies)).toEqual({ ip: '203.0.113.5', secure: false });
    expect(clientAddress(request('::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), undefined)).toEqual({ ip: '127.0.0.1', secure: false });
  });

  it('reads X-Forwarded-For from the right, skipping trusted hops, so a client cannot choose its address', () => {
    const forged = { 'x-forwarded-for': '1.2.3.4, 198.51.100.7, 10.1.2.3', 'x-forwarded-proto': 'http, https' };
    expect(clientAddress(request('10.0.0.9', forged), proxies)).toEqual({ ip: '198.51.100.7', secure: true });
    expect(clientAddress(request('::ffff:127.0.0.1', { 'x-forwarded-for': '::ffff:198.51.100.8' }), proxies)).toEqual({ ip: '198.51.100.8', secure: false });
    // Only proxies all the way: the leftmost address is the best there is.
    expect(clientAddress(request('10.0.0.9', { 'x-forwarded-for': '10.9.9.9' }), proxies).ip).toBe('10.9.9.9');
    // Ports and brackets, as some proxies write them.
    expect(clientAddress(request('10.0.0.9', { 'x-forwarded-for': '198.51.100.7:4711' }), proxies).ip).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.9', { 'x-forwarded-for': '[2001:db8::1]:443' }), proxies).ip).toBe('2001:db8::1');
    // Garbage stops the walk at the last good hop.
    expect(clientAddress(request('10.0.0.9', { 'x-forwarded-for': 'evil, 10.4.4.4' }), proxies).ip).toBe('10.4.4.4');
  });

  it('keeps TLS known from the socket itself', () => {
    expect(clientAddress(request('203.0.113.5', {}, true), proxies).secure).toBe(true);
  });

  it('refuses a list entry that is not an address or a CIDR range', () => {
    expect(() => trustedProxies(['proxy.internal'])).toThrow(/not an IP address or CIDR range/);
    expect(() => trustedProxies(['10.0.0.0/33'])).toThrow(/invalid prefix length/);
  });

  it('answers any header with a plausible address and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 20 }), (forwarded, proto) => {
        const client = clientAddress(request('10.0.0.1', { 'x-forwarded-for': forwarded, 'x-forwarded-proto': proto }), proxies);
        expect(typeof client.ip).toBe('string');
        expect(client.ip === '10.0.0.1' || forwarded.includes(client.ip)).toBe(true);
        expect(client.ip).not.toBe('');
      }),
    );
  });
});
