/**
 * `strtol(s, base)` in kernel handlers: the kernel's simple_strtol, as the user-space runtime
 * has it — a leading `-` negates; base (a C unsigned int: the low 32 bits) 0 picks 16 for `0x`
 * and a hex digit, 8 for a leading 0, else 10; base 16 skips a `0x`; digits are 0-9 and a-f in
 * either case, each below the base; no whitespace or `+`; overflow wraps.
 *
 * The prefix is read at fixed offsets; the digits one per call of a bpf_loop callback, with the
 * position and the value in scratch (see string-escape.ts for why). The string is read from a
 * scratch copy with zeros after it.
 */
import { BPF_FUNC_loop, R0, R1, R2, R3, R8 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringArgument } from './string-args.js';
import { copyBuffer, evalString } from './strings.js';
import { invokeCallback, lowerCallback } from './subprograms.js';

const STATE = { at: 0, value: 8, base: 16, negative: 24 } as const;
const STATE_BYTES = 32;

const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const LOWER_X = 0x78;
const LOWER_A = 0x61;
const LOWER_F = 0x66;

/** r1 = 1 when byte r0 is a hex digit, else 0. Clobbers r2. */
function isHexDigit(L: Lowering): void {
  const b = L.b;
  const yes = b.newLabel('hex');
  const done = b.newLabel('hex');
  b.mov64(R1, 0).mov64(R2, R0).sub64(R2, DIGIT_0).jle(R2, 9, yes);
  b.mov64(R2, R0)
    .or64(R2, 0x20)
    .sub64(R2, LOWER_A)
    .jgt(R2, LOWER_F - LOWER_A, done);
  b.label(yes).mov64(R1, 1).label(done);
}

function lowerStrtol(L: Lowering, e: CallExpr): void {
  const b = L.b;
  const s = evalString(L, stringArgument(L, e, 0, 2));
  evalLong(L, stringArgument(L, e, 1, 2));
  const state = L.frame.scratch(STATE_BYTES);
  const st = L.baseOf(state);
  b.lsh64(R0, 32)
    .rsh64(R0, 32)
    .stx(8, st.reg, st.off + STATE.base, R0);
  const window = L.frame.scratch(s.bytes + 8);
  copyBuffer(L, s, L.slice(window, 0, s.bytes));
  L.zero(window, s.bytes, 8);
  const w = L.baseOf(window);
  // r8: where the digits start (after a `-`), r3: the base.
  const signed = b.newLabel('signed');
  b.mov64(R8, 0).st(8, st.reg, st.off + STATE.negative, 0);
  b.ldx(1, R0, w.reg, w.off).jne(R0, MINUS, signed);
  b.mov64(R8, 1).st(8, st.reg, st.off + STATE.negative, 1);
  b.label(signed);
  // The bytes at r8, r8 + 1 and r8 + 2 (r8 is 0 or 1, in the window).
  const at = (k: number): void => {
    L.address(R1, window);
    b.add64(R1, R8).ldx(1, R0, R1, k);
  };
  const chosen = b.newLabel('base');
  const decimal = b.newLabel('decimal');
  const octal = b.newLabel('octal');
  b.ldx(8, R3, st.reg, st.off + STATE.base).jne(R3, 0, chosen);
  at(0);
  b.jne(R0, DIGIT_0, decimal);
  at(1);
  b.or64(R0, 0x20).jne(R0, LOWER_X, octal);
  at(2);
  isHexDigit(L);
  b.jeq(R1, 0, octal).mov64(R3, 16).ja(chosen);
  b.label(octal).mov64(R3, 8).ja(chosen);
  b.label(decimal).mov64(R3, 10);
  b.label(chosen).stx(8, st.reg, st.off + STATE.base, R3);
  const prefixed = b.newLabel('prefixed');
  b.jne(R3, 16, prefixed);
  at(0);
  b.jne(R0, DIGIT_0, prefixed);
  at(1);
  b.or64(R0, 0x20).jne(R0, LOWER_X, prefixed).add64(R8, 2);
  b.label(prefixed);
  b.stx(8, st.reg, st.off + STATE.at, R8).st(8, st.reg, st.off + STATE.value, 0);
  const cb = lowerCallback(L, { ctxArg: R2, args: [], span: e.span, body: () => digit(L, s, window, state) });
  invokeCallback(L, cb, BPF_FUNC_loop, () => b.mov64(R1, s.bytes));
  const positive = b.newLabel('positive');
  b.ldx(8, R0, st.reg, st.off + STATE.value).ldx(8, R1, st.reg, st.off + STATE.negative);
  b.jeq(R1, 0, positive).neg64(R0).label(positive);
}

/** One trip: the digit at the position, or the end of the number. */
function digit(L: Lowering, s: Region, window: Region, state: Region): void {
  const b = L.b;
  const stop = L.loops[L.loops.length - 1]!.breakTo;
  const st = L.baseOf(state);
  const have = b.newLabel('digit');
  b.ldx(8, R8, st.reg, st.off + STATE.at).jgt(R8, s.bytes - 1, stop);
  L.address(R1, window);
  b.add64(R1, R8).ldx(1, R0, R1, 0);
  b.mov64(R3, R0).sub64(R3, DIGIT_0).jle(R3, 9, have);
  b.mov64(R3, R0)
    .or64(R3, 0x20)
    .sub64(R3, LOWER_A)
    .jgt(R3, LOWER_F - LOWER_A, stop)
    .add64(R3, 10);
  b.label(have)
    .ldx(8, R1, st.reg, st.off + STATE.base)
    .jge(R3, R1, stop);
  b.ldx(8, R0, st.reg, st.off + STATE.value)
    .mul64(R0, R1)
    .add64(R0, R3);
  b.stx(8, st.reg, st.off + STATE.value, R0);
  b.add64(R8, 1).stx(8, st.reg, st.off + STATE.at, R8);
}

export const STRTOL_BUILTINS = { strtol: lowerStrtol } as const;
