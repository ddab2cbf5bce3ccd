import { CountedRules } from './counted-rules.js';

/**
 * Fault injection for the protocol fakes: make one service operation fail the way real AWS does,
 * so tests (and the demo) can show that one failed call yields Unknown attributes, not silence.
 */

export type FakeService = 'iam' | 'sts' | 's3' | 's3control' | 'config' | 'organizations' | 'cloudtrail' | 'accessanalyzer';

export type FaultKind =
  /** 403 AccessDenied: the caller lacks the permission. */
  | 'AccessDenied'
  /** 400 Throttling: rate exceeded (the SDK retries it). */
  | 'Throttling'
  /** 503 ServiceUnavailable (the SDK retries it). */
  | 'ServiceUnavailable'
  /** The request is held without an answer (for `delayMs`, or until the server closes). */
  | 'Timeout'
  /** A 200 whose body is not the XML the operation should return. */
  | 'Malformed';

export interface FaultRule {
  readonly service: FakeService;
  /** The API action, e.g. `GetAccountSummary`. */
  readonly operation: string;
  /** Only requests for this resource (e.g. an S3 bucket name) fail; absent → every request of the operation. */
  readonly resource?: string;
  /** Only requests signed for this region fail (a region an SCP denies); absent → every region. */
  readonly region?: string;
  readonly kind: FaultKind;
  /** How many matching requests fail before the operation recovers; default: all of them. */
  readonly times?: number;
  /** Timeout only: how long to hold the request before dropping it; default: until the server closes. */
  readonly delayMs?: number;
}

export class FaultInjector extends CountedRules<FaultRule> {
  /** The fault for this request, if any, consuming one of its failures. */
  take(service: FakeService, operation: string, resource?: string, region?: string): FaultRule | undefined {
    return this.takeFirst(
      (r) => r.service === service && r.operation === operation && (r.resource === undefined || r.resource === resource) && (r.region === undefined || r.region === region),
    );
  }
}
