import { describe, expect, it } from 'vitest';
import { accessKeyCsv, accessKeyCsvFileName } from './download';

describe('access key .csv file', () => {
  it("writes the IAM console's header and the pair, with CRLF line ends", () => {
    expect(accessKeyCsv('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(
      'Access key ID,Secret access key\r\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n',
    );
  });

  it('names the file after the user, and rootkey.csv for the root user', () => {
    expect(accessKeyCsvFileName('alice')).toBe('alice_accessKeys.csv');
    expect(accessKeyCsvFileName(undefined)).toBe('rootkey.csv');
  });
});
