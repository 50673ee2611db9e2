/**
 * A `*` width in a kernel sprintf (`%-*s`, `%*d`: tapset/indent.stp's thread_indent): the width
 * is an argument, known only at run time. As the runtime's formatter does
 * (runtime/format/printf.ts), it is the argument's low 32 bits as a C int, 0 when negative,
 * and at most the room left in the MAXSTRINGLEN result (`room`, a slot, for a right-justified
 * piece; a left-justified one is cut by the concatenation).
 *
 * The piece (a clean string) goes into a buffer first filled with spaces: right-justified at
 * offset `width - length` (its NUL lands at the width), left-justified at 0 with a NUL stored at
 * the width. The spaces after the NUL are then dropped by copying it out to a clean buffer.
 */
import {
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_probe_read_kernel_str,
  R0,
  R1,
  R2,
  R3,
  R8,
  R10,
} from '../bpf/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringLength } from './string-builtins.js';
import { writeLiteral } from './strings.js';

/** r0 = the width argument's low 32 bits as a C int, 0 when negative, stored in a new slot. */
export function dynamicWidth(L: Lowering): Region {
  const b = L.b;
  const slot = L.frame.slot();
  const positive = b.newLabel('width');
  b.lsh64(R0, 32).arsh64(R0, 32).jsge(R0, 0, positive).mov64(R0, 0).label(positive);
  b.stx(8, R10, slot.offset, R0);
  return slot;
}

export function padDynamic(L: Lowering, text: Region, width: Region, left: boolean, room?: Region): Region {
  const b = L.b;
  const max = L.capacities.maxStringLen;
  // In scratch, not on the 512-byte stack: thread_indent() is called in handlers that need it.
  const out = L.frame.scratch(max + text.bytes);
  writeLiteral(L, ' '.repeat(max), out);
  stringLength(L, text);
  // r8: the string's length; r1: the width, at most the room and MAXSTRINGLEN - 1.
  b.mov64(R8, R0);
  L.reload(R1, width);
  if (room !== undefined) {
    const fits = b.newLabel('room');
    L.reload(R2, room);
    b.jsge(R2, R1, fits).mov64(R1, R2).label(fits);
  }
  const capped = b.newLabel('width');
  b.jsle(R1, max - 1, capped)
    .mov64(R1, max - 1)
    .label(capped);
  const nonNegative = b.newLabel('width');
  b.jsge(R1, 0, nonNegative).mov64(R1, 0).label(nonNegative);
  if (left) {
    // The string at 0 (without its NUL), then a NUL at the width or after the string.
    b.stx(8, R10, width.offset, R1);
    b.mov64(R2, R8);
    const fits = b.newLabel('left');
    b.jle(R2, text.bytes - 1, fits)
      .mov64(R2, text.bytes - 1)
      .label(fits);
    L.address(R1, out);
    L.address(R3, text);
    b.call(BPF_FUNC_probe_read_kernel);
    L.reload(R0, width);
    const wider = b.newLabel('left');
    b.jge(R0, R8, wider).mov64(R0, R8).label(wider);
    const inside = b.newLabel('left');
    b.jle(R0, max - 1, inside)
      .mov64(R0, max - 1)
      .label(inside);
    L.address(R1, out);
    b.add64(R1, R0).st(1, R1, 0, 0);
  } else {
    // The pad's length: width - length, at least 0.
    const some = b.newLabel('pad');
    b.sub64(R1, R8).mov64(R0, R1).jsge(R0, 0, some).mov64(R0, 0).label(some);
    const most = b.newLabel('pad');
    b.jle(R0, max, most).mov64(R0, max).label(most);
    L.address(R1, out);
    b.add64(R1, R0).mov64(R2, text.bytes);
    L.address(R3, text);
    b.call(BPF_FUNC_probe_read_kernel_str);
  }
  const clean = L.frame.scratch(max);
  L.zero(clean);
  L.address(R1, clean);
  L.address(R3, out);
  b.mov64(R2, clean.bytes).call(BPF_FUNC_probe_read_kernel_str);
  return clean;
}
