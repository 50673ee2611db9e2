/** What the kernel forms of the string builtins share: their arguments, strlen, masked search. */
import { BPF_FUNC_probe_read_kernel_str, R0, R1, R2, R3, type Register } from '../bpf/index.js';
import type { CallExpr, Expr } from '../lang/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';

/** Argument `i` of a call taking exactly `count`; any other shape is refused at the call. */
export function stringArgument(L: Lowering, e: CallExpr, i: number, count: number): Expr {
  const a = e.args[i];
  if (a === undefined || e.args.length !== count) return L.unsupported(e.span, `${e.name}()`);
  return a;
}
/** r0 = the length of the clean string in `s`. */
export function stringLength(L: Lowering, s: Region): void {
  const b = L.b;
  const some = b.newLabel('strlen');
  L.address(R1, s);
  b.mov64(R2, s.bytes);
  L.address(R3, s);
  b.call(BPF_FUNC_probe_read_kernel_str).sub64(R0, 1);
  b.jsge(R0, 0, some).mov64(R0, 0).label(some);
}

/**
 * masks[k]: the bytes of word k that lie within the first `length` bytes, for comparing a search
 * string a word at a time; `loadLength` puts the length in r1.
 */
export function lengthMasks(L: Lowering, masks: Region, loadLength: () => void): void {
  const b = L.b;
  const m = L.baseOf(masks);
  for (let k = 0; k < masks.bytes / 8; k++) {
    const none = b.newLabel('mask');
    const all = b.newLabel('mask');
    const next = b.newLabel('mask');
    loadLength();
    b.sub64(R1, 8 * k)
      .jsle(R1, 0, none)
      .jsge(R1, 8, all);
    b.lsh64(R1, 3)
      .mov64(R2, 1)
      .lsh64(R2, R1)
      .sub64(R2, 1)
      .stx(8, m.reg, m.off + 8 * k, R2)
      .ja(next);
    b.label(none)
      .st(8, m.reg, m.off + 8 * k, 0)
      .ja(next);
    b.label(all).st(8, m.reg, m.off + 8 * k, -1);
    b.label(next);
  }
}

/**
 * r0 = the bits in which the words at the address in `at` differ from `needle`'s, each word
 * masked to the needle's length (`masks`, from lengthMasks): 0 when the needle is there.
 */
export function maskedDifference(L: Lowering, at: Register, needle: Region, masks: Region): void {
  const b = L.b;
  const n = L.baseOf(needle);
  const m = L.baseOf(masks);
  b.mov64(R0, 0);
  for (let k = 0; k < needle.bytes / 8; k++) {
    b.ldx(8, R2, at, 8 * k)
      .ldx(8, R3, n.reg, n.off + 8 * k)
      .xor64(R2, R3);
    b.ldx(8, R3, m.reg, m.off + 8 * k)
      .and64(R2, R3)
      .or64(R0, R2);
  }
}
