/**
 * What the server needs from pieces other parts of the service own, kept to the smallest shape so the
 * server does not depend on how they are built.
 *
 * LedgerPort: the daemon's slot ledger. The server reads it from the store (store-ledger.ts, through
 * src/period/ledger.ts); tests may pass their own.
 */
export interface SlotView {
  /** The schedule it belongs to: `default`, or a per-collector schedule's name. */
  readonly schedule: string;
  /** The scheduled time (UTC ISO-8601): with the schedule, the slot's identity. */
  readonly slotAt: string;
  readonly status: string;
  readonly runId: number | null;
  readonly reason: string | null;
}

export interface LedgerPort {
  /** Each slot's current state (its latest status), oldest first. */
  slots(): readonly SlotView[];
}
