import type { QueryErrorSpec } from './aws-query.js';

/**
 * IAM-style pagination (`MaxItems` in, `IsTruncated` + `Marker` out). The marker is opaque to clients,
 * as AWS's is; here it encodes the offset. A server-side cap lets tests force many small pages.
 */

export interface Page<T> {
  readonly items: T[];
  /** Present when more items follow. */
  readonly marker?: string;
}

export class PaginationError extends Error {
  constructor(readonly spec: QueryErrorSpec) {
    super(spec.message);
  }
}

const DEFAULT_MAX_ITEMS = 100;

export function paginate<T>(items: readonly T[], params: URLSearchParams, serverPageSize?: number): Page<T> {
  const maxItemsText = params.get('MaxItems');
  const maxItems = maxItemsText === null ? DEFAULT_MAX_ITEMS : Number(maxItemsText);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
    throw new PaginationError({ status: 400, code: 'ValidationError', message: `1 validation error detected: Value '${maxItemsText}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000` });
  }
  const size = Math.min(maxItems, serverPageSize ?? maxItems);
  const markerText = params.get('Marker');
  let offset = 0;
  if (markerText !== null) {
    const decoded = Number(Buffer.from(markerText, 'base64url').toString('utf8').replace(/^offset:/, ''));
    if (!Number.isInteger(decoded) || decoded < 0 || decoded > items.length) {
      throw new PaginationError({ status: 400, code: 'InvalidInput', message: 'Invalid Marker' });
    }
    offset = decoded;
  }
  const end = offset + size;
  const page = items.slice(offset, end);
  return end < items.length ? { items: page, marker: Buffer.from(`offset:${end}`, 'utf8').toString('base64url') } : { items: page };
}
