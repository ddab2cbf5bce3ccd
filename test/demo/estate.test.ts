import { describe, expect, it } from 'vitest';
import { isDateSpec, resolveDate } from '../../src/demo/estate/dates.js';
import { EstateError, loadEstateFile, parseEstate } from '../../src/demo/estate/load.js';

const DEMO = new URL('../../config/demo/estate.yaml', import.meta.url).pathname;

const MINIMAL = `
version: 1
aws:
  accounts:
    - id: "123456789012"
      name: test
      credentials: { access_key_id: AKIATEST000000000001, secret_access_key: test-secret-0000000001 }
      root: { created: -100d, mfa: hardware }
      users:
        - name: u1
          created: -10d
          groups: [g1]
          managed_policies: [P1]
      groups:
        - { name: g1, created: -20d }
      policies:
        - { name: P1, created: -5d, document: { Version: "2012-10-17", Statement: [] } }
`;

function errorOf(text: string): EstateError {
  try {
    parseEstate(text, 'test.yaml');
  } catch (error) {
    if (error instanceof EstateError) return error;
    throw error;
  }
  throw new Error('expected an EstateError');
}

describe('estate file', () => {
  it('loads the demo estate: two accounts and its expected failures', async () => {
    const estate = await loadEstateFile(DEMO);
    expect(estate.aws?.accounts.map((a) => [a.id, a.name])).toEqual([
      ['111111111111', 'prod'],
      ['222222222222', 'sandbox'],
    ]);
    expect(estate.expected_failures.map((f) => f.check)).toContain('iam.cross_account_trust_restricted');
    expect(estate.aws?.accounts[1]?.password_policy).toBeUndefined();
  });

  it('applies defaults', () => {
    const estate = parseEstate(MINIMAL);
    const user = estate.aws!.accounts[0]!.users[0]!;
    expect(user.path).toBe('/');
    expect(user.access_keys).toEqual([]);
    expect(user.console).toBeUndefined();
    expect(estate.expected_failures).toEqual([]);
  });

  it('names the path of a bad date', () => {
    const error = errorOf(MINIMAL.replace('created: -10d', 'created: yesterday'));
    expect(error.issues).toEqual(['aws.accounts[0].users[0].created: a date: ISO-8601 or relative like -120d / -6h']);
    expect(error.message).toContain('test.yaml: invalid estate');
  });

  it('names the path of an unknown (misspelt) key', () => {
    const error = errorOf(MINIMAL.replace('groups: [g1]', 'grups: [g1]'));
    expect(error.issues.join('\n')).toMatch(/^aws\.accounts\[0\]\.users\[0\]: .*grups/m);
  });

  it('names references to groups and policies that do not exist', () => {
    expect(errorOf(MINIMAL.replace('groups: [g1]', 'groups: [nope]')).issues).toEqual(['aws.accounts[0].users[0].groups[0]: no group named nope']);
    expect(errorOf(MINIMAL.replace('managed_policies: [P1]', 'managed_policies: [P2]')).issues).toEqual([
      'aws.accounts[0].users[0].managed_policies[0]: no customer-managed policy named P2 (or give a full ARN)',
    ]);
  });

  it('rejects bad account ids, MFA kinds and YAML', () => {
    expect(errorOf(MINIMAL.replace('"123456789012"', '"1234"')).issues).toEqual(['aws.accounts[0].id: a 12-digit AWS account id']);
    expect(errorOf(MINIMAL.replace('mfa: hardware', 'mfa: sms')).issues[0]).toMatch(/^aws\.accounts\[0\]\.root\.mfa: /);
    expect(errorOf('version: 1\naws: [unclosed').message).toContain('not valid YAML');
  });
});

describe('estate dates', () => {
  const now = new Date('2026-03-15T12:00:00.500Z');

  it('resolves relative days and hours back from the start of the clock UTC day', () => {
    expect(resolveDate('-120d', now).toISOString()).toBe('2025-11-15T00:00:00.000Z');
    expect(resolveDate('-6h', now).toISOString()).toBe('2026-03-14T18:00:00.000Z');
    // Stable all day: a later request the same day sees the same instants.
    expect(resolveDate('-120d', new Date('2026-03-15T23:59:59Z')).toISOString()).toBe('2025-11-15T00:00:00.000Z');
  });

  it('counts +Nd forward from the start of the day (a certificate that expires later)', () => {
    expect(resolveDate('+3d', now).toISOString()).toBe(new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000 + 3 * 86_400_000).toISOString());
  });

  it('accepts absolute ISO-8601 dates and rejects anything else', () => {
    expect(resolveDate('2024-02-29', now).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(resolveDate('2024-02-29T10:00:00+02:00', now).toISOString()).toBe('2024-02-29T08:00:00.000Z');
    expect(isDateSpec('120d')).toBe(false);
    expect(isDateSpec('3d')).toBe(false);
    expect(isDateSpec('+3x')).toBe(false);
    expect(isDateSpec('2024-13-45')).toBe(false);
  });
});
