/**
 * String functions on byte strings (upstream tapset/string.stp, tokenize.stp). Results are
 * bounded to MAXSTRINGLEN - 1 bytes; indices are byte offsets.
 */
import type { StringBuiltinName } from '../../elaborate/index.js';
import { escapeText } from '../../wire/index.js';
import { type HandlerContext, ScriptError, type Value } from '../context.js';
import { type BuiltinImpl, bounded, longArg, stringArg, truth } from './builtin-impl.js';
import { MATCH_IMPLS } from './regex-groups.js';

/** `substr(str, start, length)`: empty unless 0 <= start < strlen; the length is clamped. */
function substr(ctx: HandlerContext, args: readonly Value[]): string {
  const str = stringArg(ctx, args, 0);
  const start = longArg(args, 1);
  // strlcpy's size is length + 1 (wrapping like the C int64), clamped to [0, MAXSTRINGLEN].
  const size = BigInt.asIntN(64, longArg(args, 2) + 1n);
  const max = BigInt(ctx.session.limits.MAXSTRINGLEN);
  const clamped = Number(size < 0n ? 0n : size > max ? max : size);
  if (start < 0n || start >= BigInt(str.length) || clamped === 0) return '';
  const from = Number(start);
  return str.slice(from, from + clamped - 1);
}

/** `stringat(str, pos)`: the byte as a C `char` (signed on x86), or stap's bounds error. */
function stringat(ctx: HandlerContext, args: readonly Value[]): bigint {
  const str = stringArg(ctx, args, 0);
  const pos = longArg(args, 1);
  if (pos < 0n || pos >= BigInt(str.length)) throw new ScriptError('Position out of bounds');
  const byte = str.charCodeAt(Number(pos)) & 0xff;
  return BigInt(byte >= 0x80 ? byte - 0x100 : byte);
}

/** Replaces every non-overlapping occurrence, left to right; an empty search string changes nothing. */
function strReplace(ctx: HandlerContext, args: readonly Value[]): string {
  const subject = stringArg(ctx, args, 0);
  const search = stringArg(ctx, args, 1);
  const replacement = stringArg(ctx, args, 2);
  if (search === '') return subject;
  return bounded(ctx, subject.split(search).join(replacement));
}

const C_DIGIT_0 = 0x30;
const C_DIGIT_9 = 0x39;

/**
 * The kernel's `simple_strtoul`: no whitespace or sign, base 0 picks 16 (`0x` + hex digit), 8
 * (leading 0) or 10; `0x` is skipped in base 16; digits are 0-9 and a-f only; overflow wraps.
 */
function simpleStrtoul(text: string, requestedBase: number): bigint {
  const at = (i: number): number => (i < text.length ? text.charCodeAt(i) : 0);
  const lower = (c: number): number => c | 0x20;
  const isHexDigit = (c: number): boolean =>
    (c >= C_DIGIT_0 && c <= C_DIGIT_9) || (lower(c) >= 0x61 && lower(c) <= 0x66);
  let base = requestedBase;
  let pos = 0;
  if (base === 0) {
    if (at(0) === C_DIGIT_0) base = lower(at(1)) === 0x78 && isHexDigit(at(2)) ? 16 : 8;
    else base = 10;
  }
  if (base === 16 && at(0) === C_DIGIT_0 && lower(at(1)) === 0x78) pos = 2;
  let result = 0n;
  for (; pos < text.length; pos++) {
    const c = at(pos);
    let digit: number;
    if (c >= C_DIGIT_0 && c <= C_DIGIT_9) digit = c - C_DIGIT_0;
    else if (lower(c) >= 0x61 && lower(c) <= 0x66) digit = lower(c) - 0x61 + 10;
    else break;
    if (digit >= base) break;
    result = BigInt.asUintN(64, result * BigInt(base) + BigInt(digit));
  }
  return result;
}

/** `strtol(str, base)`: the kernel's `simple_strtol` (a leading `-` negates), base taken as a C unsigned int. */
function strtol(ctx: HandlerContext, args: readonly Value[]): bigint {
  const text = stringArg(ctx, args, 0);
  const base = Number(BigInt.asUintN(32, longArg(args, 1)));
  if (text.startsWith('-')) return BigInt.asIntN(64, -simpleStrtoul(text.slice(1), base));
  return BigInt.asIntN(64, simpleStrtoul(text, base));
}

/**
 * `tokenize(input, delim)`: strsep over the saved copy of the last non-empty input, skipping
 * empty tokens; `""` continues, and once the input is used up every call returns `""`.
 */
function tokenize(ctx: HandlerContext, args: readonly Value[]): string {
  const twoArgs = args.length === 2;
  const input = twoArgs ? stringArg(ctx, args, 0) : '';
  const delimiters = stringArg(ctx, args, twoArgs ? 1 : 0);
  if (input !== '') ctx.tokenizeState = { input, pos: 0 };
  for (;;) {
    const state = ctx.tokenizeState;
    if (state === undefined) return '';
    const { input: saved, pos: start } = state;
    let end = start;
    while (end < saved.length && !delimiters.includes(saved.charAt(end))) end++;
    if (end < saved.length) state.pos = end + 1;
    else ctx.tokenizeState = undefined;
    if (end > start) return saved.slice(start, end);
  }
}

export const STRING_IMPLS: { readonly [K in StringBuiltinName]: BuiltinImpl } = {
  strlen: (ctx, args) => BigInt(stringArg(ctx, args, 0).length),
  substr,
  stringat,
  isinstr: (ctx, args) => truth(stringArg(ctx, args, 0).includes(stringArg(ctx, args, 1))),
  strpos: (ctx, args) => BigInt(stringArg(ctx, args, 0).indexOf(stringArg(ctx, args, 1))),
  str_replace: strReplace,
  tokenize,
  strtol,
  isdigit: (ctx, args) => {
    const first = stringArg(ctx, args, 0).charCodeAt(0);
    return truth(first >= C_DIGIT_0 && first <= C_DIGIT_9);
  },
  text_str: (ctx, args) =>
    escapeText(stringArg(ctx, args, 0), {
      inputBytes: 0,
      outputBytes: 0,
      quoted: false,
      maxStringLen: ctx.session.limits.MAXSTRINGLEN,
    }),
  text_strn: (ctx, args) => {
    const maxStringLen = ctx.session.limits.MAXSTRINGLEN;
    const length = longArg(args, 1);
    const clamped = length < 0n ? 0 : length > BigInt(maxStringLen) ? maxStringLen : Number(length);
    return escapeText(stringArg(ctx, args, 0), {
      inputBytes: 0,
      outputBytes: clamped,
      // The C parameter is an int: only the low 32 bits count.
      quoted: BigInt.asIntN(32, longArg(args, 2)) !== 0n,
      maxStringLen,
    });
  },
  // Byte strings: only ASCII letters change, as C's toupper/tolower in the "C" locale.
  toupper: (ctx, args) => stringArg(ctx, args, 0).replace(/[a-z]+/g, (m) => m.toUpperCase()),
  tolower: (ctx, args) => stringArg(ctx, args, 0).replace(/[A-Z]+/g, (m) => m.toLowerCase()),
  string_quoted: (ctx, args) => {
    const maxStringLen = ctx.session.limits.MAXSTRINGLEN;
    return escapeText(stringArg(ctx, args, 0), {
      inputBytes: maxStringLen,
      outputBytes: maxStringLen,
      quoted: true,
      maxStringLen,
    });
  },
  ...MATCH_IMPLS,
};
