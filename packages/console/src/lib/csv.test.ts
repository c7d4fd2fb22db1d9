import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas and doubled quotes, and CRLF or LF line ends', () => {
    expect(parseCsv('user,arn\r\n"a,b","say ""hi"""\nc,d\n')).toEqual([
      ['user', 'arn'],
      ['a,b', 'say "hi"'],
      ['c', 'd'],
    ]);
  });

  it('keeps empty fields and a last line without a line end', () => {
    expect(parseCsv('a,,c\nx,y,')).toEqual([
      ['a', '', 'c'],
      ['x', 'y', ''],
    ]);
  });
});
