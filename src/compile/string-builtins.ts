/**
 * String functions of tapset/string.stp in kernel handlers, over clean string buffers
 * (strings.ts), with the user-space semantics (runtime/builtins/string-functions.ts):
 *
 * - `strlen(s)`: bpf_probe_read_kernel_str of the buffer onto itself — the same bytes written
 *   back — returns the length with its NUL.
 * - `substr(s, start, length)`: empty unless 0 <= start < strlen and length + 1 > 0; then at most
 *   length bytes from start, copied with bpf_probe_read_kernel_str.
 * - `stringat(s, pos)`: the byte as a signed char, or stap's `Position out of bounds` error.
 * - `strpos(s1, s2)`, `isinstr(s1, s2)`: a bounded loop over the start positions (at most the
 *   haystack's capacity, a bound the verifier sees), comparing the needle a word at a time
 *   against the haystack copied into scratch with a needle's worth of zeros after it; each word is
 *   masked to the needle's length, the masks computed once before the loop.
 *
 * The others have files of their own: string-case.ts (toupper, tolower, isdigit),
 * string-escape.ts (text_str, text_strn, string_quoted), string-replace.ts (str_replace),
 * string-strtol.ts (strtol), string-tokenize.ts (tokenize), string-errno.ts (errno_str, errno_p),
 * string-ctime.ts (ctime).
 */
import {
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_probe_read_kernel_str,
  R0,
  R1,
  R2,
  R3,
  R4,
  R5,
  R10,
} from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { lowerError } from './errors-raise.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { lengthMasks, maskedDifference, stringArgument, stringLength } from './string-args.js';
import { CASE_BUILTINS, DIGIT_BUILTINS } from './string-case.js';
import { CTIME_BUILTINS } from './string-ctime.js';
import { ERRNO_LONG_BUILTINS, ERRNO_STRING_BUILTINS } from './string-errno.js';
import { ESCAPE_BUILTINS } from './string-escape.js';
import { REPLACE_BUILTINS } from './string-replace.js';
import { STRTOL_BUILTINS } from './string-strtol.js';
import { TOKENIZE_BUILTINS } from './string-tokenize.js';
import { copyBuffer, evalString, stringBuffer } from './strings.js';

export { stringLength };

function lowerStrlen(L: Lowering, e: CallExpr): void {
  stringLength(L, evalString(L, stringArgument(L, e, 0, 1)));
}

function lowerStringat(L: Lowering, e: CallExpr): void {
  const b = L.b;
  const s = evalString(L, stringArgument(L, e, 0, 2));
  evalLong(L, stringArgument(L, e, 1, 2));
  const pos = L.spill();
  stringLength(L, s);
  const bad = b.newLabel('outOfBounds');
  const done = b.newLabel('stringat');
  L.reload(R3, pos);
  b.jslt(R3, 0, bad)
    .jsge(R3, R0, bad)
    .jgt(R3, s.bytes - 1, bad);
  const byte = L.frame.slot();
  b.st(8, R10, byte.offset, 0);
  L.address(R1, byte);
  b.mov64(R2, 1);
  L.address(R4, s);
  b.add64(R3, R4).call(BPF_FUNC_probe_read_kernel);
  // A C char: signed.
  b.ldx(8, R0, R10, byte.offset).lsh64(R0, 56).arsh64(R0, 56).ja(done);
  b.label(bad);
  lowerError(L, {
    kind: 'Call',
    name: 'error',
    args: [{ kind: 'String', value: 'Position out of bounds', span: e.span }],
    span: e.span,
  });
  b.label(done);
}

function substr(L: Lowering, e: CallExpr, into?: Region): Region {
  const b = L.b;
  const s = evalString(L, stringArgument(L, e, 0, 3));
  evalLong(L, stringArgument(L, e, 1, 3));
  const start = L.spill();
  evalLong(L, stringArgument(L, e, 2, 3));
  const size = L.spill();
  const out = stringBuffer(L, Math.min(s.bytes, L.capacities.maxStringLen));
  L.zero(out);
  stringLength(L, s);
  const empty = b.newLabel('substrEmpty');
  const fits = b.newLabel('clamp');
  L.reload(R3, start);
  b.jslt(R3, 0, empty)
    .jsge(R3, R0, empty)
    .jgt(R3, s.bytes - 1, empty);
  // strlcpy's size: length + 1 (wrapping), nothing when not positive, at most the buffer.
  L.reload(R2, size);
  b.add64(R2, 1).jsle(R2, 0, empty);
  b.jsle(R2, out.bytes, fits).mov64(R2, out.bytes).label(fits);
  L.address(R4, s);
  b.add64(R3, R4);
  L.address(R1, out);
  b.call(BPF_FUNC_probe_read_kernel_str);
  b.label(empty);
  if (into === undefined) return out;
  copyBuffer(L, out, into);
  return into;
}

/** r0 = the offset of the first occurrence of the second argument in the first, or -1. */
function search(L: Lowering, e: CallExpr): void {
  const b = L.b;
  const hay = evalString(L, stringArgument(L, e, 0, 2));
  const needle = evalString(L, stringArgument(L, e, 1, 2));
  stringLength(L, needle);
  const needleLength = L.spill();
  // masks[k]: the bytes of the needle's word k that are part of it.
  const masks = L.frame.buffer(needle.bytes);
  lengthMasks(L, masks, () => L.reload(R1, needleLength));
  const window = L.frame.scratch(hay.bytes + needle.bytes);
  copyBuffer(L, hay, L.slice(window, 0, hay.bytes));
  L.zero(window, hay.bytes);
  stringLength(L, hay);
  // r4: the start position, r5: the last one (strlen(s1) - strlen(s2)).
  L.reload(R5, needleLength);
  b.mov64(R1, R0).sub64(R1, R5).mov64(R5, R1).mov64(R4, 0);
  const loop = b.newLabel('search');
  const next = b.newLabel('searchNext');
  const missing = b.newLabel('notFound');
  const done = b.newLabel('searched');
  b.label(loop)
    .jsgt(R4, R5, missing)
    .jgt(R4, hay.bytes - 1, missing);
  L.address(R1, window);
  b.add64(R1, R4);
  // r0: the differing bits of all words, so that each position takes one branch (the verifier
  // keeps every branch of the loop pending: one per word would be too many).
  maskedDifference(L, R1, needle, masks);
  b.jne(R0, 0, next);
  // The position goes through scratch memory, where the verifier stops knowing its value: the
  // paths leaving the loop at each position then meet as one state after it.
  const found = L.frame.scratch(8);
  const f = L.baseOf(found);
  b.stx(8, f.reg, f.off, R4).ldx(8, R0, f.reg, f.off).ja(done);
  b.label(next).add64(R4, 1).ja(loop);
  b.label(missing).mov64(R0, -1);
  b.label(done);
}

/**
 * The string functions whose kernel forms run a bpf_loop: like a loop statement, they need the
 * loop around them in callback form (loops.ts), since their callback leaves the verifier not
 * knowing the enclosing handler's locals, a plain loop's counter among them.
 */
export const LOOPING_STRING_BUILTINS: ReadonlySet<string> = new Set([
  'text_str',
  'text_strn',
  'string_quoted',
  'str_replace',
  'strtol',
  'tokenize',
]);

/** Kernel forms of the string functions returning a long (value in r0). */
export const STRING_LONG_BUILTINS: Readonly<Record<string, (L: Lowering, e: CallExpr) => void>> = {
  strlen: lowerStrlen,
  stringat: lowerStringat,
  strpos: search,
  isinstr: (L, e) => {
    const found = L.b.newLabel('isinstr');
    search(L, e);
    L.b.mov64(R1, R0).mov64(R0, 1).jsge(R1, 0, found).mov64(R0, 0).label(found);
  },
  ...DIGIT_BUILTINS,
  ...STRTOL_BUILTINS,
  ...ERRNO_LONG_BUILTINS,
};

/** Kernel forms of the string functions returning a string. */
export const STRING_BUILTINS: Readonly<Record<string, (L: Lowering, e: CallExpr, into?: Region) => Region>> =
  {
    substr,
    ...CASE_BUILTINS,
    ...ESCAPE_BUILTINS,
    ...REPLACE_BUILTINS,
    ...TOKENIZE_BUILTINS,
    ...ERRNO_STRING_BUILTINS,
    ...CTIME_BUILTINS,
  };
