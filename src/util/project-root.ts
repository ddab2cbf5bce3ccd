import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root (where package.json and config/ live). Code runs both from source
 * (src/…, under tsx/vitest) and compiled (dist/src/…), at different depths, so walk up instead of
 * hard-coding `../..`.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'controlwatch') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('controlwatch package root not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot();

export const AGENT_VERSION: string = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Absolute path of a file under the shipped config/ directory. */
export function configPath(...parts: string[]): string {
  return join(PROJECT_ROOT, 'config', ...parts);
}
