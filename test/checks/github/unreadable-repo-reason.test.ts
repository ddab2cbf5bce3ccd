import { describe, expect, it } from 'vitest';
import { githubChecks } from '../../../checks/github/index.js';
import { unreadableRepo } from '../../../collectors/github/normalize.js';
import { loadCheckMetadata } from '../../../src/catalog/check-metadata.js';
import { repo, run } from './fixtures.js';

/**
 * A repository the token cannot read has every attribute Unknown with one cause. Its checks must name that
 * cause ("repository cannot be read … HTTP 404"), not the first attribute a wrapper happened to read
 * ("archived flag of the repository could not be collected").
 */
describe('checks on an unreadable repository', () => {
  const cause = 'repository cannot be read with these credentials (HTTP 404: Not Found)';
  const attrs = { ...repo(), ...unreadableRepo('acme', 'secret', cause) };
  const repoChecks = githubChecks.filter((c) => c.observationType === 'github.repo' && c.id !== 'github.repo_public_visibility_approved');

  it.each(repoChecks.map((c) => [c.id, c] as const))('%s reports the collection cause as its reason', (_id, check) => {
    const verdict = run(check, attrs, loadCheckMetadata().get(check.id)?.parameters ?? {});
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toContain(cause);
    expect(verdict.reason).not.toMatch(/archived flag/);
  });
});
