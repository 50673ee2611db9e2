/**
 * The kernel side of a string vector capture (execve's argv/envp; wire/syscalls/vector.ts has
 * the layout and the printing): up to VECTOR.entries elements, unrolled, each its pointer read
 * with bpf_probe_read_user and its string with bpf_probe_read_user_str into the string area at
 * a running offset, bounded by the room left.
 *
 * The verifier bounds a read by the largest offset plus the largest size, twice the area, while
 * the read itself never passes the area: a scratch pad allocated after the record (the scratch
 * map value is what the verifier measures) covers the difference.
 */
import {
  BPF_FUNC_probe_read_user,
  BPF_FUNC_probe_read_user_str,
  R0,
  R1,
  R2,
  R3,
  R4,
  R10,
} from '../bpf/index.js';
import { VECTOR } from '../wire/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';

/**
 * Copies the vector whose address is in `address` (a stack slot) into `data` (VECTOR.bytes at
 * least, in scratch), its element statuses zeroed first. The capture's result is the caller's.
 */
export function emitVectorCapture(L: Lowering, data: Region, address: Region): void {
  const b = L.b;
  L.zero(data, 0, VECTOR.stringsAt);
  const strings = L.slice(data, VECTOR.stringsAt, VECTOR.area);
  // Only the verifier's bound reaches into it.
  L.frame.scratch(VECTOR.area);
  const offset = L.frame.slot();
  const element = L.frame.slot();
  b.st(8, R10, offset.offset, 0).st(8, R10, element.offset, 0);
  const end = b.newLabel('vector_end');
  b.ldx(8, R0, R10, address.offset).jeq(R0, 0, end);
  for (let i = 0; i < VECTOR.entries; i++) {
    const s = L.baseOf(data, 2 * i);
    const pointerRead = b.newLabel('vector_pointer');
    const notNull = b.newLabel('vector_element');
    const faulted = b.newLabel('vector_fault');
    const next = b.newLabel('vector_next');
    L.address(R1, element);
    b.mov64(R2, 8).ldx(8, R3, R10, address.offset);
    if (i > 0) b.add64(R3, 8 * i);
    b.call(BPF_FUNC_probe_read_user).jsge(R0, 0, pointerRead);
    b.st(2, s.reg, s.off, VECTOR.POINTER_FAULT).ja(end);
    b.label(pointerRead).ldx(8, R3, R10, element.offset).jne(R3, 0, notNull);
    b.st(2, s.reg, s.off, VECTOR.END).ja(end);
    // r1 = the area + offset, r2 = the room left (1..area).
    b.label(notNull).ldx(8, R4, R10, offset.offset).jge(R4, VECTOR.area, end);
    L.address(R1, strings);
    b.add64(R1, R4).mov64(R2, VECTOR.area).sub64(R2, R4).call(BPF_FUNC_probe_read_user_str);
    // The read first (its offset range covers the fault's, so the verifier prunes the fault).
    b.jsle(R0, 0, faulted);
    b.stx(2, s.reg, s.off, R0);
    b.ldx(8, R4, R10, offset.offset).add64(R4, R0).stx(8, R10, offset.offset, R4).ja(next);
    // Faulted: the string's address in the area instead, if it fits.
    b.label(faulted)
      .ldx(8, R4, R10, offset.offset)
      .jgt(R4, VECTOR.area - 8, end);
    L.address(R1, strings);
    b.add64(R1, R4).ldx(8, R3, R10, element.offset).stx(8, R1, 0, R3);
    b.st(2, s.reg, s.off, VECTOR.STRING_FAULT).add64(R4, 8).stx(8, R10, offset.offset, R4);
    b.label(next);
  }
  b.label(end);
}
