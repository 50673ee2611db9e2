import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions, table } from './common.js';

const DEFAULTS = { runs: 5, exitEvents: 1000, bpftrace: true, install: true };
const CASES = ['startup', 'count'] as const;

test('bench options: numbers in kebab case, --no- flags, cases, and what is wrong', () => {
  assert.deepEqual(parseOptions([], DEFAULTS, CASES), { ...DEFAULTS, cases: new Set(CASES) });
  assert.deepEqual(
    parseOptions(['--runs=2', '--exit-events=1_000', '--no-bpftrace', '--cases=count'], DEFAULTS, CASES),
    {
      runs: 2,
      exitEvents: 1000,
      bpftrace: false,
      install: true,
      cases: new Set(['count']),
    },
  );
  assert.equal(parseOptions(['--runs=0'], DEFAULTS), '--runs needs a positive integer: --runs=0');
  assert.equal(
    parseOptions(['--exit-events=x'], DEFAULTS),
    '--exit-events needs a positive integer: --exit-events=x',
  );
  assert.equal(parseOptions(['--cases=count'], DEFAULTS), 'unknown argument --cases=count');
  assert.equal(parseOptions(['--cases=hist'], DEFAULTS, CASES), 'unknown case hist (have: startup, count)');
  assert.equal(parseOptions(['--no-runs'], DEFAULTS), 'unknown argument --no-runs');
  assert.equal(parseOptions(['--bpftrace=1'], DEFAULTS), 'unknown argument --bpftrace=1');
  assert.equal(parseOptions(['--exitEvents=1'], DEFAULTS), 'unknown argument --exitEvents=1');
});

test('bench tables: the first column left-aligned, the rest right-aligned', () => {
  assert.equal(
    table(
      ['case', 'ms'],
      [
        ['a', '1'],
        ['long', '100'],
      ],
    ),
    'case   ms\n----  ---\na       1\nlong  100',
  );
});
