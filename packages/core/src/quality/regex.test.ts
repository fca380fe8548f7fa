import { describe, expect, it } from 'vitest';
import { validatePattern } from './regex.js';

describe('validatePattern', () => {
  it('accepts RE2-compatible patterns', () => {
    expect(validatePattern('^[A-Z]{3}-\\d+$').ok).toBe(true);
    expect(validatePattern('a\\\\1').ok).toBe(true);
  });
  it('refuses a pattern that does not compile, saying why', () => {
    expect(validatePattern('[a-')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/"\[a-" is not a valid regular expression/),
    });
  });
  it('refuses lookaround and backreferences that RE2 lacks', () => {
    expect(validatePattern('(?=a)b')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/lookaround.*RE2/),
    });
    expect(validatePattern('(a)\\1')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/backreferences/),
    });
  });
});
