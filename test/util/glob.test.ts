import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../src/util/glob.js';

describe('matchesPattern', () => {
  it('`*` matches any run of characters, line terminators included (a name with a newline is not silently left out)', () => {
    for (const name of ['payments-api', 'line\nbreak', 'cr\rname', 'sep\u2028arator', '']) expect(matchesPattern('*', name), JSON.stringify(name)).toBe(true);
    expect(matchesPattern('arn:aws:s3:::prod-*', 'arn:aws:s3:::prod-\nx')).toBe(true);
  });
  it('everything else is literal', () => {
    expect(matchesPattern('a.c', 'abc')).toBe(false);
    expect(matchesPattern('a+', 'aa')).toBe(false);
    expect(matchesPattern('prod-*', 'sandbox-prod-x')).toBe(false);
    expect(matchesPattern('prod-*', 'prod-\n')).toBe(true);
  });
});
