/**
 * `sprintf` and one-argument `sprint`/`sprintln` in kernel handlers, formatted in BPF into a
 * string: the pieces (literal text, each argument converted) are made into clean buffers, then
 * concatenated (strings.ts). Conversions: `%d %i %u %x %X %o %p %s %c` and `%%`, with a width, the
 * `-` and `0` flags (format-pad.ts), `+`, space, `#` and a precision for numbers (format-number.ts)
 * and a precision for `%s`; a `*` width or precision and `%#c` are refused at the call.
 *
 * A number is converted with unrolled divisions into fixed digit positions of a scratch buffer
 * (all 20, or 16 for hex), its digit count found by comparing with the powers of the base; the
 * digits from the first significant one are then copied out with bpf_probe_read_kernel_str.
 */
import { BPF_FUNC_probe_read_kernel_str, R0, R1, R2, R3, R4, R5, R7, R10 } from '../bpf/index.js';
import { type Expr, type FormatComponent, type PrintExpr, parsePrintFormat } from '../lang/index.js';
import { evalLong } from './expressions.js';
import { formatNumberPiece, type NumberFormat, writeDigits } from './format-number.js';
import { type Padding, padPiece } from './format-pad.js';
import { dynamicWidth, padDynamic } from './format-pad-dynamic.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringLength } from './string-builtins.js';
import { concatRegions, evalString, stringBuffer, writeLiteral } from './strings.js';

/** `o` and `p` are always written by format-number.ts. */
type Conversion = 'd' | 'u' | 'x' | 'X' | 'o' | 'p' | 's' | 'c';

export function sprint(L: Lowering, e: PrintExpr, into?: Region): Region {
  const pieces: (
    | string
    | {
        readonly arg: Expr;
        readonly conversion: Conversion;
        readonly padding?: Padding | undefined;
        readonly number?: NumberFormat | undefined;
        /** A `*` width's argument (format-pad-dynamic.ts). */
        readonly width?: { readonly arg: Expr; readonly left: boolean } | undefined;
      }
  )[] = [];
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
        const widthArg = c.width === '*' ? e.args[next++] : undefined;
        const arg = e.args[next++];
        if (conversion === undefined || arg === undefined) {
          return L.unsupported(e.span, `%${c.conversion} with flags, width or precision in sprintf`);
        }
        const width = widthArg === undefined ? undefined : { arg: widthArg, left: c.flags.left };
        pieces.push({ arg, conversion, padding: paddingOf(c), number: numberFormatOf(c), width });
      }
      break;
    }
    case 'sprint':
    case 'sprintln': {
      if (e.hist !== undefined)
        return L.unsupported(e.span, `${e.name} of a histogram (its chart is drawn in user space)`);
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
  // The most the pieces so far can hold, and whether that is exactly their length (all literal).
  const before = { most: 0, exact: true };
  const parts: Region[] = [];
  for (const p of pieces) {
    if (typeof p === 'string') {
      const text = p.slice(0, L.capacities.maxStringLen - 1);
      const dst = stringBuffer(L, text.length + 1);
      writeLiteral(L, text, dst);
      before.most += text.length;
      parts.push(dst);
      continue;
    }
    let piece: Region;
    let head: Region | undefined;
    if (p.width !== undefined) {
      evalLong(L, p.width.arg);
      const width = dynamicWidth(L);
      const room = p.width.left ? undefined : runtimeRoom(L, before, parts);
      const part = padDynamic(L, convert(L, p.arg, p.conversion), width, p.width.left, room);
      before.most += part.bytes - 1;
      before.exact = false;
      parts.push(part);
      continue;
    }
    if (p.number === undefined) piece = convert(L, p.arg, p.conversion);
    else {
      evalLong(L, p.arg);
      const formatted = formatNumberPiece(L, fitPrecision(L, e, p.number, before));
      piece = formatted.text;
      head = formatted.head;
    }
    const part =
      p.padding === undefined
        ? piece
        : padPiece(L, piece, fitWidth(L, p.padding, before), roomFor(L, p.padding, before, parts), head);
    before.most += part.bytes - 1;
    before.exact = false;
    parts.push(part);
  }
  return concatRegions(L, parts, into);
}

/**
 * The width clamped to the room left in the MAXSTRINGLEN buffer, as the runtime's formatter
 * clamps it. Left-justified, any width reaching the end shows the same; right-justified, the
 * room is known when the text before is all literal, irrelevant when that text is too short for
 * the clamp to matter, and otherwise measured at run time (`roomFor`).
 */
function fitWidth(
  L: Lowering,
  padding: Padding,
  before: { readonly most: number; readonly exact: boolean },
): Padding {
  const max = L.capacities.maxStringLen;
  if (padding.left) return { ...padding, width: Math.min(padding.width, max - 1) };
  const room = max - before.most;
  if (padding.width <= room) return padding;
  return { ...padding, width: before.exact ? Math.max(room, 0) : Math.min(padding.width, max) };
}

/** A slot holding MAXSTRINGLEN less the length of the parts so far, when `fitWidth` needs it. */
function roomFor(
  L: Lowering,
  padding: Padding,
  before: { readonly most: number; readonly exact: boolean },
  parts: readonly Region[],
): Region | undefined {
  const max = L.capacities.maxStringLen;
  if (padding.left || before.exact || padding.width <= max - before.most) return undefined;
  const room = L.frame.slot();
  L.b.st(8, R10, room.offset, max);
  for (const part of parts) {
    stringLength(L, part);
    L.b.ldx(8, R1, R10, room.offset).sub64(R1, R0).stx(8, R10, room.offset, R1);
  }
  return room;
}

/** A slot holding MAXSTRINGLEN less the length of the parts so far (a constant when all literal). */
function runtimeRoom(
  L: Lowering,
  before: { readonly most: number; readonly exact: boolean },
  parts: readonly Region[],
): Region {
  const max = L.capacities.maxStringLen;
  if (!before.exact)
    return roomFor(
      L,
      { width: max + 1, left: false, zero: false, precision: undefined },
      before,
      parts,
    ) as Region;
  const room = L.frame.slot();
  L.b.st(8, R10, room.offset, Math.max(max - before.most, 0));
  return room;
}

/**
 * A number's precision clamped to the room left, as `fitWidth` clamps widths: known when the
 * text before is all literal, irrelevant when it is too short to matter, else refused.
 */
function fitPrecision(
  L: Lowering,
  e: PrintExpr,
  f: NumberFormat,
  before: { readonly most: number; readonly exact: boolean },
): NumberFormat {
  const room = L.capacities.maxStringLen - before.most;
  if (f.precision === undefined || f.precision <= room) return f;
  if (!before.exact)
    return L.unsupported(e.span, 'a precision reaching MAXSTRINGLEN after a conversion in sprintf');
  return { ...f, precision: Math.max(room, 0) };
}

/**
 * How a number conversion with a sign flag, `#` or a precision, or in octal, is written
 * (format-number.ts); undefined for the plain conversions `numberString` writes.
 */
function numberFormatOf(c: Extract<FormatComponent, { kind: 'conversion' }>): NumberFormat | undefined {
  const f = c.flags;
  const conversion = c.conversion;
  if (conversion === 's' || conversion === 'c') return undefined;
  const plain = !f.plus && !f.space && !f.alternate && c.precision === undefined;
  if (plain && conversion !== 'o' && conversion !== 'p') return undefined;
  const base =
    conversion === 'o' ? 8 : conversion === 'x' || conversion === 'X' || conversion === 'p' ? 16 : 10;
  return {
    base,
    signed: conversion === 'd' || conversion === 'i',
    upper: conversion === 'X',
    plus: f.plus,
    space: f.space,
    alternate: f.alternate,
    precision: typeof c.precision === 'number' ? Math.max(c.precision | 0, 0) : undefined,
  };
}

function convert(L: Lowering, arg: Expr, conversion: Conversion): Region {
  if (conversion === 's') return evalString(L, arg);
  evalLong(L, arg);
  if (conversion === 'c') {
    const dst = L.frame.stack(8);
    L.b.st(8, R10, dst.offset, 0).stx(1, R10, dst.offset, R0);
    return dst;
  }
  if (conversion === 'o' || conversion === 'p') {
    const base = conversion === 'o' ? 8 : 16;
    const f = { base, signed: false, upper: false, plus: false, space: false, precision: undefined } as const;
    return formatNumberPiece(L, { ...f, alternate: conversion === 'p' }).text;
  }
  return numberString(L, conversion);
}

/**
 * A written width, with `-` or `0`, and the precision of `%s` (format-pad.ts); undefined when
 * there is none. A width is the C int of its digits, negative meaning none.
 */
function paddingOf(c: Extract<FormatComponent, { kind: 'conversion' }>): Padding | undefined {
  const width = typeof c.width === 'number' ? Math.max(c.width | 0, 0) : 0;
  const precision =
    c.conversion === 's' && typeof c.precision === 'number' ? Math.max(c.precision | 0, 0) : undefined;
  if (width === 0 && precision === undefined) return undefined;
  return { width, left: c.flags.left, zero: c.flags.zeroPad && c.conversion !== 'c', precision };
}

function supported(c: Extract<FormatComponent, { kind: 'conversion' }>): Conversion | undefined {
  const f = c.flags;
  const text = c.conversion === 's' || c.conversion === 'c';
  // `%#c` escapes; a sign flag on text is not a number's.
  if (text && (f.plus || f.space || f.alternate)) return undefined;
  // A `*` width only plain (format-pad-dynamic.ts): no `0` flag, no precision.
  if (c.width === '*' && (f.zeroPad || c.precision !== undefined)) return undefined;
  if (c.precision === '*') return undefined;
  if (c.precision !== undefined && c.conversion === 'c') return undefined;
  // `%0s` ends the text with a NUL (runtime/format/printf.ts), cutting the rest of the string.
  if (f.zeroPad && c.conversion === 's') return undefined;
  switch (c.conversion) {
    case 'd':
    case 'i':
      return 'd';
    case 'u':
    case 'x':
    case 'X':
    case 'o':
    case 'p':
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
  const digits = L.frame.scratch(24);
  L.zero(digits);
  // r1: the magnitude, r4: 1 when negative (signed %d only).
  b.mov64(R1, R0).mov64(R4, 0);
  if (conversion === 'd') {
    const positive = b.newLabel('positive');
    b.jsge(R1, 0, positive).neg64(R1).mov64(R4, 1).label(positive);
  }
  const end = writeDigits(L, digits, hex ? 16 : 10, conversion === 'X');
  const out = L.frame.buffer(24);
  L.zero(out);
  const done = b.newLabel('converted');
  const unsigned = b.newLabel('unsigned');
  b.mov64(R3, R7).add64(R3, end).sub64(R3, R5);
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
