import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's `config/` directory (data: framework catalogs, check metadata).
 *
 * Found by walking up from this module rather than by a fixed relative path, because the same code runs
 * from source (src/catalog/, under tsx or vitest) and compiled (dist/src/catalog/), which sit at different
 * depths below the project root; `config/` ships beside `dist/` in the package.
 * The marker is `config/frameworks`, so an unrelated `config/` folder higher up is not mistaken for ours.
 */
export function findConfigDir(from: string | URL = import.meta.url): string {
  const start = from instanceof URL || from.startsWith('file:') ? fileURLToPath(from) : from;
  // Starting at `start` itself (not its parent) lets callers pass a directory; for a file it costs one miss.
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'config');
    if (existsSync(join(candidate, 'frameworks'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`controlwatch: no config/frameworks directory found at or above ${start}`);
    }
    dir = parent;
  }
}
