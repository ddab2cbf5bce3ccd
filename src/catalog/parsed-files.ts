import { readFileSync } from 'node:fs';
import { deepFreeze } from '../util/deep-freeze.js';

/**
 * A catalog file's parsed result (by path and displayed name), with the text it came from. A process that loads the
 * registry again (the daemon's server, a test, an auditor's session of commands in one process) reuses a file's
 * result while its text is unchanged; any edit is parsed again (the whole text is compared, not a timestamp). The
 * catalogs are ~100 KB of YAML checks and ~110 KB of JSON frameworks: parsing and validating them was most of what
 * opening a read command cost (issue 15).
 */
export class ParsedFiles<T> {
  private readonly files = new Map<string, { readonly text: string; readonly result: T }>();

  constructor(private readonly parse: (text: string, display: string) => T) {}

  get(path: string, display: string): T {
    const text = readFileSync(path, 'utf8');
    const key = `${path}\u0000${display}`;
    const known = this.files.get(key);
    if (known && known.text === text) return known.result;
    // Frozen: every later load shares these objects, so a caller that changed one would change them all.
    const result = deepFreeze(this.parse(text, display));
    this.files.set(key, { text, result });
    return result;
  }
}
