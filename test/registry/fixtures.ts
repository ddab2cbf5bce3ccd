import { awsIamChecks } from '../../checks/aws-iam/index.js';
import { IAM_OBSERVATION_TYPES } from '../../collectors/aws-iam/observations.js';
import { loadCheckMetadata, type CheckMetadata } from '../../src/catalog/check-metadata.js';
import { loadFrameworks } from '../../src/catalog/frameworks.js';
import { ConfigSchema, type AppConfig } from '../../src/config/schema.js';
import type { AnyCollector, RegistryInputs } from '../../src/registry/validate.js';

/**
 * A stand-in for the IAM collector with the real `produces` contract, so registry validation is tested
 * without the collector's SDK code (and before it exists).
 */
export const fakeIamCollector: AnyCollector = {
  id: 'aws-iam',
  title: 'fake IAM collector',
  provider: 'aws',
  services: ['iam', 'sts'],
  produces: IAM_OBSERVATION_TYPES,
  actionsByOperation: { 'IAMClient.GetAccountSummaryCommand': 'iam:GetAccountSummary' },
  permissions: ['iam:GetAccountSummary'],
  targets: () => [],
  collect: async () => ({ observations: [], gaps: [] }),
};

/** The IAM checks' metadata only: these tests pair it with the IAM checks alone, whatever other families exist. */
export function iamMetadata(): Map<string, CheckMetadata> {
  return new Map([...loadCheckMetadata()].filter(([id]) => id.startsWith('iam.')));
}

export function config(raw: Record<string, unknown> = {}): AppConfig {
  return ConfigSchema.parse({ version: 1, ...raw });
}

/** The real checks, metadata and catalogs, with the fake collector; override any part to break it. */
export function realInputs(over: Partial<RegistryInputs> = {}): RegistryInputs {
  return { collectors: [fakeIamCollector], checks: awsIamChecks, metadata: iamMetadata(), frameworks: loadFrameworks(), ...over };
}

/** A copy of the real metadata with one entry changed (or removed with `null`). */
export function editMetadata(id: string, change: ((m: CheckMetadata) => CheckMetadata) | null): ReadonlyMap<string, CheckMetadata> {
  const copy = iamMetadata();
  const m = copy.get(id);
  if (!m) throw new Error(`no metadata for ${id}`);
  if (change === null) copy.delete(id);
  else copy.set(id, change(m));
  return copy;
}
