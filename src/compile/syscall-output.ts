/**
 * `argstr`, `retstr` and the decoded variables (`flags_str`...) as arguments of printf/print/
 * println in a syscall probe's handler: the record carries the raw values (wire/syscall-text.ts)
 * and user space builds the text, so the kernel side pays only for copying the registers and the
 * user memory the call's decoder needs (read here with bpf_probe_read_user(_str), as its row or
 * constants say).
 *
 * Used any other way (assigned, compared, concatenated, as a key) they are refused at the use:
 * the strace-like text is not built in BPF. A decoded variable's record is argstr's; its table
 * says, per call, which argument (or constant) it shows.
 */
import {
  BPF_FUNC_probe_read_user,
  BPF_FUNC_probe_read_user_str,
  R0,
  R1,
  R2,
  R3,
  R4,
  R5,
  R6,
  R10,
  type Register,
} from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import { decodedSourceOf, type ProvidedVariable, type SyscallProbePoint } from '../elaborate/index.js';
import type { Expr } from '../lang/index.js';
import {
  type ArgKind,
  SYSCALL_TEXT,
  type SyscallTextCall,
  type SyscallTextTable,
  syscallTextTable,
} from '../wire/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { type SyscallFrame, singleCall, syscallFrame } from './syscall-prologue.js';
import { CAPTURE_KIND, wantedCaptures } from './syscall-rows.js';
import { emitVectorCapture } from './syscall-vector.js';

type Deferred =
  | { readonly text: 'argstr' | 'retstr' | 'quoted' }
  | { readonly text: 'decoded'; readonly what: ProvidedVariable };

/** The deferred alias variable an expression names, if it is one. */
function deferredText(L: Lowering, e: Expr): Deferred | undefined {
  if (e.kind !== 'Symbol') return undefined;
  const v = L.program.bindings.get(e);
  const f = syscallFrame(L);
  if (v === undefined || f === undefined || !f.deferred.has(v)) return undefined;
  if (f.addresses.has(v)) return { text: 'quoted' };
  const what = L.probe.provided?.get(v);
  if (what?.kind === 'decoded') return { text: 'decoded', what };
  return what?.kind === 'argstr' || what?.kind === 'retstr' ? { text: what.kind } : undefined;
}

/** The printf argument kind of `argstr`/`retstr`/a decoded variable/a print-only string, or undefined. */
export function syscallTextKind(L: Lowering, e: Expr): ArgKind | undefined {
  const deferred = deferredText(L, e);
  const f = syscallFrame(L);
  if (deferred === undefined || f === undefined) return undefined;
  if (deferred.text === 'quoted') {
    return { kind: 'syscall', table: syscallTextTable('quoted', [], [L.capacities.maxStringLen]) };
  }
  // The entries themselves: their parameters are read (lazily) only by the argstr decoder.
  const calls = deferred.text === 'decoded' ? decodedCalls(f.point, deferred.what) : f.point.syscalls;
  const table = syscallTextTable(
    deferred.text,
    calls,
    f.layout.captureSlots.map((s) => s.capacity),
  );
  return { kind: 'syscall', table };
}

/** Each covered call with what it shows for a decoded variable (parameters still lazy). */
function decodedCalls(point: SyscallProbePoint, what: ProvidedVariable): SyscallTextCall[] {
  return point.syscalls.map((entry): SyscallTextCall => {
    const decoded = decodedSourceOf(entry, what);
    if (decoded === undefined) return { nr: entry.nr, name: entry.name, params: [] };
    return {
      nr: entry.nr,
      name: entry.name,
      decoded,
      get params() {
        return entry.params;
      },
    };
  });
}

/** Refuses a use of `argstr`/`retstr`/a decoded variable other than printing it (strings.ts asks first). */
export function refuseSyscallText(L: Lowering, e: Expr, span: Span): void {
  if (deferredText(L, e) === undefined || e.kind !== 'Symbol') return;
  L.unsupported(
    span,
    `'${e.name}' other than as an argument of printf, print or println (it is built in user space)`,
  );
}

/** Fills the slot of `argstr`/`retstr`/a print-only string `e` in a record. */
export function emitSyscallText(L: Lowering, slot: Region, table: SyscallTextTable, e: Expr): void {
  const f = syscallFrame(L);
  if (f === undefined) return;
  const b = L.b;
  const at = L.baseOf(slot);
  if (table.text === 'quoted') {
    emitQuoted(L, f, slot, table, e);
    return;
  }
  b.ldx(8, R0, R10, f.nr.offset).stx(8, at.reg, at.off + SYSCALL_TEXT.nr, R0);
  if (table.text === 'retstr') {
    b.ldx(8, R0, R6, 8).stx(8, at.reg, at.off + SYSCALL_TEXT.ret, R0);
    return;
  }
  const args = f.args;
  for (let i = 0; i < 6; i++) {
    if (args === undefined) b.st(8, at.reg, at.off + SYSCALL_TEXT.args + 8 * i, 0);
    else b.ldx(8, R0, R10, args.offset + 8 * i).stx(8, at.reg, at.off + SYSCALL_TEXT.args + 8 * i, R0);
  }
  table.captures.forEach((c, j) => {
    const result = L.slice(slot, c.offset, 8);
    const data = L.slice(slot, c.offset + 8, (c.capacity + 7) & ~7);
    // A stack record must be written before the ring copies it; scratch need not be (the
    // reader goes by the read's result and the NUL, never past them).
    if (data.base === 'stack') L.zero(data);
    const r = L.baseOf(result);
    b.st(8, r.reg, r.off, -1);
    if (args === undefined) return;
    if (singleCall(f.point)) {
      const entry = f.point.syscalls[0];
      const capture = entry === undefined ? undefined : wantedCaptures(entry, f.layout.want)[j];
      if (capture === undefined) return;
      b.ldx(8, R3, R10, args.offset + 8 * capture.index);
      if (capture.kind === 'vector') {
        emitVector(L, data, r);
        return;
      }
      L.address(R1, data);
      const bytes = Math.min(capture.kind === 'string' ? capture.maxBytes : capture.bytes, c.capacity);
      b.mov64(R2, bytes);
      b.call(capture.kind === 'string' ? BPF_FUNC_probe_read_user_str : BPF_FUNC_probe_read_user);
      b.stx(8, r.reg, r.off, R0);
      return;
    }
    if (f.row === undefined) return;
    const done = b.newLabel('captured');
    // The row's spec: register index + 1, kind, bytes.
    const spec = f.layout.capturesAt + 4 * j;
    b.ldx(8, R1, R10, f.row.offset).jeq(R1, 0, done);
    b.ldx(1, R2, R1, spec).jeq(R2, 0, done);
    b.ldx(1, R4, R1, spec + 1).ldx(2, R5, R1, spec + 2);
    const loaded = b.newLabel('capture_arg');
    for (let i = 0; i < 6; i++) {
      const next = b.newLabel('capture_next');
      b.jne(R2, i + 1, next)
        .ldx(8, R3, R10, args.offset + 8 * i)
        .ja(loaded);
      b.label(next);
    }
    b.ja(done);
    b.label(loaded);
    const bounded = b.newLabel('capture_bounded');
    if (f.layout.captureSlots[j]?.kind === 'vector') {
      const other = b.newLabel('capture_not_vector');
      b.jne(R4, CAPTURE_KIND.vector, other);
      emitVector(L, data, r);
      b.ja(done).label(other);
    }
    b.jle(R5, c.capacity, bounded).mov64(R5, c.capacity).label(bounded);
    L.address(R1, data);
    b.mov64(R2, R5);
    const bytesRead = b.newLabel('capture_bytes');
    const called = b.newLabel('capture_called');
    b.jne(R4, CAPTURE_KIND.string, bytesRead);
    b.call(BPF_FUNC_probe_read_user_str).ja(called);
    b.label(bytesRead).call(BPF_FUNC_probe_read_user);
    b.label(called);
    b.stx(8, r.reg, r.off, R0);
    b.label(done);
  });
}

/** A vector capture of the address in r3: the result 0 (read), then the copy. */
function emitVector(L: Lowering, data: Region, result: { reg: Register; off: number }): void {
  const address = L.frame.slot();
  L.b.stx(8, R10, address.offset, R3).st(8, result.reg, result.off, 0);
  emitVectorCapture(L, data, address);
}

/** A print-only string argument: its address, the read's result (0: no such argument), the bytes. */
function emitQuoted(L: Lowering, f: SyscallFrame, slot: Region, table: SyscallTextTable, e: Expr): void {
  const b = L.b;
  const v = e.kind === 'Symbol' ? L.program.bindings.get(e) : undefined;
  const where = v === undefined ? undefined : f.addresses.get(v);
  const capacity = table.captures[0]?.capacity ?? 1;
  const at = L.baseOf(slot);
  const data = L.slice(slot, SYSCALL_TEXT.data, (capacity + 7) & ~7);
  if (data.base === 'stack') L.zero(data);
  b.st(8, at.reg, at.off + SYSCALL_TEXT.result, 0);
  if (where === undefined) {
    b.st(8, at.reg, at.off + SYSCALL_TEXT.address, 0);
    return;
  }
  const done = b.newLabel('quoted_done');
  b.ldx(8, R3, R10, where.address.offset).stx(8, at.reg, at.off + SYSCALL_TEXT.address, R3);
  b.ldx(8, R0, R10, where.present.offset).jeq(R0, 0, done);
  L.address(R1, data);
  b.mov64(R2, capacity).call(BPF_FUNC_probe_read_user_str);
  b.stx(8, at.reg, at.off + SYSCALL_TEXT.result, R0);
  b.label(done);
}
