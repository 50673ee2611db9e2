/**
 * Numbers for sprintf conversions with a sign flag (`+`, space), `#`, a precision, or in octal
 * (`%o`, `%p`), as the kernel's number() writes them (runtime/format/printf.ts `formatNumber`):
 * a head — the sign of a signed conversion, or the `0`/`0x`/`0X` prefix of `#` (even for zero) —
 * then the digits of the magnitude, zero-extended to the precision. The width is applied after
 * (format-pad.ts), its zeros going between the head and the digits.
 */
import { BPF_FUNC_probe_read_kernel_str, R0, R1, R2, R3, R5, R7 } from '../bpf/index.js';
import { padPiece } from './format-pad.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringLength } from './string-builtins.js';

export interface NumberFormat {
  readonly base: 8 | 10 | 16;
  readonly signed: boolean;
  readonly upper: boolean;
  readonly plus: boolean;
  readonly space: boolean;
  readonly alternate: boolean;
  /** Minimum digits; undefined: none. */
  readonly precision: number | undefined;
}

/** The most digits of a 64-bit magnitude in each base. */
const DIGITS: Readonly<Record<8 | 10 | 16, number>> = { 8: 22, 10: 20, 16: 16 };

/** r0 formatted (see the file comment): the whole text, and its head alone. */
export function formatNumberPiece(
  L: Lowering,
  f: NumberFormat,
): { readonly text: Region; readonly head: Region } {
  const b = L.b;
  const head = L.frame.buffer(8);
  const h = L.baseOf(head);
  b.st(8, h.reg, h.off, 0).mov64(R1, R0);
  if (f.signed) {
    const positive = b.newLabel('positive');
    const done = b.newLabel('signed');
    b.jsge(R1, 0, positive).neg64(R1).st(1, h.reg, h.off, 0x2d).ja(done);
    b.label(positive);
    if (f.plus) b.st(1, h.reg, h.off, 0x2b);
    else if (f.space) b.st(1, h.reg, h.off, 0x20);
    b.label(done);
  } else if (f.alternate && f.base !== 10) {
    b.st(1, h.reg, h.off, 0x30);
    if (f.base === 16) b.st(1, h.reg, h.off + 1, f.upper ? 0x58 : 0x78);
  }
  let digits = digitString(L, f.base, f.upper);
  if (f.precision !== undefined && f.precision > 1) {
    digits = padPiece(L, digits, { width: f.precision, left: false, zero: true, precision: undefined });
  }
  // The head, then the digits from its end.
  const text = L.frame.buffer(32);
  const t = L.baseOf(text);
  L.zero(text);
  b.ldx(8, R1, h.reg, h.off).stx(8, t.reg, t.off, R1);
  stringLength(L, head);
  const fits = b.newLabel('clamp');
  b.jle(R0, 2, fits).mov64(R0, 2).label(fits);
  L.address(R1, text);
  b.add64(R1, R0).mov64(R2, digits.bytes);
  L.address(R3, digits);
  b.call(BPF_FUNC_probe_read_kernel_str);
  return { text, head };
}

/** The digits of the magnitude in r1 (no sign), in a new clean buffer. */
function digitString(L: Lowering, base: 8 | 10 | 16, upper: boolean): Region {
  const b = L.b;
  const digits = L.frame.scratch(24);
  L.zero(digits);
  const end = writeDigits(L, digits, base, upper);
  const out = L.frame.buffer(24);
  L.zero(out);
  b.mov64(R3, R7).add64(R3, end).sub64(R3, R5);
  L.address(R1, out);
  b.mov64(R2, out.bytes).call(BPF_FUNC_probe_read_kernel_str);
  return out;
}

/**
 * Writes the digits of the magnitude in r1 (kept) right-aligned in `digits`, a clean 24-byte
 * scratch buffer, base 16's letters in upper case when `upper`; r5: how many there are (1 at
 * least: zero is "0"). Returns where they end, as an offset from r7.
 */
export function writeDigits(L: Lowering, digits: Region, base: 8 | 10 | 16, upper: boolean): number {
  const b = L.b;
  const width = DIGITS[base];
  b.mov64(R2, R1);
  for (let i = 0; i < width; i++) {
    b.mov64(R3, R2);
    if (base === 16) b.and64(R3, 15).rsh64(R2, 4);
    else if (base === 8) b.and64(R3, 7).rsh64(R2, 3);
    else b.mod64(R3, 10).div64(R2, 10);
    if (base === 16) {
      const decimal = b.newLabel('digit');
      b.jlt(R3, 10, decimal)
        .add64(R3, (upper ? 65 : 97) - 48 - 10)
        .label(decimal);
    }
    b.add64(R3, 48).stx(1, R7, digits.offset + width - 1 - i, R3);
  }
  // r5: the number of digits, 1 at least (zero is "0").
  const counted = b.newLabel('counted');
  b.mov64(R5, 1);
  let power = 1n;
  for (let k = 1; k < width; k++) {
    power *= BigInt(base);
    b.ldImm64(R2, power)
      .jlt(R1, R2, counted)
      .mov64(R5, k + 1);
  }
  b.label(counted);
  return digits.offset + width;
}
