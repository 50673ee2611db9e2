/**
 * `toupper(s)`, `tolower(s)` and `isdigit(s)` in kernel handlers, byte for byte as the user-space
 * runtime (C's ctype in the "C" locale: only ASCII letters change case, only 0-9 are digits).
 *
 * The case mapping works on whole 8-byte words of the clean buffer (no loop): with `h` the word's
 * bytes without their top bit, `h + (0x80 - first)` sets a byte's top bit when it is at least
 * `first`, `h + (0x80 - last - 1)` when it is past `last` (neither sum carries into the next
 * byte); the bytes in range whose own top bit is clear get 0x20 flipped. NULs stay NULs, so the
 * buffer stays clean.
 */
import { R0, R1, R2, R3, R4 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringArgument } from './string-args.js';
import { copyBuffer, evalString, stringBuffer } from './strings.js';

const LOW_SEVEN = 0x7f7f7f7f7f7f7f7fn;
const TOP_BITS = 0x8080808080808080n;

function everyByte(byte: number): bigint {
  return BigInt(byte) * 0x0101010101010101n;
}

function mapCase(first: number, last: number): (L: Lowering, e: CallExpr, into?: Region) => Region {
  return (L, e, into) => {
    const b = L.b;
    const s = evalString(L, stringArgument(L, e, 0, 1));
    const out = into ?? stringBuffer(L, s.bytes);
    copyBuffer(L, s, out);
    const { reg, off } = L.baseOf(out);
    for (let k = 0; k < out.bytes; k += 8) {
      b.ldx(8, R0, reg, off + k);
      b.ldImm64(R1, LOW_SEVEN).and64(R1, R0);
      b.ldImm64(R2, everyByte(0x80 - first)).add64(R2, R1);
      b.ldImm64(R3, everyByte(0x80 - last - 1)).add64(R3, R1);
      b.xor64(R3, -1).and64(R2, R3);
      b.mov64(R4, R0).xor64(R4, -1).and64(R2, R4);
      b.ldImm64(R3, TOP_BITS).and64(R2, R3).rsh64(R2, 2);
      b.xor64(R0, R2).stx(8, reg, off + k, R0);
    }
    return out;
  };
}

/** `isdigit(s)`: 1 when the first byte is 0-9. */
function lowerIsdigit(L: Lowering, e: CallExpr): void {
  const s = evalString(L, stringArgument(L, e, 0, 1));
  const { reg, off } = L.baseOf(s);
  const no = L.b.newLabel('isdigit');
  L.b.ldx(1, R1, reg, off).sub64(R1, 0x30).mov64(R0, 0).jgt(R1, 9, no).mov64(R0, 1).label(no);
}

export const CASE_BUILTINS = {
  toupper: mapCase(0x61, 0x7a),
  tolower: mapCase(0x41, 0x5a),
} as const;

export const DIGIT_BUILTINS = { isdigit: lowerIsdigit } as const;
