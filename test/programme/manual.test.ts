import { describe, expect, it } from 'vitest';
import { addDuration, parseCadence } from '../../src/programme/cadence.js';
import { manualStatuses, type AttestationRef } from '../../src/programme/manual.js';

const review = { control: 'A.5.18', title: 'Access rights review', cadence: 'quarterly', grace: '14d', owner: 'identity-team' };
const attested = (day: string, id = 1): AttestationRef => ({ id, control: 'A.5.18', by: 'alice', recordedAt: `${day}T09:00:00.000Z`, day, recordHash: 'h'.repeat(64) });

describe('manual controls on a cadence', () => {
  it('parses named cadences and durations, and adds calendar months clamping month ends', () => {
    expect(parseCadence('quarterly')).toEqual({ unit: 'm', amount: 3 });
    expect(parseCadence('90d')).toEqual({ unit: 'd', amount: 90 });
    expect(parseCadence('2w')).toEqual({ unit: 'd', amount: 14 });
    expect(parseCadence('fortnightly')).toBeNull();
    expect(parseCadence('0d')).toBeNull();
    expect(addDuration('2026-01-31', { unit: 'm', amount: 1 })).toBe('2026-02-28');
    expect(addDuration('2026-11-20', { unit: 'd', amount: 14 })).toBe('2026-12-04');
  });

  it('no evidence before the first attestation, pass within cadence and grace, fail when overdue naming both days', () => {
    expect(manualStatuses([review], [], '2026-03-01')[0]).toMatchObject({ status: 'no_evidence', lastAttested: null });
    expect(manualStatuses([review], [attested('2026-01-10')], '2026-04-10')[0]).toMatchObject({ status: 'pass', due: '2026-04-10' });
    expect(manualStatuses([review], [attested('2026-01-10')], '2026-04-24')[0]!.status).toBe('pass');
    const overdue = manualStatuses([review], [attested('2026-01-10')], '2026-04-25')[0]!;
    expect(overdue.status).toBe('fail');
    expect(overdue.reason).toBe('overdue: last attested on 2026-01-10 by alice, due on 2026-04-10 (grace until 2026-04-24)');
  });

  it('an attestation recorded after the day does not count for it; the latest one counts', () => {
    expect(manualStatuses([review], [attested('2026-05-01')], '2026-04-30')[0]!.status).toBe('no_evidence');
    expect(manualStatuses([review], [attested('2026-01-10', 1), attested('2026-04-20', 2)], '2026-06-01')[0]).toMatchObject({ status: 'pass', attestationId: 2, due: '2026-07-20' });
  });
});
