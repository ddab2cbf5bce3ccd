import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * Canonical JSON (RFC 8785 JCS) so the same value always yields the same bytes and hash,
 * whatever the key order it was built with.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be represented as canonical JSON');
  return text;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of a value's canonical JSON: the content address of blobs and the basis of seals. */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
