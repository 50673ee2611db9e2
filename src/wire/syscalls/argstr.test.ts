// Expected strings come from upstream's testsuite/systemtap.syscall/*.c `//staptest//` lines,
// with NNNN / XXXX filled in by concrete values.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { argstrCaptures, formatArgstr, formatRetstr, type SyscallParam } from './index.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const u64 = (...values: bigint[]): Uint8Array => {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    view.setBigUint64(i * 8, BigInt.asUintN(64, v), true);
  });
  return out;
};
const P = (...types: string[]): SyscallParam[] => types.map((type, i) => ({ name: `a${i}`, type }));
const NO_PARAMS: SyscallParam[] = [];
const U = (n: bigint): bigint => BigInt.asUintN(64, n);
const ADDR = 0x7ffc1234n;

describe('file syscalls', () => {
  test('openat: AT_FDCWD, quoted path, flags, the mode only with O_CREAT', () => {
    const args = [U(-100n), ADDR, 0o101n, 0o666n];
    assert.equal(
      formatArgstr('openat', NO_PARAMS, args, [enc('foobar')]),
      'AT_FDCWD, "foobar", O_WRONLY|O_CREAT, 0666',
    );
    assert.equal(
      formatArgstr('openat', NO_PARAMS, [U(-100n), ADDR, 0n, 0n], [enc('.')]),
      'AT_FDCWD, ".", O_RDONLY',
    );
    assert.equal(
      formatArgstr('openat', NO_PARAMS, [U(-1n), ADDR, 0o301n, 0o700n], [enc('foobarX')]),
      '-1, "foobarX", O_WRONLY|O_CREAT|O_EXCL, 0700',
    );
    assert.equal(
      formatArgstr('openat', NO_PARAMS, [U(-100n), ADDR, 0o2001n, 0n], [enc('foobar2')]),
      'AT_FDCWD, "foobar2", O_WRONLY|O_APPEND',
    );
  });
  test('a string that cannot be read prints its address', () => {
    assert.equal(
      formatArgstr('open', NO_PARAMS, [0xffffffffn, 0o301n, 0o700n], [undefined]),
      '0xffffffff, O_WRONLY|O_CREAT|O_EXCL, 0700',
    );
  });
  test('write: the buffer quoted and cut at syscall_string_trunc', () => {
    assert.equal(
      formatArgstr('write', NO_PARAMS, [3n, ADDR, 11n], [enc('Hello world')]),
      '3, "Hello world", 11',
    );
    const long = enc('Hello world abcdefghijklmnopqrstuvwxyz 0123456789abcdefghij');
    assert.equal(
      formatArgstr('write', NO_PARAMS, [3n, ADDR, 59n], [long]),
      '3, "Hello world abcdefghijklmnopqrstuvwxyz 012345"..., 59',
    );
    assert.equal(
      formatArgstr('write', NO_PARAMS, [3n, ADDR, 64n], [enc('B'.repeat(64))]),
      `3, "${'B'.repeat(45)}"..., 64`,
    );
  });
  test('read, close, lseek, dup3', () => {
    assert.equal(formatArgstr('read', NO_PARAMS, [U(-1n), ADDR, 50n], []), '-1, 0x7ffc1234, 50');
    assert.equal(formatArgstr('close', NO_PARAMS, [4n], []), '4');
    assert.equal(formatArgstr('lseek', NO_PARAMS, [3n, U(-1n), 2n], []), '3, -1, SEEK_END');
    assert.equal(formatArgstr('dup3', NO_PARAMS, [4n, 5n, 0o2000000n], []), '4, 5, O_CLOEXEC');
  });
  test('access modes, umask in octal, fstatat flags', () => {
    assert.equal(
      formatArgstr('faccessat', NO_PARAMS, [U(-100n), ADDR, 0n], [enc('foobar1')]),
      'AT_FDCWD, "foobar1", F_OK',
    );
    assert.equal(formatArgstr('access', NO_PARAMS, [ADDR, 1n], [enc('foobar1')]), '"foobar1", X_OK');
    assert.equal(formatArgstr('umask', NO_PARAMS, [0n], []), '00');
    assert.equal(formatArgstr('umask', NO_PARAMS, [U(-1n)], []), '037777777777');
    assert.equal(
      formatArgstr('fstatat', NO_PARAMS, [3n, ADDR, ADDR, 0x1000n], [enc('')]),
      '3, "", 0x7ffc1234, AT_EMPTY_PATH',
    );
    assert.equal(
      formatArgstr('statx', NO_PARAMS, [U(-100n), ADDR, 0x100n, 0x2000n, ADDR], [enc('foobar')]),
      'AT_FDCWD, "foobar", AT_SYMLINK_NOFOLLOW, AT_STATX_FORCE_SYNC, 0x7ffc1234',
    );
  });
  test('pipe2 prints the descriptor pair', () => {
    const pair = new Uint8Array([3, 0, 0, 0, 4, 0, 0, 0]);
    assert.equal(
      formatArgstr('pipe2', NO_PARAMS, [ADDR, 0o2004000n], [pair]),
      '[3, 4], O_NONBLOCK|O_CLOEXEC',
    );
    assert.equal(formatArgstr('pipe2', NO_PARAMS, [ADDR, 0n], [pair]), '[3, 4], 0x0');
  });
  test('fallocate, copy_file_range', () => {
    assert.equal(
      formatArgstr('fallocate', NO_PARAMS, [3n, 1n, 0n, 8192n], []),
      '3, FALLOC_FL_KEEP_SIZE, 0x0, 8192',
    );
    assert.equal(formatArgstr('fallocate', NO_PARAMS, [3n, 0n, 0n, 4096n], []), '3, 0x0, 0x0, 4096');
    assert.equal(
      formatArgstr('copy_file_range', NO_PARAMS, [3n, ADDR, 4n, ADDR, U(-1n), 0xffffffffn], []),
      '3, 0x7ffc1234, 4, 0x7ffc1234, 18446744073709551615, 0xffffffff',
    );
  });
  test('utimensat timespecs with UTIME_NOW / UTIME_OMIT', () => {
    const times = u64(0n, (1n << 30n) - 1n, 0n, (1n << 30n) - 2n);
    assert.equal(
      formatArgstr('utimensat', NO_PARAMS, [U(-100n), ADDR, ADDR, 0n], [enc('foobar'), times]),
      'AT_FDCWD, "foobar", [UTIME_NOW][UTIME_OMIT], 0x0',
    );
    assert.equal(
      formatArgstr('utimensat', NO_PARAMS, [U(-100n), ADDR, 0n, 0x100n], [enc('foobar'), undefined]),
      'AT_FDCWD, "foobar", NULL, AT_SYMLINK_NOFOLLOW',
    );
  });
});

describe('memory syscalls', () => {
  test('mmap: prot and map flags by name, result in hex', () => {
    assert.equal(
      formatArgstr('mmap', NO_PARAMS, [0n, 12288n, 3n, 0x22n, U(-1n), 0n], []),
      '0x0, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0',
    );
    assert.equal(formatRetstr('mmap', 0x7f0000001000n), '0x7f0000001000');
    assert.equal(formatRetstr('mmap2', U(-22n)), '-22 (EINVAL)');
  });
  test('mprotect, munmap, madvise', () => {
    assert.equal(
      formatArgstr('mprotect', NO_PARAMS, [ADDR, 4096n, 5n], []),
      '0x7ffc1234, 4096, PROT_READ|PROT_EXEC',
    );
    assert.equal(
      formatArgstr('mprotect', NO_PARAMS, [ADDR, 4096n, 0x3000000n], []),
      '0x7ffc1234, 4096, PROT_GROWSDOWN|PROT_GROWSUP',
    );
    assert.equal(formatArgstr('munmap', NO_PARAMS, [ADDR, 4096n], []), '0x7ffc1234, 4096');
    assert.equal(
      formatArgstr('madvise', NO_PARAMS, [ADDR, 40960n, 0xffffffffn], []),
      '0x7ffc1234, 40960, 0xffffffff',
    );
    assert.equal(
      formatArgstr('madvise', NO_PARAMS, [ADDR, U(-1n), 0n], []),
      '0x7ffc1234, 18446744073709551615, MADV_NORMAL',
    );
  });
});

describe('process and signal syscalls', () => {
  test('clone flags end with the exit signal', () => {
    assert.equal(
      formatArgstr('clone', NO_PARAMS, [17n, 0n, ADDR, ADDR], []),
      '0x0|SIGCHLD, 0x0, 0x7ffc1234, 0x7ffc1234',
    );
    assert.equal(
      formatArgstr('clone', NO_PARAMS, [0x20200n, ADDR, 0n, 0n], []),
      'CLONE_FS|CLONE_NEWNS, 0x7ffc1234, 0x0, 0x0',
    );
  });
  test('kill: signal names, unknown numbers in hex', () => {
    assert.equal(formatArgstr('kill', NO_PARAMS, [1234n, 9n], []), '1234, SIGKILL');
    assert.equal(formatArgstr('kill', NO_PARAMS, [U(-1n), U(-1n)], []), '-1, 0xffffffff');
  });
  test('rt_sigaction and rt_sigprocmask decode the user structs', () => {
    assert.equal(
      formatArgstr('rt_sigaction', NO_PARAMS, [10n, ADDR, 0n, 8n], [u64(1n, 0n, 0n, 0n)]),
      'SIGUSR1, {SIG_IGN}, 0x0, 8',
    );
    assert.equal(
      formatArgstr(
        'rt_sigaction',
        NO_PARAMS,
        [10n, ADDR, 0n, 8n],
        [u64(0x401136n, 0x04000000n, 0x7f00n, 1n << 13n)],
      ),
      'SIGUSR1, {0x401136, SA_RESTORER, 0x7f00, [SIGALRM]}, 0x0, 8',
    );
    const set = u64((1n << 9n) | (1n << 11n));
    assert.equal(
      formatArgstr('rt_sigprocmask', NO_PARAMS, [0n, ADDR, ADDR, 8n], [set]),
      'SIG_BLOCK, [SIGUSR1|SIGUSR2], 0x7ffc1234, 8',
    );
    assert.equal(
      formatArgstr('rt_sigprocmask', NO_PARAMS, [2n, 0n, ADDR, 8n], [undefined]),
      'SIG_SETMASK, NULL, 0x7ffc1234, 8',
    );
  });
  test('wait4, prlimit64, getitimer, setitimer', () => {
    assert.equal(formatArgstr('wait4', NO_PARAMS, [1234n, 0n, 0n, 0n], []), '1234, 0x0, 0x0, 0x0');
    assert.equal(
      formatArgstr('wait4', NO_PARAMS, [1234n, ADDR, 1n, ADDR], []),
      '1234, 0x7ffc1234, WNOHANG, 0x7ffc1234',
    );
    assert.equal(
      formatArgstr('prlimit64', NO_PARAMS, [0n, 0n, 0n, ADDR], [undefined]),
      '0, RLIMIT_CPU, NULL, 0x7ffc1234',
    );
    assert.equal(
      formatArgstr('prlimit64', NO_PARAMS, [0n, 0n, ADDR, 0n], [u64(10n, U(-1n))]),
      '0, RLIMIT_CPU, [10,-1], 0x0',
    );
    assert.equal(formatArgstr('getitimer', NO_PARAMS, [0xffffffffn, ADDR], []), '0xffffffff, 0x7ffc1234');
    assert.equal(
      formatArgstr('setitimer', NO_PARAMS, [0n, ADDR, ADDR], [u64(0n, 0n, 1n, 0n)]),
      'ITIMER_REAL, [0.000000,1.000000], 0x7ffc1234',
    );
  });
  test('futex: the fields depend on the operation', () => {
    assert.equal(
      formatArgstr('futex', NO_PARAMS, [ADDR, 1n, 1n, 0n, 0n, 0n], [undefined]),
      '0x7ffc1234, FUTEX_WAKE, 1',
    );
    assert.equal(
      formatArgstr('futex', NO_PARAMS, [ADDR, 0n, 1n, ADDR, 0n, 0n], [u64(1n, 100n)]),
      '0x7ffc1234, FUTEX_WAIT, 1, [1.000000100]',
    );
  });
});

describe('time syscalls', () => {
  test('clocks by name, timespecs as [sec.nsec]', () => {
    assert.equal(
      formatArgstr('clock_gettime', NO_PARAMS, [3n, ADDR], []),
      'CLOCK_THREAD_CPUTIME_ID, 0x7ffc1234',
    );
    assert.equal(
      formatArgstr('clock_nanosleep', NO_PARAMS, [0n, 0n, ADDR, ADDR], [u64(1n, 0n)]),
      'CLOCK_REALTIME, 0x0, [1.000000000], 0x7ffc1234',
    );
    assert.equal(formatArgstr('alarm', NO_PARAMS, [0xffffffffn], []), '4294967295');
  });
});

describe('socket syscalls', () => {
  test('socket families, types and protocols', () => {
    assert.equal(formatArgstr('socket', NO_PARAMS, [2n, 1n, 0n], []), 'PF_INET, SOCK_STREAM, IPPROTO_IP');
    assert.equal(formatArgstr('socket', NO_PARAMS, [1n, 1n, 0n], []), 'PF_LOCAL, SOCK_STREAM, 0');
    assert.equal(
      formatArgstr('socket', NO_PARAMS, [2n, 1n | 0o2000000n | 0o4000n, 6n], []),
      'PF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_TCP',
    );
  });
  test('sockaddrs: AF_INET, AF_UNIX, unknown, unreadable', () => {
    const sin = new Uint8Array(16);
    sin.set([2, 0, 0x22, 0x3d, 10, 255, 254, 253]);
    assert.equal(
      formatArgstr('bind', NO_PARAMS, [3n, ADDR, 16n], [sin]),
      '3, {AF_INET, 10.255.254.253, 8765}, 16',
    );
    const sun = new Uint8Array(110);
    sun.set([1, 0, ...enc('/tmp/sock')]);
    assert.equal(
      formatArgstr('connect', NO_PARAMS, [3n, ADDR, 110n], [sun]),
      '3, {AF_UNIX, "/tmp/sock"}, 110',
    );
    assert.equal(
      formatArgstr('connect', NO_PARAMS, [3n, ADDR, 0xffffffffn], [sin]),
      '3, {unknown sockaddr with sa=2, salen=128}, 4294967295',
    );
    assert.equal(formatArgstr('bind', NO_PARAMS, [3n, ADDR, 16n], [undefined]), '3, {...}, 16');
  });
});

describe('generic layout from the tracepoint types', () => {
  test('strings quoted, pointers in hex, integers by width', () => {
    const params = P('const char *', 'unsigned long', 'int', 'struct foo *');
    assert.deepEqual(argstrCaptures('no_such_call', params), [{ index: 0, kind: 'string', maxBytes: 512 }]);
    assert.equal(
      formatArgstr('no_such_call', params, [ADDR, U(-1n), 0xffffffffn, ADDR], [enc('x')]),
      '"x", 18446744073709551615, -1, 0x7ffc1234',
    );
  });
});

describe('retstr', () => {
  test('errno names, decimal, octal for umask', () => {
    assert.equal(formatRetstr('openat', U(-2n)), '-2 (ENOENT)');
    assert.equal(formatRetstr('openat', 3n), '3');
    assert.equal(formatRetstr('umask', 0o22n), '022');
    assert.equal(formatRetstr('brk', 0x5555n), '21845');
  });
});
