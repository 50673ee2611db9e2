import assert from 'node:assert/strict';
import { existsSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { listUserProbePoints } from './list-probe-points.js';
import { FixtureDir, missingSdtHeader, missingTool } from './testing/c-fixtures.js';
import { readelfSdtNotes } from './testing/readelf.js';

const PROGRAM = `
#include <sys/sdt.h>
__attribute__((noinline)) static int step_one(int x) { STAP_PROBE1(demo, step__begin, x); return x + 1; }
__attribute__((noinline)) int step_two(int x) { STAP_PROBE1(demo, step__end, x); return x * 2; }
int main(int argc, char **argv) { (void)argv; STAP_PROBE1(demo, step__begin, argc); return step_two(step_one(argc)); }
`;

const sdtMissing = missingSdtHeader();
let fx: FixtureDir | undefined;
let real = '';

before(() => {
  if (sdtMissing !== undefined) return;
  fx = new FixtureDir();
  fx.file('demo.c', PROGRAM);
  fx.gcc('-O1', '-o', 'demo', 'demo.c');
  symlinkSync('demo', fx.path('demo-link'));
  writeFileSync(fx.path('demo.txt'), 'not an ELF file\n');
  real = realpathSync(fx.path('demo'));
});
after(() => fx?.remove());

test('functions: one line per matching name, sorted, path canonicalized', (t) => {
  if (fx === undefined) return t.skip(sdtMissing);
  assert.deepEqual(listUserProbePoints(fx.path('demo-link'), 'function', 'step_*'), {
    ok: true,
    points: [`process("${real}").function("step_one")`, `process("${real}").function("step_two")`],
  });
  assert.deepEqual(listUserProbePoints(fx.path('demo'), 'function', 'main'), {
    ok: true,
    points: [`process("${real}").function("main")`],
  });
  assert.deepEqual(listUserProbePoints(fx.path('demo'), 'function', 'nothing*'), { ok: true, points: [] });
});

test('marks: a name at several sites is listed once; "-" matches "__"', (t) => {
  if (fx === undefined) return t.skip(sdtMissing);
  const all = [`process("${real}").mark("step__begin")`, `process("${real}").mark("step__end")`];
  assert.deepEqual(listUserProbePoints(fx.path('demo'), 'mark', '*'), { ok: true, points: all });
  assert.deepEqual(listUserProbePoints(fx.path('demo'), 'mark', 'step-end'), { ok: true, points: [all[1]] });
  assert.deepEqual(listUserProbePoints(fx.path('demo'), 'mark', 'step__beg?n'), {
    ok: true,
    points: [all[0]],
  });
});

test('bare names go through $PATH; a wildcard path lists every ELF file it matches', (t) => {
  if (fx === undefined) return t.skip(sdtMissing);
  const savedPath = process.env.PATH;
  try {
    process.env.PATH = fx.dir;
    assert.deepEqual(listUserProbePoints('demo', 'function', 'main'), {
      ok: true,
      points: [`process("${real}").function("main")`],
    });
  } finally {
    process.env.PATH = savedPath;
  }
  // demo, demo-link (the same file) and demo.txt (not ELF, skipped) all match.
  assert.deepEqual(listUserProbePoints(fx.path('dem*'), 'function', 'main'), {
    ok: true,
    points: [`process("${real}").function("main")`],
  });
});

test('errors: a missing program, a non-ELF file, a wildcard matching nothing', (t) => {
  if (fx === undefined) return t.skip(sdtMissing);
  assert.deepEqual(listUserProbePoints('tstap-no-such-program', 'function', '*'), {
    ok: false,
    message: "cannot find executable 'tstap-no-such-program'",
  });
  const txt = listUserProbePoints(fx.path('demo.txt'), 'mark', '*');
  assert.ok(!txt.ok);
  assert.match(txt.message, /is not an ELF file/);
  const none = listUserProbePoints(fx.path('zzz*'), 'mark', '*');
  assert.ok(!none.ok);
  assert.match(none.message, /^no file matches/);
});

const PYTHON = '/usr/bin/python3.11';

test(`${PYTHON}: every marker readelf lists, once each`, (t) => {
  if (!existsSync(PYTHON)) return t.skip(`${PYTHON} is not installed`);
  const readelfMissing = missingTool('readelf');
  if (readelfMissing !== undefined) return t.skip(readelfMissing);
  const r = listUserProbePoints(PYTHON, 'mark', '*');
  assert.ok(r.ok, r.ok ? '' : r.message);
  const path = realpathSync(PYTHON);
  const expected = [
    ...new Set(readelfSdtNotes(PYTHON).map((n) => `process("${path}").mark("${n.name}")`)),
  ].sort();
  assert.deepEqual(r.points, expected);
  assert.ok(r.points.includes(`process("${path}").mark("function__entry")`));
});
