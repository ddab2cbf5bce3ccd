import { defineAwsCollector } from '../../src/sdk/aws-collector.js';
import { ACCESS_ANALYZER_OBSERVATION_TYPES } from './observations.js';

/**
 * The IAM Access Analyzer collector: one scope per configured account × region (analyzers are regional), one
 * read-only call, ListAnalyzers. A failed call makes the region's analyzers Unknown (never "none"). The
 * skeleton proves the account first and fails the scope on rejected credentials; an analyzer ARN naming
 * another account fails it too (a free consistency check on what the endpoint answered). What it does with the
 * SDK is in collect.ts, loaded when it first collects.
 */

/** SDK command → the IAM action it needs: the least-privilege policy, and what tests hold the collector to. */
export const ACCESS_ANALYZER_ACTION_BY_OPERATION = {
  'AccessAnalyzerClient.ListAnalyzersCommand': 'access-analyzer:ListAnalyzers',
} as const;

export const awsAccessAnalyzerCollector = defineAwsCollector({
  id: 'aws-accessanalyzer',
  title: 'IAM Access Analyzer: the analyzers of every configured region',
  granularity: 'region',
  services: ['accessanalyzer'],
  actions: ACCESS_ANALYZER_ACTION_BY_OPERATION,
  produces: ACCESS_ANALYZER_OBSERVATION_TYPES,
  implementation: async () => (await import('./collect.js')).IMPLEMENTATION,
});
