import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TracepointInfo } from '../elaborate/index.js';
import { isRegexError, patternDfa } from '../lang/index.js';
import { MAX_REGEX_DFA_STATES } from './regex-match.js';
import { compileText, refusals } from './testing.js';

const TRACEPOINTS: readonly TracepointInfo[] = [{ system: 'syscalls', name: 'sys_enter_getpid', fields: [] }];

describe('regex matching in kernel handlers', () => {
  test('one table map per pattern, shared by its uses, holding the DFA', () => {
    const r = compileText(
      'probe kernel.trace("sys_enter_getpid") {\n' +
        '  s = execname()\n' +
        '  if (s =~ "^ba+r$" || s !~ "[0-9]") println(1)\n' +
        '  println(s =~ "^ba+r$")\n' +
        '}',
      TRACEPOINTS,
    );
    assert.deepEqual(refusals(r), []);
    assert.equal(r.programs.length, 1);
    const tables = r.maps.filter((m) => m.symbol.startsWith('regex_'));
    assert.deepEqual(
      tables.map((m) => m.symbol),
      ['regex_0', 'regex_1'],
    );
    const dfa = patternDfa('^ba+r$', MAX_REGEX_DFA_STATES);
    if (dfa === undefined || isRegexError(dfa)) assert.fail('no DFA');
    const value = tables[0]!.contents?.[0]?.value;
    assert.ok(value);
    assert.equal(value.length % 8, 0);
    assert.deepEqual([...value.subarray(0, 256)], [...dfa.classOf]);
    assert.deepEqual([...value.subarray(256, 256 + dfa.next.length)], [...dfa.next]);
  });

  test('a pattern matching before any byte needs no table', () => {
    const r = compileText(
      'probe kernel.trace("sys_enter_getpid") { println(execname() =~ "x*") }',
      TRACEPOINTS,
    );
    assert.deepEqual(refusals(r), []);
    assert.equal(
      r.maps.some((m) => m.symbol.startsWith('regex_')),
      false,
    );
  });

  test('a pattern needing too many states is refused at the operator', () => {
    const r = compileText(
      'probe kernel.trace("sys_enter_getpid") {\n  println(execname() =~ "[ab].{12}")\n}',
      TRACEPOINTS,
    );
    assert.deepEqual(refusals(r), [
      `regular expression matching with a pattern needing more than ${MAX_REGEX_DFA_STATES} DFA states is not supported in kernel probes yet at 2:22`,
    ]);
  });
});
