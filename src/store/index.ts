/** The evidence store's public surface: the rest of the agent imports only from here. */
export { EvidenceStore } from './evidence-store.js';
export { SCHEMA_VERSION } from './migrations.js';
export { SEAL_VERSION, resultSetsMaterial } from './seal.js';
export { checkResultsProof, resultsHashOf, resultsProof } from './results-proof.js';
export { ClockSkewError } from './clock-skew.js';
export { EVIDENCE_CLASSES, EvidenceClassError, evidenceClassOf, type EvidenceClass } from './evidence-class.js';
export type { CheckCountsRow, CollectionOutcome } from './queries.js';
export type { SealSigner, SealSignatureRow, TombstoneBody, TombstoneRow } from './integrity-rows.js';
export type { PruneResult } from './prune.js';
export { COLLECTION_STATUSES, RUN_STATUSES, TRIGGERS } from './types.js';
export type {
  CollectionRecord,
  CollectionRow,
  CollectionStatus,
  CompleteRunData,
  Manifest,
  ResultSetRecord,
  ResultSetRow,
  RunHeader,
  RunRow,
  RunStatus,
  RunVerdict,
  StoreStats,
  StoredResult,
  Trigger,
  VerifyReport,
} from './types.js';
export { MAIN_SCHEDULE, SLOT_STATUSES, type SlotEvent, type SlotEventRow, type SlotStatus } from './slot-ledger.js';
export type { AlertDelivery, LockHolder } from './daemon-rows.js';
