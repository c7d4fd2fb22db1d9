import { describe, expect, it } from 'vitest';
import { cidrContains, formatCidr, isPrivate, networkOf, parseCidr } from '../../src/validate/ip.js';

describe('CIDR blocks', () => {
  it('parses IPv4 and IPv6 addresses and blocks', () => {
    expect(parseCidr('203.0.113.0/24')).toEqual({ version: 4, address: 0xcb007100n, prefix: 24 });
    expect(parseCidr('198.51.100.7')?.prefix).toBe(32);
    expect(parseCidr('2001:DB8::/32')).toEqual({ version: 6, address: 0x20010db8n << 96n, prefix: 32 });
    expect(parseCidr('::ffff:192.0.2.1')?.address).toBe(0xffffc0000201n);
    for (const bad of ['256.0.0.0', '1.2.3', '1.2.3.4/33', '2001:db8::1::', 'x', '1.2.3.4/', '::/129']) expect(parseCidr(bad)).toBeUndefined();
  });

  it('clears host bits and prints blocks in canonical form', () => {
    expect(formatCidr(networkOf(parseCidr('203.0.113.7/24')!))).toBe('203.0.113.0/24');
    expect(formatCidr(networkOf(parseCidr('2001:db8:0:0:1::1/64')!))).toBe('2001:db8::/64');
  });

  it('knows the private ranges', () => {
    expect(isPrivate(parseCidr('10.1.2.0/24')!)).toBe(true);
    expect(isPrivate(parseCidr('172.32.0.0/16')!)).toBe(false);
    expect(isPrivate(parseCidr('fd12::/16')!)).toBe(true);
    expect(cidrContains(parseCidr('10.0.0.0/8')!, parseCidr('10.0.0.0/7')!)).toBe(false);
  });
});
