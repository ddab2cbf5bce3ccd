import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles, stripComments } from './import-graph.js';

/**
 * config/reference/ is where the check mappings came from (a copy of ../shared/catalog with its provenance).
 * Tests compare the shipped mappings with it; nothing reads it at run time, so it ships in neither the image
 * nor the npm package. If code starts reading it, this fails first: then ship it again, on purpose.
 */
const NAMES_REFERENCE = [/config\/reference/, /['"`]reference['"`]/, /checks-candidates/];

function readsReference(file: string, source: string): string[] {
  const code = stripComments(source);
  return NAMES_REFERENCE.filter((re) => re.test(code)).map((re) => `${file} names ${re.source}`);
}

describe('config/reference is test-only data', () => {
  const production = [...sourceFiles('src'), ...sourceFiles('collectors'), ...sourceFiles('checks')];

  it('nothing under src/, collectors/ or checks/ reads it', () => {
    expect(production.length).toBeGreaterThan(50);
    expect(production.flatMap((f) => readsReference(f, readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('the rule catches a reader', () => {
    expect(readsReference('src/x.ts', "readFileSync(configPath('reference', 'checks-candidates.json'))")).toHaveLength(2);
    expect(readsReference('src/x.ts', "const dir = join(root, 'config/reference');")).toHaveLength(1);
    expect(readsReference('src/x.ts', '// mappings came from config/reference/checks-candidates.json')).toEqual([]);
  });

  it('the image and the npm package leave it out', () => {
    const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(dockerignore).toContain('config/reference');
    // The runtime stage copies config/ from the build context, where .dockerignore has removed it.
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^COPY config \.\/config$/m);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toEqual(expect.arrayContaining(['config', '!config/reference']));
  });
});
