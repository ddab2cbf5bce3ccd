import type { Command } from 'commander';
import { formatOption, printJson } from '../formats.js';
import { resolveConfig, storePath, openStore } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { loadIntegrity } from '../../integrity/setup.js';
import { verifyIntegrity, type IntegrityReport } from '../../integrity/verify-integrity.js';
import { verifyPack, type PackReport } from '../../integrity/verify-pack.js';
import { runLines } from '../../integrity/render.js';
import { AttestationLedger } from '../../programme/attestation-ledger.js';
import { checkAttestations, type AttestationCheck } from '../../programme/check-attestations.js';

interface VerifyOptions extends GlobalOptions {
  format: 'table' | 'json';
  pack?: string;
  publicKey?: string[];
}

export function registerVerify(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('verify')
    .description('check blobs, seals, the chain, signatures, checkpoints and attestations; each run valid / INVALID / missing (exit 3 on any problem, 9 when no run is sealed yet)')
    .addOption(formatOption(['table', 'json']))
    .option('--pack <dir>', 'check an evidence pack alone (no database): manifest, seals, chain, signatures, checkpoint')
    .option('--public-key <file...>', 'trusted Ed25519 public key(s) (PEM), besides the configured ones')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<VerifyOptions>();
      if (opts.pack !== undefined) {
        // A pack is checked with the auditor's own key copy; the configuration is not needed (nor trusted).
        const keys = opts.publicKey ? loadIntegrity(undefined, process.cwd(), opts.publicKey).trustedKeys : null;
        const report = verifyPack(opts.pack, keys);
        if (opts.format === 'json') printJson({ pack: opts.pack, ...report });
        else process.stdout.write(packText(opts.pack, report));
        setExit(report.ok ? EXIT.ok : EXIT.integrity);
        return;
      }
      // Read-only: a config section naming an unset variable is left out (4ed9c8e), so verify runs
      // beside a config whose collection secrets are absent.
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const path = storePath(opts, resolved);
      const integrity = loadIntegrity(resolved.config.integrity, process.cwd(), opts.publicKey ?? [], { signingKeyOptional: true });
      if (integrity.warning) process.stderr.write(`warning: ${integrity.warning}\n`);
      const store = openStore(path, true);
      let report: IntegrityReport;
      let attestations: AttestationCheck;
      try {
        report = await verifyIntegrity(store, integrity.trustedKeys, integrity.anchors);
        // Attestation rows are not part of any run's rows: checked against the sealed runs that recorded them.
        const ledger = AttestationLedger.open(path, { readonly: true });
        try {
          attestations = checkAttestations(store, ledger);
        } finally {
          ledger.close();
        }
      } finally {
        store.close();
      }
      const ok = report.ok && attestations.problems.length === 0;
      // Nothing sealed is nothing verified: never "chain intact" over an empty chain.
      const nothingSealed = report.runsChecked === 0;
      if (opts.format === 'json') printJson({ database: path, ...report, ok, noSealedRun: nothingSealed, attestations });
      else process.stdout.write(storeText(path, report, attestations, nothingSealed));
      setExit(!ok ? EXIT.integrity : nothingSealed ? EXIT.noEvidence : EXIT.ok);
    });
}

function storeText(path: string, report: IntegrityReport, attestations: AttestationCheck, nothingSealed: boolean): string {
  const lines = [`evidence store ${path}`, `checked ${report.runsChecked} sealed runs and ${report.blobsChecked} blobs`];
  lines.push(...runLines(report.runs.filter((r) => r.verdict !== 'unsealed')));
  for (const u of report.unsealedRuns) lines.push(`run ${u.id} is ${u.status}: not evidence, outside the chain`);
  for (const t of report.tombstones) {
    lines.push(
      t.body
        ? `tombstone ${t.id}: prune at ${t.body.prunedAt} removed runs ${t.body.firstRunId}-${t.body.lastRunId} (${t.body.sealedRunsRemoved} sealed) started before ${t.body.before} and ${t.body.blobsRemoved} blobs; last pruned seal ${t.body.lastPrunedSeal ?? '(none)'}`
        : `tombstone ${t.id}: unreadable`,
    );
  }
  const s = report.signatures;
  lines.push(
    s.trustedKeys.length === 0
      ? `signatures: not checked (no public key configured); ${s.signedRuns} sealed runs carry one`
      : `signatures: ${s.signedRuns} sealed runs signed, ${s.unsignedRuns.length} unsigned; trusted keys ${s.trustedKeys.map((k) => k.slice(0, 16)).join(', ')}`,
  );
  const c = report.checkpoints;
  if (c.anchors.length === 0) lines.push('checkpoints: no anchor configured (a truncated tail or a rewritten database cannot be detected)');
  for (const a of c.anchors) lines.push(`checkpoints: ${a.label}: ${a.checkpoints} held${a.error ? ` (${a.error})` : ''}`);
  if (c.latest) lines.push(`checkpoint coverage: through run ${c.latest.headRunId} (${c.latest.runCount} sealed runs, ${c.latest.time})`);
  if (c.uncoveredRuns.length > 0) lines.push(`not yet covered by a checkpoint: runs ${c.uncoveredRuns.join(', ')}`);
  if (attestations.checked > 0 || attestations.problems.length > 0) {
    lines.push(`attestations: ${attestations.checked} checked against the runs that sealed them and their files' SHA-256${attestations.pending.length > 0 ? `; ${attestations.pending.length} not sealed yet (the next run seals them)` : ''}`);
  }
  if (report.ok && attestations.problems.length > 0) {
    lines.push('ATTESTATIONS DO NOT MATCH THE SEALED EVIDENCE:');
    for (const p of attestations.problems) lines.push(`  - ${p}`);
  } else if (report.ok && nothingSealed) {
    lines.push('no sealed run in the evidence store yet: nothing to verify (run `controlwatch run` first)');
  } else if (report.ok) {
    // Say only what was checked: no trusted key means no signature check, no anchor means no checkpoint check.
    const also = [s.trustedKeys.length > 0 ? 'its signature' : null, c.anchors.length > 0 ? 'the checkpoints' : null].filter((x) => x !== null);
    lines.push(`chain intact: every sealed run matches its seal${also.length ? `, ${also.join(' and ')}` : ''}, and links to the one before`);
  }
  else {
    lines.push(`TAMPERING OR CORRUPTION DETECTED: first bad run is ${report.firstBadRun?.id ?? '(none named)'}: ${report.firstBadRun?.reason ?? ''}`);
    for (const p of [...report.problems, ...attestations.problems]) lines.push(`  - ${p}`);
  }
  return lines.join('\n') + '\n';
}

function packText(dir: string, report: PackReport): string {
  const lines = [`evidence pack ${dir}`, `checked ${report.filesChecked} files against manifest.json`];
  if (report.keySource === 'pack') lines.push("public key: the pack's own copy (pass --public-key with one obtained separately to check who signed)");
  if (report.keySource === 'none') lines.push('public key: none (signatures not checked)');
  lines.push(...runLines(report.runs));
  if (report.checkpoint) lines.push(`checkpoint: chain head run ${report.checkpoint.headRunId}, ${report.checkpoint.runCount} sealed runs, ${report.checkpoint.time}`);
  if (report.ok) lines.push('pack intact');
  else {
    lines.push('TAMPERING OR CORRUPTION DETECTED:');
    for (const p of report.problems) lines.push(`  - ${p}`);
  }
  return lines.join('\n') + '\n';
}
