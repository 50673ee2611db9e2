import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { ElfNote } from './elf-format.js';
import { readElf } from './read-elf.js';
import { decodeSdtNotes, NT_STAPSDT } from './sdt-notes.js';
import { FixtureDir, missingSdtHeader, missingTool } from './testing/c-fixtures.js';
import { readelfSdtNotes } from './testing/readelf.js';
import type { ElfFile, SdtNote } from './types.js';

const MARKERS = `
#include <sys/sdt.h>
int gvar = 42;
int guarded(int a);
__attribute__((noinline)) int work(int a, long b, char c, unsigned long d) {
  STAP_PROBE4(tstap, args, a, b, c, d);
  STAP_PROBE2(tstap, consts, 5, -1);
  STAP_PROBE1(tstap, global, gvar);
  STAP_PROBE(tstap, noargs);
  return a + (int)b + guarded(a);
}
int main(int argc, char **argv) { (void)argv; return work(argc, argc * 2L, 'x', 9UL) == 0; }
`;
// Semaphores are all-or-nothing per translation unit, hence a second file.
const GUARDED = `
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>
unsigned short tstap_guarded_semaphore __attribute__((unused)) __attribute__((section(".probes")));
__attribute__((noinline)) int guarded(int a) {
  if (tstap_guarded_semaphore) STAP_PROBE1(tstap, guarded, a);
  return a;
}
`;
const VARIANTS = {
  'pie-O2': ['-O2'],
  'exec-O2': ['-O2', '-no-pie'],
  'pie-O0': ['-O0'],
} as const;

const sdtMissing = missingSdtHeader();
const readelfMissing = missingTool('readelf');
let fx: FixtureDir | undefined;

before(() => {
  if (sdtMissing !== undefined) return;
  fx = new FixtureDir();
  fx.file('markers.c', MARKERS);
  fx.file('guarded.c', GUARDED);
  for (const [name, flags] of Object.entries(VARIANTS))
    fx.gcc(...flags, '-o', name, 'markers.c', 'guarded.c');
});
after(() => fx?.remove());

function load(file: string): ElfFile {
  const r = readElf(file);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.elf;
}

function byteAt(file: string, offset: bigint): number | undefined {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(1);
    return readSync(fd, b, 0, 1, Number(offset)) === 1 ? b[0] : undefined;
  } finally {
    closeSync(fd);
  }
}

/** Our notes against `readelf -n`, field by field. */
function assertMatchesReadelf(file: string, notes: readonly SdtNote[]): void {
  const theirs = readelfSdtNotes(file);
  assert.ok(theirs.length > 0, `readelf lists no stapsdt notes in ${file}`);
  assert.deepEqual(
    notes.map((n) => ({
      provider: n.provider,
      name: n.name,
      pc: n.pc,
      base: n.base,
      semaphore: n.semaphore,
      argText: n.args.map((a) => a.text).join(' '),
    })),
    theirs,
  );
}

for (const variant of Object.keys(VARIANTS)) {
  test(`${variant}: USDT markers with offsets, semaphores and parsed arguments`, (t) => {
    if (fx === undefined) return t.skip(sdtMissing);
    const file = fx.path(variant);
    const elf = load(file);
    const notes = elf.sdtNotes();
    assert.deepEqual(
      notes.map((n) => `${n.provider}:${n.name}`),
      ['tstap:args', 'tstap:consts', 'tstap:global', 'tstap:noargs', 'tstap:guarded'],
    );
    const note = (name: string) => {
      const n = notes.find((x) => x.name === name);
      assert.ok(n !== undefined, name);
      return n;
    };
    for (const n of notes) {
      assert.equal(n.argError, undefined, `${n.name}: ${n.argError}`);
      assert.equal(n.locationError, undefined);
      assert.equal(byteAt(file, n.offset), 0x90, `${n.name}: the marker is a nop at its file offset`);
      assert.equal(n.offset, elf.vaddrToOffset(n.pc));
    }
    assert.deepEqual(
      note('args').args.map((a) => a.size),
      [-4, -8, -1, 8],
    );
    assert.deepEqual(
      note('consts').args.map((a) => a.location),
      [
        { kind: 'constant', value: 5n },
        { kind: 'constant', value: -1n },
      ],
    );
    assert.deepEqual(note('noargs').args, []);
    const gvar = elf.symbols().find((s) => s.name === 'gvar');
    assert.ok(gvar !== undefined);
    const [globalArg] = note('global').args;
    assert.ok(globalArg !== undefined);
    if (globalArg.text.includes('gvar')) {
      assert.equal(globalArg.location.kind, 'memory');
      if (globalArg.location.kind === 'memory') {
        assert.equal(globalArg.location.base, 'rip');
        assert.equal(note('global').pc + BigInt(globalArg.location.offset), gvar.value);
      }
    }
    const semaphore = elf.symbols().find((s) => s.name === 'tstap_guarded_semaphore');
    assert.ok(semaphore !== undefined);
    const guarded = note('guarded');
    assert.equal(guarded.semaphore, semaphore.value);
    assert.equal(guarded.semaphoreOffset, elf.vaddrToOffset(semaphore.value));
    assert.ok(guarded.semaphoreOffset !== undefined);
    assert.equal(note('args').semaphore, 0n);
    assert.equal(note('args').semaphoreOffset, undefined);
    if (readelfMissing === undefined) assertMatchesReadelf(file, notes);
  });
}

test('-O0 markers read locals off the frame', (t) => {
  if (fx === undefined) return t.skip(sdtMissing);
  const args = load(fx.path('pie-O0'))
    .sdtNotes()
    .find((n) => n.name === 'args')?.args;
  assert.ok(args !== undefined && args.length === 4);
  for (const a of args) assert.ok(a.location.kind === 'memory' || a.location.kind === 'register', a.text);
  const memory = args.filter((a) => a.location.kind === 'memory');
  assert.ok(memory.length > 0, args.map((a) => a.text).join(' '));
  for (const a of memory) assert.match(a.text, /^-?\d@-?\d+\(%r[bs]p\)$/);
});

test('prelinked files: pc and semaphore move with .stapsdt.base', () => {
  const desc = Buffer.alloc(24);
  desc.writeBigUInt64LE(0x1000n, 0);
  desc.writeBigUInt64LE(0x2000n, 8);
  desc.writeBigUInt64LE(0x3000n, 16);
  const note = (semaphore: boolean): ElfNote => {
    const d = Buffer.from(desc);
    if (!semaphore) d.writeBigUInt64LE(0n, 16);
    return {
      owner: 'stapsdt',
      type: NT_STAPSDT,
      desc: Buffer.concat([d, Buffer.from('prov\0mark\0-4@%edi\0')]),
    };
  };
  const identity = (v: bigint) => v;
  const [moved, noSemaphore] = decodeSdtNotes(
    [note(true), note(false)],
    0x2100n,
    identity,
    () => undefined,
    62,
    true,
  );
  assert.equal(moved?.pc, 0x1100n);
  assert.equal(moved?.semaphore, 0x3100n);
  assert.equal(moved?.semaphoreOffset, 0x3100n);
  assert.equal(moved?.base, 0x2100n);
  assert.equal(moved?.provider, 'prov');
  assert.equal(moved?.name, 'mark');
  assert.deepEqual(moved?.args[0]?.location, { kind: 'register', register: 'rdi' });
  assert.equal(noSemaphore?.semaphore, 0n);
  assert.equal(noSemaphore?.semaphoreOffset, undefined);
  const [unmoved] = decodeSdtNotes([note(true)], undefined, identity, () => undefined, 62, true);
  assert.equal(unmoved?.pc, 0x1000n);
  const [outside] = decodeSdtNotes(
    [note(true)],
    undefined,
    () => undefined,
    () => undefined,
    62,
    true,
  );
  assert.equal(outside?.locationError, 'marker address 0x1000 is in no PT_LOAD segment');
  const [other] = decodeSdtNotes([note(true)], undefined, identity, () => undefined, 183, false);
  assert.equal(other?.argError, 'USDT arguments are parsed for x86_64 only (e_machine 183)');
});

const PYTHON = '/usr/bin/python3.11';

test(`${PYTHON}: the python provider's markers, as readelf lists them`, (t) => {
  if (!existsSync(PYTHON)) return t.skip(`${PYTHON} is not installed`);
  const elf = load(PYTHON);
  const notes = elf.sdtNotes();
  const names = new Set(notes.map((n) => n.name));
  for (const name of ['function__entry', 'function__return', 'line', 'gc__start', 'gc__done']) {
    assert.ok(names.has(name), `${name} in ${[...names].join(',')}`);
  }
  for (const n of notes) {
    assert.equal(n.provider, 'python');
    assert.equal(n.argError, undefined, `${n.name}: ${n.argError}`);
    assert.ok(n.semaphore !== 0n && n.semaphoreOffset !== undefined, `${n.name} has a semaphore`);
    assert.equal(byteAt(PYTHON, n.offset), 0x90, `${n.name}: nop at the marker`);
  }
  const entry = notes.find((n) => n.name === 'function__entry');
  assert.deepEqual(
    entry?.args.map((a) => a.size),
    [8, 8, -4],
    'function__entry(filename, funcname, lineno)',
  );
  if (readelfMissing !== undefined) return t.skip(readelfMissing);
  assertMatchesReadelf(PYTHON, notes);
});

test('a file without USDT markers has none', () => {
  const r = readElf(process.execPath);
  assert.ok(r.ok, r.ok ? '' : r.message);
  const viaReadelf = readelfMissing === undefined ? readelfSdtNotes(process.execPath).length : 0;
  assert.equal(r.elf.sdtNotes().length, viaReadelf);
});
