/**
 * `onDeclaration` (declarations handed over as they are parsed, as `-p1` prints them) gives the
 * same declarations, diagnostics and empty-file errors as collecting them; and the fast path for
 * small decimal literals gives the same values as the general one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagnosticBag, makeSource } from '../../diag/index.js';
import type { Declaration, GlobalDecl } from '../ast.js';
import { astDiff } from '../ast-equal.js';
import { parseTestScript, TEST_CONTEXT } from '../testing.js';
import { parseScript } from './index.js';

function parseBoth(text: string) {
  const collectedBag = new DiagnosticBag();
  const collected = parseScript(
    makeSource('t.stp', text),
    { privileged: false, preprocess: TEST_CONTEXT },
    collectedBag,
  );
  const handed: Declaration[] = [];
  const streamedBag = new DiagnosticBag();
  const streamed = parseScript(
    makeSource('t.stp', text),
    { privileged: false, preprocess: TEST_CONTEXT, onDeclaration: (d) => handed.push(d) },
    streamedBag,
  );
  return { collected, collectedBag, handed, streamed, streamedBag };
}

describe('parseScript onDeclaration', () => {
  test('hands over every declaration, in order, instead of collecting them', () => {
    const r = parseBoth('global a, b = 2\nprobe begin { a = 1 }\nfunction f(x) { return x }\nprobe end {}');
    assert.equal(r.handed.length, 5);
    assert.equal(astDiff(r.handed, r.collected.script.declarations), undefined);
    assert.deepEqual(r.streamed.script.declarations, []);
    assert.equal(r.streamed.errorCount, 0);
  });

  test('declarations before a failure inside a declaration are kept, as when collecting', () => {
    const r = parseBoth('global a, b, 3\nprobe begin {}\nprobe end { x = }\nglobal c');
    assert.deepEqual(
      r.handed.map((d) => (d.kind === 'Global' ? d.name : d.kind)),
      ['a', 'b', 'Probe', 'c'],
    );
    assert.equal(astDiff(r.handed, r.collected.script.declarations), undefined);
    assert.equal(r.streamed.errorCount, r.collected.errorCount);
    assert.deepEqual(
      r.streamedBag.all.map((d) => d.message),
      r.collectedBag.all.map((d) => d.message),
    );
  });

  test('a file empty after preprocessing is still an error', () => {
    for (const text of ['', '%( arch == "none" %? probe begin {} %)']) {
      const r = parseBoth(text);
      assert.equal(r.streamed.errorCount, 1);
      assert.deepEqual(
        r.streamedBag.all.map((d) => d.message),
        r.collectedBag.all.map((d) => d.message),
      );
    }
  });
});

describe('number literals', () => {
  test('small decimals, octal, hex and the 64-bit edges', () => {
    const values = {
      a: '0',
      b: '7',
      c: '1023',
      d: '1024',
      e: '999999999999999',
      f: '1000000000000000',
      g: '007',
      h: '0x1f',
      i: '-5',
      j: '-0',
      k: '18446744073709551615',
      l: '-9223372036854775808',
    };
    const text = `global ${Object.entries(values)
      .map(([name, v]) => `${name} = ${v}`)
      .join(', ')}`;
    const bag = new DiagnosticBag();
    const script = parseTestScript(text, bag);
    assert.deepEqual(bag.all, []);
    const init = (d: Declaration) => {
      const lit = (d as GlobalDecl).init;
      return lit?.kind === 'Number' ? lit.value : undefined;
    };
    assert.deepEqual(script.declarations.map(init), [
      0n,
      7n,
      1023n,
      1024n,
      999999999999999n,
      1000000000000000n,
      7n,
      31n,
      -5n,
      0n,
      -1n,
      -9223372036854775808n,
    ]);
  });
});
