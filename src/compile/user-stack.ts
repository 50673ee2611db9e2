/**
 * The user-space side of deferred stacks and symbols in kernel handlers: `ubacktrace()`,
 * `sprint_ubacktrace()`, `print_ubacktrace()` capture the current task's user stack with
 * bpf_get_stack(BPF_F_USER_STACK), `usymname(addr)`/`usymdata(addr)` keep the address; both
 * with the current tgid, so user space can symbolise with that process's mappings
 * (runtime/kernel-side/user-symbols.ts). The record layout is in wire/deferred-output.ts.
 * `uaddr()` is the user pc.
 */
import {
  BPF_FUNC_get_current_pid_tgid,
  BPF_FUNC_get_current_task_btf,
  BPF_FUNC_get_stack,
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_probe_read_user,
  BPF_FUNC_task_pt_regs,
  R0,
  R1,
  R2,
  R3,
  R4,
  R6,
} from '../bpf/index.js';
import type { Expr } from '../lang/index.js';
import { MAX_BACKTRACE_FRAMES } from '../wire/index.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';

/** bpf_get_stack's flag for the user stack of the current task. */
const BPF_F_USER_STACK = 1 << 8;

/** x86_64 struct pt_regs' sp: a uprobe program's context. */
const PT_REGS_SP = 152;

/** The current tgid (stap's pid()) at the start of `slot`. */
function storeTgid(L: Lowering, slot: Region): void {
  L.b.call(BPF_FUNC_get_current_pid_tgid).rsh64(R0, 32);
  const { reg, off } = L.baseOf(slot);
  L.b.stx(8, reg, off, R0);
}

/**
 * u64 tgid, u64 return address at a function's entry, u64 bytes bpf_get_stack wrote (0 on
 * failure), the frames. At a function's entry (process(...).function) the frame pointer is
 * still the caller's, so the frame-pointer walk skips the caller unless the kernel adds the
 * return address at the top of the stack itself (it does for a function starting with `push
 * %rbp` or `endbr64`): the record carries it (0 elsewhere) for user space to add when missing.
 */
export function captureUserStack(L: Lowering, slot: Region): void {
  const b = L.b;
  const point = L.probe.point;
  storeTgid(L, slot);
  const ret = L.slice(slot, 8, 8);
  L.zero(ret);
  if (point.family === 'process' && point.site === 'function') {
    L.address(R1, ret);
    b.mov64(R2, 8).ldx(8, R3, R6, PT_REGS_SP).call(BPF_FUNC_probe_read_user);
  }
  const done = b.newLabel('ustacked');
  b.mov64(R1, R6);
  L.address(R2, slot, 24);
  b.mov64(R3, 8 * MAX_BACKTRACE_FRAMES)
    .mov64(R4, BPF_F_USER_STACK)
    .call(BPF_FUNC_get_stack);
  b.jsge(R0, 0, done).mov64(R0, 0).label(done);
  const bytes = L.baseOf(slot, 16);
  b.stx(8, bytes.reg, bytes.off, R0);
}

/** u64 tgid, then the address `usymname(addr)`/`usymdata(addr)` was given. */
export function storeUserAddress(L: Lowering, e: Expr, slot: Region): void {
  const value = e.kind === 'Call' ? e.args[0] : undefined;
  if (value === undefined) L.unsupported(e.span, 'this argument');
  evalLong(L, value);
  const { reg, off } = L.baseOf(slot, 8);
  L.b.stx(8, reg, off, R0);
  storeTgid(L, slot);
}

/** x86_64 struct pt_regs' ip and cs. */
const PT_REGS_IP = 128;
const PT_REGS_CS = 136;

/**
 * `uaddr()`: the user pc of the current task. A uprobe's context is the user registers; other
 * handlers read the registers saved on entry to the kernel (bpf_task_pt_regs), 0 when they are
 * not user-mode ones (a kernel thread).
 */
export function lowerUaddr(L: Lowering, _e: Expr): void {
  const b = L.b;
  if (L.probe.point.family === 'process') {
    b.ldx(8, R0, R6, PT_REGS_IP);
    return;
  }
  const regs = L.frame.scratch(16);
  L.zero(regs);
  b.call(BPF_FUNC_get_current_task_btf).mov64(R1, R0).call(BPF_FUNC_task_pt_regs);
  b.mov64(R3, R0).add64(R3, PT_REGS_IP);
  L.address(R1, regs);
  b.mov64(R2, 16).call(BPF_FUNC_probe_read_kernel);
  const done = b.newLabel('uaddr');
  const ip = L.baseOf(regs);
  const cs = L.baseOf(regs, PT_REGS_CS - PT_REGS_IP);
  b.mov64(R0, 0).ldx(8, R1, cs.reg, cs.off).and64(R1, 3).jne(R1, 3, done);
  b.ldx(8, R0, ip.reg, ip.off).label(done);
}
