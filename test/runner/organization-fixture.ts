import { parseConfig } from '../../src/config/load.js';
import type { AppConfig } from '../../src/config/schema.js';
import { parseEstate } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import type { FakeAws } from '../../src/demo/fakes/server.js';
import type { CollectorDefinition } from '../../src/model/collector.js';
import { DISCOVERERS, loadRegistry } from '../../src/registry/index.js';
import { executeRun, type RunOutcome } from '../../src/runner/run.js';
import { EvidenceStore } from '../../src/store/index.js';
import { silentLogger } from '../../src/log.js';

/**
 * An AWS organisation for the runner's multi-account tests: a management account 333333333333 (whose base
 * credentials discover the others and assume `controlwatch-readonly` in them) and members whose role trusts
 * the management account with a given external id.
 */

export const MANAGEMENT = '333333333333';

export interface Member {
  readonly id: string;
  readonly name: string;
  readonly accessKeyId: string;
  /** The external id the member's role demands; absent → no role to assume. */
  readonly roleExternalId?: string;
  readonly status?: 'ACTIVE' | 'SUSPENDED';
  /** Listed by Organizations only (no account in the estate). */
  readonly listedOnly?: boolean;
}

const trust = (externalId: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } }],
});

export function organizationEstate(members: readonly Member[]): Estate {
  const all: Member[] = [{ id: MANAGEMENT, name: 'management', accessKeyId: 'AKIAMGMT000000000333' }, ...members];
  return parseEstate(
    JSON.stringify({
      version: 1,
      aws: {
        accounts: all
          .filter((m) => !m.listedOnly)
          .map((m) => ({
            id: m.id,
            name: m.name,
            credentials: { access_key_id: m.accessKeyId, secret_access_key: `secret-${m.id}` },
            root: { created: '-900d', mfa: 'hardware', access_keys: [] },
            roles: m.roleExternalId ? [{ name: 'controlwatch-readonly', created: '-100d', trust_policy: trust(m.roleExternalId) }] : [],
          })),
        organization: {
          id: 'o-abcdefghij',
          management_account: MANAGEMENT,
          members: all.map((m, i) => ({ id: m.id, name: m.name, joined: `-${1000 - i * 100}d`, ...(m.status ? { status: m.status } : {}) })),
        },
      },
    }),
    'organization estate',
  );
}

/** Discovery from the management account (excluded from collection), plus `accountsYaml` under `aws:`. */
export function organizationConfig(fake: FakeAws, accountsYaml = ''): AppConfig {
  const e = fake.endpoints;
  return parseConfig(
    `version: 1
aws:
  credentials: { accessKeyId: AKIAMGMT000000000333, secretAccessKey: secret-${MANAGEMENT} }
  endpoints: { iam: "${e.iam}", sts: "${e.sts}", organizations: "${e.organizations}", config: "${e.config}" }
  retry: { mode: standard, maxAttempts: 2 }
  organizations:
    discover: true
    externalId: cw-ext
    regions: [eu-west-1]
    exclude: ["${MANAGEMENT}"]
${accountsYaml}`,
    'organization.yaml',
    {},
  );
}

/** One run of these collectors and the registry's checks of their types into the store at `dbPath`. */
export async function runInto(dbPath: string, cfg: AppConfig, collectors: readonly CollectorDefinition[]): Promise<RunOutcome> {
  const registry = loadRegistry(cfg);
  const types = new Set(collectors.flatMap((c) => Object.keys(c.produces)));
  const store = EvidenceStore.open(dbPath);
  try {
    return await executeRun({
      config: cfg,
      collectors,
      discoverers: DISCOVERERS,
      checks: registry.checks.filter((c) => c.enabled && types.has(c.definition.observationType)),
      store,
      log: silentLogger,
      trigger: 'test',
      sleep: async () => {},
    });
  } finally {
    store.close();
  }
}
