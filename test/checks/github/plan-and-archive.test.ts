import { describe, expect, it } from 'vitest';
import { githubChecks } from '../../../checks/github/index.js';
import { loadCheckMetadata } from '../../../src/catalog/check-metadata.js';
import type { CheckDefinition } from '../../../src/model/check.js';
import { unknown } from '../../../src/model/unknown.js';
import { NO_GHAS, repo, run } from './fixtures.js';

/**
 * GitHub-specific properties swept over every repository check with its default parameters. (The Unknown
 * sweep over every check, purity included, is test/checks/unknown-sweep.test.ts.)
 */
const metadata = loadCheckMetadata();
const defaults = (check: CheckDefinition) => metadata.get(check.id)?.parameters ?? {};
const repoChecks = githubChecks.filter((c) => c.observationType === 'github.repo');

describe('every GitHub repository check', () => {
  it.each(repoChecks.map((c) => [c.id, c] as const))('%s never fails on a feature the plan lacks', (_id, check) => {
    const a = repo({
      secretScanning: NO_GHAS,
      secretScanningPushProtection: NO_GHAS,
      dependabotSecurityUpdates: NO_GHAS,
      dependabotAlerts: NO_GHAS,
      codeScanningAlerts: NO_GHAS,
      secretScanningAlerts: NO_GHAS,
    });
    expect(run(check, a, defaults(check)).status).not.toBe('fail');
  });

  it.each(repoChecks.filter((c) => c.id !== 'github.repo_public_visibility_approved').map((c) => [c.id, c] as const))(
    '%s is not applicable to an archived repository, even with nothing else known',
    (_id, check) => {
      const U = unknown('swept: could not be collected');
      const nothingKnown = Object.fromEntries(Object.entries(repo()).map(([k, v]) => [k, ['org', 'name', 'fullName'].includes(k) ? v : U]));
      expect(run(check, { ...nothingKnown, archived: true } as ReturnType<typeof repo>, defaults(check))).toEqual({
        status: 'not_applicable',
        reason: 'repository is archived (read-only)',
      });
    },
  );
});
