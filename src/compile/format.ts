/**
 * `sprintf` and one-argument `sprint`/`sprintln` in kernel handlers, formatted in BPF into a
 * string: the pieces (literal text, each argument converted) are made into clean buffers, then
 * concatenated (strings.ts). Conversions: `%d %i %u %x %X %s %c` and `%%`, without flags, width or
 * precision; anything else is refused at the call.
 *
 * A number is converted with unrolled divisions into fixed digit positions of a scratch buffer
 * (all 20, or 16 for hex), its digit count found by comparing with the powers of the base; the
 * digits from the first significant one are then copied out with bpf_probe_read_kernel_str.
 */
import { BPF_FUNC_probe_read_kernel_str, R0, R1, R2, R3, R4, R5, R7, R10 } from '../bpf/index.js';
import { type Expr, type FormatComponent, type PrintExpr, parsePrintFormat } from '../lang/index.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { concatRegions, evalString, stringBuffer, writeLiteral } from './strings.js';

type Conversion = 'd' | 'u' | 'x' | 'X' | 's' | 'c';

export function sprint(L: Lowering, e: PrintExpr, into?: Region): Region {
  const pieces: (string | { readonly arg: Expr; readonly conversion: Conversion })[] = [];
  switch (e.name) {
    case 'sprintf': {
      const parsed = parsePrintFormat(e.format ?? '');
      if ('error' in parsed) return L.unsupported(e.span, 'this format');
      let next = 0;
      for (const c of parsed.components) {
        if (c.kind === 'literal') {
          pieces.push(c.text);
          continue;
        }
        const conversion = supported(c);
        const arg = e.args[next++];
        if (conversion === undefined || arg === undefined) {
          return L.unsupported(e.span, `%${c.conversion} with flags, width or precision in sprintf`);
        }
        pieces.push({ arg, conversion });
      }
      break;
    }
    case 'sprint':
    case 'sprintln': {
      const arg = e.args[0];
      if (arg === undefined || e.args.length !== 1)
        return L.unsupported(e.span, `${e.name} of several values`);
      pieces.push({ arg, conversion: L.isString(arg) ? 's' : 'd' });
      if (e.name === 'sprintln') pieces.push('\n');
      break;
    }
    default:
      return L.unsupported(e.span, `${e.name}`);
  }
  const parts = pieces.map((p) => {
    if (typeof p === 'string') {
      const text = p.slice(0, L.capacities.maxStringLen - 1);
      const dst = stringBuffer(L, text.length + 1);
      writeLiteral(L, text, dst);
      return dst;
    }
    if (p.conversion === 's') return evalString(L, p.arg);
    evalLong(L, p.arg);
    if (p.conversion === 'c') {
      const dst = L.frame.stack(8);
      L.b.st(8, R10, dst.offset, 0).stx(1, R10, dst.offset, R0);
      return dst;
    }
    return numberString(L, p.conversion);
  });
  return concatRegions(L, parts, into);
}

function supported(c: Extract<FormatComponent, { kind: 'conversion' }>): Conversion | undefined {
  const f = c.flags;
  if (f.left || f.plus || f.space || f.alternate || f.zeroPad) return undefined;
  if (c.width !== undefined || c.precision !== undefined) return undefined;
  switch (c.conversion) {
    case 'd':
    case 'i':
      return 'd';
    case 'u':
    case 'x':
    case 'X':
    case 's':
    case 'c':
      return c.conversion;
    default:
      return undefined;
  }
}

/** r0 as text in a new clean 24-byte buffer. */
export function numberString(L: Lowering, conversion: 'd' | 'u' | 'x' | 'X'): Region {
  const b = L.b;
  const hex = conversion === 'x' || conversion === 'X';
  const base = hex ? 16 : 10;
  const width = hex ? 16 : 20;
  const digits = L.frame.scratch(24);
  L.zero(digits);
  // r1: the magnitude, r4: 1 when negative (signed %d only).
  b.mov64(R1, R0).mov64(R4, 0);
  if (conversion === 'd') {
    const positive = b.newLabel('positive');
    b.jsge(R1, 0, positive).neg64(R1).mov64(R4, 1).label(positive);
  }
  b.mov64(R2, R1);
  for (let i = 0; i < width; i++) {
    b.mov64(R3, R2);
    if (hex) b.and64(R3, 15).rsh64(R2, 4);
    else b.mod64(R3, 10).div64(R2, 10);
    if (hex) {
      const decimal = b.newLabel('digit');
      b.jlt(R3, 10, decimal)
        .add64(R3, (conversion === 'x' ? 97 : 65) - 48 - 10)
        .label(decimal);
    }
    b.add64(R3, 48).stx(1, R7, digits.offset + width - 1 - i, R3);
  }
  // r5: the number of digits.
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
  const out = L.frame.buffer(24);
  L.zero(out);
  const done = b.newLabel('converted');
  const unsigned = b.newLabel('unsigned');
  b.mov64(R3, R7)
    .add64(R3, digits.offset + width)
    .sub64(R3, R5);
  b.jeq(R4, 0, unsigned);
  {
    const { reg, off } = L.baseOf(out);
    b.st(1, reg, off, 45);
    L.address(R1, out, 1);
    b.mov64(R2, out.bytes - 1)
      .call(BPF_FUNC_probe_read_kernel_str)
      .ja(done);
  }
  b.label(unsigned);
  L.address(R1, out);
  b.mov64(R2, out.bytes).call(BPF_FUNC_probe_read_kernel_str);
  b.label(done);
  return out;
}
