import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../src/registry/index.js';
import { awsCollectorActions, CONTROLLER_ACTIONS, readOnlyPolicy, READ_ONLY_VERB } from '../../src/permissions/aws-policies.js';
import { configPath } from '../../src/util/project-root.js';
import { githubCollector } from '../../collectors/github/collector.js';
import { ROOT, sourceFiles } from '../architecture/import-graph.js';
import { join } from 'node:path';

/**
 * Least privilege by construction: the shipped policy is exactly what the collectors declare (each AWS
 * collector's `actionsByOperation`, SDK command → IAM action), holds no write action, and every AWS SDK
 * command any collector can send (found by reading the source, so code paths no test exercises count too)
 * is declared and authorised by it.
 */

/** Each AWS SDK client package: its client class and the IAM service prefix of its actions. */
const PACKAGES: Record<string, { client: string; prefix: string }> = {
  '@aws-sdk/client-iam': { client: 'IAMClient', prefix: 'iam' },
  '@aws-sdk/client-s3': { client: 'S3Client', prefix: 's3' },
  '@aws-sdk/client-s3-control': { client: 'S3ControlClient', prefix: 's3' },
  '@aws-sdk/client-config-service': { client: 'ConfigServiceClient', prefix: 'config' },
  '@aws-sdk/client-organizations': { client: 'OrganizationsClient', prefix: 'organizations' },
  '@aws-sdk/client-sts': { client: 'STSClient', prefix: 'sts' },
  '@aws-sdk/client-cloudtrail': { client: 'CloudTrailClient', prefix: 'cloudtrail' },
  '@aws-sdk/client-accessanalyzer': { client: 'AccessAnalyzerClient', prefix: 'access-analyzer' },
};

const AWS_COLLECTORS = COLLECTORS.filter((c) => c.provider === 'aws');
/** What the AWS collectors declare, keyed `<Client>.<Command>`: where the API and IAM names differ (S3 mostly), the only source. */
const DECLARED: Record<string, string> = Object.assign({}, ...AWS_COLLECTORS.map((c) => c.actionsByOperation ?? {}));
const OVERRIDES = DECLARED;

/**
 * Code that sends calls on a collector's behalf: the collectors, the shared AWS code they use (src/aws: the
 * Config advanced query) and the skeleton's account proof (src/sdk/account-proof.ts, which it loads to collect). Discoveries (collectors/aws-organizations) run with
 * the controller's identity: their calls belong to the controller policy.
 */
const DISCOVERY_DIRS = ['collectors/aws-organizations'];
const collectorSide = () => [
  ...sourceFiles('collectors').filter((f) => !DISCOVERY_DIRS.some((d) => f.startsWith(`${d}/`))),
  ...sourceFiles('src/aws'),
  'src/sdk/account-proof.ts',
];
/** The checkpoint anchor writes with its own principal: its calls belong to config/aws-checkpoint-anchor-policy.json. */
const ANCHOR_SIDE = ['src/integrity/s3-anchor.ts', 'src/integrity/s3-anchor-sdk.ts'];
const controllerSide = () => [
  ...sourceFiles('src').filter((f) => !f.startsWith('src/demo/') && !collectorSide().includes(f) && !ANCHOR_SIDE.includes(f)),
  ...DISCOVERY_DIRS.flatMap((d) => sourceFiles(d)),
];

const IMPORT = /import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/client-[a-z0-9-]+)['"]/g;

/** The commands a source file can send: imported `XCommand` classes and `paginateX` helpers (type-only imports excluded). */
export function commandsIn(source: string): { client: string; command: string; action: string }[] {
  const out: { client: string; command: string; action: string }[] = [];
  for (const match of source.matchAll(IMPORT)) {
    if (/^import\s+type\b/.test(match[0])) continue;
    const pkg = PACKAGES[match[2]!];
    if (pkg === undefined) throw new Error(`unknown AWS SDK package ${match[2]}: add it to PACKAGES`);
    for (const raw of match[1]!.split(',')) {
      const name = raw.trim().replace(/^type\s+.*/, '').split(/\s+as\s+/)[0]!;
      const command = name.endsWith('Command') ? name : name.startsWith('paginate') ? `${name.slice('paginate'.length)}Command` : null;
      if (command === null) continue;
      out.push({ client: pkg.client, command, action: OVERRIDES[`${pkg.client}.${command}`] ?? `${pkg.prefix}:${command.slice(0, -'Command'.length)}` });
    }
  }
  return out;
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const usedIn = (files: readonly string[]) => files.flatMap((file) => commandsIn(read(file)).map((c) => ({ file, ...c })));

describe('least privilege by construction', () => {
  const policy = readOnlyPolicy(COLLECTORS);
  const allowed = new Set(awsCollectorActions(COLLECTORS));

  it('config/aws-readonly-policy.json is exactly the union of what the AWS collectors declare', () => {
    const shipped = JSON.parse(readFileSync(configPath('aws-readonly-policy.json'), 'utf8'));
    expect(shipped, 'regenerate with: npx controlwatch permissions aws-readonly-policy > config/aws-readonly-policy.json').toEqual(policy);
  });

  it('holds no write action', () => {
    const writes = [...allowed].filter((a) => !READ_ONLY_VERB.test(a.split(':')[1] ?? ''));
    expect(writes).toEqual([]);
    expect(allowed.size).toBeGreaterThan(20);
  });

  it("each AWS collector's permissions are exactly the actions of its declared SDK commands", () => {
    expect(AWS_COLLECTORS.length).toBeGreaterThanOrEqual(4);
    for (const c of AWS_COLLECTORS) {
      expect(c.actionsByOperation, c.id).toBeDefined();
      expect([c.id, [...c.permissions].sort()]).toEqual([c.id, [...new Set(Object.values(c.actionsByOperation ?? {}))].sort()]);
    }
  });

  it('authorises every SDK command a collector can send, and grants nothing no collector sends', () => {
    const used = usedIn(collectorSide());
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((u) => !allowed.has(u.action)).map((u) => `${u.file}: ${u.client}.${u.command} needs ${u.action}`)).toEqual([]);
    const sent = new Set(used.map((u) => u.action));
    expect([...allowed].filter((a) => !sent.has(a))).toEqual([]);
    // No stale declaration: every declared command is one the code can send.
    const sentCommands = new Set(used.map((u) => `${u.client}.${u.command}`));
    expect(Object.keys(DECLARED).filter((k) => !sentCommands.has(k)).map((k) => `${k} is declared but no code sends it`)).toEqual([]);
  });

  it('the engine and the discoveries only send what the controller policy grants', () => {
    const controller = new Set<string>(Object.values(CONTROLLER_ACTIONS));
    const used = usedIn(controllerSide());
    expect(used.filter((u) => !controller.has(u.action)).map((u) => `${u.file}: ${u.action}`)).toEqual([]);
    expect(used.map((u) => u.action)).toContain(CONTROLLER_ACTIONS.listAccounts);
  });

  it('the checkpoint anchor only sends what its own policy grants (ListObjectsV2 is authorised as s3:ListBucket)', () => {
    const anchorPolicy = JSON.parse(readFileSync(configPath('aws-checkpoint-anchor-policy.json'), 'utf8')) as { Statement: Array<{ Action: string[] }> };
    const granted = new Set(anchorPolicy.Statement.flatMap((st) => st.Action));
    const used = usedIn(ANCHOR_SIDE).map((u) => (u.action === 's3:ListObjectsV2' ? 's3:ListBucket' : u.action));
    expect(used.sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(used.filter((a) => !granted.has(a))).toEqual([]);
    // A PUT with Object Lock headers needs s3:PutObjectRetention as well.
    expect(granted.has('s3:PutObjectRetention')).toBe(true);
  });

  it('the scanner sees commands, paginators and aliases, and ignores types', () => {
    const found = commandsIn(
      "import { S3Client, GetBucketEncryptionCommand, paginateListBuckets as list, type GetBucketAclCommandOutput } from '@aws-sdk/client-s3';\nimport type { ListUsersCommand } from '@aws-sdk/client-iam';",
    );
    expect(found.map((f) => f.action)).toEqual(['s3:GetEncryptionConfiguration', 's3:ListAllMyBuckets']);
  });
});

describe('GitHub permissions', () => {
  it('config/github-permissions.json lists exactly what the collector declares, each read-only and explained', () => {
    const shipped = JSON.parse(readFileSync(configPath('github-permissions.json'), 'utf8')) as { permissions: { permission: string; why: string }[] };
    expect(shipped.permissions.map((p) => p.permission).sort()).toEqual([...githubCollector.permissions].sort());
    for (const p of shipped.permissions) {
      expect(p.permission).toMatch(/:read$/);
      expect(p.why.length).toBeGreaterThan(10);
    }
  });
});
