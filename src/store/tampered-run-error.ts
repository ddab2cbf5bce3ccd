/**
 * A sealed run read as evidence no longer matches its seal (edited or deleted rows, a broken chain link):
 * refused by name, never shown as if it were evidence. The CLI exits 3 (integrity), as `verify` does.
 */
export class TamperedRunError extends Error {
  override readonly name = 'TamperedRunError';
  constructor(readonly problems: readonly string[]) {
    super(`${problems.join('; ')}. This evidence cannot be trusted: run \`controlwatch verify\` for the full picture, and restore the store from a verified copy`);
  }
}
