/**
 * printf/sprintf output, byte for byte what stap's compiled printf (translate.cxx
 * emit_compiled_printfs over runtime/vsprintf.c) writes:
 *
 * - a printf writes into a buffer of at most STP_BUFFER_SIZE (8192) bytes, a sprintf into one of
 *   MAXSTRINGLEN bytes whose last byte is the NUL (so at most MAXSTRINGLEN-1 characters);
 * - widths and precisions are `clamp(int32(value), 0, bytes left in the buffer)`: a `*` argument
 *   keeps only its low 32 bits and a negative one means 0 (no left-justify, unlike C);
 *   an absent width or precision is -1;
 * - numbers follow the kernel's number(): `#` gives `0`/`0x`/`0X` even for zero, `0` pads after
 *   the sign and prefix, precision pads digits with zeros, width never truncates;
 * - `%s` precision caps the length, `%0s` (and `%0m`, `%0M`) appends a NUL byte;
 * - `%c` writes the low byte, `%#c` escapes it C-style or as three octal digits;
 * - `%b` writes 1, 2, 4 or 8 raw little-endian bytes (precision, else width when it is one of
 *   those, else 8) padded with NUL bytes to the width;
 * - `%p` is `%#x`; under `--compatible` below 1.3 it is padded to a whole pointer instead (see
 *   `legacyPointer`);
 * - `%m`/`%M` dump `.N` bytes (default 1) of kernel memory, user memory with `#`, raw or as hex.
 *   N over PAGE_SIZE is the error `N is too many bytes for a memory dump` (checked for every
 *   `%m`/`%M` before anything is written); an unreadable byte is
 *   `read fault [man error::fault] at 0x<address>` and the whole printf writes nothing.
 */

import type { FormatComponent, FormatConversion, FormatFlags } from '../../lang/index.js';

/** Bytes one printf may write (runtime/transport/transport.h). */
export const STP_BUFFER_SIZE = 8192;

/** Largest `%m`/`%M` dump (x86-64 PAGE_SIZE). */
export const PAGE_SIZE = 4096;

/**
 * Reads `length` bytes at `address` (unsigned 64-bit) from kernel memory, or from the current
 * task's user memory when `user` is set. Returns one char per byte, or undefined on a fault.
 */
export type ReadMemory = (address: bigint, length: number, user: boolean) => string | undefined;

export interface PrintfOptions {
  readonly readMemory?: ReadMemory;
  /** Buffer size: STP_BUFFER_SIZE (the default) for printf, MAXSTRINGLEN for sprintf. */
  readonly capacityBytes?: number;
  /** `--compatible` below 1.3: stap's old `%p` (translate.cxx, "odd %p behavior"). */
  readonly legacyPointer?: boolean;
}

/** A runtime error raised by the printf itself; the statement prints nothing. */
export interface PrintfFault {
  readonly fault: string;
}

type Arg = bigint | string;

/** One component prepared for formatting (see `plan`). */
interface Step {
  readonly conversion: FormatConversion['conversion'] | 'literal';
  /** Literal text, cut at its first NUL (literals are copied like C strings). */
  readonly text: string;
  /** A static width as C's `(int)` of the written value, at least 0; NONE; or DYNAMIC for `*`. */
  readonly width: number;
  readonly precision: number;
  readonly flags: FormatFlags;
  /** No flags: numbers take the fast path. */
  readonly plain: boolean;
}

interface Plan {
  readonly steps: readonly Step[];
  readonly hasMemoryDump: boolean;
}

const NONE = -1;
const DYNAMIC = -2;
const NO_FLAGS: FormatFlags = { left: false, plus: false, space: false, alternate: false, zeroPad: false };

const plans = new WeakMap<readonly FormatComponent[], Plan>();

function staticSize(size: FormatConversion['width']): number {
  if (size === undefined) return NONE;
  if (size === '*') return DYNAMIC;
  return Math.max(0, size | 0);
}

/** Prepares a format once; later printfs with the same components array reuse it. */
function plan(components: readonly FormatComponent[]): Plan {
  let cached = plans.get(components);
  if (cached !== undefined) return cached;
  const steps: Step[] = [];
  let hasMemoryDump = false;
  for (const c of components) {
    if (c.kind === 'literal') {
      const nul = c.text.indexOf('\0');
      const text = nul < 0 ? c.text : c.text.slice(0, nul);
      steps.push({ conversion: 'literal', text, width: NONE, precision: NONE, flags: NO_FLAGS, plain: true });
      continue;
    }
    if (c.conversion === 'm' || c.conversion === 'M') hasMemoryDump = true;
    const f = c.flags;
    steps.push({
      conversion: c.conversion,
      text: '',
      width: staticSize(c.width),
      precision: staticSize(c.precision),
      flags: f,
      plain: !f.left && !f.plus && !f.space && !f.alternate && !f.zeroPad,
    });
  }
  cached = { steps, hasMemoryDump };
  plans.set(components, cached);
  return cached;
}

/**
 * Formats one printf. The arguments must match `formatArgTypes(components)` (pass 2 guarantees
 * it; a mismatch here is our bug and throws). Returns the bytes to write (one char per byte), or
 * a fault. Reusing the same components array for every printf of a statement lets the prepared
 * form be cached.
 */
export function formatPrintf(
  components: readonly FormatComponent[],
  args: readonly Arg[],
  options?: PrintfOptions,
): string | PrintfFault {
  const capacity = options?.capacityBytes ?? STP_BUFFER_SIZE;
  const { steps, hasMemoryDump } = plan(components);
  if (hasMemoryDump) {
    const tooBig = checkMemoryDumpSizes(components, args);
    if (tooBig !== undefined) return tooBig;
  }

  let out = '';
  let argIndex = 0;
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    if (step.conversion === 'literal') {
      out += step.text;
      continue;
    }
    // Widths and precisions are clamped to the room left; once the buffer is full nothing more
    // is written (and memory is not even read).
    const room = capacity - out.length;
    let width = step.width;
    if (width === DYNAMIC) width = clampInt(asLong(args[argIndex++]), room);
    else if (width > room) width = room;
    let precision = step.precision;
    if (precision === DYNAMIC) precision = clampInt(asLong(args[argIndex++]), room);
    else if (precision > room) precision = room;

    const value = args[argIndex++];
    if (room <= 0) continue;
    switch (step.conversion) {
      case 'd':
      case 'i':
        out +=
          step.plain && precision < 0
            ? padLeft(asLong(value).toString(), width)
            : formatNumber(asLong(value), 10, true, false, width, precision, step.flags);
        break;
      case 'u':
        out += formatNumber(asLong(value), 10, false, false, width, precision, step.flags);
        break;
      case 'x':
        out += formatNumber(asLong(value), 16, false, false, width, precision, step.flags);
        break;
      case 'p':
        out +=
          options?.legacyPointer === true
            ? legacyPointer(asLong(value), width, step.flags)
            : formatNumber(asLong(value), 16, false, false, width, precision, step.flags);
        break;
      case 'X':
        out += formatNumber(asLong(value), 16, false, true, width, precision, step.flags);
        break;
      case 'o':
        out += formatNumber(asLong(value), 8, false, false, width, precision, step.flags);
        break;
      case 'c':
        out += formatChar(Number(BigInt.asUintN(8, asLong(value))), width, step.flags);
        break;
      case 's':
        out += formatString(asString(value), width, precision, step.flags);
        break;
      case 'b':
        out += formatBinary(asLong(value), width, precision, step.flags, room);
        break;
      case 'm':
      case 'M': {
        const dump = formatMemory(
          step.conversion === 'M',
          step.flags,
          asLong(value),
          width,
          precision,
          room,
          options?.readMemory,
        );
        if (typeof dump !== 'string') return dump;
        out += dump;
        break;
      }
    }
  }
  return out.length > capacity ? out.slice(0, capacity) : out;
}

/**
 * sprintf: formats into a MAXSTRINGLEN buffer and returns the script string it holds (at most
 * `maxStringLen - 1` bytes, ending at the first NUL byte).
 */
export function formatSprintf(
  components: readonly FormatComponent[],
  args: readonly Arg[],
  maxStringLen: number,
  options: Omit<PrintfOptions, 'capacityBytes'> = {},
): string | PrintfFault {
  const result = formatPrintf(components, args, { ...options, capacityBytes: maxStringLen });
  return typeof result === 'string' ? toScriptString(result, maxStringLen) : result;
}

/** What a C string buffer of `maxStringLen` bytes keeps of `bytes`: up to the first NUL, at most maxStringLen-1. */
export function toScriptString(bytes: string, maxStringLen: number): string {
  const kept = bytes.length > maxStringLen - 1 ? bytes.slice(0, Math.max(0, maxStringLen - 1)) : bytes;
  const nul = kept.indexOf('\0');
  return nul < 0 ? kept : kept.slice(0, nul);
}

const SPACES = ' '.repeat(256);
const ZEROS = '0'.repeat(256);

function spaces(n: number): string {
  return n <= 256 ? SPACES.slice(0, n) : ' '.repeat(n);
}

function zeros(n: number): string {
  return n <= 256 ? ZEROS.slice(0, n) : '0'.repeat(n);
}

function padLeft(text: string, width: number): string {
  return width > text.length ? spaces(width - text.length) + text : text;
}

function asLong(value: Arg | undefined): bigint {
  if (typeof value !== 'bigint') throw new Error(`printf: expected a long argument, got ${typeof value}`);
  return value;
}

function asString(value: Arg | undefined): string {
  if (typeof value !== 'string') throw new Error(`printf: expected a string argument, got ${typeof value}`);
  return value;
}

/** `clamp_t(int, v, 0, left)` of a 64-bit argument: C keeps the low 32 bits first. */
function clampInt(value: bigint, left: number): number {
  const v = value >= -0x80000000n && value <= 0x7fffffffn ? Number(value) : Number(BigInt.asIntN(32, value));
  return v < 0 ? 0 : v > left ? left : v;
}

/** The kernel's number(): see the file comment. `size` is the width, -1 if none. */
export function formatNumber(
  value: bigint,
  base: 8 | 10 | 16,
  signed: boolean,
  upper: boolean,
  size: number,
  precision: number,
  flags: FormatFlags,
): string {
  const left = flags.left;
  const zeroPad = flags.zeroPad && !left;
  let sign = '';
  let magnitude: bigint;
  if (signed && value < 0n) {
    sign = '-';
    magnitude = -value;
    size--;
  } else {
    magnitude = value < 0n ? BigInt.asUintN(64, value) : value;
    if (signed && flags.plus) {
      sign = '+';
      size--;
    } else if (signed && flags.space) {
      sign = ' ';
      size--;
    }
  }
  let prefix = '';
  if (flags.alternate) {
    if (base === 16) {
      prefix = upper ? '0X' : '0x';
      size -= 2;
    } else if (base === 8) {
      prefix = '0';
      size--;
    }
  }
  let digits = magnitude.toString(base);
  if (upper) digits = digits.toUpperCase();
  if (digits.length > precision) precision = digits.length;
  size -= precision;

  let s = '';
  if (!zeroPad && !left && size > 0) {
    s = spaces(size);
    size = 0;
  }
  s += sign + prefix;
  if (!left && size > 0) {
    s += zeros(size);
    size = 0;
  }
  if (precision > digits.length) s += zeros(precision - digits.length);
  s += digits;
  if (size > 0) s += spaces(size);
  return s;
}

/** Hex digits of a 64-bit pointer, and with `0x` before them. */
const POINTER_DIGITS = 16;

/**
 * `%p` before stap 1.3: the width defaults to a whole pointer (`0x` and 16 digits), any written
 * precision is replaced by the width less the prefix, capped at 16 digits unless left-justified.
 */
function legacyPointer(value: bigint, width: number, flags: FormatFlags): string {
  const size = width === NONE ? 2 + POINTER_DIGITS : width;
  let precision = size - 2;
  if (!flags.left) precision = Math.min(precision, POINTER_DIGITS);
  return formatNumber(value, 16, false, false, size, precision, flags);
}

const CHAR_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x07, '\\a'],
  [0x08, '\\b'],
  [0x0c, '\\f'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
  [0x0b, '\\v'],
  [0x27, "\\'"],
  [0x5c, '\\\\'],
]);

/** `%c` of one byte; `#` escapes all but printable ASCII (and escapes `'` and `\`). */
function formatChar(byte: number, width: number, flags: FormatFlags): string {
  let text = String.fromCharCode(byte);
  if (flags.alternate && (byte < 0x20 || byte > 0x7e || byte === 0x27 || byte === 0x5c)) {
    text = CHAR_ESCAPES.get(byte) ?? `\\${(byte >> 6) & 3}${(byte >> 3) & 7}${byte & 7}`;
  }
  return pad(text, text.length, width, flags.left);
}

function pad(text: string, length: number, width: number, left: boolean): string {
  if (width <= length) return text;
  const padding = spaces(width - length);
  return left ? text + padding : padding + text;
}

function formatString(value: string, width: number, precision: number, flags: FormatFlags): string {
  const nul = value.indexOf('\0');
  let text = nul < 0 ? value : value.slice(0, nul);
  // An absent precision (-1) is clamped to STP_BUFFER_SIZE as a size_t.
  const max = precision < 0 || precision > STP_BUFFER_SIZE ? STP_BUFFER_SIZE : precision;
  if (text.length > max) text = text.slice(0, max);
  const padded = pad(text, text.length, width, flags.left);
  return flags.zeroPad ? `${padded}\0` : padded;
}

/** `%b`: a precision among 1, 2, 4, 8 is the byte count, anything else is "none". */
function binaryPrecision(precision: number): number {
  return precision === 1 || precision === 2 || precision === 4 || precision === 8 ? precision : -1;
}

function formatBinary(
  value: bigint,
  width: number,
  precision: number,
  flags: FormatFlags,
  left: number,
): string {
  precision = binaryPrecision(precision);
  if (width === -1) {
    if (precision === -1) {
      width = 8;
      precision = 8;
    } else {
      width = precision;
    }
  } else if (precision === -1) {
    precision = binaryPrecision(width);
    if (precision === -1) precision = 8;
  }
  const padding = width > precision ? '\0'.repeat(width - precision) : '';
  let s = flags.left ? '' : padding;
  // The value is written only if all of its bytes fit; padding may still follow.
  if (left - s.length >= precision) {
    const bits = BigInt.asUintN(64, value);
    const low = Number(bits & 0xffffffffn);
    const high = Number(bits >> 32n);
    for (let k = 0; k < precision; k++) {
      const word = k < 4 ? low : high;
      s += String.fromCharCode((word >>> ((k & 3) * 8)) & 0xff);
    }
  }
  if (flags.left) s += padding;
  return s;
}

function hexByte(byte: number): string {
  return (byte < 16 ? '0' : '') + byte.toString(16);
}

/** `%m` (raw) / `%M` (hex) dump of `.N` bytes at `address`. */
function formatMemory(
  hex: boolean,
  flags: FormatFlags,
  address: bigint,
  width: number,
  precision: number,
  left: number,
  readMemory: ReadMemory | undefined,
): string | PrintfFault {
  const user = flags.alternate;
  const length = precision > 0 ? precision : 1;
  const shown = hex ? length * 2 : length;
  let s = '';
  if (!flags.left && width > shown) s = spaces(width - shown);
  const room = left - s.length;
  // %m copies while the buffer has room; %M writes two digits while at least two bytes are left.
  const count = Math.max(0, hex ? Math.min(length, Math.floor(room / 2)) : Math.min(length, room));
  if (count > 0) {
    const start = BigInt.asUintN(64, address);
    const bytes = readMemory?.(start, count, user);
    if (bytes === undefined || bytes.length < count) {
      return {
        fault: `read fault [man error::fault] at 0x${firstFault(start, count, user, readMemory).toString(16)}`,
      };
    }
    if (hex) {
      for (let k = 0; k < count; k++) s += hexByte(bytes.charCodeAt(k) & 0xff);
    } else {
      s += bytes;
    }
  }
  if (flags.left && width > shown) s += spaces(width - shown);
  return flags.zeroPad ? `${s}\0` : s;
}

/** The address of the first unreadable byte (stap reads byte by byte). */
function firstFault(start: bigint, count: number, user: boolean, readMemory: ReadMemory | undefined): bigint {
  if (readMemory !== undefined) {
    for (let k = 0; k < count; k++) {
      const address = BigInt.asUintN(64, start + BigInt(k));
      if (readMemory(address, 1, user)?.length !== 1) return address;
    }
  }
  return start;
}

/**
 * Before printing, stap rejects any `%m`/`%M` whose byte count (the precision argument as a
 * 64-bit value, else a nonzero static precision, else 1) exceeds PAGE_SIZE as an unsigned number.
 */
function checkMemoryDumpSizes(
  components: readonly FormatComponent[],
  args: readonly Arg[],
): PrintfFault | undefined {
  let argIndex = 0;
  for (const c of components) {
    if (c.kind === 'literal') continue;
    if (c.width === '*') argIndex++;
    let size = 1n;
    if (c.precision === '*') {
      const value = args[argIndex++];
      if (typeof value === 'bigint') size = value;
    } else if (c.precision !== undefined && c.precision > 0) {
      size = BigInt(c.precision);
    }
    // Compared as unsigned: a negative count is too big as well.
    if ((c.conversion === 'm' || c.conversion === 'M') && BigInt.asUintN(64, size) > BigInt(PAGE_SIZE)) {
      return { fault: `${size} is too many bytes for a memory dump` };
    }
    argIndex++;
  }
  return undefined;
}
