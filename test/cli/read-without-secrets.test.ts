import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG } from '../../src/demo/environment.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { cli } from './in-process.js';
import { twoRunStore } from '../report/report-fixture.js';

/** Every variable the demo configuration references: its endpoints, access keys, GitHub token and its exception's dates. */
const UNSET: Record<string, undefined> = Object.fromEntries(
  ['IAM', 'STS', 'S3', 'S3CONTROL', 'CONFIG', 'CLOUDTRAIL', 'ACCESSANALYZER'].map((s) => [`CONTROLWATCH_DEMO_${s}_ENDPOINT`, undefined]).concat(
    [
      'CONTROLWATCH_DEMO_111111111111_ACCESS_KEY_ID',
      'CONTROLWATCH_DEMO_111111111111_SECRET_ACCESS_KEY',
      'CONTROLWATCH_DEMO_222222222222_ACCESS_KEY_ID',
      'CONTROLWATCH_DEMO_222222222222_SECRET_ACCESS_KEY',
      'CONTROLWATCH_DEMO_GITHUB_URL',
      'CONTROLWATCH_DEMO_GITHUB_TOKEN',
      'CONTROLWATCH_DEMO_EXCEPTION_APPROVED',
      'CONTROLWATCH_DEMO_EXCEPTION_EXPIRES',
    ].map((v) => [v, undefined]),
  ),
);

/**
 * Read commands read what each run stored, never today's credentials: they work with --db beside a
 * configuration whose ${ENV} secrets are unset. Only commands that collect need them, and then every
 * unset variable is reported at once.
 */
describe('read commands need no secrets', () => {
  const db = twoRunStore();

  it.each([['report'], ['report', '--format', 'json'], ['verify'], ['checks'], ['controls']])('%s works beside a config with every secret unset', async (...args) => {
    const r = await cli(['--config', DEMO_CONFIG, '--db', db, ...args], UNSET);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.length).toBeGreaterThan(0);
  });

  it('run needs them, and names every unset variable in one error (exit 2)', async () => {
    const r = await cli(['--config', DEMO_CONFIG, '--db', db, 'run'], UNSET);
    expect(r.code).toBe(EXIT.usage);
    for (const name of Object.keys(UNSET)) expect(r.stderr).toContain(`\${${name}}`);
    expect(r.stderr.trim().split('\n').filter((l) => l.includes('is not set')).length).toBe(Object.keys(UNSET).length);
  });
});
