// The decoded variables' texts (flags_str, dfd_str, how_str...) are the argstr pieces of their
// arguments; expected strings follow upstream's aux_syscalls.stp decoders and the //staptest//
// lines of testsuite/systemtap.syscall/*.c.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readSyscallText, SYSCALL_TEXT, syscallTextTable } from '../syscall-text.js';
import { argstrCaptures, type DecodedText, decodedField, formatArgstr, formatDecoded } from './index.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const U = (n: bigint): bigint => BigInt.asUintN(64, n);
const arg = (index: number): DecodedText => ({ kind: 'arg', index });
const ADDR = 0x7ffc1234n;

function decode(
  syscall: string,
  source: DecodedText,
  args: bigint[],
  captured: (Uint8Array | undefined)[] = [],
) {
  return formatDecoded(syscall, [], source, args, captured);
}

describe('decoded variables', () => {
  test('openat: dfd_str and flags_str as argstr shows them', () => {
    const args = [U(-100n), ADDR, 0o2101n, 0o644n];
    assert.equal(decode('openat', arg(0), args), 'AT_FDCWD');
    assert.equal(decode('openat', arg(2), args), 'O_WRONLY|O_CREAT|O_APPEND');
    assert.equal(decode('openat', arg(0), [3n, ADDR, 0n]), '3');
    assert.equal(decode('openat', arg(2), [3n, ADDR, 0n]), 'O_RDONLY');
  });

  test('single-table lookups: how_str, sig_str, whence_str, a value the table lacks', () => {
    assert.equal(decode('shutdown', arg(1), [3n, 1n]), 'SHUT_WR');
    assert.equal(decode('shutdown', arg(1), [3n, 7n]), '0x7');
    assert.equal(decode('tkill', arg(1), [1234n, 9n]), 'SIGKILL');
    assert.equal(decode('tgkill', arg(2), [1n, 2n, 0n]), 'SIG_0');
    assert.equal(decode('lseek', arg(2), [3n, 0n, 2n]), 'SEEK_END');
    assert.equal(decode('madvise', arg(2), [ADDR, 4096n, 4n]), 'MADV_DONTNEED');
    assert.equal(decode('rt_sigprocmask', arg(0), [2n, 0n, 0n, 8n]), 'SIG_SETMASK');
  });

  test('mmap2: prot_str and flags_str; socket: protocol_str reads the family too', () => {
    const mmap = [0n, 4096n, 3n, 0x22n, U(-1n), 0n];
    assert.equal(decode('mmap2', arg(2), mmap), 'PROT_READ|PROT_WRITE');
    assert.equal(decode('mmap2', arg(3), mmap), 'MAP_PRIVATE|MAP_ANONYMOUS');
    assert.equal(decode('socket', arg(0), [2n, 0x80001n, 6n]), 'PF_INET');
    assert.equal(decode('socket', arg(1), [2n, 0x80001n, 6n]), 'SOCK_STREAM|SOCK_CLOEXEC');
    assert.equal(decode('socket', arg(2), [2n, 0x80001n, 6n]), 'IPPROTO_TCP');
    assert.equal(decode('socket', arg(2), [1n, 1n, 6n]), '6');
  });

  test('user memory: buf_str quoted and cut as argstr cuts it, a struct, a faulted copy', () => {
    const write = [1n, ADDR, 6n];
    const [capture] = argstrCaptures('write', []);
    assert.deepEqual(capture, { index: 1, kind: 'bytes', bytes: 64 });
    assert.equal(decode('write', arg(1), write, [enc('hello\n')]), '"hello\\n"');
    assert.equal(decode('write', arg(1), write, [undefined]), '0x7ffc1234');
    const ts = new Uint8Array(16);
    new DataView(ts.buffer).setBigInt64(0, 5n, true);
    new DataView(ts.buffer).setBigInt64(8, 1000n, true);
    assert.equal(decode('nanosleep', arg(0), [ADDR, 0n], [ts]), '[5.000001000]');
    assert.equal(decode('nanosleep', arg(0), [0n, 0n], [undefined]), 'NULL');
  });

  test('a quoted user string: the argument the layout prints as a string, in any variant', () => {
    // quotactl's default variant prints `special` as a pointer; special_str is always the string.
    const UNKNOWN = 0x7777n << 8n;
    assert.equal(decode('quotactl', arg(1), [UNKNOWN, ADDR, 0n, 0n], [enc('/dev/x')]), '0x7ffc1234');
    assert.equal(
      decode('quotactl', { kind: 'quoted', index: 1 }, [UNKNOWN, ADDR, 0n, 0n], [enc('/dev/x')]),
      '"/dev/x"',
    );
    assert.equal(decodedField('quotactl', [], { kind: 'quoted', index: 1 }, [0n])?.kind, 'string');
    assert.equal(
      decode('request_key', { kind: 'quoted', index: 0 }, [ADDR, ADDR], [enc('user'), enc('k')]),
      '"user"',
    );
  });

  test('module flags: finit_module has its own table (module.c: MODULE_INIT_IGNORE_MODVERSIONS)', () => {
    assert.equal(decode('finit_module', arg(2), [3n, ADDR, 1n]), 'MODULE_INIT_IGNORE_MODVERSIONS');
    assert.equal(
      formatArgstr('finit_module', [], [U(-1n), ADDR, 1n], [enc('foo=bar')]),
      '-1, "foo=bar", MODULE_INIT_IGNORE_MODVERSIONS',
    );
    assert.equal(decode('delete_module', arg(1), [ADDR, 0o4000n]), 'O_NONBLOCK');
  });

  test('constants the alias sets', () => {
    assert.equal(decode('accept', { kind: 'text', text: '0x0' }, [3n, 0n, 0n]), '0x0');
    assert.equal(decode('pipe', { kind: 'text', text: '' }, [ADDR]), '');
  });

  test('a decoded slot: argstr layout, each call its own source, "" for a call without one', () => {
    const calls = [
      { nr: 48, name: 'shutdown', params: [], decoded: arg(1) },
      { nr: 3, name: 'close', params: [] },
    ];
    const table = syscallTextTable('decoded', calls, []);
    assert.equal(table.bytes, SYSCALL_TEXT.capturesAt);
    const view = new DataView(new ArrayBuffer(table.bytes));
    view.setBigInt64(SYSCALL_TEXT.nr, 48n, true);
    view.setBigUint64(SYSCALL_TEXT.args + 8, 2n, true);
    assert.equal(readSyscallText(view, 0, table), 'SHUT_RDWR');
    view.setBigInt64(SYSCALL_TEXT.nr, 3n, true);
    assert.equal(readSyscallText(view, 0, table), '');
  });
});
