/**
 * `stack(n)`, `ustack(n)`, `callers(n)` and `ucallers(n)` in kernel handlers, made in BPF from a
 * stack captured with bpf_get_stack (upstream context-symbols.stp, ucontext-symbols.stp,
 * context-caller.stp, ucontext.stp): real values, stored and compared like any other.
 *
 * `stack(n)` is the address at depth n (a negative n is depth 0, as the tapset's fallback
 * makes it), or `reached end of stack before unwinding to level n` past the last frame.
 * `callers(n)` is `0x%x` of depths 0..n joined by blanks (n = -1: every frame; n < -1: ""),
 * the same error when a depth is missing (not for -1), stopping before a piece that would take
 * the length past MAXSTRINGLEN.
 *
 * The user stack at a function's entry gets the return address the frame-pointer walk misses
 * (as user space does for `ubacktrace()`: user-stack.ts). The kernel stack starts at the traced
 * code: a tracepoint handler's leading tracing frames are dropped first (`capture`).
 */
import { type Label, R0, R1, R2, R3, R4, R5, R10 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { MAX_BACKTRACE_FRAMES, STACK_SLOT_BYTES, USER_STACK_SLOT_BYTES } from '../wire/index.js';
import { captureStack } from './context-stack.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { dropMachinery, machineryOf } from './stack-machinery.js';
import { raiseUnwindError } from './stack-raise.js';
import { copyBuffer, stringBuffer } from './strings.js';
import { captureUserStack } from './user-stack.js';

/** A captured stack: `count` (a stack slot) u64 addresses at `frames` (scratch). */
interface Frames {
  readonly frames: Region;
  readonly count: Region;
}

/** The current task's user stack, with the entry's return address put in. */
function userFrames(L: Lowering): Frames {
  const b = L.b;
  const slot = L.frame.scratch(USER_STACK_SLOT_BYTES);
  captureUserStack(L, slot);
  const frames = L.slice(slot, 24, 8 * MAX_BACKTRACE_FRAMES);
  const count = L.frame.slot();
  const bytes = L.baseOf(slot, 16);
  b.ldx(8, R0, bytes.reg, bytes.off).rsh64(R0, 3).stx(8, R10, count.offset, R0);
  const point = L.probe.point;
  if (point.family === 'process' && point.site === 'function') {
    // withCaller (runtime/kernel-side/deferred-text.ts): after the pc unless already there.
    const done = b.newLabel('ucaller');
    const ret = L.baseOf(slot, 8);
    b.ldx(8, R1, ret.reg, ret.off).jeq(R1, 0, done).jeq(R0, 0, done);
    const insert = b.newLabel('ucaller');
    const second = L.baseOf(frames, 8);
    b.jlt(R0, 2, insert).ldx(8, R2, second.reg, second.off).jeq(R2, R1, done);
    b.label(insert);
    for (let i = MAX_BACKTRACE_FRAMES - 1; i >= 2; i--) {
      const from = L.baseOf(frames, 8 * (i - 1));
      const to = L.baseOf(frames, 8 * i);
      b.ldx(8, R2, from.reg, from.off).stx(8, to.reg, to.off, R2);
    }
    b.stx(8, second.reg, second.off, R1);
    b.add64(R0, 1).jle(R0, MAX_BACKTRACE_FRAMES, done).mov64(R0, MAX_BACKTRACE_FRAMES);
    b.label(done).stx(8, R10, count.offset, R0);
  }
  return { frames, count };
}

/** The current kernel stack, from the traced code. */
function kernelFrames(L: Lowering): Frames {
  const b = L.b;
  const slot = L.frame.scratch(STACK_SLOT_BYTES);
  captureStack(L, slot);
  const frames = L.slice(slot, 8, 8 * MAX_BACKTRACE_FRAMES);
  const count = L.frame.slot();
  const bytes = L.baseOf(slot);
  b.ldx(8, R0, bytes.reg, bytes.off).rsh64(R0, 3).stx(8, R10, count.offset, R0);
  return { frames, count };
}

/**
 * A tracepoint's handler (kernel.trace, syscall) runs under the tracing machinery (the BPF
 * program, bpf_trace_runN, __bpf_trace_X, perf_trace_X, and __traceiter_X when the tracepoint
 * has more than one user), whose frames the kernel stack starts with: dropped with the
 * machinery's code ranges from kallsyms (stack-machinery.ts). process.begin/end are not done
 * yet. Perf events (timer.profile, perf.*) unwind from the interrupted code; a uprobe from user
 * registers (no kernel frames).
 */
function capture(L: Lowering, e: CallExpr, user: boolean): Frames {
  if (user) return userFrames(L);
  const family = L.probe.point.family;
  if (family === 'perf' || family === 'process') return kernelFrames(L);
  if (family !== 'kernel.trace' && family !== 'syscall')
    L.unsupported(e.span, `${e.name}() in process.begin/end probes (the tracing machinery's frames)`);
  const machinery = machineryOf(L, e);
  const f = kernelFrames(L);
  dropMachinery(L, machinery, f.frames, f.count);
  return f;
}

/**
 * r0 = the frame at depth r1 (0 ≤ r1), or a jump to `missing` when there is none. Clobbers r1,
 * r2.
 */
function frameAt(L: Lowering, f: Frames, missing: Label): void {
  const b = L.b;
  b.ldx(8, R2, R10, f.count.offset).jge(R1, R2, missing);
  // The bound the verifier needs for the indexed load.
  b.jge(R1, MAX_BACKTRACE_FRAMES, missing);
  b.lsh64(R1, 3);
  L.address(R0, f.frames);
  b.add64(R0, R1).ldx(8, R0, R0, 0);
}

/** `stack(n)`, `ustack(n)`: r0 = the address at depth n. */
export function lowerStackAt(L: Lowering, e: CallExpr): void {
  const n = e.args[0];
  if (n === undefined) L.unsupported(e.span, `${e.name}()`);
  const b = L.b;
  evalLong(L, n);
  const depth = L.spill();
  const f = capture(L, e, e.name === 'ustack');
  const missing = b.newLabel('nostack');
  const found = b.newLabel('stack');
  const positive = b.newLabel('depth');
  L.reload(R1, depth);
  b.jsge(R1, 0, positive).mov64(R1, 0).label(positive);
  frameAt(L, f, missing);
  b.ja(found).label(missing);
  raiseUnwindError(L, e.span, depth);
  b.label(found);
}

/**
 * Room past MAXSTRINGLEN in the work buffer: a piece starts at MAXSTRINGLEN at most, and writes
 * a blank, `0x`, 16 digits and 16 zeros after its own digits.
 */
const WORK_SLACK_BYTES = 40;

/**
 * `callers(n)`, `ucallers(n)`: the text built in a zeroed work buffer by bounded loops over the
 * depths and digits (a few hundred instructions; the length so far is dead after the loop, so
 * the verifier's states at its exits are one), then cut to MAXSTRINGLEN - 1. A missing depth is
 * the error only when every piece before it fits, which is decided first (adding up the pieces'
 * lengths without a branch): the verifier then checks the raise once. No arithmetic shift by 63
 * anywhere: the verifier forks its state on one, and per digit that is exponential.
 */
export function lowerCallers(L: Lowering, e: CallExpr, into?: Region): Region {
  const n = e.args[0];
  if (n === undefined) return L.unsupported(e.span, `${e.name}()`);
  const b = L.b;
  const max = L.capacities.maxStringLen;
  evalLong(L, n);
  const last = L.spill();
  const f = capture(L, e, e.name === 'ucallers');
  // r1: the frames there are; r2: the frames wanted (n == -1: all of them; n < -1: none).
  const take = L.frame.slot();
  b.ldx(8, R1, R10, f.count.offset);
  L.reload(R2, last);
  const all = b.newLabel('callers');
  const counted = b.newLabel('callers');
  const some = b.newLabel('callers');
  b.jeq(R2, -1, all).add64(R2, 1).jsge(R2, 0, some).mov64(R2, 0).label(some).ja(counted);
  b.label(all).mov64(R2, R1).label(counted);
  const enough = b.newLabel('callers');
  b.jle(R2, R1, enough);
  piecesLength(L, f);
  b.jgt(R0, max, enough);
  raiseUnwindError(L, e.span, last);
  b.label(enough);
  const fewer = b.newLabel('callers');
  b.jle(R2, R1, fewer).mov64(R2, R1).label(fewer);
  b.stx(8, R10, take.offset, R2);
  const work = L.frame.scratch(max + WORK_SLACK_BYTES);
  L.zero(work);
  const length = L.frame.slot();
  b.st(8, R10, length.offset, 0);
  const done = b.newLabel('callers');
  forEachDepth(L, f, done, (depth) => {
    b.ldx(8, R1, R10, take.offset).ldx(8, R2, R10, depth.offset).jle(R1, R2, done);
    appendHex(L, work, depth, length, done);
  });
  b.label(done);
  // A last piece ending at MAXSTRINGLEN loses its last character.
  const end = L.baseOf(work, max - 1);
  b.st(1, end.reg, end.off, 0);
  const dst = into ?? stringBuffer(L, max);
  copyBuffer(L, work, dst);
  return dst;
}

/**
 * r5 = the hex digits of r0: 1 + the count of k in 1..15 with t = r0 >> 4k nonzero, which is
 * (t + 2^60 - 1) >> 60 as t < 2^60. Without branches or sign tricks: the verifier forks its state
 * on an arithmetic shift by 63. Clobbers r3, r4.
 */
function hexDigits(L: Lowering): void {
  const b = L.b;
  b.mov64(R5, 1).mov64(R4, 1).lsh64(R4, 60).sub64(R4, 1);
  for (let k = 1; k < 16; k++)
    b.mov64(R3, R0)
      .rsh64(R3, 4 * k)
      .add64(R3, R4)
      .rsh64(R3, 60)
      .add64(R5, R3);
}

/**
 * A loop over the depths (bounded: the verifier follows each pass, whose state differs only in
 * the depth): `body` gets r0 = the frame at the depth in its slot, and may jump to `exit`.
 */
function forEachDepth(L: Lowering, f: Frames, exit: Label, body: (depth: Region) => void): void {
  const b = L.b;
  const depth = L.frame.slot();
  b.st(8, R10, depth.offset, 0);
  const top = b.newLabel('depth');
  b.label(top);
  b.ldx(8, R1, R10, depth.offset).jge(R1, MAX_BACKTRACE_FRAMES, exit);
  b.lsh64(R1, 3);
  L.address(R0, f.frames);
  b.add64(R0, R1).ldx(8, R0, R0, 0);
  body(depth);
  b.ldx(8, R1, R10, depth.offset).add64(R1, 1).stx(8, R10, depth.offset, R1).ja(top);
}

/** r0 = the length of all the captured frames' pieces; r1, r2 kept. */
function piecesLength(L: Lowering, f: Frames): void {
  const b = L.b;
  const total = L.frame.slot();
  const kept = L.frame.slot();
  b.st(8, R10, total.offset, 0).stx(8, R10, kept.offset, R2);
  const summed = b.newLabel('pieces');
  forEachDepth(L, f, summed, (depth) => {
    hexDigits(L);
    // `0x` and the digits, and a blank from depth 1 on ((depth + 63) >> 6 is 1 from 1 on).
    b.ldx(8, R2, R10, depth.offset).mov64(R3, R2).add64(R3, 63).rsh64(R3, 6).add64(R5, R3).add64(R5, 2);
    // Counted while depth < the frames there are (at most MAX_BACKTRACE_FRAMES).
    b.ldx(8, R3, R10, f.count.offset).add64(R3, 63).sub64(R3, R2).rsh64(R3, 6).mul64(R5, R3);
    b.ldx(8, R0, R10, total.offset).add64(R0, R5).stx(8, R10, total.offset, R0);
  });
  b.label(summed);
  b.ldx(8, R0, R10, total.offset).ldx(8, R1, R10, f.count.offset).ldx(8, R2, R10, kept.offset);
}

/**
 * Appends ` 0x%x` of r0 (no blank at depth 0) at `length` of `work`, or jumps to `full` when it
 * would take the length past MAXSTRINGLEN. 16 digits are written from the number's first one
 * (a bounded loop), those past its last then cleared.
 */
function appendHex(L: Lowering, work: Region, depth: Region, length: Region, full: Label): void {
  const b = L.b;
  const max = L.capacities.maxStringLen;
  hexDigits(L);
  // r3: the piece's length, a blank before all but the first.
  b.ldx(8, R2, R10, depth.offset).mov64(R3, R2).add64(R3, 63).rsh64(R3, 6).add64(R3, R5).add64(R3, 2);
  b.ldx(8, R4, R10, length.offset).mov64(R1, R4).add64(R1, R3).jgt(R1, max, full);
  b.stx(8, R10, length.offset, R1);
  // The bound the verifier needs for the writes from r4.
  b.jgt(R4, max, full);
  L.address(R3, work);
  b.add64(R3, R4);
  const first = b.newLabel('hex');
  b.jeq(R2, 0, first).st(1, R3, 0, 32).add64(R3, 1).label(first);
  b.st(1, R3, 0, 48).st(1, R3, 1, 120).add64(R3, 2);
  const digit = L.frame.slot();
  b.st(8, R10, digit.offset, 0);
  const top = b.newLabel('hex');
  const written = b.newLabel('hex');
  b.label(top);
  // The digit j from the left: nibble r5 - 1 - j (shifts past 63 only write what is cleared).
  b.ldx(8, R2, R10, digit.offset).jge(R2, 16, written);
  b.mov64(R1, R5).sub64(R1, 1).sub64(R1, R2).lsh64(R1, 2).and64(R1, 63);
  b.mov64(R4, R0).rsh64(R4, R1).and64(R4, 15);
  // '0' + d, and 39 more past '9' ('a' is '0' + 49): (d + 6) >> 4 is 1 from 10 on.
  b.mov64(R1, R4).add64(R1, 6).rsh64(R1, 4).mul64(R1, 39).add64(R4, R1).add64(R4, 48);
  b.stx(1, R3, 0, R4).add64(R3, 1);
  b.add64(R2, 1).stx(8, R10, digit.offset, R2).ja(top);
  b.label(written);
  // The digits past the number's own cleared: the text stays clean and ends after each piece.
  b.sub64(R3, 16).add64(R3, R5);
  for (let k = 0; k < 16; k++) b.st(1, R3, k, 0);
}
