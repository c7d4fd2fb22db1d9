import { describe, expect, it } from 'vitest';
import { policy, validate } from '../helpers.js';

const ipFindings = (operator: string, values: string[]) =>
  validate(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [operator]: { 'aws:SourceIp': values } } })).filter((f) => f.issueCode.startsWith('PRIVATE_'));

describe('private-ip', () => {
  it('reports aws:SourceIp given only private addresses, which it never holds', () => {
    expect(ipFindings('IpAddress', ['10.0.0.0/8', '192.168.1.0/24']).map((f) => [f.issueCode, f.findingType])).toEqual([['PRIVATE_IP_ADDRESS', 'ERROR']]);
    expect(ipFindings('NotIpAddress', ['172.16.0.0/12']).map((f) => f.issueCode)).toEqual(['PRIVATE_NOT_IP_ADDRESS']);
  });

  it('suggests aws:VpcSourceIp when private and public addresses are mixed', () => {
    const found = ipFindings('IpAddress', ['10.0.0.0/8', '203.0.113.0/24']);
    expect(found.map((f) => [f.issueCode, f.findingType])).toEqual([['PRIVATE_IP_ADDRESS_SUBSET', 'SUGGESTION']]);
    expect(found[0]?.findingDetails).toContain('aws:VpcSourceIp');
    expect(ipFindings('NotIpAddress', ['fd00::/8', '2001:db8::/32']).map((f) => f.issueCode)).toEqual(['PRIVATE_NOT_IP_ADDRESS_SUBSET']);
  });

  it('is silent for public addresses and for aws:VpcSourceIp', () => {
    expect(ipFindings('IpAddress', ['203.0.113.0/24'])).toEqual([]);
    expect(validate(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } } })).filter((f) => f.issueCode.startsWith('PRIVATE_'))).toEqual([]);
  });
});
