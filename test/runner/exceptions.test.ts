import { describe, expect, it } from 'vitest';
import { applyExceptions } from '../../src/runner/exceptions.js';

const exception = {
  check: 'iam.user_console_mfa_enabled',
  resource: 'arn:aws:iam::111111111111:user/break-glass-*',
  justification: 'MFA token kept in the safe',
  approver: 'ciso@example.com',
  expires: '2026-12-31',
};
const fail = { status: 'fail' as const, reason: 'console password without MFA' };
const arn = 'arn:aws:iam::111111111111:user/break-glass-1';

describe('exceptions', () => {
  it('turns a covered failure into excepted, naming approver and expiry', () => {
    const v = applyExceptions('iam.user_console_mfa_enabled', arn, fail, [exception], '2026-11-21');
    expect(v.status).toBe('excepted');
    expect(v.reason).toContain('console password without MFA');
    expect(v.reason).toContain('excepted until 2026-12-31, approved by ciso@example.com');
  });

  it('still applies on its expiry day and not the day after', () => {
    expect(applyExceptions(exception.check, arn, fail, [exception], '2026-12-31').status).toBe('excepted');
    const after = applyExceptions(exception.check, arn, fail, [exception], '2027-01-01');
    expect(after.status).toBe('fail');
    expect(after.reason).toContain('expired on 2026-12-31');
  });

  it('never excepts an error (nothing was evaluated) nor touches a pass', () => {
    const err = { status: 'error' as const, reason: 'AccessDenied' };
    expect(applyExceptions(exception.check, arn, err, [exception], '2026-11-21')).toEqual(err);
    const pass = { status: 'pass' as const, reason: 'ok' };
    expect(applyExceptions(exception.check, arn, pass, [exception], '2026-11-21')).toEqual(pass);
  });

  it('matches only its check and its resource pattern (literal dots and colons)', () => {
    expect(applyExceptions('iam.access_keys_rotated', arn, fail, [exception], '2026-11-21').status).toBe('fail');
    expect(applyExceptions(exception.check, 'arn:aws:iam::111111111111:user/alice', fail, [exception], '2026-11-21').status).toBe('fail');
    const dotted = { ...exception, resource: 'arn:aws:iam::111111111111:user/a.b' };
    expect(applyExceptions(exception.check, 'arn:aws:iam::111111111111:user/aXb', fail, [dotted], '2026-11-21').status).toBe('fail');
  });
});
