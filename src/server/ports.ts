/**
 * What the server needs from pieces other parts of the service own, kept to the smallest shape so the
 * server does not depend on how they are built.
 *
 * LedgerPort: the daemon's slot ledger (src/store/slot-ledger.ts, read through src/period). Until the
 * ledger's read query is wired here, a server started without one reports no slots and 0 missed slots,
 * and says so in /api/slots and the metric's help text.
 */
export interface SlotView {
  /** The scheduled time (UTC ISO-8601): the slot's identity. */
  readonly slotAt: string;
  readonly status: string;
  readonly runId: number | null;
  readonly reason: string | null;
}

export interface LedgerPort {
  /** Each slot's current state (its latest status), oldest first. */
  slots(): readonly SlotView[];
}
