import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/util/canonical.js';

/** The reference's answer: its text, or the error it throws (by message), or "undefined". */
function reference(value: unknown): string {
  try {
    const text = canonicalize(value);
    return text === undefined ? 'undefined' : `text:${text}`;
  } catch (err) {
    return `error:${(err as Error).message}`;
  }
}

function ours(value: unknown): string {
  try {
    return `text:${canonicalJson(value)}`;
  } catch (err) {
    return err instanceof TypeError && /cannot be represented/.test((err as Error).message) ? 'undefined' : `error:${(err as Error).message}`;
  }
}

// Strings drawn from every UTF-16 code unit, so lone surrogates, escapes and astral pairs all occur.
const text = fc.string({ unit: 'binary' });
const anyText = fc.oneof(text, fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }));

describe('canonicalJson: the bytes of the canonicalize package (RFC 8785), faster', () => {
  it('agrees with the reference on arbitrary JSON-like values, odd ones included', () => {
    const leaf = fc.oneof(
      anyText,
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constant(Number.NaN),
      fc.constant(-0),
      fc.constant(Number.POSITIVE_INFINITY),
      fc.date({ noInvalidDate: true }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 5 }),
      object: fc.dictionary(fc.oneof(anyText, fc.nat().map(String), fc.constant('__proto__')), tie('node'), { maxKeys: 5 }),
    })).node;
    fc.assert(fc.property(value, (v) => ours(v) === reference(v)), { numRuns: 3000 });
  });

  it('agrees on the shapes the store hashes: seal material, counts, hashes, timestamps', () => {
    const row = fc.record({
      checkId: fc.stringMatching(/^[a-z0-9.-]{1,30}$/),
      scope: anyText,
      counts: fc.record({ pass: fc.nat(), fail: fc.nat(), error: fc.nat() }),
      resultsHash: fc.stringMatching(/^[0-9a-f]{64}$/),
      note: fc.option(anyText, { nil: undefined }),
    });
    fc.assert(fc.property(fc.array(row, { maxLength: 20 }), fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }), (rows, prevSeal) => {
      const v = { sealVersion: 1, resultSets: rows, prevSeal };
      expect(ours(v)).toBe(reference(v));
    }));
  });

  it('leaves what is not plain data to the reference: holes, cycles, functions, symbols, toJSON', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    // eslint-disable-next-line no-sparse-arrays
    const cases: unknown[] = [[1, , 3], cyclic, { f: () => 1 }, [Symbol('s')], { s: Symbol('s') }, new Date(0), { when: new Date(0) }, Buffer.from('ab'), 'a\ud800', { 'k\udc00': 1 }, [Number.NaN]];
    for (const v of cases) expect(ours(v)).toBe(reference(v));
    expect(() => canonicalJson(undefined)).toThrow(/cannot be represented/);
    expect(() => canonicalJson(cyclic)).toThrow(/Circular/);
  });

  it('sorts keys by UTF-16 code units and escapes as JSON.stringify does', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x"\n'], é: 0.1, Z: -0 })).toBe('{"Z":0,"a":[true,null,"x\\"\\n"],"b":1,"é":0.1}');
    // Array-index keys: a JS object would print them in numeric order; canonical order is by code units.
    expect(canonicalJson({ 10: 'a', 9: 'b', x: { 2: 1, 10: 2 } })).toBe('{"10":"a","9":"b","x":{"10":2,"2":1}}');
    expect(canonicalJson({ ['__proto__']: 1 })).toBe(canonicalize({ ['__proto__']: 1 })!);
  });
});
