/**
 * `htons`/`ntohs`, `htonl`/`ntohl`, `htonll`/`ntohll` in kernel handlers: the argument's low
 * 2, 4 or 8 bytes in network (big-endian) order, as the tapset's cpu_to_be16/32/64 — one BPF
 * endian instruction (`be16` zero-extends the swapped 16 bits, as the u16 result is).
 */

import { R0 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { evalLong } from './expressions.js';
import type { Lowering } from './lowering.js';

function swap(bits: 16 | 32 | 64): (L: Lowering, e: CallExpr) => void {
  return (L, e) => {
    const x = e.args[0];
    if (x === undefined || e.args.length !== 1) return L.unsupported(e.span, `${e.name}()`);
    evalLong(L, x);
    if (bits === 16) L.b.be16(R0);
    else if (bits === 32) L.b.be32(R0);
    else L.b.be64(R0);
  };
}

export const BYTE_ORDER_BUILTINS: Readonly<Record<string, (L: Lowering, e: CallExpr) => void>> = {
  htons: swap(16),
  ntohs: swap(16),
  htonl: swap(32),
  ntohl: swap(32),
  htonll: swap(64),
  ntohll: swap(64),
};
