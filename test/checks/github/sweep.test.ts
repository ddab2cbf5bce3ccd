import { describe, expect, it } from 'vitest';
import { githubChecks } from '../../../checks/github/index.js';
import { loadCheckMetadata } from '../../../src/catalog/check-metadata.js';
import type { CheckDefinition } from '../../../src/model/check.js';
import { unknown } from '../../../src/model/unknown.js';
import { NO_GHAS, org, pr, push, repo, run } from './fixtures.js';

/** Properties every GitHub check must have, swept over all of them with their default parameters. */
const metadata = loadCheckMetadata();
const defaults = (check: CheckDefinition) => metadata.get(check.id)?.parameters ?? {};
const U = unknown('swept: could not be collected');

/** Every Maybe attribute of each type set to Unknown (the identity fields and `archived: false` kept). */
const allUnknown: Record<string, unknown> = {
  'github.org': Object.fromEntries(Object.entries(org()).map(([k, v]) => [k, k === 'login' || k === 'id' ? v : U])),
  'github.repo': { ...Object.fromEntries(Object.entries(repo()).map(([k, v]) => [k, ['org', 'name', 'fullName'].includes(k) ? v : U])), archived: false },
  'github.pull_request': pr({ approvals: U, approvedByOtherThanAuthorBeforeMerge: U }),
};
const healthy: Record<string, unknown> = { 'github.org': org(), 'github.repo': repo(), 'github.pull_request': pr(), 'github.direct_push': push() };

describe('every GitHub check', () => {
  it('has metadata whose defaults its schema accepts', () => {
    for (const check of githubChecks) {
      expect(metadata.get(check.id)?.observation_type, check.id).toBe(check.observationType);
      expect(check.parameters.safeParse(defaults(check)).success, check.id).toBe(true);
    }
  });

  it.each(githubChecks.filter((c) => c.observationType in allUnknown).map((c) => [c.id, c] as const))('%s never passes on Unknown evidence', (_id, check) => {
    expect(run(check, allUnknown[check.observationType], defaults(check)).status).toBe('error');
  });

  it.each(githubChecks.filter((c) => c.observationType === 'github.repo').map((c) => [c.id, c] as const))('%s never fails on a feature the plan lacks', (_id, check) => {
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

  it.each(githubChecks.map((c) => [c.id, c] as const))('%s gives the same verdict for the same evidence (pure)', (_id, check) => {
    const a = healthy[check.observationType];
    const v = run(check, a, defaults(check));
    expect(v.status).not.toBe('error');
    expect(v).toEqual(run(check, structuredClone(a), defaults(check)));
  });

  it.each(githubChecks.filter((c) => c.observationType === 'github.repo' && c.id !== 'github.repo_public_visibility_approved').map((c) => [c.id, c] as const))(
    '%s is not applicable to an archived repository, even with nothing else known',
    (_id, check) => {
      expect(run(check, { ...(allUnknown['github.repo'] as object), archived: true }, defaults(check))).toEqual({ status: 'not_applicable', reason: 'repository is archived (read-only)' });
    },
  );
});
