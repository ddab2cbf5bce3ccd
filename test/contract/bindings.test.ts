import { describe, expect, it } from 'vitest';
import { BINDINGS } from './bindings.js';
import { registeredCollectors } from './harness.js';

describe('contract bindings', () => {
  it('every registered collector has a contract binding (its fake, config slice and fault rules), so the suite runs it', () => {
    const missing = registeredCollectors()
      .map((c) => c.id)
      .filter((id) => BINDINGS[id] === undefined);
    expect(missing, 'registered collectors without a binding in test/contract/bindings.ts').toEqual([]);
  });
});
