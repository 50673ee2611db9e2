/**
 * Option values checked as stap checks them (`strtoul` with an end check, `assert_regexp_match`,
 * `strverscmp`), failing with stap's exact messages.
 */

/** Stops option processing with stap's message; caught by `parseCommandLine`, never escapes it. */
export class OptionError extends Error {
  constructor(
    message: string,
    /** Add stap's "Try '--help'" lines (the errors stap reports through `usage(1)`). */
    readonly usageHint = false,
  ) {
    super(message);
  }
}

export type PassNumber = 1 | 2 | 3 | 4 | 5;

export function parsePass(text: string): PassNumber {
  const n = /^\s*\+?[0-9]+$/.test(text) ? Number(text.trim()) : Number.NaN;
  if (n === 1 || n === 2 || n === 3 || n === 4 || n === 5) return n;
  throw new OptionError('Invalid pass number (should be 1-5).');
}

/** `strtoul(s, &end, 10)` requiring `*end == '\0'`; stap accepts an empty string as 0 for `-x`. */
export function parseUnsigned(text: string, message: string, allowEmpty = false): number {
  if (text === '' && allowEmpty) return 0;
  if (!/^\s*\+?[0-9]+$/.test(text)) throw new OptionError(message);
  return Number(text.trim());
}

export function parsePositive(text: string, message: string): number {
  const n = parseUnsigned(text, message);
  if (n < 1) throw new OptionError(message);
  return n;
}

/** `strtoul` without the end check (stap's secret benchmark options). */
export function strtoulLoose(text: string): number {
  const m = /^\s*\+?([0-9]+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

/** `strtoul(s, &end, 0)`: decimal, `0x` hex or leading-`0` octal, nothing after. */
export function parseCInteger(text: string): number | undefined {
  const m = /^\s*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[1]!;
  return /^0[0-7]+$/.test(digits) ? Number.parseInt(digits, 8) : Number(digits);
}

/** `-T SECS`: stap keeps `(int) 1000 * strtod(SECS)` milliseconds and wants at least 1. */
export function parseTimeoutMs(text: string): number {
  const m = /^\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.exec(text);
  const ms = m ? Math.trunc(1000 * Number(text.trim())) : 0;
  if (!m || !(ms >= 1)) throw new OptionError('Invalid timeout interval.');
  return ms;
}

export type When = 'always' | 'auto' | 'never';

/** `--color[=WHEN]`, `--prologue-searching[=WHEN]`: no value means `always`. */
export function parseWhen(arg: string | undefined, option: string): When {
  if (arg === undefined || arg === 'always') return 'always';
  if (arg === 'auto' || arg === 'never') return arg;
  throw new OptionError(`Invalid argument '${arg}' for ${option}.`);
}

/** stap's `assert_regexp_match`: a POSIX ERE, case-insensitive, guarding values passed on. */
export function assertSafe(what: string, value: string, pattern: string): void {
  if (!new RegExp(pattern, 'i').test(value)) {
    throw new OptionError(`ERROR: Safety pattern mismatch for ${what} ('${value}' vs. '${pattern}') rc=1`);
  }
}

export interface NameValue {
  readonly name: string;
  readonly value: string | undefined;
}

export function splitNameValue(text: string): NameValue {
  const eq = text.indexOf('=');
  return eq < 0 ? { name: text, value: undefined } : { name: text.slice(0, eq), value: text.slice(eq + 1) };
}

/** `MODULE_NAME_LEN` on 64-bit kernels; stap keeps names shorter than `MODULE_NAME_LEN - 1`. */
const MODULE_NAME_LEN = 64 - 8;

/** stap's `-m`: strip `.ko`/`.so`, allow `[a-z0-9_]`, cut to `MODULE_NAME_LEN - 1`. */
export function parseModuleName(text: string, note: (message: string) => void): string {
  let name = text;
  if (name.endsWith('.ko') || name.endsWith('.so')) {
    name = name.slice(0, -3);
    note(`Truncating module name to '${name}'`);
  }
  if (name === '') throw new OptionError('Module name cannot be empty.');
  assertSafe('-m parameter', name, '^[a-z0-9_]+$');
  if (name.length >= MODULE_NAME_LEN - 1) {
    name = name.slice(0, MODULE_NAME_LEN - 1);
    note(`Truncating module name to '${name}'`);
  }
  return name;
}

/**
 * glibc `strverscmp` for the version strings stap compares (`5.6`, `4.0`, `2.6.32`): runs of
 * digits compare numerically, everything else character by character.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.match(/[0-9]+|[^0-9]+/g) ?? [];
  const pb = b.match(/[0-9]+|[^0-9]+/g) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (/^[0-9]/.test(x) && /^[0-9]/.test(y)) {
      const d = Number(x) - Number(y);
      if (d !== 0) return Math.sign(d);
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}
