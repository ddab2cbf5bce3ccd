import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/util/project-root.js';
import { cli } from '../cli/in-process.js';

/**
 * The README's minimum Node is real: no installed package declares an `engines.node` range that
 * excludes it (npm ci would print EBADENGINE for each), and the project's own `engines` says the same
 * minimum. Two transitive majors that need Node 22 are pinned back by `overrides` (package.json).
 */
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { description: string; engines: { node: string } };
const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };

describe('Node versions', () => {
  const minimum = semver.minVersion(pkg.engines.node)!.version;

  it('every locked package accepts the minimum Node in engines (no EBADENGINE on npm ci)', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, info]) => {
        const range = !Array.isArray(info.engines) ? info.engines?.node : undefined;
        return range !== undefined && !semver.satisfies(minimum, range) ? [`${path}@${info.version} needs node ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });

  it('the README states the same minimum as engines', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${semver.major(minimum)}.${semver.minor(minimum)} or later`);
  });
});

describe('PCI DSS is named where the project describes itself', () => {
  it('in package.json and in --help', async () => {
    expect(pkg.description).toContain('PCI DSS 4.0');
    const help = await cli(['--help']);
    expect(help.stdout).toContain('PCI DSS 4.0');
  });
});
