import { paginateListAnalyzers, type AccessAnalyzerClient, type AnalyzerSummary } from '@aws-sdk/client-accessanalyzer';
import { call } from '../../src/sdk/aws-call.js';

/**
 * ListAnalyzers, all pages, every type: the region's analyzers (external access, unused access, internal
 * access). Read-only; one page per 100 analyzers, so one call in practice.
 */

export const LIST_ANALYZERS = 'accessanalyzer:ListAnalyzers';

export async function listAnalyzers(client: AccessAnalyzerClient): Promise<AnalyzerSummary[]> {
  return call(LIST_ANALYZERS, async () => {
    const analyzers: AnalyzerSummary[] = [];
    for await (const page of paginateListAnalyzers({ client }, {})) analyzers.push(...(page.analyzers ?? []));
    return analyzers;
  });
}
