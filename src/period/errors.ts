/** Asked for evidence that is not there: no such run, a run that is not sealed, or no sealed run yet. */
export class NoEvidenceError extends Error {
  override readonly name = 'NoEvidenceError';
}
