import { slotStates, type LedgerSource } from '../period/index.js';
import type { EvidenceHandle } from './evidence-handle.js';
import type { LedgerPort, SlotView } from './ports.js';
import { HISTORY_DAYS } from './service-view.js';

/**
 * The slot ledger as the server reads it: the daemon's slots of the last 90 days from the store,
 * through src/period/ledger.ts. A store no daemon has written to (no slot table yet, or no slot) gives
 * no slots; the API and the metric's help text say so rather than report a perfect record.
 */
export function storeLedger(handle: EvidenceHandle, clock: () => Date): LedgerPort {
  return {
    slots(): readonly SlotView[] {
      const now = clock();
      const from = new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString();
      // Slots ahead of now (the next `expected` one) are part of the ledger too.
      const to = new Date(now.getTime() + 7 * 86_400_000).toISOString();
      try {
        return slotStates(handle.source() as unknown as LedgerSource, from, to).map(({ schedule, slotAt, status, runId, reason }) => ({ schedule, slotAt, status, runId, reason }));
      } catch (err) {
        if (/no such table/i.test((err as Error).message)) return [];
        throw err;
      }
    },
  };
}
