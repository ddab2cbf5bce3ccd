import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/registry/index.js';
import { PROJECT_ROOT } from '../../src/util/project-root.js';
import { buildProgram } from '../../src/cli/program.js';
import { parseDocument } from 'yaml';
import { parseConfig } from '../../src/config/load.js';

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

  it('every YAML example parses, and a complete one validates as a configuration', () => {
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) expect(parseDocument(block).errors.map((e) => e.message)).toEqual([]);
    const env = new Proxy({}, { get: () => 'example-value-123' }) as NodeJS.ProcessEnv;
    for (const block of blocks.filter((b) => b.startsWith('version: 1'))) expect(() => parseConfig(block, 'README', env)).not.toThrow();
    // The fragments are sections of one file: together with a version they validate too.
    const aws = blocks.find((b) => b.startsWith('aws:') && b.includes('organizations:'))!;
    const github = blocks.find((b) => b.startsWith('github:'))!;
    expect(() => parseConfig(`version: 1\n${aws}\n${github}`, 'README fragments', env)).not.toThrow();
  });
});
