import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ElfSymbol } from '../../kernel/index.js';
import { layoutDeferredSite, MAX_BACKTRACE_FRAMES } from '../../wire/index.js';
import { readDeferredArgs, withCaller } from './deferred-text.js';
import { type FileSymbols, fileSymbols, parseMaps, userSymbols } from './user-symbols.js';
import { userFrame, userModuleName, userSymbolData, userSymbolName } from './user-symbols-text.js';

const symbol = (name: string, value: bigint, type: ElfSymbol['type'] = 'func'): ElfSymbol => ({
  name,
  value,
  size: 0n,
  type,
  binding: 'global',
  section: 1,
});

/** A shared library whose text segment (vaddr 0x1000) sits at file offset 0x1000. */
const LIB: FileSymbols = fileSymbols({
  kind: 'dyn',
  symbols: () => [
    symbol('start_lib', 0x1100n),
    symbol('.dotted', 0x1200n),
    symbol('NOTYPE', 0x1180n, 'other'),
  ],
  vaddrToOffset: (v) => (v >= 0x1000n && v < 0x2000n ? v : v < 0x1000n ? v : undefined),
});

/** A non-PIE program: text at 0x401000 from file offset 0x1000, .bss at 0x403000 at offset 0. */
const PROGRAM: FileSymbols = fileSymbols({
  kind: 'exec',
  symbols: () => [symbol('main', 0x401040n), symbol('inner', 0x401010n), symbol('sink', 0x403000n, 'object')],
  vaddrToOffset: (v) =>
    v >= 0x401000n && v < 0x402000n ? v - 0x400000n : v >= 0x403000n && v < 0x403008n ? 0n : undefined,
});

const MAPS = [
  '00400000-00401000 r--p 00000000 fe:00 12 /tmp/prog',
  '00401000-00402000 r-xp 00001000 fe:00 12 /tmp/prog',
  '7f0000000000-7f0000001000 r--p 00000000 fe:00 13 /lib/libx.so (deleted)',
  '7f0000001000-7f0000002000 r-xp 00001000 fe:00 13 /lib/libx.so (deleted)',
  '7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]',
  '',
].join('\n');

function sources(maps: Record<number, string>, clock = { ms: 0 }) {
  const reads: number[] = [];
  return {
    reads,
    sources: {
      now: () => clock.ms,
      maps: (pid: number) => {
        reads.push(pid);
        return maps[pid];
      },
      file: (path: string) => (path === '/tmp/prog' ? PROGRAM : path === '/lib/libx.so' ? LIB : undefined),
    },
  };
}

describe('user symbols', () => {
  test('file-backed mappings only, " (deleted)" dropped', () => {
    assert.deepEqual(
      parseMaps(MAPS).map((m) => [m.start, m.end, m.fileOffset, m.path]),
      [
        [0x400000n, 0x401000n, 0n, '/tmp/prog'],
        [0x401000n, 0x402000n, 0x1000n, '/tmp/prog'],
        [0x7f0000000000n, 0x7f0000001000n, 0n, '/lib/libx.so'],
        [0x7f0000001000n, 0x7f0000002000n, 0x1000n, '/lib/libx.so'],
      ],
    );
  });

  test('functions and objects, each as big as the distance to the next, a leading dot dropped', () => {
    assert.deepEqual(
      PROGRAM.symbols.map((s) => [s.name, s.size]),
      [
        ['inner', 0x30n],
        ['main', 0x1fc0n],
        ['sink', 0n],
      ],
    );
    assert.deepEqual(
      LIB.symbols.map((s) => s.name),
      ['start_lib', 'dotted'],
    );
  });

  test('an executable at its link-time addresses, a library less its load base', () => {
    const { sources: s } = sources({ 7: MAPS });
    const lookup = userSymbols([], s);
    assert.deepEqual(lookup(7, 0x401016n), { module: '/tmp/prog', name: 'inner', offset: 6n, size: 0x30n });
    assert.deepEqual(lookup(7, 0x7f0000001204n), {
      module: '/lib/libx.so',
      name: 'dotted',
      offset: 4n,
      size: 0n,
    });
    // Before every symbol of the file: the mapping and the offset in it.
    assert.deepEqual(lookup(7, 0x401004n), {
      module: '/tmp/prog',
      name: undefined,
      offset: 4n,
      size: 0x1000n,
    });
    assert.equal(lookup(7, 0x7ffd00000010n), undefined, 'anonymous memory');
    assert.equal(lookup(7, 0n), undefined);
  });

  test('maps are read once per process, again for an address outside them or once stale', () => {
    const clock = { ms: 0 };
    const maps: Record<number, string> = { 7: MAPS };
    const { sources: s, reads } = sources(maps, clock);
    const lookup = userSymbols([], s);
    lookup(7, 0x401016n);
    lookup(7, 0x401020n);
    assert.deepEqual(reads, [7]);
    lookup(7, 0x500000n);
    assert.deepEqual(reads, [7, 7]);
    clock.ms = 1000;
    maps[7] = '';
    // Gone (a zombie's maps are empty): the last snapshot stays.
    assert.equal(lookup(7, 0x401016n)?.name, 'inner');
    assert.deepEqual(reads, [7, 7, 7]);
  });

  test('a process gone: known non-PIE binaries at their link-time addresses, else nothing', () => {
    const { sources: s } = sources({});
    assert.equal(userSymbols(['/lib/libx.so'], s)(9, 0x401016n), undefined);
    assert.deepEqual(userSymbols(['/lib/libx.so', '/tmp/prog'], s)(9, 0x401016n), {
      module: '/tmp/prog',
      name: 'inner',
      offset: 6n,
      size: 0x30n,
    });
  });

  test('text as _stp_snprint_addr makes it: symbol, mapping only, nothing', () => {
    const found = { module: '/tmp/prog', name: 'inner', offset: 6n, size: 0x30n };
    const mappingOnly = { module: '/tmp/prog', name: undefined, offset: 4n, size: 0x1000n };
    assert.equal(userSymbolName(found, 0x401016n), 'inner');
    assert.equal(userSymbolName(undefined, 0x401016n), '0x401016');
    assert.equal(userSymbolData(found, 0x401016n), 'inner+0x6/0x30 [/tmp/prog]');
    assert.equal(userSymbolData(mappingOnly, 0x401004n), '0x401004 [/tmp/prog+0x4/0x1000]');
    assert.equal(userFrame(found, 0x401016n, 'hex'), '0x401016 ');
    assert.equal(userFrame(found, 0x401016n, 'simple'), 'inner+0x6 [/tmp/prog]\n');
    assert.equal(userFrame(mappingOnly, 0x401004n, 'simple'), '0x401004 [/tmp/prog+0x4]\n');
    assert.equal(userFrame(found, 0x401016n, 'full'), ' 0x401016 : inner+0x6/0x30 [/tmp/prog]\n');
    assert.equal(userFrame(mappingOnly, 0x401004n, 'full'), ' 0x401004 [/tmp/prog+0x4/0x1000]\n');
    assert.equal(userFrame(undefined, 0x401004n, 'full'), ' 0x401004\n');
    assert.equal(userFrame(found, 0x401016n, 'syms'), ' 0x401016 : inner+0x6/0x30 [/tmp/prog]\n');
    assert.equal(userModuleName(found), '/tmp/prog');
    assert.equal(userModuleName(mappingOnly), '/tmp/prog');
    assert.equal(userModuleName(undefined), '<unknown>');
  });

  test('at a function entry the caller goes after the pc unless the kernel put it there', () => {
    assert.deepEqual(withCaller([1n, 3n], 2n), [1n, 2n, 3n]);
    assert.deepEqual(withCaller([1n, 2n, 3n], 2n), [1n, 2n, 3n]);
    assert.deepEqual(withCaller([1n, 3n], 0n), [1n, 3n]);
    const full = Array.from({ length: MAX_BACKTRACE_FRAMES }, (_, i) => BigInt(i + 10));
    assert.equal(withCaller(full, 2n).length, MAX_BACKTRACE_FRAMES);
  });

  test('a record: the tgid picks the mappings, the entry return address is added', () => {
    const site = layoutDeferredSite({ kind: 'print' }, [
      { kind: 'ustack', form: 'simple' },
      { kind: 'usymbol', form: 'symdata' },
      { kind: 'usymbol', form: 'modname' },
    ]);
    const view = new DataView(new ArrayBuffer(site.recordBytes));
    const [stack, address, module] = site.args;
    assert.ok(stack !== undefined && address !== undefined && module !== undefined);
    view.setBigUint64(stack.offset, 7n, true);
    view.setBigUint64(stack.offset + 8, 0x401050n, true);
    view.setBigUint64(stack.offset + 16, 16n, true);
    view.setBigUint64(stack.offset + 24, 0x401016n, true);
    view.setBigUint64(stack.offset + 32, 0x401007n, true);
    view.setBigUint64(address.offset, 7n, true);
    view.setBigUint64(address.offset + 8, 0x401041n, true);
    view.setBigUint64(module.offset, 7n, true);
    view.setBigUint64(module.offset + 8, 0x401041n, true);
    const { sources: s } = sources({ 7: MAPS });
    assert.deepEqual(
      readDeferredArgs(view, 0, site.args, () => undefined, 512, undefined, userSymbols([], s)),
      [
        'inner+0x6 [/tmp/prog]\nmain+0x10 [/tmp/prog]\n0x401007 [/tmp/prog+0x7]\n',
        'main+0x1/0x1fc0 [/tmp/prog]',
        '/tmp/prog',
      ],
    );
  });
});
