import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScriptError } from '../context.js';
import { NO_HISTOGRAM } from '../format/stats.js';
import { createMemoryStore } from './memory-store.js';
import { type ArrayVar, encodeKey, type GlobalLayout, type StatArrayVar } from './types.js';

function array(
  layout: Partial<Extract<GlobalLayout, { kind: 'array' }>>,
  maxMapEntries = 2048,
): ArrayVar<bigint> {
  const full: GlobalLayout = {
    kind: 'array',
    name: 'a',
    type: 'long',
    keyTypes: ['long'],
    maxEntries: undefined,
    wrap: false,
    ...layout,
  };
  const v = createMemoryStore([full], { maxMapEntries }).variable(0);
  assert.equal(v.kind, 'long-array');
  return v as ArrayVar<bigint>;
}

describe('memory store', () => {
  test('reads of missing elements do not create them', () => {
    const a = array({});
    assert.equal(a.get(5n), 0n);
    assert.equal(a.has(5n), false);
    assert.equal(a.size(), 0);
  });

  test('a declared size and MAXMAPENTRIES give stap’s overflow messages', () => {
    const sized = array({ maxEntries: 2 });
    sized.set(1n, 1n);
    sized.set(2n, 2n);
    sized.set(1n, 3n);
    assert.throws(
      () => sized.set(3n, 3n),
      (e) => e instanceof ScriptError && e.message === 'Array overflow, check size limit (2)',
    );
    const unsized = array({}, 1);
    unsized.set(1n, 1n);
    assert.throws(() => unsized.set(2n, 2n), { message: 'Array overflow, check MAXMAPENTRIES' });
  });

  test('a wrapping array evicts the first element of its order', () => {
    const w = array({ maxEntries: 2, wrap: true });
    w.set(1n, 10n);
    w.set(2n, 20n);
    w.reorder([...w.entries()].reverse());
    w.set(3n, 30n);
    assert.deepEqual(
      w.entries().map((e) => e.keys[0]),
      [1n, 3n],
    );
  });

  test('multi-column keys round-trip through their encoding', () => {
    const layout: GlobalLayout = {
      kind: 'array',
      name: 'm',
      type: 'string',
      keyTypes: ['string', 'long'],
      maxEntries: undefined,
      wrap: false,
    };
    const m = createMemoryStore([layout], { maxMapEntries: 10 }).variable(0) as ArrayVar<string>;
    m.set(encodeKey(['x', -5n]), 'v');
    assert.deepEqual(m.entries(), [{ keys: ['x', -5n], value: 'v' }]);
    assert.equal(m.get(encodeKey(['x', -5n])), 'v');
  });

  test('aggregate arrays read aggregated elements', () => {
    const layout: GlobalLayout = {
      kind: 'stat-array',
      name: 's',
      spec: { histogram: NO_HISTOGRAM, varianceShift: 0 },
      keyTypes: ['string'],
      maxEntries: undefined,
      wrap: false,
    };
    const s = createMemoryStore([layout], { maxMapEntries: 10 }).variable(0) as StatArrayVar;
    s.add('k', 4n);
    s.add('k', 6n);
    assert.equal(s.read('k')?.count, 2n);
    assert.equal(s.read('k')?.sum, 10n);
    assert.equal(s.read('none'), undefined);
  });
});
