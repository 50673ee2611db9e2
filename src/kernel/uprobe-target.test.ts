import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { FixtureDir, missingSdtHeader, run } from './elf/testing/c-fixtures.js';
import { userBinaryLookup } from './uprobe-target.js';

const skip = missingSdtHeader();

describe('the process(...) target port over real binaries', { skip }, () => {
  const dir = new FixtureDir();
  before(() => {
    dir.file('lib.c', 'int lib_twice(int x) { return 2 * x; }\n');
    dir.file(
      'prog.c',
      [
        '#define _SDT_HAS_SEMAPHORES 1',
        '#include <sys/sdt.h>',
        '__extension__ unsigned short demo_gated_semaphore __attribute__((section(".probes")));',
        'int lib_twice(int);',
        'int add(int a, int b) { return a + b; }',
        'int main(int argc, char **argv) {',
        '  if (demo_gated_semaphore) STAP_PROBE2(demo, gated, argc, argv);',
        '  return add(argc, lib_twice(argc));',
        '}',
      ].join('\n'),
    );
    dir.gcc('-O1', '-shared', '-fPIC', '-o', 'libtwice.so', 'lib.c');
    dir.gcc('-O1', '-o', 'prog', 'prog.c', '-L.', '-ltwice', `-Wl,-rpath,${dir.dir}`);
    symlinkSync(dir.path('prog'), dir.path('alias'));
  });
  after(() => dir.remove());

  test('a path is made canonical; functions are at their file offsets', () => {
    const r = userBinaryLookup({})({ kind: 'path', path: dir.path('alias') });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.binary.path, dir.path('prog'));
    assert.equal(r.binary.pid, undefined);
    // nm's address through the PT_LOAD segment: a PIE's first segment maps offset 0 at vaddr 0.
    const nm = run('nm', [dir.path('prog')]);
    const address = BigInt(`0x${/^([0-9a-f]+) T add$/m.exec(nm)?.[1] ?? '0'}`);
    const found = r.binary.functions('ad?');
    assert.deepEqual(
      found.map(({ name, offset }) => ({ name, offset })),
      [{ name: 'add', offset: address }],
    );
    // Built without -g: the function's DWARF is missing, which is not an error.
    const debug = found[0]?.debug?.();
    assert.equal(debug?.ok === false && debug.missing, true);
  });

  test('markers carry their arguments and the semaphore offset', () => {
    const r = userBinaryLookup({})({ kind: 'path', path: dir.path('prog') });
    assert.ok(r.ok);
    const [mark] = r.binary.marks();
    assert.equal(`${mark?.provider}:${mark?.name}`, 'demo:gated');
    assert.equal(mark?.args.length, 2);
    assert.ok((mark?.semaphoreOffset ?? 0n) > 0n);
  });

  test('a library it needs, by file name', () => {
    const r = userBinaryLookup({})({ kind: 'path', path: dir.path('prog') });
    assert.ok(r.ok);
    const lib = r.binary.library('libtwice.so');
    assert.ok(lib.ok, lib.ok ? '' : lib.error);
    assert.equal(lib.binary.path, dir.path('libtwice.so'));
    assert.deepEqual(
      lib.binary.functions('lib_*').map((f) => f.name),
      ['lib_twice'],
    );
    const missing = r.binary.library('libnope.so');
    assert.equal(missing.ok, false);
  });

  test('bare process: the -c command, the -x pid, or an error', () => {
    const viaCommand = userBinaryLookup({ targetCommand: `${dir.path('alias')} 1 2` })({ kind: 'target' });
    assert.ok(viaCommand.ok);
    assert.equal(viaCommand.binary.path, dir.path('prog'));
    const viaPid = userBinaryLookup({ targetPid: process.pid })({ kind: 'target' });
    assert.ok(viaPid.ok, viaPid.ok ? '' : viaPid.error);
    assert.equal(viaPid.binary.pid, process.pid);
    const none = userBinaryLookup({})({ kind: 'target' });
    assert.deepEqual(none, {
      ok: false,
      error: 'unspecified process probe is invalid without a -c COMMAND or -x PID [man stapprobes]',
    });
    assert.deepEqual(userBinaryLookup({})({ kind: 'path', path: dir.path('nope') }), {
      ok: false,
      error: `cannot find executable '${dir.path('nope')}'`,
    });
  });
});
