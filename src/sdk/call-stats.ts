/**
 * Per-collection API accounting: every HTTP attempt (retries included), how many were throttled,
 * and calls per operation. Recorded with each collection so an auditor and an operator can see
 * how much a scope cost and whether it was rate-limited.
 */
export class CallStats {
  calls = 0;
  throttles = 0;
  readonly byOperation: Record<string, number> = {};

  recordCall(operation: string): void {
    this.calls += 1;
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
  }

  recordThrottle(): void {
    this.throttles += 1;
  }
}
