import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { CollectionOutput } from '../../src/model/collector.js';
import { rejectForeignArns } from '../../src/sdk/aws-account-guard.js';
import type { AwsImplementation, AwsScope } from '../../src/sdk/aws-collector.js';
import { listAnalyzers } from './list-analyzers.js';
import { normalizeAccessAnalyzer } from './normalize.js';

/** The Access Analyzer collector's SDK side, loaded when it first collects (collector.ts declares it). */
const CLIENTS = { accessanalyzer: AccessAnalyzerClient };
type AccessAnalyzerScope = AwsScope<typeof CLIENTS, undefined>;

async function collectRegion(scope: AccessAnalyzerScope): Promise<CollectionOutput> {
  // A failed read leaves the region's analyzers Unknown (the check then errors with the reason), never "none".
  const analyzers = await scope.attempt(() => listAnalyzers(scope.clients.get('accessanalyzer')));
  if (analyzers.ok) rejectForeignArns(scope.accountId, analyzers.value.map((a) => a.arn));
  return normalizeAccessAnalyzer({ accountId: scope.accountId, region: scope.region, scope: scope.scope, proof: scope.proof, analyzers });
}

export const IMPLEMENTATION: AwsImplementation<typeof CLIENTS, undefined> = { clients: CLIENTS, collect: collectRegion };
