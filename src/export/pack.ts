import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sealedCheckRows, type EvidenceReader } from '../period/index.js';
import { sha256Hex } from '../util/canonical.js';
import type { Sample } from '../sample/sample.js';
import { BASE_CSS, esc } from './html.js';

/** A file of a pack, path relative to the pack root with '/' separators. */
export interface PackFile {
  readonly path: string;
  readonly bytes: Buffer;
}

/** Signatures, public key, checkpoints and seal material from the sampled runs to the head (src/integrity). */
export type IntegrityFiles = (runIds: readonly number[]) => readonly PackFile[];

export const PACK_FORMAT = 'controlwatch-evidence-pack/1';

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
const safe = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * The files of an evidence pack for a sample, in memory and deterministic: the same sample over the
 * same store gives the same bytes (no generation time, no random names, stable order everywhere).
 *
 *   sample.json                          the draw: seed, algorithm, population size, items
 *   items/NNN-<id>/item.json             the item, its day, run, verdict and gap reason
 *   items/NNN-<id>/results.json          results of the control's checks that day (one resource for a change, with the
 *                                        chunks from the set's root to it as `proof`): verify --pack re-hashes them
 *   items/NNN-<id>/observations/<h>.json raw observation blobs behind them (h = SHA-256 of their canonical JSON)
 *   items/NNN-<id>/scope.json            the scope the run stored (what was in scope that day)
 *   items/NNN-<id>/exceptions.json       the exceptions the run stored (in force that day)
 *   items/NNN-<id>/attestation.json      for a manual control: the attestation in force (record, attached files' SHA-256)
 *   runs/<id>/run.json                   the run row with its seal and previous seal, its collection and result-set rows
 *   runs/<id>/result-sets/<check>.json   (seal version 2) a sampled check's result-set rows as the bytes its seal material's hash covers
 *   integrity/…                          from src/integrity: seal material per run to the head, chain, signatures, checkpoints
 *   manifest.json, SHA256SUMS            every other file (index.html included) with its SHA-256 (SHA256SUMS is `sha256sum -c` input)
 *   index.html                           what the pack holds and how to check it without controlwatch
 */
/**
 * Seal version 2 covers a check's result-set rows through the SHA-256 of their canonical JSON, listed in the run's
 * seal material: runs/<id>/result-sets/<check>.json are exactly those bytes, one file per check of `rows`, so
 * `sha256sum` checks them (integrity/README.txt, step 5) and `verify --pack` takes the sealed rows from them.
 */
export function checkRowFiles(runId: number, rows: Parameters<typeof sealedCheckRows>[0]): PackFile[] {
  return sealedCheckRows(rows).map(({ checkId, text }) => ({ path: `runs/${runId}/result-sets/${safe(checkId)}.json`, bytes: Buffer.from(text, 'utf8') }));
}

export function packFiles(evidence: EvidenceReader, sample: Sample, integrity: IntegrityFiles): PackFile[] {
  const files: PackFile[] = [{ path: 'sample.json', bytes: json(sample) }];
  const runIds = new Set<number>();
  sample.items.forEach((item, i) => {
    const dir = `items/${String(i + 1).padStart(3, '0')}-${safe(item.id)}`;
    files.push({ path: `${dir}/item.json`, bytes: json(item) });
    if (item.runId === null) return; // a gap day: the item says why there is no evidence
    runIds.add(item.runId);
    const material = evidence.runMaterial(item.runId, sample.checks, item.resourceId === null ? undefined : new Set([item.resourceId]));
    // A whole result set is re-hashed by `verify --pack`; a change item's single resource comes with the proof of its chunk.
    files.push({ path: `${dir}/results.json`, bytes: json(material.resultSets.map((s) => ({ checkId: s.row.checkId, scope: s.row.scope, counts: s.row.counts, resultsHash: s.row.resultsHash, results: s.results, ...(s.proof ? { proof: s.proof } : {}) }))) });
    for (const o of material.observations) {
      files.push({ path: `${dir}/observations/${o.hash}.json`, bytes: json({ collector: o.collector, scope: o.scope, resourceId: o.resourceId, hash: o.hash, observation: o.blob }) });
    }
    files.push({ path: `${dir}/scope.json`, bytes: json({ scopeHash: material.run.scopeHash, scope: material.scope }) });
    files.push({ path: `${dir}/exceptions.json`, bytes: json({ exceptionsHash: material.run.exceptionsHash, exceptions: material.exceptions }) });
    // A manual control's day: the attestation in force, as sealed (its record hash is listed in scope.json's programme).
    if (item.attestationRecord) files.push({ path: `${dir}/attestation.json`, bytes: json(item.attestationRecord) });
  });
  for (const id of [...runIds].sort((a, b) => a - b)) {
    const m = evidence.runMaterial(id, []);
    const rows = evidence.runMaterial(id, sample.checks).resultSets.map((s) => s.row);
    files.push({ path: `runs/${id}/run.json`, bytes: json({ run: m.run, collections: m.collections, resultSets: rows }) });
    if (m.run.sealVersion === 2) files.push(...checkRowFiles(id, rows));
  }
  const ids = [...runIds].sort((a, b) => a - b);
  const extra = integrity(ids);
  if (extra.length > 0) files.push(...extra);
  else if (ids.length > 0) files.push({ path: 'integrity/chain.json', bytes: json(evidence.chainToHead(ids[0]!)) });
  // index.html tells the auditor how to check the pack, so it is itself listed and checked: an edited
  // instruction page is detected like any other edited file. Only the two lists themselves stay unlisted.
  files.push({ path: 'index.html', bytes: Buffer.from(indexHtml(sample, files.length + 1, ids), 'utf8') });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const listed = files.map((f) => ({ path: f.path, sha256: sha256Hex(f.bytes), bytes: f.bytes.length }));
  files.push({ path: 'manifest.json', bytes: json({ format: PACK_FORMAT, algorithm: 'sha256', files: listed }) });
  files.push({ path: 'SHA256SUMS', bytes: Buffer.from(listed.map((f) => `${f.sha256}  ${f.path}\n`).join(''), 'utf8') });
  return files;
}

/** Writes a pack into `dir`, which must not exist or be empty (a pack is never merged into another). */
export function writePack(dir: string, files: readonly PackFile[]): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty; write the pack to a new directory`);
  for (const f of files) {
    const target = join(dir, ...f.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.bytes);
  }
}

function indexHtml(sample: Sample, fileCount: number, runIds: readonly number[]): string {
  const rows = sample.items
    .map((it, i) => {
      const dir = `items/${String(i + 1).padStart(3, '0')}-${safe(it.id)}`;
      return `<tr><td>${i + 1}</td><td><code>${esc(it.id)}</code></td><td>${esc(it.day)}</td><td>${it.runId ?? '—'}</td><td class="s-${esc(it.status)}">${esc(it.status === 'no_evidence' ? 'no evidence' : it.status)}</td><td>${esc(it.gap ? `${it.gap.reason}: ${it.gap.detail}` : '')}</td><td><a href="${esc(dir)}/item.json">${esc(dir)}/</a></td><td><code>${esc(it.rank.slice(0, 16))}…</code></td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evidence pack — ${esc(sample.framework)} ${esc(sample.controlId)} ${esc(sample.from)} to ${esc(sample.to)}</title>
<style>${BASE_CSS}</style></head><body>
<h1>Evidence pack: ${esc(sample.framework)} ${esc(sample.controlId)}</h1>
<p>Period ${esc(sample.from)} to ${esc(sample.to)} (audit days in ${esc(sample.timezone)}). Checks: ${sample.checks.map((c) => `<code>${esc(c)}</code>`).join(', ')}.</p>
<h2>The sample</h2>
<table><tr><th>frequency</th><td>${esc(sample.frequency)}</td></tr><tr><th>population size</th><td>${sample.populationSize} (of which ${sample.populationGaps} without evidence, kept in the population)</td></tr>
<tr><th>sample size</th><td>${sample.size}</td></tr><tr><th>seed</th><td><code>${esc(sample.seed)}</code></td></tr><tr><th>algorithm</th><td>${esc(sample.algorithm)}</td></tr></table>
<p>To re-derive the draw by hand: for every population item id, compute <code>printf '%s' "ID" | openssl dgst -sha256 -hmac "${esc(sample.seed)}"</code>; sort the hex digests ascending; the first ${sample.size} are the sample. Each item's rank is in <code>sample.json</code>.</p>
<table><tr><th>#</th><th>item</th><th>day</th><th>run</th><th>verdict</th><th>gap</th><th>files</th><th>rank</th></tr>
${rows}
</table>
<h2>What each item holds</h2>
<p><code>item.json</code> (the item and its verdict), <code>results.json</code> (the stored results of the control's checks, with the result-set hashes the seal covers), <code>observations/</code> (the raw observations the results were computed from; each file name is the SHA-256 of the observation's canonical JSON, RFC 8785), <code>scope.json</code> and <code>exceptions.json</code> (what the run stored as in scope and as accepted that day). <code>runs/&lt;id&gt;/run.json</code> holds each run's row with its seal (and, for runs sealed with seal version 2, <code>runs/&lt;id&gt;/result-sets/</code> the sampled checks' result-set rows as the exact bytes whose SHA-256 the seal material lists per check); <code>integrity/</code> holds the seal material of every run from the first sampled run (${runIds[0] ?? '—'}) to the head of the chain.</p>
<h2>How to check this pack without controlwatch</h2>
<ol>
<li>File integrity: <code>sha256sum -c SHA256SUMS</code> (the same ${fileCount} files and digests are listed in <code>manifest.json</code>).</li>
<li>Seals: for each run, <code>sha256sum integrity/runs/ID/material.json</code> equals the seal in <code>integrity/runs/ID/seal.txt</code> and in <code>runs/ID/run.json</code>.</li>
<li>The chain rule: each run's seal material names, as <code>prevSeal</code>, the seal of the sealed run before it, so the runs from the sampled ones to the head form one unbroken chain; a changed, removed or inserted run breaks it. When the pack carries signatures and a public key, <code>openssl pkeyutl -verify -pubin -inkey integrity/public-key.pem -rawin -in integrity/runs/ID/seal.txt -sigfile integrity/runs/ID/seal.sig</code> checks each seal.</li>
<li>Results to observations: an observation file's name is the SHA-256 of its canonical JSON, and the result-set hashes in <code>results.json</code> are those in the seal material; <code>controlwatch verify --pack</code> also recomputes each hash from the results themselves (and a change item's from the chunks in its <code>proof</code>), so an edited result is caught even behind a regenerated manifest.</li>
</ol>
</body></html>
`;
}
