import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/registry/index.js';
import { PROJECT_ROOT } from '../../src/util/project-root.js';
import { buildProgram } from '../../src/cli/program.js';

/** The README is the operator's contract: it must name every check and every command that exists. */
describe('README', () => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

  it('lists every check', () => {
    expect(CHECKS.map((c) => c.id).filter((id) => !readme.includes(`\`${id}\``))).toEqual([]);
  });

  it('documents every CLI command', () => {
    const commands = buildProgram(() => {}).commands.map((c) => c.name());
    expect(commands.length).toBeGreaterThanOrEqual(7);
    expect(commands.filter((name) => !readme.includes(`controlwatch ${name}`))).toEqual([]);
  });
});
