import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { loadRegistry } from '../../src/registry/index.js';
import { checksMarkdown, controlsMarkdown } from '../../src/programme/docs.js';
import { findConfigDir } from '../../src/catalog/config-dir.js';

/** docs/checks.md and docs/controls.md are generated from the registry; stale copies fail here (`npm run docs` regenerates them). */
describe('generated documentation', () => {
  const registry = loadRegistry(parseConfig('version: 1\n', '(defaults)'));
  const docs = join(findConfigDir(), '..', 'docs');

  it('docs/checks.md lists every check with its metadata and is up to date', () => {
    const text = readFileSync(join(docs, 'checks.md'), 'utf8');
    expect(text).toBe(checksMarkdown(registry));
    for (const c of registry.checks) expect(text).toContain(`## ${c.definition.id}\n`);
  });

  it('docs/controls.md lists every control of every framework and is up to date', () => {
    const text = readFileSync(join(docs, 'controls.md'), 'utf8');
    expect(text).toBe(controlsMarkdown(registry));
    for (const fw of registry.frameworks.values()) expect(text).toContain(`## ${fw.id} — `);
  });
});
