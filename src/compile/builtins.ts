/**
 * Native tapset functions in kernel handlers: the probe-context ones map to BPF helpers
 * (`pid()` is the upper half of bpf_get_current_pid_tgid, `execname()` bpf_get_current_comm),
 * `gettimeofday_*()` add the realtime offset the runtime stores in the state slot to
 * bpf_ktime_get_ns, `exit()` moves the session to STOPPING and tells user space. A function
 * without a kernel form is refused at the call.
 */
import {
  BPF_FUNC_get_current_comm,
  BPF_FUNC_get_current_pid_tgid,
  BPF_FUNC_get_current_uid_gid,
  BPF_FUNC_get_smp_processor_id,
  BPF_FUNC_ktime_get_ns,
  BPF_FUNC_probe_read_kernel_str,
  BPF_FUNC_probe_read_user_str,
  R0,
  R1,
  R2,
  R3,
  R10,
} from '../bpf/index.js';
import { type CallExpr, printProbePoint } from '../lang/index.js';
import { ERROR_CODE, RECORD_TYPE, SESSION_STATE, STATE_OFFSET } from '../wire/index.js';
import { BYTE_ORDER_BUILTINS } from './byte-order.js';
import { TASK_COMM_BYTES } from './capacity.js';
import { CLOCK_BUILTINS } from './context-clocks.js';
import { PROBE_CONTEXT_BUILTINS, ppfunc } from './context-probe.js';
import {
  lowerPrintBacktrace,
  lowerPrintSyms,
  lowerPrintUbacktrace,
  lowerPrintUsyms,
  refuseDeferred,
} from './context-stack.js';
import { currentTask, parentExecname, readTaskMember, TASK_MEMBERS } from './context-task.js';
import { lowerAssert, lowerError, lowerLog } from './errors-raise.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import { inlineCall, scriptTarget } from './functions.js';
import type { Lowering } from './lowering.js';
import { emitRecord } from './output.js';
import { STATE_SYMBOL } from './plan.js';
import { lowerCallers, lowerStackAt } from './stack-values.js';
import { STRING_BUILTINS, STRING_LONG_BUILTINS } from './string-builtins.js';
import { evalString, stringBuffer, writeLiteral } from './strings.js';
import { lowerSyscallArg } from './syscall-args.js';
import { syscallPp } from './syscall-prologue.js';
import { TIMEZONE_LONG_BUILTINS, TIMEZONE_STRING_BUILTINS } from './timezone.js';
import { lowerUserBuiltin } from './user-args.js';
import { lowerUserReader } from './user-memory.js';
import { lowerUaddr } from './user-stack.js';
import { lowerSystem, lowerWarn } from './warn.js';

type LongBuiltin = (L: Lowering) => void;

/** `r0 = (r0 << 32) >> 32`: the low 32 bits, zero-extended. */
function low32(L: Lowering): void {
  L.b.lsh64(R0, 32).rsh64(R0, 32);
}

function realtimeNs(L: Lowering): void {
  L.b.call(BPF_FUNC_ktime_get_ns).ldMapValue(R1, STATE_SYMBOL).ldx(8, R1, R1, STATE_OFFSET.realtimeOffsetNs);
  L.b.add64(R0, R1);
}

function realtimeDivided(divisor: number): LongBuiltin {
  return (L) => {
    realtimeNs(L);
    L.b.div64(R0, divisor);
  };
}

const LONG_BUILTINS: Readonly<Record<string, LongBuiltin>> = {
  pid: (L) => L.b.call(BPF_FUNC_get_current_pid_tgid).rsh64(R0, 32),
  tid: (L) => {
    L.b.call(BPF_FUNC_get_current_pid_tgid);
    low32(L);
  },
  uid: (L) => {
    L.b.call(BPF_FUNC_get_current_uid_gid);
    low32(L);
  },
  gid: (L) => L.b.call(BPF_FUNC_get_current_uid_gid).rsh64(R0, 32),
  cpu: (L) => L.b.call(BPF_FUNC_get_smp_processor_id),
  ktime_get_ns: (L) => L.b.call(BPF_FUNC_ktime_get_ns),
  gettimeofday_ns: realtimeNs,
  gettimeofday_us: realtimeDivided(1000),
  gettimeofday_ms: realtimeDivided(1_000_000),
  gettimeofday_s: realtimeDivided(1_000_000_000),
  target: (L) => L.b.ldMapValue(R1, STATE_SYMBOL).ldx(8, R0, R1, STATE_OFFSET.targetPid),
  exit: lowerExit,
};

/**
 * stap's `exit()`: RUNNING → STOPPING (an ERROR state stays), then an EXIT record so user space
 * starts the shutdown at once. The handler itself runs on.
 */
function lowerExit(L: Lowering): void {
  const b = L.b;
  const skip = b.newLabel('stopping');
  b.ldMapValue(R1, STATE_SYMBOL).ldx(8, R2, R1, STATE_OFFSET.state);
  b.jne(R2, SESSION_STATE.running, skip).st(8, R1, STATE_OFFSET.state, SESSION_STATE.stopping).label(skip);
  const record = L.frame.slot();
  b.st(4, R10, record.offset, RECORD_TYPE.exit).st(4, R10, record.offset + 4, 0);
  emitRecord(L, record, 8);
  b.mov64(R0, 0);
}

function builtinName(L: Lowering, e: CallExpr): string {
  const target = L.program.calls.get(e);
  if (target?.kind !== 'builtin') return L.unsupported(e.span, 'calling script functions');
  return target.fn.name;
}

/** A call for its long value (in r0), or for its effect. */
export function callLong(L: Lowering, e: CallExpr, _want: boolean): void {
  const fn = scriptTarget(L, e);
  if (fn !== undefined) {
    inlineCall(L, e, fn);
    return;
  }
  const name = builtinName(L, e);
  if (lowerSyscallArg(L, e, name)) return;
  if (lowerUserBuiltin(L, e, name)) return;
  if (lowerUserReader(L, e, name)) return;
  const lower = LONG_BUILTINS[name];
  if (lower !== undefined && e.args.length === 0) {
    lower(L);
    return;
  }
  const withCall = CALL_BUILTINS[name];
  if (withCall === undefined) L.unsupported(e.span, `${name}()`);
  withCall(L, e);
}

/** Builtins that take arguments or blame their call: clocks, the current task, errors. */
const CALL_BUILTINS: Readonly<Record<string, (L: Lowering, e: CallExpr) => void>> = {
  ...CLOCK_BUILTINS,
  ...PROBE_CONTEXT_BUILTINS,
  ...Object.fromEntries(
    Object.entries(TASK_MEMBERS).map(([name, path]) => [
      name,
      (L: Lowering, e: CallExpr) => readTaskMember(L, e.span, `${name}()`, path),
    ]),
  ),
  task_current: (L) => currentTask(L),
  print_backtrace: lowerPrintBacktrace,
  print_syms: lowerPrintSyms,
  print_ubacktrace: lowerPrintUbacktrace,
  print_usyms: lowerPrintUsyms,
  print_ustack: lowerPrintUsyms,
  uaddr: lowerUaddr,
  stack: lowerStackAt,
  ustack: lowerStackAt,
  error: lowerError,
  assert: lowerAssert,
  log: lowerLog,
  ...STRING_LONG_BUILTINS,
  ...BYTE_ORDER_BUILTINS,
  warn: lowerWarn,
  system: lowerSystem,
  ...TIMEZONE_LONG_BUILTINS,
};

/** A call returning a string. */
export function callString(L: Lowering, e: CallExpr, into?: Region): Region {
  const fn = scriptTarget(L, e);
  if (fn !== undefined) {
    const result = inlineCall(L, e, fn, into);
    return result ?? L.unsupported(e.span, `${e.name}()`);
  }
  const name = builtinName(L, e);
  const b = L.b;
  const stringBuiltin = STRING_BUILTINS[name] ?? TIMEZONE_STRING_BUILTINS[name];
  if (stringBuiltin !== undefined) return stringBuiltin(L, e, into);
  switch (name) {
    case 'execname': {
      const dst = into ?? stringBuffer(L, TASK_COMM_BYTES);
      // bpf_get_current_comm pads the name with NULs up to the size asked.
      const bytes = Math.min(dst.bytes, TASK_COMM_BYTES);
      L.address(R1, dst);
      b.mov64(R2, bytes).call(BPF_FUNC_get_current_comm);
      if (dst.bytes > bytes) L.zero(dst, bytes);
      return dst;
    }
    case 'pp':
    case 'pn': {
      if (name === 'pp' && L.probe.point.family === 'syscall') {
        // One program covers many calls: `syscall.NAME` of the call that fired.
        const dst = into ?? stringBuffer(L, 48);
        if (syscallPp(L, dst)) return dst;
      }
      const text = name === 'pp' ? L.probe.name : printProbePoint(L.probe.written);
      const dst = into ?? stringBuffer(L, text.length + 1);
      writeLiteral(L, text, dst);
      return dst;
    }
    case 'pexecname':
      return parentExecname(L, e.span, into);
    case 'ppfunc':
      return ppfunc(L, into);
    case 'callers':
    case 'ucallers':
      return lowerCallers(L, e, into);
    case 'backtrace':
    case 'sprint_backtrace':
    case 'symname':
    case 'symdata':
    case 'sprint_syms':
    case 'cmdline_str':
    case 'cmdline_arg':
    case 'cmdline_args':
    case 'ubacktrace':
    case 'sprint_ubacktrace':
    case 'usymname':
    case 'usymdata':
    case 'umodname':
    case 'sprint_usyms':
    case 'sprint_ustack':
    case 'returnstr':
    case 'return_str':
    case 'user_buffer_quoted':
    case 'user_buffer_quoted_error':
      return refuseDeferred(L, e);
    case 'user_string':
    case 'user_string_n':
    case 'kernel_string':
    case 'kernel_string_n':
      return readMemoryString(L, e, name, into);
    default:
      return L.unsupported(e.span, `${name}()`);
  }
}

/**
 * `user_string(addr)`, `kernel_string_n(addr, n)`...: stap copies at most n + 1 bytes (n
 * defaults to MAXSTRINGLEN), never more than MAXSTRINGLEN - 1, the NUL included. A fault raises
 * stap's copy-fault error with the address (and, for user memory, the errno).
 */
function readMemoryString(L: Lowering, e: CallExpr, name: string, into?: Region): Region {
  const b = L.b;
  const user = name.startsWith('user');
  const limit = L.capacities.maxStringLen - 1;
  const dst = into ?? stringBuffer(L, limit);
  const counted = name.endsWith('_n');
  const addressArg = e.args[0];
  const countArg = counted ? e.args[1] : undefined;
  const fallback = e.args[counted ? 2 : 1];
  if (addressArg === undefined) return L.unsupported(e.span, `${name}()`);
  evalLong(L, addressArg);
  const address = L.spill();
  const size = L.frame.slot();
  const most = Math.min(limit, dst.bytes);
  if (countArg === undefined) b.mov64(R0, most);
  else {
    // clamp(n + 1, 1, most): a bound the verifier can see.
    const low = b.newLabel('clamp');
    const high = b.newLabel('clamp');
    evalLong(L, countArg);
    b.add64(R0, 1).jsgt(R0, 0, low).mov64(R0, 1).label(low);
    b.jsle(R0, most, high).mov64(R0, most).label(high);
  }
  b.stx(8, R10, size.offset, R0);
  L.zero(dst);
  L.address(R1, dst);
  b.ldx(8, R2, R10, size.offset).ldx(8, R3, R10, address.offset);
  b.call(user ? BPF_FUNC_probe_read_user_str : BPF_FUNC_probe_read_kernel_str);
  const copied = b.newLabel('copied');
  b.jsge(R0, 0, copied);
  if (fallback === undefined) {
    b.mov64(R2, R0).ldx(8, R1, R10, address.offset);
    L.raise(e.span, user ? ERROR_CODE.userStringFault : ERROR_CODE.kernelStringFault, R1, R2);
  } else {
    evalString(L, fallback, dst);
  }
  b.label(copied);
  return dst;
}
