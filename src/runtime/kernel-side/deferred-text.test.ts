import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SymbolLocation } from '../../kernel/index.js';
import { layoutDeferredSite, MAX_BACKTRACE_FRAMES } from '../../wire/index.js';
import {
  commandLineText,
  probedFrames,
  readDeferredArgs,
  type SymbolLookup,
  stackText,
  symbolData,
  symbolName,
} from './deferred-text.js';

const VFS_READ = 0xffffffff81234500n;

/** vfs_read at VFS_READ (0x40 bytes), e1000_intr in a module after it; nothing below. */
const lookup: SymbolLookup = (address) => {
  const at = (name: string, start: bigint, size: number, module?: string): SymbolLocation => ({
    name,
    address: start,
    offset: Number(address - start),
    size,
    module,
  });
  if (address < VFS_READ) return undefined;
  if (address < VFS_READ + 0x40n) return at('vfs_read', VFS_READ, 0x40);
  return at('e1000_intr', VFS_READ + 0x40n, 0x100, 'e1000');
};

describe('deferred text', () => {
  test('symname and symdata as stap prints them, hex when no symbol contains the address', () => {
    assert.equal(symbolName(lookup, VFS_READ + 0x12n), 'vfs_read');
    assert.equal(symbolData(lookup, VFS_READ + 0x12n), 'vfs_read+0x12/0x40 [kernel]');
    assert.equal(symbolData(lookup, VFS_READ + 0x40n), 'e1000_intr+0x0/0x100 [e1000]');
    assert.equal(symbolName(lookup, 0x10n), '0x10');
    assert.equal(symbolData(lookup, 0x10n), '0x10');
  });

  test('the three stack forms: backtrace(), sprint_backtrace(), print_backtrace()', () => {
    const frames = [VFS_READ + 0x12n, VFS_READ + 0x50n, 0x1234n];
    assert.equal(stackText(lookup, frames, 'hex', 512), '0xffffffff81234512 0xffffffff81234550 0x1234 ');
    assert.equal(
      stackText(lookup, frames, 'simple', 512),
      'vfs_read+0x12 [kernel]\ne1000_intr+0x10 [e1000]\n0x1234\n',
    );
    assert.equal(
      stackText(lookup, frames, 'full', 512),
      ' 0xffffffff81234512 : vfs_read+0x12/0x40 [kernel]\n' +
        ' 0xffffffff81234550 : e1000_intr+0x10/0x100 [e1000]\n' +
        ' 0x1234\n',
    );
    assert.equal(
      stackText(lookup, frames, 'syms', 512),
      ' 0xffffffff81234512 : vfs_read+0x12/0x40 [kernel]\n' +
        ' 0xffffffff81234550 : e1000_intr+0x10/0x100 [e1000]\n' +
        ' 0x1234 : 0x1234\n',
    );
    assert.equal(
      stackText(lookup, frames, 'sprint-syms', 100),
      ' 0xffffffff81234512 : vfs_read+0x12/0x40 [kernel]\n',
      'sprint_syms stops before a line that does not fit',
    );
    assert.equal(
      stackText(lookup, frames, 'hex', 20),
      '0xffffffff81234512 ',
      'strings are cut at MAXSTRINGLEN - 1',
    );
    assert.equal(stackText(lookup, frames, 'full', 20).length, 110, 'printed stacks are not');
  });

  test('the tracing machinery at the top of a stack is left out', () => {
    const names = ['bpf_prog_0123_sys_getppid', 'bpf_trace_run2', '__traceiter_sys_enter', 'do_syscall_64'];
    const machinery: SymbolLookup = (address) => {
      const name = names[Number(address)];
      return name === undefined
        ? undefined
        : { name, address, offset: 0, size: 1, module: address === 0n ? 'bpf' : undefined };
    };
    assert.deepEqual(probedFrames(machinery, [0n, 1n, 2n, 3n, 1n]), [3n, 1n]);
    assert.deepEqual(probedFrames(machinery, [0n, 1n]), [0n, 1n], 'all machinery: kept as it is');
  });

  test('cmdline_str: arguments joined by spaces, later empty ones as ""', () => {
    assert.equal(commandLineText('perl\0-e\0\0b c\0', 512), 'perl -e "" b c');
    assert.equal(commandLineText('\0x\0', 512), ' x');
    assert.equal(commandLineText('', 512), '');
    assert.equal(commandLineText('abcdef\0ghi\0', 8), 'abcdef ');
  });

  test('cmdline_arg and cmdline_args: a range of the arguments and a delimiter', () => {
    const raw = 'perl\0-e\0\0b c\0';
    assert.equal(commandLineText(raw, 512, 1n, 1n, ''), '-e');
    assert.equal(commandLineText(raw, 512, 1n, -1n, '|'), '-e|""|b c');
    assert.equal(commandLineText(raw, 512, 2n, 3n, ','), ',b c');
    assert.equal(commandLineText(raw, 512, 7n, -1n, ','), '');
  });

  test('a record is read slot by slot', () => {
    const site = layoutDeferredSite({ kind: 'print' }, [
      { kind: 'long' },
      { kind: 'stack', form: 'hex' },
      { kind: 'symbol', form: 'symdata' },
      { kind: 'cmdline', capacity: 16, delimiterCapacity: 8 },
    ]);
    const view = new DataView(new ArrayBuffer(site.recordBytes));
    const [long, stack, symbol, cmdline] = site.args;
    view.setBigInt64(long!.offset, -5n, true);
    view.setBigUint64(stack!.offset, 16n, true);
    view.setBigUint64(stack!.offset + 8, VFS_READ, true);
    view.setBigUint64(stack!.offset + 16, VFS_READ + 1n, true);
    view.setBigUint64(stack!.offset + 24, VFS_READ + 2n, true);
    view.setBigUint64(symbol!.offset, VFS_READ + 3n, true);
    view.setBigUint64(cmdline!.offset, 6n, true);
    view.setBigInt64(cmdline!.offset + 8, 0n, true);
    view.setBigInt64(cmdline!.offset + 16, -1n, true);
    view.setUint8(cmdline!.offset + 24, 0x2c);
    [...'ls\0-l\0'].forEach((c, i) => {
      view.setUint8(cmdline!.offset + 32 + i, c.charCodeAt(0));
    });
    assert.equal(site.recordBytes, 8 + 8 + 8 + 8 * MAX_BACKTRACE_FRAMES + 8 + 24 + 8 + 16);
    assert.deepEqual(readDeferredArgs(view, 0, site.args, lookup, 512), [
      -5n,
      '0xffffffff81234500 0xffffffff81234501 ',
      'vfs_read+0x3/0x40 [kernel]',
      'ls,-l',
    ]);
  });
});
