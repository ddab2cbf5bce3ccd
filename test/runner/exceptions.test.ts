import { describe, expect, it } from 'vitest';
import { applyExceptions } from '../../src/runner/exceptions.js';
import type { RegisteredException } from '../../src/programme/exceptions-register.js';

const exception: RegisteredException = {
  id: 'EXC-7',
  check: 'iam.user_console_mfa_enabled',
  resource: 'arn:aws:iam::111111111111:user/break-glass-*',
  reason: 'MFA token kept in the safe',
  approver: 'ciso@example.com',
  expires: '2026-12-31',
  covers: ['fail'],
};
const check = { id: 'iam.user_console_mfa_enabled', controls: new Set(['A.8.5', 'CC6.1']) };
const fail = { status: 'fail' as const, reason: 'console password without MFA' };
const arn = 'arn:aws:iam::111111111111:user/break-glass-1';

describe('exceptions', () => {
  it('turns a covered failure into excepted, keeping the underlying status and the exception id', () => {
    const v = applyExceptions(check, arn, fail, [exception], '2026-11-21');
    expect(v).toMatchObject({ status: 'excepted', underlying: 'fail', exceptionId: 'EXC-7' });
    expect(v.reason).toContain('console password without MFA');
    expect(v.reason).toContain('excepted by EXC-7 until 2026-12-31, approved by ciso@example.com');
  });

  it('still applies on its expiry day and not the day after, when the failure counts again', () => {
    expect(applyExceptions(check, arn, fail, [exception], '2026-12-31').status).toBe('excepted');
    const after = applyExceptions(check, arn, fail, [exception], '2027-01-01');
    expect(after).toMatchObject({ status: 'fail' });
    expect(after.underlying).toBeUndefined();
    expect(after.reason).toContain('exception EXC-7 approved by ciso@example.com expired on 2026-12-31');
  });

  it('does not apply before its start', () => {
    const future = { ...exception, starts: '2026-12-01' };
    const before = applyExceptions(check, arn, fail, [future], '2026-11-30');
    expect(before.status).toBe('fail');
    expect(before.reason).toContain('starts on 2026-12-01');
    expect(applyExceptions(check, arn, fail, [future], '2026-12-01').status).toBe('excepted');
  });

  it('never excepts an error unless the entry covers errors, and then keeps error as the underlying status', () => {
    const err = { status: 'error' as const, reason: 'AccessDenied' };
    expect(applyExceptions(check, arn, err, [exception], '2026-11-21')).toEqual(err);
    const coversErrors = { ...exception, covers: ['fail', 'error'] as const };
    expect(applyExceptions(check, arn, err, [coversErrors], '2026-11-21')).toMatchObject({ status: 'excepted', underlying: 'error' });
    const pass = { status: 'pass' as const, reason: 'ok' };
    expect(applyExceptions(check, arn, pass, [exception], '2026-11-21')).toEqual(pass);
  });

  it('matches only its check (or a control the check maps to) and its resource pattern (literal dots and colons)', () => {
    expect(applyExceptions({ id: 'iam.access_keys_rotated', controls: new Set() }, arn, fail, [exception], '2026-11-21').status).toBe('fail');
    expect(applyExceptions(check, 'arn:aws:iam::111111111111:user/alice', fail, [exception], '2026-11-21').status).toBe('fail');
    const dotted = { ...exception, resource: 'arn:aws:iam::111111111111:user/a.b' };
    expect(applyExceptions(check, 'arn:aws:iam::111111111111:user/aXb', fail, [dotted], '2026-11-21').status).toBe('fail');
    const byControl: RegisteredException = { ...exception, check: undefined, control: 'A.8.5' } as RegisteredException;
    delete (byControl as { check?: string }).check;
    expect(applyExceptions(check, arn, fail, [byControl], '2026-11-21').status).toBe('excepted');
    expect(applyExceptions({ id: 'x', controls: new Set(['A.5.1']) }, arn, fail, [byControl], '2026-11-21').status).toBe('fail');
  });
});
