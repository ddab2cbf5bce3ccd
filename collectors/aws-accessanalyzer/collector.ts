import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { CollectionOutput } from '../../src/model/collector.js';
import { rejectForeignArns } from '../../src/sdk/aws-account-guard.js';
import { defineAwsCollector, type AwsScope } from '../../src/sdk/aws-collector.js';
import { listAnalyzers } from './list-analyzers.js';
import { normalizeAccessAnalyzer } from './normalize.js';
import { ACCESS_ANALYZER_OBSERVATION_TYPES } from './observations.js';

/**
 * The IAM Access Analyzer collector: one scope per configured account × region (analyzers are regional), one
 * read-only call, ListAnalyzers. A failed call makes the region's analyzers Unknown (never "none"). The
 * skeleton proves the account first and fails the scope on rejected credentials; an analyzer ARN naming
 * another account fails it too (a free consistency check on what the endpoint answered).
 */

const SERVICES = { accessanalyzer: AccessAnalyzerClient };
type AccessAnalyzerScope = AwsScope<typeof SERVICES, undefined>;

/** SDK command → the IAM action it needs: the least-privilege policy, and what tests hold the collector to. */
export const ACCESS_ANALYZER_ACTION_BY_OPERATION = {
  'AccessAnalyzerClient.ListAnalyzersCommand': 'access-analyzer:ListAnalyzers',
} as const;

async function collectRegion(scope: AccessAnalyzerScope): Promise<CollectionOutput> {
  // A failed read leaves the region's analyzers Unknown (the check then errors with the reason), never "none".
  const analyzers = await scope.attempt(() => listAnalyzers(scope.clients.get('accessanalyzer')));
  if (analyzers.ok) rejectForeignArns(scope.accountId, analyzers.value.map((a) => a.arn));
  return normalizeAccessAnalyzer({ accountId: scope.accountId, region: scope.region, scope: scope.scope, proof: scope.proof, analyzers });
}

export const awsAccessAnalyzerCollector = defineAwsCollector({
  id: 'aws-accessanalyzer',
  title: 'IAM Access Analyzer: the analyzers of every configured region',
  granularity: 'region',
  services: SERVICES,
  actions: ACCESS_ANALYZER_ACTION_BY_OPERATION,
  produces: ACCESS_ANALYZER_OBSERVATION_TYPES,
  collect: collectRegion,
});
