/**
 * Width, `-` and `0` of a sprintf conversion in kernel handlers (format.ts), and the precision of
 * `%s`, applied to the converted piece (a clean string) as the runtime's formatter does
 * (runtime/format/printf.ts): the piece right-justified in spaces, left-justified with `-`, or
 * with `0` right-justified in zeros that go after a leading `-` sign.
 *
 * The padded buffer is first filled with the pad character up to the width and zeros after it;
 * the piece is then copied over it at the pad's length (bpf_probe_read_kernel_str, whose NUL
 * lands at the width), or at 0 with bpf_probe_read_kernel of its length when left-justified.
 */
import {
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_probe_read_kernel_str,
  R0,
  R1,
  R2,
  R3,
  R8,
} from '../bpf/index.js';
import { align8, type Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringLength } from './string-builtins.js';
import { writeLiteral } from './strings.js';

export interface Padding {
  /** 0: none. */
  readonly width: number;
  readonly left: boolean;
  /** `0` (numbers only; ignored when left-justified). */
  readonly zero: boolean;
  /** `%s` only; undefined: none. */
  readonly precision: number | undefined;
}

const MINUS = 0x2d;
const ZERO = 0x30;

/**
 * `piece` cut to the precision, then padded to the width, in a new buffer (or `piece` itself).
 * With `room` (a slot), a right-justified width is cut to the room's value at run time.
 */
export function padPiece(L: Lowering, piece: Region, padding: Padding, room?: Region, head?: Region): Region {
  const b = L.b;
  let text = piece;
  if (padding.precision !== undefined) {
    const keep = Math.min(padding.precision, L.capacities.maxStringLen - 1);
    text = L.frame.buffer(align8(keep + 1));
    L.zero(text);
    L.address(R1, text);
    L.address(R3, piece);
    b.mov64(R2, Math.min(keep + 1, text.bytes)).call(BPF_FUNC_probe_read_kernel_str);
  }
  // At most MAXSTRINGLEN (format.ts clamps it to the room left).
  const width = Math.min(padding.width, L.capacities.maxStringLen);
  if (width <= 0) return text;
  const zero = padding.zero && !padding.left;
  const out = L.frame.buffer(align8(width + text.bytes));
  writeLiteral(L, (zero ? '0' : ' ').repeat(width), out);
  stringLength(L, text);
  if (padding.left) {
    const fits = b.newLabel('clamp');
    b.mov64(R2, R0).jle(R2, text.bytes, fits).mov64(R2, text.bytes).label(fits);
    L.address(R1, out);
    L.address(R3, text);
    b.call(BPF_FUNC_probe_read_kernel);
    return out;
  }
  // r0: the pad's length, width - strlen clamped at 0.
  const some = b.newLabel('pad');
  const most = b.newLabel('pad');
  b.mov64(R1, width);
  if (room !== undefined) {
    const wide = b.newLabel('room');
    L.reload(R2, room);
    b.jsge(R2, R1, wide).mov64(R1, R2).label(wide);
  }
  b.sub64(R1, R0).mov64(R0, R1).jsge(R0, 0, some).mov64(R0, 0).label(some);
  b.jle(R0, width, most).mov64(R0, width).label(most);
  // r8: the pad's length, kept across the copy.
  b.mov64(R8, R0);
  L.address(R1, out);
  b.add64(R1, R0).mov64(R2, text.bytes);
  L.address(R3, text);
  b.call(BPF_FUNC_probe_read_kernel_str);
  if (zero && head !== undefined) {
    // `0x002a`, `+0042`: the head (at most two bytes) moves to the front, zeros take its place.
    const done = b.newLabel('head');
    b.mov64(R2, R8).jeq(R2, 0, done);
    const h = L.baseOf(head);
    const o = L.baseOf(out);
    for (let j = 0; j < 2; j++) {
      b.ldx(1, R3, h.reg, h.off + j).jeq(R3, 0, done);
      b.stx(1, o.reg, o.off + j, R3);
      L.address(R1, out, j);
      b.add64(R1, R2).st(1, R1, 0, ZERO);
    }
    b.label(done);
  } else if (zero) {
    // `-0042`: the sign moves to the front, a zero takes its place.
    const done = b.newLabel('signed');
    const { reg, off } = L.baseOf(text);
    b.ldx(1, R1, reg, off).jne(R1, MINUS, done);
    b.mov64(R2, R8).jeq(R2, 0, done);
    const o = L.baseOf(out);
    b.st(1, o.reg, o.off, MINUS);
    L.address(R1, out);
    b.add64(R1, R2).st(1, R1, 0, ZERO);
    b.label(done);
  }
  if (room === undefined) return out;
  // A width cut short leaves pad characters after the NUL: copied out to a clean buffer.
  const clean = L.frame.buffer(out.bytes);
  L.zero(clean);
  L.address(R1, clean);
  L.address(R3, out);
  b.mov64(R2, out.bytes).call(BPF_FUNC_probe_read_kernel_str);
  return clean;
}
