// The per-command decoders (prctl, ptrace, keyctl, quotactl...) and the rarer structs, against
// upstream's testsuite/systemtap.syscall/*.c `//staptest//` lines with NNNN / XXXX filled in.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { argstrCaptures, formatArgstr, type SyscallParam } from './index.js';
import { quoteBytes } from './text-quote.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const words = (bytesPerWord: 4 | 8, ...values: (number | bigint)[]): Uint8Array => {
  const out = new Uint8Array(values.length * bytesPerWord);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (bytesPerWord === 8) view.setBigUint64(i * 8, BigInt.asUintN(64, BigInt(v)), true);
    else view.setUint32(i * 4, Number(BigInt.asUintN(32, BigInt(v))), true);
  });
  return out;
};
const NONE: SyscallParam[] = [];
const U = (n: bigint): bigint => BigInt.asUintN(64, n);
const ADDR = 0x7ffc1234n;
const fmt = (name: string, args: bigint[], captured: (Uint8Array | undefined)[] = []) =>
  formatArgstr(name, NONE, args, captured);

describe('prctl', () => {
  test('options without, with one and with several arguments', () => {
    assert.equal(fmt('prctl', [23n, 0n, 0n, 0n, 0n]), 'PR_CAPBSET_READ, CAP_CHOWN');
    assert.equal(fmt('prctl', [3n, 0n, 0n, 0n, 0n]), 'PR_GET_DUMPABLE');
    assert.equal(fmt('prctl', [37n, ADDR, 0n, 0n, 0n]), 'PR_GET_CHILD_SUBREAPER, 0x7ffc1234');
    assert.equal(fmt('prctl', [29n, 10n, 0n, 0n, 0n]), 'PR_SET_TIMERSLACK, 10');
    assert.equal(fmt('prctl', [0x59616d61n, U(-1n), 0n, 0n, 0n]), 'PR_SET_PTRACER, PR_SET_PTRACER_ANY');
    assert.equal(
      fmt('prctl', [28n, 20n, 0n, 0n, 0n]),
      'PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP|SECBIT_KEEP_CAPS',
    );
    assert.equal(fmt('prctl', [33n, 1n, 1n, 0n, 0n]), 'PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY');
    assert.equal(fmt('prctl', [33n, 0n, 0n, 0n, 0n]), 'PR_MCE_KILL, PR_MCE_KILL_CLEAR');
    assert.equal(fmt('prctl', [35n, 6n, 0n, 0n, 0n]), 'PR_SET_MM, PR_SET_MM_START_BRK, 0x0');
    assert.equal(
      fmt('prctl', [0xffffffffn, U(-1n), 0n, 0n, 0n]),
      '0xffffffff, 0xffffffffffffffff, 0x0, 0x0, 0x0',
    );
  });
});

describe('ptrace', () => {
  test('generic and x86-64 requests', () => {
    assert.equal(fmt('ptrace', [7n, 1234n, 0n, 0n], [undefined]), 'PTRACE_CONT, 1234, 0x0, SIG_0');
    assert.equal(
      fmt('ptrace', [1n, 1234n, 0x12345678n, ADDR], [undefined]),
      'PTRACE_PEEKTEXT, 1234, 0x12345678, [0x7ffc1234]',
    );
    assert.equal(
      fmt('ptrace', [0x4200n, 1234n, 0n, 0x58n], [undefined]),
      'PTRACE_SETOPTIONS, 1234, 0x0, PTRACE_O_TRACECLONE|PTRACE_O_TRACEEXEC|PTRACE_O_TRACEEXIT',
    );
    assert.equal(
      fmt('ptrace', [0x4204n, 1234n, 1n, ADDR], [words(8, 0x1000n, 8192n)]),
      'PTRACE_GETREGSET, 1234, NT_PRSTATUS, [{0x1000, 8192}]',
    );
    assert.equal(
      fmt('ptrace', [25n, 1234n, U(-1n), ADDR], [undefined]),
      'PTRACE_GET_THREAD_AREA, 1234, -1, 0x7ffc1234',
    );
    assert.equal(
      fmt('ptrace', [30n, 1234n, ADDR, 0x1003n], [undefined]),
      'PTRACE_ARCH_PRCTL, 1234, 0x7ffc1234, ARCH_GET_FS',
    );
    assert.equal(fmt('ptrace', [U(-1n), 1234n, 0n, 0n], [undefined]), '0xffffffffffffffff, 1234, 0x0, 0x0');
  });
});

describe('keys and quotas', () => {
  test('keyctl: one layout per command, strings copied once', () => {
    assert.equal(
      fmt('keyctl', [0n, U(-3n), 0n, 0n, 0n]),
      'KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0',
    );
    assert.equal(fmt('keyctl', [2n, 42n, ADDR, 4n, 0n], [enc('blah')]), 'KEYCTL_UPDATE, 42, "blah", 4');
    assert.equal(
      fmt('keyctl', [10n, 42n, ADDR, ADDR, 0n], [enc('user'), enc('testkey')]),
      'KEYCTL_SEARCH, 42, "user", "testkey", 0',
    );
    assert.equal(
      fmt('keyctl', [14n, U(-1n), 0n, 0n, 0n]),
      'KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_NO_CHANGE',
    );
    assert.equal(fmt('keyctl', [U(-1n), U(-1n), U(-1n), U(-1n), U(-1n)]), '-1, -1, -1, -1, -1');
    // KEYCTL_UPDATE, _INSTANTIATE and _SEARCH all print arg 2 as a string: one copy serves them.
    const captures = argstrCaptures('keyctl', NONE);
    assert.equal(captures.filter((c) => c.index === 2).length, 1);
  });
  test('add_key quotes the payload as a buffer', () => {
    assert.equal(
      fmt('add_key', [ADDR, ADDR, ADDR, 8n, U(-2n)], [enc('user'), enc('testkey'), enc('somedata')]),
      '"user", "testkey", "somedata", 8, -2',
    );
    assert.equal(
      fmt('add_key', [ADDR, ADDR, 0n, 0n, U(-2n)], [enc('keyring'), enc('newring2'), undefined]),
      '"keyring", "newring2", 0x0, 0, -2',
    );
  });
  test('quotactl: command|type, then per-command arguments', () => {
    const cmd = (0x800002n << 8n) | 0n;
    assert.equal(
      fmt('quotactl', [cmd, ADDR, 2n, ADDR], [enc('somedevice'), enc('staptestmnt/aquota.user')]),
      'Q_QUOTAON|USRQUOTA, "somedevice", QFMT_VFS_V0, "staptestmnt/aquota.user"',
    );
    const getinfo = (0x800005n << 8n) | 0n;
    assert.equal(
      fmt(
        'quotactl',
        [getinfo, ADDR, 0n, ADDR],
        [enc('somedevice'), undefined, undefined, words(8, 1n, 2n, 3n)],
      ),
      'Q_GETINFO|USRQUOTA, "somedevice", 0, {dqi_bgrace=1, dqi_igrace=2, dqi_flags=3, dqi_valid=0}',
    );
  });
});

describe('structs', () => {
  test('siginfo of a sender in user space', () => {
    const info = words(4, 10, 0, 0, 0, 4242, 1000, 0, 0);
    assert.equal(
      fmt('rt_sigqueueinfo', [4242n, 10n, ADDR], [info]),
      '4242, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_USER, si_pid=4242, si_uid=1000}',
    );
    const kernel = words(4, 14, 0, 0x80, 0, 0, 0, 0, 0);
    assert.equal(
      fmt('rt_sigtimedwait', [ADDR, ADDR, 0n, 8n], [words(8, 1n << 13n), kernel, undefined]),
      '[SIGALRM], {si_signo=SIGALRM, si_code=SI_KERNEL}, NULL, 8',
    );
  });
  test('xattr values: printable text, \\x escapes, a final NUL dropped', () => {
    assert.equal(
      fmt(
        'setxattr',
        [ADDR, ADDR, ADDR, 8n, 1n],
        [enc('foobar'), enc('user.systemtap.test'), enc('testing\0')],
      ),
      '"foobar", "user.systemtap.test", "testing", 8, XATTR_CREATE',
    );
    assert.equal(
      fmt('fsetxattr', [3n, ADDR, ADDR, 4n, 0n], [enc('user.x'), new Uint8Array([0xef, 0xbe, 0xad, 0xde])]),
      '3, "user.x", "\\xef\\xbe\\xad\\xde", 4, 0x0',
    );
  });
  test('timex, sigaltstack, utime', () => {
    const timex = new Uint8Array(96);
    const d = new DataView(timex.buffer);
    d.setUint32(0, 0x10, true);
    d.setBigInt64(88, 10000n, true);
    assert.equal(
      fmt('adjtimex', [ADDR], [timex]),
      '{ADJ_STATUS, constant=0, esterror=0, freq=0, maxerror=0, offset=0, precision=0, status=0, tick=10000, tolerance=0}',
    );
    assert.equal(
      fmt('sigaltstack', [ADDR, 0n], [words(8, 0x1000n, 1n, 8192n)]),
      '{ss_sp=0x1000, ss_flags=SS_ONSTACK, ss_size=8192}, 0x0',
    );
    assert.equal(
      fmt('utime', [ADDR, ADDR], [enc('foobar'), words(8, 1000000000n, 2000000000n)]),
      '"foobar", [Sun Sep  9 01:46:40 2001, Wed May 18 03:33:20 2033]',
    );
    assert.equal(
      fmt('utime', [ADDR, U(-1n)], [enc('foobar'), undefined]),
      '"foobar", [Thu Jan  1 00:00:00 1970, Thu Jan  1 00:00:00 1970]',
    );
  });
  test('execve vectors: NULL or empty print [], unreadable ones [address]', () => {
    assert.equal(
      fmt('execve', [U(-1n), 0n, 0n], [undefined, undefined, undefined]),
      '0xffffffffffffffff, [], []',
    );
    assert.equal(
      fmt('execve', [0n, U(-1n), 0n], [undefined, undefined, undefined]),
      '0x0, [0xffffffffffffffff], []',
    );
  });
});

describe('other families', () => {
  test('mq_open prints mode and attributes only with O_CREAT', () => {
    assert.equal(
      fmt('mq_open', [ADDR, 0o100n, 0o644n, ADDR], [enc('test_queue')]),
      '"test_queue", O_RDONLY|O_CREAT, 0644, 0x7ffc1234',
    );
    assert.equal(fmt('mq_open', [ADDR, 1n, 0n, 0n], [enc('test_queue')]), '"test_queue", O_WRONLY');
  });
  test('sysfs: the arguments depend on the option', () => {
    assert.equal(fmt('sysfs', [1n, ADDR, 0n], [enc('proc')]), '1, "proc"');
    assert.equal(fmt('sysfs', [2n, 2n, ADDR], [undefined]), '2, 2, 0x7ffc1234');
    assert.equal(fmt('sysfs', [3n, 0n, 0n], [undefined]), '3');
    assert.equal(fmt('sysfs', [U(-1n), 0n, ADDR], [undefined]), '-1, 0x0, 0x7ffc1234');
  });
  test('io priorities, swap flags, fanotify', () => {
    assert.equal(fmt('ioprio_set', [1n, 0n, (2n << 13n) | 7n]), 'IOPRIO_WHO_PROCESS, 0, IOPRIO_CLASS_BE|7');
    assert.equal(fmt('ioprio_get', [U(-1n), 0n]), '-1, 0');
    assert.equal(fmt('swapon', [ADDR, 0x8001n], [enc('foobar_swap')]), '"foobar_swap", SWAP_FLAG_PREFER|1');
    assert.equal(fmt('fanotify_init', [2n, 0n]), 'FAN_CLASS_NOTIF|FAN_NONBLOCK, O_RDONLY');
    assert.equal(
      fmt('fanotify_mark', [3n, 1n, 0x3bn, U(-100n), ADDR], [enc('testfile')]),
      '3, FAN_MARK_ADD, FAN_ACCESS|FAN_MODIFY|FAN_CLOSE_WRITE|FAN_CLOSE_NOWRITE|FAN_OPEN, AT_FDCWD, "testfile"',
    );
  });
});

describe('quoting', () => {
  test('escapes, UTF-8, and a cut that would split an escape', () => {
    assert.equal(
      quoteBytes(enc('a"b\\c\n\x01'), { inputBytes: 100, outputBytes: 100, buffer: false }),
      '"a\\"b\\\\c\\n\\001"',
    );
    assert.equal(quoteBytes(enc('é'), { inputBytes: 100, outputBytes: 100, buffer: false }), '"\\u00E9"');
    assert.equal(
      quoteBytes(enc('abc\x01defgh'), { inputBytes: 100, outputBytes: 10, buffer: false }),
      '"abc"...',
    );
    assert.equal(
      quoteBytes(new Uint8Array([0x41, 0, 0x42]), { inputBytes: 3, outputBytes: 50, buffer: true }),
      '"A\\000B"',
    );
  });
});
