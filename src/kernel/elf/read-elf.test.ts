import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, readSync, utimesSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { readElf } from './read-elf.js';
import { stripVersion } from './symbols.js';
import { FixtureDir, missingTool } from './testing/c-fixtures.js';
import { readelfBuildId, readelfFunctionNames } from './testing/readelf.js';
import type { ElfFile } from './types.js';

const PROGRAM = `
#include <stdio.h>
static const unsigned char marker_bytes[8] = {0xde, 0xad, 0xbe, 0xef, 0x12, 0x34, 0x56, 0x78};
int global_counter = 3;
__attribute__((noinline)) static int helper_static(int x) { return x * 3 + marker_bytes[x & 7]; }
__attribute__((noinline)) int helper_global(int x) { return helper_static(x) + 1; }
__attribute__((noinline, weak)) int helper_weak(int x) { return x - 1; }
__attribute__((noinline)) int other_fn(void) { return global_counter; }
int main(int argc, char **argv) {
  (void)argv;
  printf("%d\\n", helper_global(argc) + helper_weak(argc) + other_fn());
  return 0;
}
`;

const gccMissing = missingTool('gcc');
const readelfMissing = missingTool('readelf');
let fx: FixtureDir | undefined;

before(() => {
  if (gccMissing !== undefined) return;
  fx = new FixtureDir();
  fx.file('prog.c', PROGRAM);
  fx.gcc('-O0', '-o', 'prog-pie', 'prog.c');
  fx.gcc('-O0', '-no-pie', '-o', 'prog-exec', 'prog.c');
});
after(() => fx?.remove());

function load(file: string): ElfFile {
  const r = readElf(file);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.elf;
}

function bytesAt(file: string, offset: bigint, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(length);
    readSync(fd, b, 0, length, Number(offset));
    return b;
  } finally {
    closeSync(fd);
  }
}

for (const variant of ['prog-pie', 'prog-exec'] as const) {
  test(`${variant}: header, dynamic section, functions (static ones too), no imports`, (t) => {
    if (fx === undefined) return t.skip(gccMissing);
    const elf = load(fx.path(variant));
    assert.equal(elf.kind, variant === 'prog-pie' ? 'dyn' : 'exec');
    assert.equal(elf.machine, 62);
    assert.equal(elf.interp, '/lib64/ld-linux-x86-64.so.2');
    assert.ok(elf.needed.includes('libc.so.6'), elf.needed.join(','));
    assert.equal(elf.soname, undefined);
    const helpers = elf.findFunctions('helper_*');
    assert.deepEqual(helpers.map((s) => [s.name, s.binding, s.type]).sort(), [
      ['helper_global', 'global', 'func'],
      ['helper_static', 'local', 'func'],
      ['helper_weak', 'weak', 'func'],
    ]);
    assert.deepEqual(
      elf
        .findFunctions('h?lper_[gs]*')
        .map((s) => s.name)
        .sort(),
      ['helper_global', 'helper_static'],
    );
    assert.deepEqual(
      elf.findFunctions('helper_[!gs]*').map((s) => s.name),
      ['helper_weak'],
    );
    assert.deepEqual(elf.findFunctions('main').length, 1);
    assert.deepEqual(elf.findFunctions('global_counter'), [], 'objects are not functions');
    assert.ok(elf.symbols().some((s) => s.name === 'global_counter' && s.type === 'object'));
    assert.deepEqual(elf.findFunctions('printf'), [], 'an undefined (PLT) import is not a function here');
    assert.ok(!elf.symbols().some((s) => s.name === 'printf'));
    for (const s of helpers) assert.ok(s.size > 0n && s.value > 0n, s.name);
  });

  test(`${variant}: vaddrToOffset finds a symbol's bytes in the file`, (t) => {
    if (fx === undefined) return t.skip(gccMissing);
    const file = fx.path(variant);
    const elf = load(file);
    const marker = elf.symbols().find((s) => s.name === 'marker_bytes');
    assert.ok(marker !== undefined);
    const offset = elf.vaddrToOffset(marker.value);
    assert.ok(offset !== undefined);
    assert.equal(bytesAt(file, offset, 8).toString('hex'), 'deadbeef12345678');
    assert.equal(elf.vaddrToOffset(0x7fff00000000n), undefined);
  });

  test(`${variant}: agrees with readelf on build id and the set of function names`, (t) => {
    if (fx === undefined) return t.skip(gccMissing);
    if (readelfMissing !== undefined) return t.skip(readelfMissing);
    const file = fx.path(variant);
    const elf = load(file);
    assert.equal(elf.buildId, readelfBuildId(file));
    const ours = new Set(elf.findFunctions('*').map((s) => s.name));
    assert.deepEqual([...ours].sort(), [...readelfFunctionNames(file)].sort());
  });
}

test('system binaries: every function readelf lists, and nothing else', (t) => {
  if (readelfMissing !== undefined) return t.skip(readelfMissing);
  for (const file of ['/usr/bin/python3.11', '/lib/x86_64-linux-gnu/libc.so.6']) {
    const r = readElf(file);
    if (!r.ok) {
      t.diagnostic(`${file}: ${r.message}`);
      continue;
    }
    const ours = new Set(r.elf.findFunctions('*').map((s) => s.name));
    assert.deepEqual([...ours].sort(), [...readelfFunctionNames(file)].sort(), file);
    assert.equal(r.elf.buildId, readelfBuildId(file), file);
    if (file.includes('libc')) assert.equal(r.elf.soname, 'libc.so.6');
  }
});

test('version suffixes are cut from symbol names', () => {
  assert.equal(stripVersion('memcpy@@GLIBC_2.14'), 'memcpy');
  assert.equal(stripVersion('foo@VER_1'), 'foo');
  assert.equal(stripVersion('plain'), 'plain');
});

test('what is not ELF64 little-endian gets a clear message', () => {
  const fx2 = new FixtureDir();
  try {
    const ident = (elfClass: number, data: number) => {
      const b = Buffer.alloc(64);
      b.writeUInt32BE(0x7f454c46, 0);
      b[4] = elfClass;
      b[5] = data;
      return b;
    };
    writeFileSync(fx2.path('text'), 'hello, world\n');
    writeFileSync(fx2.path('elf32'), ident(1, 1));
    writeFileSync(fx2.path('elf64be'), ident(2, 2));
    writeFileSync(fx2.path('short'), ident(2, 1).subarray(0, 20));
    const message = (name: string) => {
      const r = readElf(fx2.path(name));
      assert.ok(!r.ok);
      return r.message.replace(fx2.dir, 'DIR');
    };
    assert.equal(message('text'), "'DIR/text' is not an ELF file");
    assert.equal(message('elf32'), "'DIR/elf32' is a 32-bit ELF file; only 64-bit ELF files are supported");
    assert.equal(
      message('elf64be'),
      "'DIR/elf64be' is a big-endian ELF file; only little-endian ELF files are supported",
    );
    assert.equal(message('short'), "'DIR/short' is truncated (ELF header)");
    assert.equal(message('missing'), "cannot open 'DIR/missing': ENOENT");
    const dir = readElf(fx2.dir);
    assert.ok(!dir.ok);
    assert.match(dir.message, /is not a regular file/);
  } finally {
    fx2.remove();
  }
});

test('a truncated binary is an error, not a partial read', (t) => {
  if (fx === undefined) return t.skip(gccMissing);
  const whole = readFileSync(fx.path('prog-pie'));
  const cut = fx.path('prog-cut');
  writeFileSync(cut, whole.subarray(0, whole.length - 100));
  const r = readElf(cut);
  assert.ok(!r.ok);
  assert.match(r.message, /is truncated/);
});

test('results are cached per path until the file changes', (t) => {
  if (fx === undefined) return t.skip(gccMissing);
  const file = fx.path('prog-cached');
  writeFileSync(file, readFileSync(fx.path('prog-pie')));
  const first = load(file);
  assert.equal(load(file), first);
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  assert.notEqual(load(file), first);
});
