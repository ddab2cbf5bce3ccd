import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/errors.js';
import { loadRegistry, RegistryError } from '../../src/registry/index.js';

/** Start-up rejects every invalid programme entry with one message naming its field. */
function problemsOf(yaml: string): string[] {
  let config;
  try {
    config = parseConfig(`version: 1\n${yaml}`, 'cfg.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  try {
    loadRegistry(config);
    return [];
  } catch (err) {
    if (err instanceof RegistryError) return [...err.problems];
    throw err;
  }
}

describe('programme configuration is validated at start-up', () => {
  it('a valid programme loads', () => {
    expect(
      problemsOf(`teams:
  identity-team: { contact: identity@example.com }
  platform: { contact: "#platform" }
owners:
  A.5.18: { owner: identity-team, backup: platform }
  iam.*: identity-team
  s3.bucket_versioning_enabled: platform
exceptions:
  - { id: EXC-1, control: A.8.5, resource: "arn:aws:iam::*:user/break-glass-*", reason: safe, approver: ciso, approved: 2026-01-01, expires: 2026-12-31, risk: low, compensatingControl: SCP }
manualControls:
  - { control: A.5.18, cadence: quarterly, grace: 14d, owner: identity-team }
`),
    ).toEqual([]);
  });

  it('schema problems: expiry before start, a bad pattern, a cadence that does not parse', () => {
    expect(
      problemsOf(`exceptions:
  - { id: E1, check: iam.root_mfa_enabled, resource: "arn:[a]", reason: r, approver: a, starts: 2026-06-01, expires: 2026-05-01 }
manualControls:
  - { control: A.5.18, cadence: fortnightly }
`),
    ).toEqual([
      'cfg.yaml: exceptions[0].resource: pattern "arn:[a]" uses glob syntax ([ ] { } ?) that is not supported: only * is a wildcard',
      'cfg.yaml: exceptions[0].expires: expires 2026-05-01 is before starts 2026-06-01',
      'cfg.yaml: manualControls[0].cadence: cadence "fortnightly" does not parse: use daily, weekly, monthly, quarterly, semiannually, annually or e.g. 90d, 6w, 3m, 1y',
    ]);
  });

  it('registry problems: unknown check and control ids, unknown owner references', () => {
    expect(
      problemsOf(`teams:
  identity-team: { contact: identity@example.com }
owners:
  A.5.18: { owner: identity-team, backup: nobody }
  A.8.5: ghosts
exceptions:
  - { id: E1, check: iam.phantom, reason: r, approver: a, expires: 2026-05-01 }
  - { id: E2, control: A.99.9, reason: r, approver: a, expires: 2026-05-01 }
manualControls:
  - { control: Z.1, cadence: annually, owner: somebody }
`),
    ).toEqual([
      'config exceptions[0].check: no such check iam.phantom',
      'config exceptions[1].control: no framework has control A.99.9',
      'config owners["A.5.18"].backup: unknown owner nobody (teams: identity-team)',
      'config owners["A.8.5"]: unknown owner ghosts (teams: identity-team)',
      'config manualControls[0].control: no framework has control Z.1',
      'config manualControls[0].owner: unknown owner somebody (teams: identity-team)',
    ]);
  });
});
