/**
 * Probe-context functions that read the current task in kernel handlers: `ppid()` is
 * `current->real_parent->tgid`, `pgrp()`/`sid()` the process group's and session's pid numbers
 * in the initial namespace, `euid()`/`egid()` `current->cred->euid.val`/`egid.val` (the values
 * in the initial user namespace, as stap's from_kuid_munged gives for processes there),
 * `pexecname()` `current->real_parent->comm`, `task_current()` the task_struct's address. The
 * task comes from bpf_get_current_task; member offsets come from the kernel's BTF through the
 * context port (context-target.ts), each pointer hop one bpf_probe_read_kernel (a fault reads 0).
 */
import {
  BPF_FUNC_get_current_task,
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_probe_read_kernel_str,
  R0,
  R1,
  R2,
  R3,
  R10,
  type Size,
} from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import type { TaskCharsAccess, TaskMemberAccess } from './context-target.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { readStringInto, stringBuffer } from './strings.js';

/** Long-valued task functions: the member chain from `current`. */
export const TASK_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  ppid: ['real_parent', 'tgid'],
  // task_pgrp_nr_ns(current, &init_pid_ns): the PIDTYPE_PGID (2) pid's number at level 0.
  pgrp: ['signal', 'pids[2]', 'numbers[0]', 'nr'],
  // task_session_nr_ns: PIDTYPE_SID (3).
  sid: ['signal', 'pids[3]', 'numbers[0]', 'nr'],
  euid: ['cred', 'euid', 'val'],
  egid: ['cred', 'egid', 'val'],
};

function context(L: Lowering, span: Span, what: string) {
  const ctx = L.options.context;
  if (ctx === undefined) return L.unsupported(span, `${what} without the kernel's BTF`);
  return ctx;
}

function member(
  L: Lowering,
  span: Span,
  what: string,
  path: readonly string[],
): TaskMemberAccess & { ok: true } {
  const access = context(L, span, what).taskMember(path);
  if (!access.ok) return L.unsupported(span, `${what}: ${access.error}`);
  return access;
}

/** `r0 = current` (the task_struct address). */
export function currentTask(L: Lowering): void {
  L.b.call(BPF_FUNC_get_current_task);
}

/**
 * Follows `derefs` from the pointer in r0 (each a probe read into a zeroed slot), leaving in r3
 * the address of the final member at `offset` from the last pointer.
 */
function followPointers(L: Lowering, derefs: readonly number[], offset: number): void {
  const b = L.b;
  const slot = L.frame.slot();
  for (const hop of derefs) {
    b.mov64(R3, R0).add64(R3, hop).st(8, R10, slot.offset, 0);
    L.address(R1, slot);
    b.mov64(R2, 8).call(BPF_FUNC_probe_read_kernel).ldx(8, R0, R10, slot.offset);
  }
  b.mov64(R3, R0).add64(R3, offset);
}

/** `r0 = current->a->b...` (an integer member, sign-extended as its type says). */
export function readTaskMember(L: Lowering, span: Span, what: string, path: readonly string[]): void {
  const access = member(L, span, what, path);
  const b = L.b;
  currentTask(L);
  followPointers(L, access.derefs, access.offset);
  const slot = L.frame.slot();
  b.st(8, R10, slot.offset, 0);
  L.address(R1, slot);
  b.mov64(R2, access.size).call(BPF_FUNC_probe_read_kernel);
  b.ldx(access.size as Size, R0, R10, slot.offset);
  if (access.isSigned && access.size < 8) {
    const shift = 64 - 8 * access.size;
    b.lsh64(R0, shift).arsh64(R0, shift);
  }
}

/** `pexecname()`: current->real_parent->comm. */
export function parentExecname(L: Lowering, span: Span, into?: Region): Region {
  const access: TaskCharsAccess = context(L, span, 'pexecname()').taskChars(['real_parent', 'comm']);
  if (!access.ok) return L.unsupported(span, `pexecname(): ${access.error}`);
  const dst = into ?? stringBuffer(L, access.length);
  currentTask(L);
  followPointers(L, access.derefs, access.offset);
  readStringInto(L, BPF_FUNC_probe_read_kernel_str, R3, dst, Math.min(dst.bytes, access.length));
  return dst;
}

/** `r0 = current->mm->arg_start` and `current->mm->arg_end` into the two slots (0 without an mm). */
export function commandLineBounds(L: Lowering, span: Span, start: Region, end: Region): void {
  L.b.st(8, R10, start.offset, 0).st(8, R10, end.offset, 0);
  const mm = member(L, span, 'cmdline_str()', ['mm']);
  const first = member(L, span, 'cmdline_str()', ['mm', 'arg_start']);
  const last = member(L, span, 'cmdline_str()', ['mm', 'arg_end']);
  const b = L.b;
  const none = b.newLabel('nomm');
  currentTask(L);
  followPointers(L, mm.derefs, mm.offset);
  const slot = L.frame.slot();
  b.st(8, R10, slot.offset, 0);
  L.address(R1, slot);
  b.mov64(R2, 8).call(BPF_FUNC_probe_read_kernel).ldx(8, R0, R10, slot.offset);
  b.jeq(R0, 0, none);
  b.stx(8, R10, slot.offset, R0);
  for (const [access, into] of [
    [first, start],
    [last, end],
  ] as const) {
    b.ldx(8, R3, R10, slot.offset).add64(R3, access.offset);
    L.address(R1, into);
    b.mov64(R2, 8).call(BPF_FUNC_probe_read_kernel);
  }
  b.label(none);
}
