import { describe, expect, it } from 'vitest';
import { generatePassword } from './password';

describe('generatePassword', () => {
  it('has at least 20 characters and one of each class, from IAM’s allowed symbols', () => {
    for (let i = 0; i < 50; i++) {
      const p = generatePassword();
      expect(p.length).toBe(20);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[!@#$%^&*()_+\-=[\]{}|']/);
      expect(p).toMatch(/^[A-Za-z0-9!@#$%^&*()_+\-=[\]{}|']+$/);
    }
  });

  it('meets a password policy minimum longer than 20', () => {
    expect(generatePassword({ MinimumPasswordLength: 32 }).length).toBe(32);
  });
});
