/**
 * `int_arg(N)` and its family in syscall probes (and in `@entry` operands of syscall returns):
 * argument N of the system call, as stap's nd_syscall aliases read them. The raw
 * `sys_enter`/`sys_exit` context's args[0] is the task's saved user `struct pt_regs`, where the
 * call's six arguments are (di, si, dx, r10, r8, r9 on x86_64: the target's register offsets);
 * one bpf_probe_read_kernel fetches the one asked for, then it is truncated to 32 bits and
 * sign- or zero-extended as registers.stp's readers do (the same readers as user-args.ts'). A
 * call has no seventh argument.
 * `returnval()` in a return probe is the call's return value (the nd_syscall aliases' retval).
 */
import { BPF_FUNC_probe_read_kernel, R0, R1, R2, R3, R6, R10 } from '../bpf/index.js';
import type { CallExpr, Expr } from '../lang/index.js';
import type { Lowering } from './lowering.js';
import { ARG_READERS, extend } from './user-args.js';

/**
 * Lowers `name(N)` into r0 when it is one of the readers and the probe a syscall one: true then,
 * false to let the caller try others.
 */
export function lowerSyscallArg(L: Lowering, e: CallExpr, name: string): boolean {
  const point = L.probe.point;
  if (point.family !== 'syscall') return false;
  if (name === 'returnval' && point.isReturn && e.args.length === 0) {
    // The raw sys_exit context's args[1] is the call's return value.
    L.b.ldx(8, R0, R6, 8);
    return true;
  }
  const how = ARG_READERS[name];
  if (how === undefined) return false;
  const arg: Expr | undefined = e.args[0];
  if (arg?.kind !== 'Number') {
    return L.unsupported(arg?.span ?? e.span, `${name}() with an argument that is not a literal number`);
  }
  const n = Number(arg.value);
  const offset = point.registers.args[n - 1];
  if (offset === undefined || arg.value < 1n) {
    return L.refuse(e.span, `${name}(${arg.value}): a system call has six arguments at most`);
  }
  const b = L.b;
  const slot = L.frame.slot();
  b.st(8, R10, slot.offset, 0);
  b.ldx(8, R3, R6, 0).add64(R3, offset);
  L.address(R1, slot);
  b.mov64(R2, 8).call(BPF_FUNC_probe_read_kernel);
  b.ldx(8, R0, R10, slot.offset);
  if (how.truncate) extend(L, 4, how.signed);
  return true;
}
