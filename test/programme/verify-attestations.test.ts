import { describe, expect, it } from 'vitest';
import { verifyAttestations } from '../../src/programme/verify-attestations.js';

const ref = (id: number, hash: string) => ({ id, control: 'A.5.18', by: 'erin', recordedAt: `2026-01-0${id}T09:00:00.000Z`, day: `2026-01-0${id}`, recordHash: hash.repeat(64) });
const row = (id: number, hash: string) => ({ id, recordedAt: `2026-01-0${id}T09:00:00.000Z`, recordHash: hash.repeat(64) });
const run = (id: number, startedAt: string, attestations: ReturnType<typeof ref>[]) => ({
  id,
  startedAt,
  scopeBlob: { programme: { declared: null, ownership: { teams: {}, owners: {} }, manualControls: [], attestations } },
});

describe('attestation rows against the sealed runs', () => {
  it('rows sealed as recorded verify; a row newer than every run is pending', () => {
    expect(verifyAttestations([row(1, 'a'), row(3, 'c')], [run(1, '2026-01-02T00:00:00.000Z', [ref(1, 'a')])])).toEqual({ problems: [], pending: [3] });
  });

  it('a deleted row, a changed record hash and a backdated insert are each named', () => {
    const runs = [run(1, '2026-01-02T00:00:00.000Z', [ref(1, 'a')]), run(2, '2026-01-05T00:00:00.000Z', [ref(1, 'a'), ref(3, 'c')])];
    expect(verifyAttestations([row(3, 'c')], runs).problems).toEqual([
      'attestation 1 (A.5.18 by erin) sealed by run 1 is missing from the attestations table',
    ]);
    expect(verifyAttestations([row(1, 'b'), row(3, 'c')], runs).problems).toEqual(['attestation 1: its record hash differs from the one run 1 sealed']);
    expect(verifyAttestations([row(1, 'a'), row(3, 'c'), row(4, 'd')], [...runs, run(3, '2026-01-08T00:00:00.000Z', [ref(1, 'a'), ref(3, 'c')])]).problems).toEqual([
      'attestation 4 claims 2026-01-04T09:00:00.000Z, before run 2 started, but run 2 did not seal it (inserted later?)',
    ]);
  });
});
