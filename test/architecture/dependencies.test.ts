import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, packageOf, ROOT, runtimeImportsOf, sourceFiles } from './import-graph.js';

/**
 * Production dependencies are exactly what shipped code loads. The image and `npm install --omit=dev`
 * carry `dependencies` only, so a package shipped code loads must be listed there (not merely present
 * because another package pulls it in), and a package listed there that nothing loads is weight and
 * attack surface in every deployment. Tests may import anything.
 *
 * Shipped: src/ (src/demo included: `controlwatch demo` is a product command), collectors/, checks/, bin/.
 * Type-only imports (`import type`) are erased by the compiler, so their packages are devDependencies.
 */
interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const dependencies = Object.keys(pkg.dependencies);
const devDependencies = Object.keys(pkg.devDependencies);

const shippedFiles = [
  ...sourceFiles('src'),
  ...sourceFiles('collectors'),
  ...sourceFiles('checks'),
  ...readdirSync(join(ROOT, 'bin')).filter((f) => f.endsWith('.js')).map((f) => `bin/${f}`),
];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Package → the shipped files that import it, for run-time or for type-only imports. */
function packageUse(files: readonly string[], imports: (source: string) => string[]): Map<string, string[]> {
  const use = new Map<string, string[]>();
  for (const file of files) {
    for (const name of new Set(imports(read(file)).map(packageOf))) {
      if (name !== null) use.set(name, [...(use.get(name) ?? []), file]);
    }
  }
  return use;
}

/** The rule over a set of files, as messages (empty when it holds), so its tests can feed it a violation. */
function dependencyProblems(runtime: ReadonlyMap<string, readonly string[]>, deps: readonly string[], devDeps: readonly string[]): string[] {
  const problems: string[] = [];
  for (const dep of deps) if (!runtime.has(dep)) problems.push(`${dep} is a dependency, but no shipped file loads it (move it to devDependencies, or drop it)`);
  for (const [name, files] of runtime) {
    if (devDeps.includes(name)) problems.push(`${files.join(', ')} load(s) ${name}, a devDependency: production installs will not have it`);
    else if (!deps.includes(name)) problems.push(`${files.join(', ')} load(s) ${name}, which package.json does not list in dependencies`);
  }
  return problems.sort();
}

describe('production dependencies', () => {
  const runtime = packageUse(shippedFiles, runtimeImportsOf);

  it('scans the shipped files', () => {
    expect(shippedFiles).toContain('bin/controlwatch.js');
    expect(shippedFiles.filter((f) => f.startsWith('src/demo/')).length).toBeGreaterThan(5);
    expect(runtime.size).toBeGreaterThan(10);
  });

  it('every dependency is loaded by shipped code; shipped code loads only dependencies', () => {
    expect(dependencyProblems(runtime, dependencies, devDependencies)).toEqual([]);
  });

  it('a type-only package shipped code names is declared (as a devDependency: it is erased at build time)', () => {
    const typeOnly = [...packageUse(shippedFiles, importsOf).keys()].filter((name) => !runtime.has(name));
    expect(typeOnly.filter((name) => !devDependencies.includes(name) && !name.startsWith('@types/'))).toEqual([]);
  });

  it('the rule catches each kind of violation (so a green run means something)', () => {
    const use = packageUse([], importsOf);
    use.set('zod', ['src/config/schema.ts']);
    use.set('vitest', ['src/x.ts']);
    use.set('left-pad', ['collectors/y.ts']);
    expect(dependencyProblems(use, ['zod', 'unused-lib'], ['vitest'])).toEqual([
      'collectors/y.ts load(s) left-pad, which package.json does not list in dependencies',
      'src/x.ts load(s) vitest, a devDependency: production installs will not have it',
      'unused-lib is a dependency, but no shipped file loads it (move it to devDependencies, or drop it)',
    ]);
  });

  it('type-only imports are told apart from run-time ones', () => {
    const source = [
      "import type { Octokit } from '@octokit/core';",
      "export type { Identity } from '@smithy/types';",
      "import { type Logger, pino } from 'pino';",
      "import { isThrottlingError } from '@smithy/core/retry';",
      "const { XMLBuilder } = await import('fast-xml-parser');",
      "import { readFileSync } from 'node:fs';",
      "import { x } from './local.js';",
    ].join('\n');
    expect(runtimeImportsOf(source).map(packageOf).filter(Boolean)).toEqual(['pino', '@smithy/core', 'fast-xml-parser']);
    expect(importsOf(source).map(packageOf).filter(Boolean).sort()).toEqual(['@octokit/core', '@smithy/core', '@smithy/types', 'fast-xml-parser', 'pino']);
  });
});
