/**
 * The tracing machinery's frames at the start of a tracepoint handler's kernel stack, dropped in
 * BPF before `stack(n)` and `callers(n)` index it, as user space drops them from `backtrace()`
 * (runtime/kernel-side/deferred-text.ts `probedFrames`): the BPF program itself (outside the
 * kernel text), then `bpf_trace_runN`, `__bpf_trace_<class>` and `__traceiter_<event>` (raw
 * tracepoints) or `perf_trace_<class>`, `perf_syscall_enter`/`exit` and `trace_call_bpf`
 * (tracepoint programs). Their code ranges come from /proc/kallsyms at compile time (the
 * context port's `symbolRange`). A stack made only of such frames is kept whole, as user space
 * keeps it.
 */
import { type Label, R0, R1, R3, R10 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { MAX_BACKTRACE_FRAMES } from '../wire/index.js';
import type { CodeRange } from './context-target.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';

/** Where the kernel text lies, and the machinery's code (sorted, merged). */
export interface Machinery {
  readonly text: CodeRange;
  readonly ranges: readonly CodeRange[];
}

const FIXED: readonly string[] = [
  ...Array.from({ length: 12 }, (_, i) => `bpf_trace_run${i + 1}`),
  'trace_call_bpf',
  'perf_syscall_enter',
  'perf_syscall_exit',
];

/** Sorted, touching ranges merged. */
export function mergeRanges(ranges: readonly CodeRange[]): CodeRange[] {
  const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => (a.start < b.start ? -1 : 1));
  const out: CodeRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last === undefined || r.start > last.end) out.push(r);
    else if (r.end > last.end) out[out.length - 1] = { start: last.start, end: r.end };
  }
  return out;
}

/**
 * The tracepoint events and event classes whose trampolines can call this handler: syscall
 * probes and the syscalls/raw_syscalls events run on `sys_enter`/`sys_exit`; any other event is
 * its own class, or one of those BTF finds with its parameters (the context port's
 * `tracepointClasses`), else its trampoline's name is unknown.
 */
function events(L: Lowering, e: CallExpr, range: (name: string) => CodeRange | undefined): string[] {
  const point = L.probe.point;
  if (point.family === 'syscall') return ['sys_enter', 'sys_exit'];
  if (point.family !== 'kernel.trace') return L.unsupported(e.span, `${e.name}() in this probe`);
  if (point.system === 'syscalls' || point.system === 'raw_syscalls')
    return [point.event, 'sys_enter', 'sys_exit'];
  if (range(`__bpf_trace_${point.event}`) !== undefined) return [point.event];
  const classes = L.options.context?.tracepointClasses?.(point.event) ?? [];
  if (classes.length === 0)
    L.unsupported(
      e.span,
      `${e.name}() in kernel.trace("${point.system}:${point.event}") (its event class, whose tracing frames start the stack, is unknown)`,
    );
  return [point.event, ...classes];
}

/** The machinery's ranges for the handler's tracepoint, or a pass-3 refusal. */
export function machineryOf(L: Lowering, e: CallExpr): Machinery {
  const lookup = L.options.context?.symbolRange;
  const range = (name: string): CodeRange | undefined => lookup?.(name);
  const start = range('_stext');
  const end = range('_etext');
  if (start === undefined || end === undefined)
    return L.unsupported(
      e.span,
      `${e.name}() in tracepoint and syscall probes without kernel symbols (/proc/kallsyms)`,
    );
  const names = [...FIXED];
  for (const event of events(L, e, range))
    names.push(`__bpf_trace_${event}`, `__traceiter_${event}`, `perf_trace_${event}`);
  const ranges = names.map(range).filter((r): r is CodeRange => r !== undefined);
  return { text: { start: start.start, end: end.start }, ranges: mergeRanges(ranges) };
}

/** Jumps to `yes` when r0 is in one of the ranges. Clobbers r3. */
function jumpIfMachinery(L: Lowering, m: Machinery, yes: Label): void {
  const b = L.b;
  for (const r of m.ranges) {
    const next = b.newLabel('range');
    b.ldImm64(R3, r.start).jlt(R0, R3, next);
    b.ldImm64(R3, r.end).jlt(R0, R3, yes);
    b.label(next);
  }
}

/** r0 = frames[r1] (r1 < MAX_BACKTRACE_FRAMES checked by the caller). Clobbers r1. */
function loadFrame(L: Lowering, frames: Region): void {
  const b = L.b;
  b.lsh64(R1, 3);
  L.address(R0, frames);
  b.add64(R0, R1).ldx(8, R0, R0, 0);
}

/**
 * Drops the leading machinery frames of `count` u64 `frames`: first those outside the kernel
 * text and the ranges (the BPF program), then those in the ranges; only when such frames
 * follow, and not all of them are (else the stack is kept as it is).
 */
export function dropMachinery(L: Lowering, m: Machinery, frames: Region, count: Region): void {
  const b = L.b;
  const first = L.frame.slot();
  b.st(8, R10, first.offset, 0);
  const keep = b.newLabel('keep');
  const shift = b.newLabel('shift');
  const outside = b.newLabel('outside');
  const program = b.newLabel('program');
  const trampolines = b.newLabel('trampolines');
  const nextFrame = (): void => {
    b.ldx(8, R1, R10, first.offset).ldx(8, R3, R10, count.offset).jge(R1, R3, keep);
    b.jge(R1, MAX_BACKTRACE_FRAMES, keep);
    loadFrame(L, frames);
  };
  // The program's own frames: outside the kernel text.
  b.label(program);
  nextFrame();
  jumpIfMachinery(L, m, trampolines);
  b.ldImm64(R3, m.text.start).jlt(R0, R3, outside);
  b.ldImm64(R3, m.text.end).jge(R0, R3, outside);
  b.ja(keep);
  b.label(outside);
  b.ldx(8, R1, R10, first.offset).add64(R1, 1).stx(8, R10, first.offset, R1).ja(program);
  // The trampolines, up to the traced code.
  b.label(trampolines);
  b.ldx(8, R1, R10, first.offset).add64(R1, 1).stx(8, R10, first.offset, R1);
  nextFrame();
  jumpIfMachinery(L, m, trampolines);
  b.ja(shift);
  // frames[k] = frames[first + k], count -= first.
  b.label(shift);
  const shifted = b.newLabel('shifted');
  for (let k = 0; k < MAX_BACKTRACE_FRAMES; k++) {
    b.ldx(8, R1, R10, first.offset).add64(R1, k).jge(R1, MAX_BACKTRACE_FRAMES, shifted);
    loadFrame(L, frames);
    const to = L.baseOf(frames, 8 * k);
    b.stx(8, to.reg, to.off, R0);
  }
  b.label(shifted);
  b.ldx(8, R0, R10, count.offset).ldx(8, R1, R10, first.offset).sub64(R0, R1).stx(8, R10, count.offset, R0);
  b.label(keep);
}
