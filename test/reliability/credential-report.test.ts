import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../../collectors/aws-iam/credential-report.js';
import { CallFailedError } from '../../src/sdk/aws-call.js';

/**
 * Issue 14, defect 3: a credential report with duplicate users or columns, missing required columns or
 * unparseable values is malformed (the collector makes every attribute it fills Unknown with this reason),
 * never read with the last duplicate winning.
 */
const COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
];
const ROOT = '<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,false,N/A,N/A';
const ALICE_NO_MFA = 'alice,arn:aws:iam::111111111111:user/alice,2021-01-01T00:00:00+00:00,true,N/A,2021-01-01T00:00:00+00:00,N/A,false,false,N/A,N/A,false,N/A,N/A';
const ALICE_MFA = ALICE_NO_MFA.replace(',false,false,N/A', ',true,false,N/A');

function malformed(csv: string): string {
  try {
    parseCredentialReport(csv);
  } catch (error) {
    expect(error).toBeInstanceOf(CallFailedError);
    return (error as Error).message;
  }
  throw new Error('parsed a malformed report');
}

describe('malformed credential reports are refused, never last-one-wins', () => {
  it('a well-formed report parses (the baseline the cases below break)', () => {
    const rows = parseCredentialReport([COLUMNS.join(','), ROOT, ALICE_NO_MFA].join('\n'));
    expect(rows.map((r) => [r.user, r.state.mfaActive])).toEqual([['<root_account>', true], ['alice', false]]);
  });

  it('a second row for a user (mfa_active=true after false) is malformed, naming the user', () => {
    expect(malformed([COLUMNS.join(','), ROOT, ALICE_NO_MFA, ALICE_MFA].join('\n'))).toMatch(/malformed report: users listed more than once: alice/);
  });

  it('a report without the <root_account> row is malformed (IAM always lists root): no fallback on a cut report', () => {
    expect(malformed([COLUMNS.join(','), ALICE_NO_MFA].join('\n'))).toBe(
      'iam:GetCredentialReport returned a malformed report: no <root_account> row (IAM always lists the root user)',
    );
  });

  it('root listed twice is malformed', () => {
    expect(malformed([COLUMNS.join(','), ROOT, ROOT].join('\n'))).toMatch(/users listed more than once: <root_account>/);
  });

  it('a duplicated header column (a second mfa_active) is malformed, naming the column', () => {
    const header = [...COLUMNS, 'mfa_active'].join(',');
    expect(malformed([header, `${ROOT},true`, `${ALICE_NO_MFA},true`].join('\n'))).toMatch(/malformed report: duplicate columns mfa_active/);
  });

  it.each(['mfa_active', 'arn', 'access_key_2_last_used_date'])('a missing required column (%s) is malformed, naming it', (column) => {
    const keep = COLUMNS.map((c, i) => [c, i] as const).filter(([c]) => c !== column).map(([, i]) => i);
    const cut = (line: string) => keep.map((i) => line.split(',')[i]).join(',');
    expect(malformed([cut(COLUMNS.join(',')), cut(ROOT), cut(ALICE_NO_MFA)].join('\n'))).toContain(`missing columns ${column}`);
  });

  it.each([
    ['mfa_active', ALICE_NO_MFA.replace(',false,false,N/A', ',yes,false,N/A'), /mfa_active is not true\/false/],
    ['user_creation_time', ALICE_NO_MFA.replace('2021-01-01T00:00:00+00:00,true', 'yesterday,true'), /user_creation_time is not a timestamp/],
    ['a short row', 'alice,arn:aws:iam::111111111111:user/alice', /not CSV/],
  ])('an unparseable value (%s) is malformed', (_what, row, reason) => {
    expect(malformed([COLUMNS.join(','), ROOT, row].join('\n'))).toMatch(reason);
  });

  it('a header with no rows is malformed', () => {
    expect(malformed(COLUMNS.join(','))).toMatch(/no rows/);
  });
});
