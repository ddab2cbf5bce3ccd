import { sha256Hex } from '../util/canonical.js';
import type { PeriodExport } from './document.js';

/** The OSCAL version the document targets (the schema in test/fixtures/oscal/ is this release). */
export const OSCAL_VERSION = '1.2.3';

/**
 * A name-based UUID (RFC 4122 version 5 layout over SHA-256 of a name, truncated): the same export
 * gives the same UUIDs, so two exports of the same period are byte-identical and diffable.
 */
export function stableUuid(name: string): string {
  const h = sha256Hex(`controlwatch:${name}`).split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** An OSCAL token (NCName) for a control: `<framework>_<control id>` with anything else replaced by `_`. */
export function controlToken(framework: string, controlId: string): string {
  const t = `${framework}_${controlId}`.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^(\p{L}|_)/u.test(t) ? t : `_${t}`;
}

/**
 * The period as an OSCAL assessment-results document: one result for the period; one observation per
 * sealed run, linking its seal as relevant evidence (`urn:controlwatch:seal:<sha256>`); one finding per
 * control, `satisfied` only when it operated every day of the period (a gap is never satisfied), with
 * its tally, episodes and gaps in the description and the runs that did not pass as related observations.
 */
export function renderOscal(doc: PeriodExport): unknown {
  const key = `${doc.from}/${doc.to}/${doc.timezone}`;
  const last = doc.runs.at(-1)?.startedAt ?? `${doc.to}T00:00:00Z`;
  const start = doc.runs[0]?.startedAt ?? `${doc.from}T00:00:00Z`;
  const obsUuid = (runId: number) => stableUuid(`${key}/run/${runId}`);
  const observations = doc.runs.map((r) => ({
    uuid: obsUuid(r.id),
    title: `Sealed run ${r.id} (${r.day})`,
    description: `controlwatch run ${r.id}, audit day ${r.day}: automated tests of the configured controls against live AWS and GitHub state, sealed into the evidence chain.`,
    methods: ['TEST'],
    types: ['control-objective'],
    'relevant-evidence': [{ href: `urn:controlwatch:seal:${r.seal}`, description: `Seal (SHA-256) of run ${r.id}, chained to the run before it; \`controlwatch verify\` recomputes it.` }],
    collected: r.startedAt,
  }));
  // One observation per attestation that stood in the period: examined evidence (who, when, the files' SHA-256).
  const attUuid = (id: number) => stableUuid(`${key}/attestation/${id}`);
  const attestations = new Map(doc.controls.flatMap((c) => c.attestations.map((a) => [a.id, a] as const)));
  for (const a of [...attestations.values()].sort((x, y) => x.id - y.id)) {
    observations.push({
      uuid: attUuid(a.id),
      title: `Attestation ${a.id}: ${a.control} by ${a.by} (${a.day})`,
      description: `Manual control ${a.control} attested by ${a.by} on ${a.day}${a.note ? `: ${a.note}` : ''}. Recorded with \`controlwatch attest\` and sealed by the next run; \`controlwatch verify\` rehashes the record and each attached file.`,
      methods: ['EXAMINE'],
      types: ['control-objective'],
      'relevant-evidence': [
        { href: `urn:controlwatch:attestation:${a.recordHash}`, description: `Attestation record (SHA-256 of its canonical JSON) of attestation ${a.id}.` },
        ...a.files.map((f) => ({ href: `urn:controlwatch:sha256:${f.sha256}`, description: `Attached file ${f.name} (${f.size} bytes), SHA-256 ${f.sha256}.` })),
      ],
      collected: a.recordedAt,
    });
  }
  const findings = doc.controls.map((c) => {
    const notPassing = [...new Set(c.timeline.filter((d) => d.runId !== null && d.status !== 'pass' && d.status !== 'not_applicable').map((d) => d.runId!))];
    const related = [...notPassing.map(obsUuid), ...c.attestations.map((a) => attUuid(a.id))];
    const lines = [
      `${c.verdict}. Days: pass ${c.tally.pass}, fail ${c.tally.fail}, error ${c.tally.error}, excepted ${c.tally.excepted}, not applicable ${c.tally.not_applicable}, no evidence ${c.tally.no_evidence}.`,
      ...c.episodes.map((e) => `Failure episode ${e.start} to ${e.end ?? 'end of period (still failing)'}${e.hoursToRemediate === null ? '' : `, remediated ${e.remediatedOn} after ${e.hoursToRemediate} h`}.`),
      ...c.gaps.slice(0, 50).map((g) => `Gap ${g.day}: ${g.reason} — ${g.detail}`),
      ...(c.gaps.length > 50 ? [`…and ${c.gaps.length - 50} more gaps (see the JSON export).`] : []),
    ];
    return {
      uuid: stableUuid(`${key}/finding/${c.framework}/${c.controlId}`),
      title: `${c.framework} ${c.controlId}${c.title ? ` — ${c.title}` : ''}`,
      description: lines.join('\n\n'),
      target: {
        type: 'objective-id',
        'target-id': controlToken(c.framework, c.controlId),
        description: [c.checks.length > 0 ? `Checks: ${c.checks.join(', ')}` : '', c.evidence !== 'automated' ? `Manual control attested on a cadence: ${c.attestations.length > 0 ? c.attestations.map((a) => `attestation ${a.id} by ${a.by} on ${a.day}`).join(', ') : 'no attestation in force in the period'}` : ''].filter(Boolean).join('. '),
        status: { state: c.verdict === 'operated every day in the period' ? 'satisfied' : 'not-satisfied' },
      },
      ...(related.length > 0 ? { 'related-observations': related.map((uuid) => ({ 'observation-uuid': uuid })) } : {}),
    };
  });
  const result: Record<string, unknown> = {
    uuid: stableUuid(`${key}/result`),
    title: `Continuous control testing ${doc.from} to ${doc.to}`,
    description: `Daily automated control tests by controlwatch over the audit period ${doc.from} to ${doc.to} (audit days in ${doc.timezone}). Days without a sealed run are gaps, never passes.`,
    start,
    end: last,
    'reviewed-controls': {
      'control-selections': [
        doc.controls.length > 0 ? { 'include-controls': doc.controls.map((c) => ({ 'control-id': controlToken(c.framework, c.controlId) })) } : { 'include-all': {} },
      ],
    },
  };
  if (observations.length > 0) result.observations = observations;
  if (findings.length > 0) result.findings = findings;
  return {
    'assessment-results': {
      uuid: stableUuid(`${key}/document`),
      metadata: { title: `controlwatch assessment results ${doc.from} to ${doc.to}`, 'last-modified': last, version: key, 'oscal-version': OSCAL_VERSION },
      'import-ap': { href: 'urn:controlwatch:assessment-plan:continuous-control-testing' },
      results: [result],
    },
  };
}
