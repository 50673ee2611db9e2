/**
 * Kernel output records formatted straight from the ring into bytes. Each output site whose
 * format needs nothing but literals, `%d %i %u %x %X %o` (no flag, `-` or `0`; a written width;
 * no precision) and `%s` (no flag or `-`; written width and precision), and every `print*`
 * site, is compiled once at load time into a JS function that reads its arguments where the
 * record holds them and writes the bytes stap's printf would (format/printf.ts is the
 * reference; record-writers.test.ts checks the two agree). Other sites, and any record whose
 * output could exceed STP_BUFFER_SIZE (where the truncation rules apply), return undefined and
 * take the general path.
 *
 * Longs are read as two 32-bit halves: a value within ±2^53 is formatted from a double, larger
 * ones through BigInt (rare: addresses take the hex path, which needs neither).
 */
import type { FormatComponent, FormatConversion } from '../../lang/index.js';
import type { ArgSlot, OutputSite } from '../../wire/index.js';
import { scriptBytes } from '../output.js';
import type { ByteOutput } from './byte-output.js';
import { RECORD_OUTPUT_MAX_BYTES } from './byte-output.js';

/** Writes one record's output at `out.pos` (room for RECORD_OUTPUT_MAX_BYTES reserved). */
export type RecordWriter = (view: DataView, bytes: Uint8Array, offset: number, out: ByteOutput) => void;

/** How a field is padded to its width: spaces before, spaces after, zeros after the sign. */
const Pad = { right: 0, left: 1, zero: 2 } as const;
type Pad = (typeof Pad)[keyof typeof Pad];

const NONE = -1;
/** Most characters a 64-bit number takes in any base (22 octal digits). */
const NUMBER_MAX_CHARS = 22;

const POW10: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);
const HEX_LOWER = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const HEX_UPPER = Uint8Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0));
const SAFE_HI = 0x200000;

/** Decimal digits of `v` (an integer, 0 ≤ v < 2^53). */
function putDigits(b: Uint8Array, p: number, v: number): number {
  let n = 1;
  while (n < 16 && v >= POW10[n]!) n++;
  let e = p + n;
  while (v >= 0x80000000) {
    const q = Math.floor(v / 10);
    b[--e] = 48 + (v - q * 10);
    v = q;
  }
  let x = v | 0;
  do {
    const q = (x / 10) | 0;
    b[--e] = 48 + x - q * 10;
    x = q;
  } while (x !== 0);
  return p + n;
}

function putAscii(b: Uint8Array, p: number, text: string): number {
  for (let i = 0; i < text.length; i++) b[p++] = text.charCodeAt(i);
  return p;
}

function bigAt(view: DataView, at: number, signed: boolean): bigint {
  return signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true);
}

function putSigned(b: Uint8Array, p: number, view: DataView, at: number): number {
  const lo = view.getUint32(at, true);
  const hi = view.getInt32(at + 4, true);
  if (hi >= -SAFE_HI && hi < SAFE_HI) {
    const v = hi * 4294967296 + lo;
    if (v >= 0) return putDigits(b, p, v);
    b[p] = 45;
    return putDigits(b, p + 1, -v);
  }
  return putAscii(b, p, bigAt(view, at, true).toString());
}

function putUnsigned(b: Uint8Array, p: number, view: DataView, at: number): number {
  const hi = view.getUint32(at + 4, true);
  if (hi < SAFE_HI) return putDigits(b, p, hi * 4294967296 + view.getUint32(at, true));
  return putAscii(b, p, bigAt(view, at, false).toString());
}

/** `x` (32-bit unsigned) in hex: at least `minDigits` digits. */
function putHex32(b: Uint8Array, p: number, x: number, minDigits: number, digits: Uint8Array): number {
  let n = 1;
  while (n < 8 && x >>> (4 * n) !== 0) n++;
  if (n < minDigits) n = minDigits;
  for (let i = n - 1; i >= 0; i--) b[p++] = digits[(x >>> (4 * i)) & 15]!;
  return p;
}

function putHex(b: Uint8Array, p: number, view: DataView, at: number, upper: boolean): number {
  const digits = upper ? HEX_UPPER : HEX_LOWER;
  const lo = view.getUint32(at, true);
  const hi = view.getUint32(at + 4, true);
  if (hi === 0) return putHex32(b, p, lo, 1, digits);
  return putHex32(b, putHex32(b, p, hi, 1, digits), lo, 8, digits);
}

function putOctal(b: Uint8Array, p: number, view: DataView, at: number): number {
  const hi = view.getUint32(at + 4, true);
  if (hi < SAFE_HI) return putAscii(b, p, (hi * 4294967296 + view.getUint32(at, true)).toString(8));
  return putAscii(b, p, bigAt(view, at, false).toString(8));
}

/** A NUL-terminated string of at most `max` bytes at `at`. */
function putString(b: Uint8Array, p: number, bytes: Uint8Array, at: number, max: number): number {
  const end = at + max;
  for (let i = at; i < end; i++) {
    const c = bytes[i]!;
    if (c === 0) break;
    b[p++] = c;
  }
  return p;
}

/** Pads the field written at [start, end) to `width`: spaces before or after, or zeros after a sign. */
function pad(b: Uint8Array, start: number, end: number, width: number, how: Pad): number {
  const gap = width - (end - start);
  if (gap <= 0) return end;
  if (how === Pad.left) {
    b.fill(32, end, end + gap);
    return end + gap;
  }
  const from = how === Pad.zero && b[start] === 45 ? start + 1 : start;
  b.copyWithin(from + gap, from, end);
  b.fill(how === Pad.zero ? 48 : 32, from, from + gap);
  return end + gap;
}

const HELPERS = { putSigned, putUnsigned, putHex, putOctal, putString, pad };

/** The generated body for one site, and the most bytes it writes. */
interface Plan {
  readonly lines: string[];
  readonly literals: Uint8Array[];
  maxBytes: number;
}

function literal(plan: Plan, bytes: Uint8Array): void {
  if (bytes.length === 0) return;
  plan.maxBytes += bytes.length;
  if (bytes.length <= 8) {
    const stores = [...bytes].map((c, i) => `b[p + ${i}] = ${c};`).join(' ');
    plan.lines.push(`${stores} p += ${bytes.length};`);
    return;
  }
  plan.literals.push(bytes);
  plan.lines.push(`b.set(L[${plan.literals.length - 1}], p); p += ${bytes.length};`);
}

function padded(plan: Plan, call: string, width: number, how: Pad, maxChars: number): void {
  plan.maxBytes += Math.max(width, maxChars);
  if (width <= 0) {
    plan.lines.push(`p = ${call};`);
    return;
  }
  plan.lines.push(`s = p; p = ${call}; p = h.pad(b, s, p, ${width}, ${how});`);
}

function staticSize(size: FormatConversion['width']): number | undefined {
  if (size === undefined) return NONE;
  if (size === '*') return undefined;
  return Math.max(0, size | 0);
}

const NUMBER_CALLS: Partial<Record<FormatConversion['conversion'], (at: string) => string>> = {
  d: (at) => `h.putSigned(b, p, view, ${at})`,
  i: (at) => `h.putSigned(b, p, view, ${at})`,
  u: (at) => `h.putUnsigned(b, p, view, ${at})`,
  x: (at) => `h.putHex(b, p, view, ${at}, false)`,
  X: (at) => `h.putHex(b, p, view, ${at}, true)`,
  o: (at) => `h.putOctal(b, p, view, ${at})`,
};

/** One conversion, or false when it needs the general path. */
function conversion(plan: Plan, c: FormatConversion, arg: ArgSlot | undefined): boolean {
  const width = staticSize(c.width);
  const precision = staticSize(c.precision);
  if (arg === undefined || width === undefined || precision === undefined) return false;
  const f = c.flags;
  if (f.plus || f.space || f.alternate) return false;
  const at = `offset + ${arg.offset}`;
  const number = NUMBER_CALLS[c.conversion];
  if (number !== undefined) {
    if (arg.kind !== 'long' || precision !== NONE) return false;
    padded(plan, number(at), width, f.left ? Pad.left : f.zeroPad ? Pad.zero : Pad.right, NUMBER_MAX_CHARS);
    return true;
  }
  if (c.conversion === 's') {
    if (arg.kind !== 'string' || f.zeroPad) return false;
    const max = precision === NONE ? arg.capacity : Math.min(precision, arg.capacity);
    padded(plan, `h.putString(b, p, bytes, ${at}, ${max})`, width, f.left ? Pad.left : Pad.right, max);
    return true;
  }
  return false;
}

function printfPlan(plan: Plan, components: readonly FormatComponent[], args: readonly ArgSlot[]): boolean {
  let next = 0;
  for (const c of components) {
    if (c.kind === 'literal') {
      // Literals are copied like C strings: up to a NUL.
      const nul = c.text.indexOf('\0');
      literal(plan, scriptBytes(nul < 0 ? c.text : c.text.slice(0, nul)));
    } else if (!conversion(plan, c, args[next++])) return false;
  }
  return next === args.length;
}

function printPlan(plan: Plan, args: readonly ArgSlot[], delimiter: string, newline: boolean): boolean {
  // A syscall's argstr/retstr is built by the general path (wire/syscall-text.ts).
  if (args.some((a) => a.kind === 'syscall')) return false;
  const delimiterBytes = scriptBytes(delimiter);
  args.forEach((a, k) => {
    if (k > 0) literal(plan, delimiterBytes);
    const at = `offset + ${a.offset}`;
    if (a.kind === 'long') padded(plan, `h.putSigned(b, p, view, ${at})`, 0, Pad.right, NUMBER_MAX_CHARS);
    else if (a.kind === 'string')
      padded(plan, `h.putString(b, p, bytes, ${at}, ${a.capacity})`, 0, Pad.right, a.capacity);
  });
  if (newline) literal(plan, Uint8Array.of(10));
  return true;
}

/** The site's compiled writer, or undefined when its records need the general path. */
export function compileRecordWriter(site: OutputSite): RecordWriter | undefined {
  const plan: Plan = { lines: [], literals: [], maxBytes: 0 };
  const op = site.op;
  let ok: boolean;
  switch (op.kind) {
    case 'printf':
      ok = printfPlan(plan, op.components, site.args);
      break;
    case 'print':
    case 'println':
      ok = printPlan(plan, site.args, '', op.kind === 'println');
      break;
    case 'printd':
    case 'printdln':
      ok = printPlan(plan, site.args, op.delimiter, op.kind === 'printdln');
      break;
  }
  if (!ok || plan.maxBytes > RECORD_OUTPUT_MAX_BYTES) return undefined;
  const source = [
    'return function writeRecord(view, bytes, offset, out) {',
    '  const b = out.buf;',
    '  let p = out.pos;',
    '  let s = 0;',
    ...plan.lines.map((l) => `  ${l}`),
    '  out.pos = p;',
    '};',
  ].join('\n');
  return new Function('h', 'L', source)(HELPERS, plan.literals) as RecordWriter;
}
