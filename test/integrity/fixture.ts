import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { checkRowFiles } from '../../src/export/pack.js';
import { EvidenceStore } from '../../src/store/index.js';
import type { IntegrityConfig } from '../../src/config/integrity-schema.js';
import { generateKeyFiles } from '../../src/integrity/keys.js';
import { attachIntegrity, loadIntegrity, type Integrity } from '../../src/integrity/setup.js';
import { verifyIntegrity } from '../../src/integrity/verify-integrity.js';
import { integrityMaterial } from '../../src/integrity/pack-material.js';
import { sha256Hex } from '../../src/util/canonical.js';
import { USERS, sealedRun, tempDb, user } from '../store/fixtures.js';

/**
 * A store of five signed runs (bob gains MFA on day 3), each followed by a checkpoint in a
 * directory anchor, exactly as the pipeline makes them (attachIntegrity around each run).
 */
export async function signedStore(anchors?: (dir: string) => IntegrityConfig['checkpoints']) {
  const { path, dir, cleanup } = tempDb();
  const keys = generateKeyFiles(join(dir, 'keys'));
  const anchorDir = join(dir, 'anchor');
  const checkpoints = anchors ? anchors(dir) : [{ type: 'directory' as const, path: anchorDir }];
  const config: IntegrityConfig = { signingKey: keys.privateKeyPath, publicKeys: [], checkpoints };
  const integrity = loadIntegrity(config);
  const log = pino({ level: 'silent' });
  const seals: string[] = [];
  for (let day = 1; day <= 5; day += 1) {
    const store = EvidenceStore.open(path);
    const sealing = attachIntegrity(store, integrity, log, () => new Date(`2025-03-0${day}T07:00:00.000Z`));
    seals.push(sealedRun(store, day, day >= 3 ? [USERS[0]!, user('bob', true), USERS[2]!] : USERS).seal);
    await sealing.afterRun();
    store.close();
  }
  return { path, dir, cleanup, keys, anchorDir, integrity, seals };
}

/** Tampers through a plain SQLite connection, as someone holding the file would. */
export function tamper(path: string, ...statements: Array<[string, ...unknown[]]>): void {
  const raw = new Database(path);
  raw.pragma('foreign_keys = OFF');
  for (const [sql, ...params] of statements) raw.prepare(sql).run(...params);
  raw.close();
}

export async function verifyWith(path: string, integrity: Integrity) {
  const store = EvidenceStore.open(path, { readonly: true });
  try {
    return await verifyIntegrity(store, integrity.trustedKeys, integrity.anchors);
  } finally {
    store.close();
  }
}

/**
 * A minimal pack of the layout the pack writer uses (manifest.json + SHA256SUMS over every file,
 * integrity/ from integrityMaterial), for tests that must not depend on sampling.
 */
export async function writeMinimalPack(path: string, integrity: Integrity, runIds: number[], out: string): Promise<void> {
  const store = EvidenceStore.open(path, { readonly: true });
  const checkpoints = (await Promise.all(integrity.anchors.map((a) => a.list()))).flat();
  const files = integrityMaterial(store, runIds, { publicKeys: [integrity.signer!.publicKey], checkpoints });
  // Each sampled run's checks' rows, as a pack carries them for seal version 2 (README step 5).
  for (const id of runIds) files.push(...checkRowFiles(id, store.resultSets(id)));
  store.close();
  const listed = files.map((f) => ({ path: f.path, sha256: sha256Hex(f.bytes), bytes: f.bytes.length }));
  files.push({ path: 'manifest.json', bytes: Buffer.from(JSON.stringify({ format: 'controlwatch-evidence-pack/1', algorithm: 'sha256', files: listed }, null, 2)) });
  files.push({ path: 'SHA256SUMS', bytes: Buffer.from(listed.map((f) => `${f.sha256}  ${f.path}\n`).join('')) });
  for (const f of files) {
    const target = join(out, ...f.path.split('/'));
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, f.bytes);
  }
  chmodSync(out, 0o755);
}
