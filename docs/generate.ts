/**
 * `npm run docs`: regenerates docs/checks.md and docs/controls.md from the registry (config/checks,
 * config/frameworks and the registered check code). test/programme/docs.test.ts fails when they are stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/config/load.js';
import { loadRegistry } from '../src/registry/index.js';
import { checksMarkdown, controlsMarkdown } from '../src/programme/docs.js';

const here = dirname(fileURLToPath(import.meta.url));
const registry = loadRegistry(parseConfig('version: 1\n', '(defaults)'));
writeFileSync(join(here, 'checks.md'), checksMarkdown(registry));
writeFileSync(join(here, 'controls.md'), controlsMarkdown(registry));
process.stdout.write('wrote docs/checks.md and docs/controls.md\n');
