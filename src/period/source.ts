import type { EvidenceStore } from '../store/index.js';

/**
 * The store's read side as the period layer uses it: the only store surface it touches. Kept to a
 * Pick of EvidenceStore (not a copy of its signatures) so the two cannot drift, and narrow so a
 * caching or counting wrapper can stand in for the store.
 */
export type EvidenceSource = Pick<
  EvidenceStore,
  | 'getRun'
  | 'sealProblem'
  | 'sealProblems'
  | 'chainProblems'
  | 'latestSealedRun'
  | 'previousSealedRun'
  | 'runsStartedBetween'
  | 'checkCounts'
  | 'runsWithChecks'
  | 'collections'
  | 'notableCollectionsOfRuns'
  | 'resultSets'
  | 'checkLines'
  | 'resultSetsOfChecks'
  | 'results'
  | 'manifest'
  | 'manifestTypeCounts'
  | 'getBlob'
>;
