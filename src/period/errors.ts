/** Asked for evidence that is not there: no such run, a run that is not sealed, or no sealed run yet. */
export class NoEvidenceError extends Error {
  override readonly name = 'NoEvidenceError';
}

// Defined in the store, which also refuses a tampered version-2 run's result sets when they are read (evidence-store.ts).
export { TamperedRunError } from '../store/tampered-run-error.js';
