import { renameSync, writeFileSync } from 'node:fs';

/**
 * A test hook inside the seal transaction, honoured only when CONTROLWATCH_TEST_PAUSE_IN_SEAL is set (to a
 * file path): after the run's rows and its seal are written and before COMMIT, the writer records the run id
 * in that file and blocks. The crash-loop soak (test/soak/crash-loop.test.ts) then SIGKILLs the process, so at
 * least one kill lands inside the seal transaction for certain — random kill moments hit that window (a few
 * milliseconds of a run) too rarely to rely on. Unset in every deployment: the function returns at once.
 * It blocks synchronously (Atomics.wait) because better-sqlite3 transactions are synchronous: yielding to the
 * event loop is not possible inside one.
 */
export function pauseInSealForTests(runId: number): void {
  const marker = process.env['CONTROLWATCH_TEST_PAUSE_IN_SEAL'];
  if (marker === undefined || marker === '') return;
  // Written beside it and renamed into place: the test polls for the marker and reads it as soon as it exists, and
  // writeFileSync creates the file before it writes the id (a CI run read it empty, as run 0).
  writeFileSync(`${marker}.writing`, String(runId));
  renameSync(`${marker}.writing`, marker);
  // At most a minute: a test that never kills still ends (the run then seals normally).
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
}
