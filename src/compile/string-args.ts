/** What the kernel forms of the string builtins share: their arguments, and strlen. */
import { BPF_FUNC_probe_read_kernel_str, R0, R1, R2, R3 } from '../bpf/index.js';
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
