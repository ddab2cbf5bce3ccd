import { createHmac, createSecretKey, randomBytes } from 'node:crypto';

/**
 * The sampling algorithm, documented in the README so an auditor can re-derive a sample by hand:
 *
 *   1. Each population item has a text id (an audit day `2026-03-14`, a period `2026-W11`, or an
 *      observation id such as `github:acme/api#123`).
 *   2. Its rank is HMAC-SHA-256 with the seed (UTF-8 bytes) as key over the id (UTF-8 bytes), as
 *      lowercase hex: `printf '%s' "$ID" | openssl dgst -sha256 -hmac "$SEED"`.
 *   3. Items are sorted by rank (hex text order; equal ranks, which do not happen in practice, by id)
 *      and the first N are the sample, listed in id order.
 *
 * No PRNG state, no floating point, no library version in the loop: the same ids and seed give the
 * same sample in any language.
 */
export const ALGORITHM = 'HMAC-SHA-256(key=seed, message=item id), ascending hex rank, first N';

export function rankOf(seed: string, id: string): string {
  return rankerOf(seed)(id);
}

/** rankOf for one seed over many ids: the key is made once (a year's days are 365 ids; issue 15). */
function rankerOf(seed: string): (id: string) => string {
  const key = createSecretKey(Buffer.from(seed, 'utf8'));
  return (id) => createHmac('sha256', key).update(id, 'utf8').digest('hex');
}

export interface Ranked<T> {
  readonly item: T;
  readonly id: string;
  readonly rank: string;
}

/** The first `size` items by rank, returned in id order with their ranks. */
export function draw<T>(items: readonly T[], idOf: (item: T) => string, seed: string, size: number): Ranked<T>[] {
  if (!Number.isInteger(size) || size < 0) throw new Error(`sample size must be a whole number, got ${size}`);
  const rank = rankerOf(seed);
  const ranked = items.map((item) => ({ item, id: idOf(item), rank: rank(idOf(item)) }));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ranked.slice(0, size).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A fresh seed when the auditor gave none (printed, so the draw can be repeated). */
export function newSeed(): string {
  return randomBytes(8).toString('hex');
}
