/**
 * `str_replace(s, search, replacement)` in kernel handlers: every non-overlapping occurrence,
 * left to right, the result cut at MAXSTRINGLEN - 1 bytes (stap's strlcat into the return
 * value); an empty search string gives `s` unchanged.
 *
 * One input position per call of a bpf_loop callback (subprograms.ts), with the positions in
 * scratch so the callback verifies as one generic trip. At each position the search string is
 * compared a word at a time (each word masked to its length, as strpos does) with a scratch copy
 * of `s` that has a search string's worth of zeros after it; a match appends the replacement
 * (bpf_probe_read_kernel_str, its size clamped to the room left) and skips the match, anything
 * else appends one byte. The loop stops at the end of `s` or when the output is full.
 */
import { BPF_FUNC_loop, BPF_FUNC_probe_read_kernel_str, R0, R1, R2, R3, R8, R9 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { lengthMasks, maskedDifference, stringArgument, stringLength } from './string-args.js';
import { copyBuffer, evalString, stringBuffer } from './strings.js';
import { invokeCallback, lowerCallback } from './subprograms.js';

const STATE = { in: 0, out: 8, inLength: 16, searchLength: 24 } as const;
const STATE_BYTES = 32;

interface Operands {
  readonly hay: Region;
  readonly needle: Region;
  readonly replacement: Region;
  readonly masks: Region;
  readonly window: Region;
  readonly work: Region;
  readonly state: Region;
  readonly limit: number;
}

function lowerStrReplace(L: Lowering, e: CallExpr, into?: Region): Region {
  const b = L.b;
  const hay = evalString(L, stringArgument(L, e, 0, 3));
  const needle = evalString(L, stringArgument(L, e, 1, 3));
  const replacement = evalString(L, stringArgument(L, e, 2, 3));
  const limit = L.capacities.maxStringLen - 1;
  const dst = into ?? stringBuffer(L, L.capacities.maxStringLen);
  const state = L.frame.scratch(STATE_BYTES);
  const s = L.baseOf(state);
  const unchanged = b.newLabel('unchanged');
  const done = b.newLabel('replaced');
  stringLength(L, needle);
  b.stx(8, s.reg, s.off + STATE.searchLength, R0).jeq(R0, 0, unchanged);
  const masks = L.frame.scratch(needle.bytes);
  lengthMasks(L, masks, () => b.ldx(8, R1, s.reg, s.off + STATE.searchLength));
  const window = L.frame.scratch(hay.bytes + needle.bytes);
  copyBuffer(L, hay, L.slice(window, 0, hay.bytes));
  L.zero(window, hay.bytes);
  stringLength(L, hay);
  b.stx(8, s.reg, s.off + STATE.inLength, R0);
  b.st(8, s.reg, s.off + STATE.in, 0).st(8, s.reg, s.off + STATE.out, 0);
  // Room for a whole replacement at any position the verifier sees the output reach.
  const work = L.frame.scratch(limit + 1 + replacement.bytes);
  const ops: Operands = { hay, needle, replacement, masks, window, work, state, limit };
  const cb = lowerCallback(L, { ctxArg: R2, args: [], span: e.span, body: () => replaceOne(L, ops) });
  invokeCallback(L, cb, BPF_FUNC_loop, () => b.mov64(R1, limit + 1));
  const terminated = b.newLabel('terminated');
  b.ldx(8, R0, s.reg, s.off + STATE.out).jgt(R0, limit, terminated);
  L.address(R1, work);
  b.add64(R1, R0).st(1, R1, 0, 0).label(terminated);
  L.zero(dst);
  L.address(R1, dst);
  b.mov64(R2, dst.bytes);
  L.address(R3, work);
  b.call(BPF_FUNC_probe_read_kernel_str).ja(done);
  b.label(unchanged);
  copyBuffer(L, hay, dst);
  b.label(done);
  return dst;
}

/** One trip: the replacement for a match at the input position, or its byte. */
function replaceOne(L: Lowering, ops: Operands): void {
  const b = L.b;
  const { hay, needle, replacement, masks, window, work, state, limit } = ops;
  const stop = L.loops[L.loops.length - 1]!.breakTo;
  const s = L.baseOf(state);
  // r8: the input position, r9: its address in the window.
  b.ldx(8, R1, s.reg, s.off + STATE.out).jge(R1, limit, stop);
  b.ldx(8, R8, s.reg, s.off + STATE.in)
    .ldx(8, R1, s.reg, s.off + STATE.inLength)
    .jge(R8, R1, stop);
  b.jgt(R8, hay.bytes - 1, stop);
  L.address(R9, window);
  b.add64(R9, R8);
  maskedDifference(L, R9, needle, masks);
  const byte = b.newLabel('byte');
  const next = b.newLabel('nextPosition');
  b.jne(R0, 0, byte);
  // The replacement, at most the room left (its NUL included).
  const fits = b.newLabel('clamp');
  const some = b.newLabel('clamp');
  b.ldx(8, R0, s.reg, s.off + STATE.out).jgt(R0, limit, stop);
  b.mov64(R2, limit + 1).sub64(R2, R0);
  b.jsle(R2, replacement.bytes, fits).mov64(R2, replacement.bytes).label(fits);
  b.jsge(R2, 1, some).mov64(R2, 1).label(some);
  L.address(R1, work);
  b.add64(R1, R0);
  L.address(R3, replacement);
  b.call(BPF_FUNC_probe_read_kernel_str);
  const low = b.newLabel('clamp');
  b.sub64(R0, 1).jsge(R0, 0, low).mov64(R0, 0).label(low);
  b.ldx(8, R1, s.reg, s.off + STATE.out)
    .add64(R1, R0)
    .stx(8, s.reg, s.off + STATE.out, R1);
  b.ldx(8, R1, s.reg, s.off + STATE.in)
    .ldx(8, R2, s.reg, s.off + STATE.searchLength)
    .add64(R1, R2);
  b.stx(8, s.reg, s.off + STATE.in, R1).ja(next);
  b.label(byte);
  b.ldx(8, R1, s.reg, s.off + STATE.out).jgt(R1, limit - 1, stop);
  b.ldx(1, R2, R9, 0);
  L.address(R3, work);
  b.add64(R3, R1)
    .stx(1, R3, 0, R2)
    .add64(R1, 1)
    .stx(8, s.reg, s.off + STATE.out, R1);
  b.add64(R8, 1).stx(8, s.reg, s.off + STATE.in, R8);
  b.label(next);
}

export const REPLACE_BUILTINS = { str_replace: lowerStrReplace } as const;
