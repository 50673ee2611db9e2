/**
 * Values only user space can turn into text, in kernel handlers: `backtrace()`,
 * `sprint_backtrace()` and `print_backtrace()` capture the kernel stack with bpf_get_stack,
 * `symname(addr)`/`symdata(addr)` the address, `cmdline_str()`, `cmdline_arg(n)` and
 * `cmdline_args(n, m, delim)` the current process's raw argument area (current->mm->arg_start
 * to arg_end, read with bpf_probe_read_user); their user twins (`ubacktrace()`,
 * `usymname(addr)`...) the user stack and addresses with the tgid (user-stack.ts); `umodname(addr)`
 * the address once a file is known to be mapped there (stack-umodname.ts);
 * `user_buffer_quoted_error()` the bytes once they were read (else stap's error). A print
 * whose arguments include one sends a PRINTF_DEFERRED record (wire/deferred-output.ts); the
 * runtime symbolises with /proc/kallsyms (user addresses with the process's mappings) and
 * formats it. Such a value used any other way in the kernel (assigned, compared,
 * concatenated) is refused at pass 3 at the call.
 */
import { BPF_FUNC_get_stack, BPF_FUNC_probe_read_user, R0, R1, R2, R3, R4, R6, R10 } from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import type { CallExpr, Expr, PrintExpr } from '../lang/index.js';
import {
  CMDLINE_HEADER_BYTES,
  type DeferredArgKind,
  type DeferredSlot,
  layoutDeferredSite,
  MAX_BACKTRACE_FRAMES,
  type OutputOp,
  RECORD_TYPE,
  USER_BUFFER_HEADER_BYTES,
  USER_STACK_SLOT_BYTES,
} from '../wire/index.js';
import { commandLineBounds } from './context-task.js';
import { evalLong } from './expressions.js';
import { align8, type Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { emitRecord, outputOp } from './output.js';
import { storeReturnString, storeUserBuffer } from './return-strings.js';
import { raiseMessage } from './stack-raise.js';
import { checkUserModule } from './stack-umodname.js';
import { evalString, writeLiteral } from './strings.js';
import { captureUserStack, storeUserAddress } from './user-stack.js';

/** The builtins whose text is made in user space, and what their record slot holds. */
const DEFERRED: Readonly<Record<string, (L: Lowering, e: CallExpr) => DeferredArgKind>> = {
  backtrace: () => ({ kind: 'stack', form: 'hex' }),
  sprint_backtrace: () => ({ kind: 'stack', form: 'simple' }),
  sprint_syms: (L, e) => {
    backtraceArgument(L, e);
    return { kind: 'stack', form: 'sprint-syms' };
  },
  symname: () => ({ kind: 'symbol', form: 'symname' }),
  symdata: () => ({ kind: 'symbol', form: 'symdata' }),
  cmdline_str: (L) => commandLineKind(L),
  cmdline_arg: (L) => commandLineKind(L),
  cmdline_args: (L, e) => commandLineKind(L, e.args[2]),
  ubacktrace: () => ({ kind: 'ustack', form: 'hex' }),
  sprint_ubacktrace: () => ({ kind: 'ustack', form: 'simple' }),
  sprint_usyms: (L, e) => {
    backtraceArgument(L, e, 'ubacktrace');
    return { kind: 'ustack', form: 'sprint-syms' };
  },
  sprint_ustack: (L, e) => {
    backtraceArgument(L, e, 'ubacktrace');
    return { kind: 'ustack', form: 'sprint-syms' };
  },
  usymname: () => ({ kind: 'usymbol', form: 'symname' }),
  usymdata: () => ({ kind: 'usymbol', form: 'symdata' }),
  umodname: () => ({ kind: 'usymbol', form: 'modname' }),
  returnstr: () => ({ kind: 'retstr' }),
  return_str: () => ({ kind: 'retstr' }),
  user_buffer_quoted: (L) => ({ kind: 'ubuffer', capacity: align8(L.capacities.maxStringLen - 1) }),
  user_buffer_quoted_error: (L) => ({ kind: 'ubuffer', capacity: align8(L.capacities.maxStringLen - 1) }),
};

function commandLineKind(L: Lowering, delimiter?: Expr): DeferredArgKind {
  const delimiterCapacity = delimiter === undefined ? 8 : align8(Math.max(L.capacities.of(delimiter), 1));
  return { kind: 'cmdline', capacity: align8(L.capacities.maxStringLen), delimiterCapacity };
}

function deferredCall(L: Lowering, e: Expr): CallExpr | undefined {
  if (e.kind !== 'Call' || L.program.calls.get(e)?.kind !== 'builtin') return undefined;
  return Object.hasOwn(DEFERRED, e.name) ? e : undefined;
}

export function hasDeferredArgs(L: Lowering, e: PrintExpr): boolean {
  return e.args.some((a) => deferredCall(L, a) !== undefined);
}

/** Refuses a deferred builtin used as a value. */
export function refuseDeferred(L: Lowering, e: CallExpr): never {
  return L.unsupported(
    e.span,
    `${e.name}() other than as a print or printf argument (its text is made in user space)`,
  );
}

function kindOf(L: Lowering, a: Expr): DeferredArgKind {
  const call = deferredCall(L, a);
  const deferred = call === undefined ? undefined : DEFERRED[call.name];
  if (call !== undefined && deferred !== undefined) return deferred(L, call);
  return L.isString(a)
    ? { kind: 'string', capacity: align8(Math.max(L.capacities.of(a), 1)) }
    : { kind: 'long' };
}

export function lowerDeferredPrint(L: Lowering, e: PrintExpr): void {
  emitDeferred(
    L,
    e,
    outputOp(L, e),
    e.args.map((a) => kindOf(L, a)),
  );
}

function emitDeferred(
  L: Lowering,
  e: { readonly span: Span; readonly args: readonly Expr[] },
  op: OutputOp,
  kinds: readonly DeferredArgKind[],
): void {
  const site = layoutDeferredSite(op, kinds);
  const deferredSites = L.shared.deferredSites;
  if (deferredSites === undefined) L.unsupported(e.span, 'this print');
  const id = deferredSites.length;
  deferredSites.push(site);
  const record = L.frame.scratch(site.recordBytes);
  const header = L.baseOf(record);
  L.b.st(4, header.reg, header.off, RECORD_TYPE.printfDeferred).st(4, header.reg, header.off + 4, id);
  for (const [i, a] of e.args.entries()) storeArg(L, a, site.args[i]!, record);
  emitRecord(L, record, site.recordBytes);
}

function storeArg(L: Lowering, a: Expr, slot: DeferredSlot, record: Region): void {
  const b = L.b;
  switch (slot.kind) {
    case 'long':
    case 'symbol': {
      const value = slot.kind === 'long' ? a : a.kind === 'Call' ? a.args[0] : undefined;
      if (value === undefined) L.unsupported(a.span, 'this argument');
      evalLong(L, value);
      const { reg, off } = L.baseOf(record, slot.offset);
      b.stx(8, reg, off, R0);
      return;
    }
    case 'string':
      evalString(L, a, L.slice(record, slot.offset, slot.capacity));
      return;
    case 'stack':
      captureStack(L, L.slice(record, slot.offset, 8 + 8 * MAX_BACKTRACE_FRAMES));
      return;
    case 'ustack':
      captureUserStack(L, L.slice(record, slot.offset, USER_STACK_SLOT_BYTES));
      return;
    case 'usymbol': {
      storeUserAddress(L, a, L.slice(record, slot.offset, 16));
      if (slot.form !== 'modname' || a.kind !== 'Call') return;
      const { reg, off } = L.baseOf(record, slot.offset + 8);
      b.ldx(8, R0, reg, off);
      checkUserModule(L, a, L.spill());
      return;
    }
    case 'retstr':
      storeReturnString(L, a, L.slice(record, slot.offset, 16));
      return;
    case 'ubuffer':
      storeUserBuffer(
        L,
        a,
        L.slice(record, slot.offset, USER_BUFFER_HEADER_BYTES + slot.capacity),
        slot.capacity,
      );
      if (a.kind === 'Call' && a.name === 'user_buffer_quoted_error')
        raiseUserBufferError(L, a, L.slice(record, slot.offset, USER_BUFFER_HEADER_BYTES));
      return;
    case 'cmdline':
      if (a.kind !== 'Call') L.unsupported(a.span, 'this argument');
      commandLineRange(L, a, L.slice(record, slot.offset, CMDLINE_HEADER_BYTES + slot.delimiterCapacity));
      captureCommandLine(
        L,
        a,
        L.slice(record, slot.offset, 8),
        L.slice(record, slot.offset + CMDLINE_HEADER_BYTES + slot.delimiterCapacity, slot.capacity),
      );
      return;
  }
}

/**
 * `user_buffer_quoted_error()`: a fault (bytes copied < 0) or outlen <= 0 is stap's error with
 * the address, raised before the record is sent.
 */
function raiseUserBufferError(L: Lowering, e: CallExpr, header: Region): void {
  const b = L.b;
  const fine = b.newLabel('ubufok');
  const failed = b.newLabel('ubuferr');
  const copied = L.baseOf(header);
  const outlen = L.baseOf(header, 24);
  b.ldx(8, R0, copied.reg, copied.off).jslt(R0, 0, failed);
  b.ldx(8, R0, outlen.reg, outlen.off).jsgt(R0, 0, fine);
  b.label(failed);
  const at = L.baseOf(header, 8);
  b.ldx(8, R0, at.reg, at.off);
  raiseMessage(L, e.span, ['Unable to access user space data at 0x', { slot: L.spill(), conversion: 'x' }]);
  b.label(fine);
}

/** `print_backtrace()`: a print of the stack in stap's full form. */
export function lowerPrintBacktrace(L: Lowering, e: CallExpr): void {
  emitDeferred(L, { span: e.span, args: [e] }, { kind: 'print' }, [{ kind: 'stack', form: 'full' }]);
  L.b.mov64(R0, 0);
}

/** `print_syms(backtrace())`: the tapset's ` ADDR : symdata` line per frame. */
export function lowerPrintSyms(L: Lowering, e: CallExpr): void {
  backtraceArgument(L, e);
  emitDeferred(L, { span: e.span, args: [e] }, { kind: 'print' }, [{ kind: 'stack', form: 'syms' }]);
  L.b.mov64(R0, 0);
}

/** `print_ubacktrace()`: the user stack in stap's full form. */
export function lowerPrintUbacktrace(L: Lowering, e: CallExpr): void {
  emitDeferred(L, { span: e.span, args: [e] }, { kind: 'print' }, [{ kind: 'ustack', form: 'full' }]);
  L.b.mov64(R0, 0);
}

/** `print_usyms(ubacktrace())`, `print_ustack(ubacktrace())`: ` ADDR : usymdata` per frame. */
export function lowerPrintUsyms(L: Lowering, e: CallExpr): void {
  backtraceArgument(L, e, 'ubacktrace');
  emitDeferred(L, { span: e.span, args: [e] }, { kind: 'print' }, [{ kind: 'ustack', form: 'syms' }]);
  L.b.mov64(R0, 0);
}

/**
 * print_syms and sprint_syms take the addresses as text: in the kernel, only `backtrace()`'s
 * (their user twins only `ubacktrace()`'s).
 */
function backtraceArgument(L: Lowering, e: CallExpr, wanted = 'backtrace'): void {
  const arg = e.args[0];
  const call = arg === undefined ? undefined : deferredCall(L, arg);
  if (call?.name !== wanted) L.unsupported(e.span, `${e.name}() of anything but ${wanted}()`);
}

/** The u64 byte count, then the frames: bpf_get_stack of the kernel stack (0 bytes on failure). */
export function captureStack(L: Lowering, slot: Region): void {
  const b = L.b;
  const done = b.newLabel('stacked');
  b.mov64(R1, R6);
  L.address(R2, slot, 8);
  b.mov64(R3, 8 * MAX_BACKTRACE_FRAMES)
    .mov64(R4, 0)
    .call(BPF_FUNC_get_stack);
  b.jsge(R0, 0, done).mov64(R0, 0).label(done);
  const { reg, off } = L.baseOf(slot);
  b.stx(8, reg, off, R0);
}

/** The first and last argument wanted and the delimiter: cmdline_str() is (0, -1, " "). */
function commandLineRange(L: Lowering, e: CallExpr, slot: Region): void {
  const b = L.b;
  const [n, m, delimiter] = e.args;
  for (const [k, value] of [
    [1, n],
    [2, e.name === 'cmdline_arg' ? n : m],
  ] as const) {
    if (value === undefined) b.mov64(R0, k === 1 ? 0 : -1);
    else evalLong(L, value);
    const { reg, off } = L.baseOf(slot, 8 * k);
    b.stx(8, reg, off, R0);
  }
  const into = L.slice(slot, CMDLINE_HEADER_BYTES, slot.bytes - CMDLINE_HEADER_BYTES);
  if (delimiter !== undefined) evalString(L, delimiter, into);
  else writeLiteral(L, e.name === 'cmdline_str' ? ' ' : '', into);
}

/** The u64 length read into `length`, the NUL-separated arguments (as many as fit) into `raw`. */
function captureCommandLine(L: Lowering, e: Expr, length: Region, raw: Region): void {
  const b = L.b;
  const capacity = raw.bytes;
  const start = L.frame.slot();
  const end = L.frame.slot();
  commandLineBounds(L, e.span, start, end);
  const none = b.newLabel('noargs');
  const clamped = b.newLabel('clamped');
  const at = L.baseOf(length);
  b.st(8, at.reg, at.off, 0);
  b.ldx(8, R3, R10, start.offset).jeq(R3, 0, none);
  b.ldx(8, R2, R10, end.offset).sub64(R2, R3).jsle(R2, 0, none);
  b.jle(R2, capacity, clamped).mov64(R2, capacity).label(clamped);
  b.stx(8, R10, end.offset, R2);
  L.address(R1, raw);
  b.call(BPF_FUNC_probe_read_user).jne(R0, 0, none);
  b.ldx(8, R2, R10, end.offset);
  const again = L.baseOf(length);
  b.stx(8, again.reg, again.off, R2);
  b.label(none);
}
