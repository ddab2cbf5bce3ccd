import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { canonicalJson, hashJson, sha256Hex } from '../util/canonical.js';
import { emptyCounts, type StatusCounts } from '../model/status.js';
import { checkResultsProof, resultsHashOf, type CollectionRow, type ResultSetRow, type RunRow, type StoredResult } from '../store/index.js';
import { sealMaterial, type CheckLine, type SealMaterial as StoreSealMaterial } from '../store/seal.js';
import { verifySignature, type TrustedKeys, loadPublicKey } from './keys.js';
import { openCheckpoint } from './checkpoint.js';

/** A pack's verdict, per run and per file, like `verify` gives for a store. */
export interface PackReport {
  ok: boolean;
  filesChecked: number;
  /** Where the public key came from: given by the auditor, or (weaker) the pack's own copy. */
  keySource: 'given' | 'pack' | 'none';
  runs: Array<{ id: number; verdict: 'valid' | 'INVALID'; reasons: string[] }>;
  checkpoint: { headRunId: number; runCount: number; time: string } | null;
  problems: string[];
}

interface ManifestEntry {
  path: string;
  sha256: string;
}

/** Files the manifest does not list because they are made from it or only describe it. */
const UNLISTED = new Set(['manifest.json', 'SHA256SUMS']);

/**
 * Checks an evidence pack alone: no database, only the pack and a public key. Every file against
 * manifest.json; every run's seal material against its seal; the chain links; every seal's
 * signature; the checkpoint's signature and that its head is in the chain; sampled results
 * (re-hashed, or checked through their chunk proof), scope, exceptions and observations against the
 * hashes the seal material covers; each run's restated rows against its seal material. A problem in
 * a file is blamed on the run the file belongs to.
 */
export function verifyPack(dir: string, givenKeys: TrustedKeys | null): PackReport {
  const problems: string[] = [];
  const runReasons = new Map<number, string[]>();
  const blame = (runId: number | null, reason: string) => {
    problems.push(runId === null ? reason : `run ${runId}: ${reason}`);
    if (runId !== null) runReasons.set(runId, [...(runReasons.get(runId) ?? []), reason]);
  };
  const read = (path: string): Buffer | null => {
    try {
      return readFileSync(join(dir, ...path.split('/')));
    } catch {
      return null;
    }
  };
  const readJson = <T>(path: string): T | null => {
    const bytes = read(path);
    try {
      return bytes ? (JSON.parse(bytes.toString('utf8')) as T) : null;
    } catch {
      return null;
    }
  };
  const itemRun = new Map<string, number | null>();
  const runOfFile = (path: string): number | null => {
    const m = /^(?:integrity\/runs|runs)\/(\d+)\//.exec(path);
    if (m) return Number(m[1]);
    const item = /^(items\/[^/]+)\//.exec(path)?.[1];
    if (!item) return null;
    if (!itemRun.has(item)) itemRun.set(item, readJson<{ runId?: number | null }>(`${item}/item.json`)?.runId ?? null);
    return itemRun.get(item)!;
  };

  // 1. Files against the manifest.
  const manifest = readJson<{ files?: ManifestEntry[] }>('manifest.json');
  const listed = manifest?.files ?? [];
  if (!manifest) problems.push('manifest.json is missing or not JSON');
  for (const f of listed) {
    const bytes = read(f.path);
    if (bytes === null) blame(runOfFile(f.path), `pack file ${f.path} is missing`);
    else if (sha256Hex(bytes) !== f.sha256) blame(runOfFile(f.path), `pack file ${f.path} does not match its SHA-256 in manifest.json (edited)`);
  }
  const listedPaths = new Set(listed.map((f) => f.path));
  for (const path of walk(dir)) {
    if (!listedPaths.has(path) && !UNLISTED.has(path)) blame(runOfFile(path), `pack file ${path} is not listed in manifest.json (added)`);
  }

  // 2. Keys: the auditor's own copy, else the pack's (which proves integrity, not origin).
  let keys = givenKeys;
  let keySource: PackReport['keySource'] = givenKeys && givenKeys.size > 0 ? 'given' : 'none';
  if (keySource === 'none') {
    const pem = read('integrity/public-key.pem');
    if (pem) {
      const k = loadPublicKey(pem);
      keys = new Map([[k.fingerprint, k.key]]);
      keySource = 'pack';
    }
  }

  // 3. Seal material, seals, chain links and signatures.
  const chain = readJson<Array<{ runId: number; seal: string; prevSeal: string | null }>>('integrity/chain.json') ?? [];
  if (chain.length === 0) problems.push('integrity/chain.json is missing or empty');
  const materials = new Map<number, SealMaterial>();
  chain.forEach((link, i) => {
    const dir_ = `integrity/runs/${link.runId}`;
    const materialBytes = read(`${dir_}/material.json`);
    const seal = read(`${dir_}/seal.txt`)?.toString('utf8');
    if (!materialBytes || seal === undefined) return blame(link.runId, 'seal material or seal.txt is missing');
    if (sha256Hex(materialBytes) !== seal) blame(link.runId, 'seal material does not hash to its seal (edited)');
    if (seal !== link.seal) blame(link.runId, 'seal.txt differs from the seal in chain.json');
    let material: SealMaterial;
    try {
      material = JSON.parse(materialBytes.toString('utf8')) as SealMaterial;
    } catch {
      return blame(link.runId, 'seal material is not JSON');
    }
    materials.set(link.runId, material);
    if (material.run?.id !== link.runId) blame(link.runId, 'seal material belongs to another run');
    if (i > 0 && material.prevSeal !== chain[i - 1]!.seal) blame(link.runId, `prevSeal does not match the seal of run ${chain[i - 1]!.runId} before it (chain broken)`);
    if (keys && keys.size > 0) {
      const sig = read(`${dir_}/seal.sig`);
      if (!sig) blame(link.runId, 'seal is not signed (seal.sig missing)');
      else if (![...keys.values()].some((k) => verifySignature(k, Buffer.from(seal, 'utf8'), sig))) blame(link.runId, 'seal.sig does not verify with the public key');
    }
  });

  // 4. The checkpoint: signed, and its head is a run of this chain with the same seal.
  let checkpoint: PackReport['checkpoint'] = null;
  const cpJson = read('integrity/checkpoint.json');
  if (cpJson && keys && keys.size > 0) {
    const opened = openCheckpoint({ name: 'integrity/checkpoint.json', json: cpJson, signature: read('integrity/checkpoint.sig') ?? Buffer.alloc(0) }, keys);
    if ('problem' in opened) problems.push(opened.problem);
    else {
      const b = opened.body;
      checkpoint = { headRunId: b.headRunId, runCount: b.runCount, time: b.time };
      const link = chain.find((l) => l.runId === b.headRunId);
      if (!link) problems.push(`checkpoint names run ${b.headRunId} as the chain head; it is not in the pack's chain`);
      else if (link.seal !== b.headSeal) blame(b.headRunId, 'seal differs from the one the checkpoint recorded');
    }
  }

  // 5. Sampled material against what the seals cover.
  for (const item of new Set([...listedPaths].map((p) => /^(items\/[^/]+)\//.exec(p)?.[1]).filter((x): x is string => !!x))) {
    const runId = runOfFile(`${item}/item.json`);
    if (runId === null) continue;
    const material = materials.get(runId);
    if (!material) {
      blame(runId, `${item} belongs to a run that is not in the pack's chain`);
      continue;
    }
    const checkFiles = [...listedPaths].filter((p) => p.startsWith(`runs/${runId}/result-sets/`)).map((p) => read(p));
    const sealedSets = sealedResultSets(material, checkFiles.filter((b): b is Buffer => b !== null));
    for (const problem of resultSetProblems(readJson<PackResultSet[]>(`${item}/results.json`) ?? [], sealedSets)) blame(runId, `${item}/results.json: ${problem}`);
    const scope = readJson<{ scopeHash?: string; scope?: unknown }>(`${item}/scope.json`);
    if (scope && (scope.scopeHash !== material.run?.scopeHash || hashJson(scope.scope) !== scope.scopeHash)) blame(runId, `${item}/scope.json does not match the scope the seal covers`);
    const exc = readJson<{ exceptionsHash?: string; exceptions?: unknown }>(`${item}/exceptions.json`);
    if (exc && (exc.exceptionsHash !== material.run?.exceptionsHash || hashJson(exc.exceptions) !== exc.exceptionsHash)) blame(runId, `${item}/exceptions.json does not match the exceptions the seal covers`);
    for (const path of [...listedPaths].filter((p) => p.startsWith(`${item}/observations/`))) {
      const o = readJson<{ observation?: unknown }>(path);
      const name = /([0-9a-f]{64})\.json$/.exec(path)?.[1];
      if (o && name && hashJson(o.observation) !== name) blame(runId, `${path}: observation does not hash to its name`);
    }
  }

  // 6. Each run's rows as the pack restates them (runs/<id>/run.json, and for seal version 2 each sampled check's
  // rows as the bytes its line hashes, runs/<id>/result-sets/) against the sealed material.
  for (const path of [...listedPaths].filter((p) => /^runs\/\d+\/result-sets\/[^/]+\.json$/.test(p))) {
    const runId = runOfFile(path)!;
    const lines = materials.get(runId)?.resultSetsByCheck;
    const bytes = read(path);
    if (!lines || !bytes) continue; // a run outside the chain is blamed above; an unreadable file by the manifest
    const line = lines.find((l) => l.resultSetsHash === sha256Hex(bytes));
    const rows = readJson<Array<{ checkId?: unknown }>>(path);
    if (!line || !Array.isArray(rows) || rows.some((r) => r?.checkId !== line.checkId)) blame(runId, `${path}: is not a check's result-set rows that the seal covers (edited)`);
  }
  for (const path of [...listedPaths].filter((p) => /^runs\/\d+\/run\.json$/.test(p))) {
    const runId = runOfFile(path)!;
    const material = materials.get(runId);
    const rows = readJson<PackRunRows>(path);
    if (!material || !rows) continue; // a run outside the chain is blamed above; an unreadable file by the manifest
    for (const problem of runRowProblems(rows, material, chain.find((l) => l.runId === runId)?.seal)) blame(runId, `${path}: ${problem}`);
  }

  const runs = chain.map((l) => {
    const reasons = runReasons.get(l.runId) ?? [];
    return { id: l.runId, verdict: reasons.length === 0 ? ('valid' as const) : ('INVALID' as const), reasons };
  });
  for (const [id, reasons] of runReasons) if (!chain.some((l) => l.runId === id)) runs.push({ id, verdict: 'INVALID', reasons });
  runs.sort((a, b) => a.id - b.id);
  return { ok: problems.length === 0, filesChecked: listed.length, keySource, runs, checkpoint, problems };
}

interface SealMaterial {
  run?: { id?: number; scopeHash?: string; exceptionsHash?: string } & Record<string, unknown>;
  collections?: unknown[];
  /** Seal version 1: every result-set row. */
  resultSets?: SealedResultSet[];
  /** Seal version 2: a line per check, whose resultSetsHash covers the check's rows (store/seal.ts). */
  resultSetsByCheck?: CheckLine[];
  prevSeal?: string | null;
}

type SealedResultSet = { checkId: string; scope: string; counts: StatusCounts; resultsHash: string };

/**
 * The result-set rows a run's seal covers, as far as the pack can show them: version 1 lists them all in its
 * material; version 2 lists a line per check whose resultSetsHash is the SHA-256 of the check's rows as canonical
 * JSON, which the pack carries as runs/<id>/result-sets/<check>.json: a file's rows count when its bytes hash to
 * a line of the material (`sha256sum` alone shows it; integrity/README.txt).
 */
function sealedResultSets(material: SealMaterial, checkFiles: readonly Buffer[]): SealedResultSet[] {
  if (!material.resultSetsByCheck) return material.resultSets ?? [];
  const lines = new Set(material.resultSetsByCheck.map((l) => l.resultSetsHash));
  const out: SealedResultSet[] = [];
  for (const bytes of checkFiles) {
    if (!lines.has(sha256Hex(bytes))) continue;
    try {
      out.push(...(JSON.parse(bytes.toString('utf8')) as SealedResultSet[]));
    } catch {
      // Bytes that hash to a sealed line are the canonical JSON the seal was computed over: this cannot fail.
    }
  }
  return out;
}

/** A result set as an item's results.json carries it: whole, or some resources with the proof of their chunks. */
interface PackResultSet {
  checkId?: string;
  scope?: string;
  counts?: StatusCounts;
  resultsHash?: string;
  results?: StoredResult[];
  proof?: unknown[];
}

/**
 * A pack's result sets against the seal: each must be one the seal covers (check, scope, counts, hash),
 * and its results must BE that set — re-hashed with the store's own code when the pack carries the whole
 * set (and re-counted), or checked through the chunk proof when it carries only some resources. So an
 * edited result is caught even when manifest.json and SHA256SUMS were regenerated to match the edit.
 */
function resultSetProblems(sets: readonly PackResultSet[], sealedSets: readonly SealedResultSet[]): string[] {
  const problems: string[] = [];
  for (const set of sets) {
    const name = `result set ${set.checkId} / ${set.scope}`;
    const sealed = sealedSets.find((r) => r.checkId === set.checkId && r.scope === set.scope);
    if (!sealed) {
      problems.push(`${name} is not one the seal covers`);
      continue;
    }
    if (set.resultsHash !== sealed.resultsHash || !isDeepStrictEqual(set.counts, sealed.counts)) problems.push(`${name}: its hash or counts differ from the sealed ones`);
    const results = Array.isArray(set.results) ? set.results : [];
    if (set.proof !== undefined) {
      const problem = Array.isArray(set.proof) ? checkResultsProof(sealed.resultsHash, results, set.proof) : 'its proof is not a list';
      if (problem) problems.push(`${name}: ${problem} (edited)`);
      continue;
    }
    let hash: string | null;
    try {
      hash = resultsHashOf(results);
    } catch {
      hash = null; // not canonical JSON: cannot be the sealed list
    }
    if (hash !== sealed.resultsHash) problems.push(`${name}: its results do not hash to the sealed results hash ${sealed.resultsHash} (edited)`);
    else {
      const counted = emptyCounts();
      for (const r of results) counted[r.status] += 1;
      if (!isDeepStrictEqual(counted, sealed.counts)) problems.push(`${name}: its results do not add up to the sealed counts`);
    }
  }
  return problems;
}

/** runs/<id>/run.json: the run row, every collection row and the sampled checks' result-set rows, as the pack restates them. */
interface PackRunRows {
  run?: RunRow;
  collections?: CollectionRow[];
  resultSets?: ResultSetRow[];
}

/** The restated rows must be the sealed ones: the same projection the seal is computed over (store/seal.ts). */
function runRowProblems(rows: PackRunRows, material: SealMaterial, seal: string | undefined): string[] {
  if (!rows.run || !Array.isArray(rows.collections) || !Array.isArray(rows.resultSets)) return ['is not a run with its collection and result-set rows'];
  let restated: StoreSealMaterial;
  try {
    restated = sealMaterial(rows.run, rows.collections, rows.resultSets, material.prevSeal ?? null);
  } catch {
    return ['its rows cannot be read'];
  }
  const problems: string[] = [];
  if (rows.run.seal !== seal) problems.push('its seal differs from the chain');
  if (!isDeepStrictEqual(restated.run, material.run)) problems.push('its run row differs from the sealed header');
  if (!isDeepStrictEqual(restated.collections, material.collections)) problems.push('its collection rows differ from the sealed ones');
  // Version 1 seals every row; version 2 a line per check, which the restated rows of each check must give exactly.
  const [sealed, given] =
    'resultSetsByCheck' in restated ? [material.resultSetsByCheck ?? [], restated.resultSetsByCheck] : [material.resultSets ?? [], restated.resultSets];
  const sealedRows = new Set(sealed.map((r) => canonicalJson(r)));
  if (given.some((r) => !sealedRows.has(canonicalJson(r)))) problems.push('a result-set row differs from the sealed ones');
  return problems;
}

function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) visit(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  };
  visit(root);
  return out.sort();
}
