import { hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCanonicalBlob } from '../../src/store/blob-codec.js';
import { NODE_DESCRIBER_SOURCE } from '../../src/store/blob-check-worker.js';
import { MANIFEST_CODEC } from '../../src/store/tree-kinds.js';

type Description = [shape: number, count: number, text: string] | null;
interface Describer {
  describe(out: Buffer, fast?: boolean): Description;
  readHashRecord(text: string): { keys: string[]; values: string } | null;
}

/** The blob-check worker's node describer, run on this thread (the same text the worker evaluates). */
function workerDescriber(): Describer {
  const sha256Hex = (b: Buffer | string) => hash('sha256', b, 'hex');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the worker's own source text, as the worker runs it
  return new Function('sha256Hex', `${NODE_DESCRIBER_SOURCE}\nreturn { describe, readHashRecord };`)(sha256Hex) as Describer;
}

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
/** Keys as resource ids come, and the ones that could make a reader without JSON.parse differ from it. */
const key = fc.oneof(
  fc.stringMatching(/^arn:aws:iam::[0-9]{12}:user\/[a-z0-9-]{1,12}$/),
  fc.stringMatching(/^github:[a-z]{1,6}\/repo-[0-9]{1,4}$/),
  fc.constantFrom('0', '1', '9', '10', '4294967294', '4294967295', '01', '123456789012', '__proto__', '', 'a\0b', 'quote"d', 'back\\slash', 'tab\there', 'é', '😀', '\u2028'),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
/** A record's text: canonical, or written by hand (unsorted, duplicated, spaced, escaped, a value that is not a hash). */
const recordText = fc.oneof(
  fc.array(fc.tuple(key, hex64), { minLength: 1, maxLength: 12 }).map((entries) => toCanonicalBlob(Object.fromEntries(entries)).bytes.toString('utf8')),
  fc
    .array(fc.tuple(key, fc.oneof(hex64, fc.constantFrom('A'.repeat(64), '0'.repeat(63), `\\u0061${'a'.repeat(63)}`))), { minLength: 1, maxLength: 8 })
    .chain((entries) =>
      fc.constantFrom('', ' ', '\n').map((space) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${space}"${v}"`).join(`,${space}`)}}`),
    ),
  fc.array(fc.tuple(key, hex64), { minLength: 1, maxLength: 8 }).map((entries) => `{${entries.map(([k, v]) => `"${k}":"${v}"`).join(',')}}`),
);

describe('the blob-check worker describes a hash record without JSON.parse exactly as with it', () => {
  const describer = workerDescriber();

  it('any record text: the same description (or none) either way', () => {
    fc.assert(
      fc.property(recordText, (text) => {
        const out = Buffer.from(text, 'utf8');
        expect(describer.describe(out, true)).toEqual(describer.describe(out, false));
      }),
      { numRuns: 3000 },
    );
  });

  it('a manifest leaf as the store writes it is read by the fast path, entries in order', () => {
    const entries: Array<[string, string]> = Array.from({ length: 16 }, (_, i) => [`arn:aws:iam::123456789012:user/u${String(i).padStart(4, '0')}`, hash('sha256', String(i), 'hex')]);
    const text = toCanonicalBlob(MANIFEST_CODEC.toLeaf(entries)).bytes.toString('utf8');
    expect(describer.readHashRecord(text)).toEqual({ keys: entries.map((e) => e[0]), values: entries.map((e) => e[1]).join('') });
    expect(describer.describe(Buffer.from(text), true)).toEqual(describer.describe(Buffer.from(text), false));
  });

  it('declines what it cannot settle: a duplicate key, keys out of order, an array-index key, spaces, escapes, trailing bytes', () => {
    const h = 'a'.repeat(64);
    const texts = [`{"b":"${h}","b":"${h}"}`, `{"b":"${h}","a":"${h}"}`, `{"a":"${h}","7":"${h}"}`, `{"a": "${h}"}`, `{"a":"\\u0061${h.slice(1)}"}`, `{"a\\"b":"${h}"}`, `{"a\tb":"${h}"}`, `{"a":"${h}"} `];
    for (const text of texts) {
      expect(describer.readHashRecord(text), text).toBeNull();
      // Declined, JSON.parse decides: the description is the same as without the fast path.
      expect(describer.describe(Buffer.from(text), true), text).toEqual(describer.describe(Buffer.from(text), false));
    }
  });
});
