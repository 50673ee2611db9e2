/**
 * `text_str(s)`, `text_strn(s, len, quoted)` and `string_quoted(s)` in kernel handlers: stap's
 * `_stp_text_str` (the user-space runtime's wire/text-escape.ts), byte for byte — printable
 * ASCII as is, `\a\b\f\n\r\t\v\"\\`, `\ooo` for other bytes, `\uXXXX` / `\UXXXXXXXX` for
 * well-formed UTF-8; output stops before an escape that does not fit, and a quoted result cut
 * short ends in `"...`, moved back over the first escape the cut would split.
 *
 * One character per call of a bpf_loop callback (subprograms.ts): its state (input and output
 * positions, room left, the escape a cut could split, the last character) lives in scratch,
 * where the verifier knows nothing of it, so the callback verifies as one generic trip. The
 * input is read from a scratch copy with zeros after it (a UTF-8 sequence running past the end
 * meets a NUL, which is no continuation byte); each character's text is built in two registers
 * and stored as two 8-byte words at the output position, the next one overwriting what follows
 * it; the result is NUL-terminated and copied out with bpf_probe_read_kernel_str.
 */
import {
  BPF_FUNC_loop,
  BPF_FUNC_probe_read_kernel_str,
  R0,
  R1,
  R2,
  R3,
  R4,
  R5,
  R8,
  R9,
} from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringArgument } from './string-args.js';
import { copyBuffer, evalString, stringBuffer } from './strings.js';
import { invokeCallback, lowerCallback } from './subprograms.js';

/** Offsets of the loop's state words in its scratch block. */
const STATE = {
  /** Input position. */
  in: 0,
  /** Output position (the opening quote included). */
  out: 8,
  /** Output bytes left (stap's `outlen`). */
  left: 16,
  /** Output position of the first escape a `"...` could cut, or -1. */
  escape: 24,
  escapeLength: 32,
  /** The last character decoded (stap's `c`). */
  char: 40,
  quoted: 48,
} as const;
const STATE_BYTES = 56;

/** `\a` to `\r` (bytes 7 to 13): the escape letters, one byte each, byte 7's lowest. */
const CONTROL_LETTERS = [...'abtnvfr'].reduce(
  (word, ch, i) => word | (BigInt(ch.charCodeAt(0)) << BigInt(8 * i)),
  0n,
);

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const DOT = 0x2e;
const DIGIT_0 = 0x30;

type OutputLength = (L: Lowering) => void;

/**
 * Escapes `src`: `outputLength` leaves stap's `outlen` argument in r0, `quoted` (in r0 after
 * `outputLength`'s value was saved) whether to quote.
 */
function escapeText(
  L: Lowering,
  e: CallExpr,
  src: Region,
  outputLength: OutputLength,
  quoted: OutputLength,
  into?: Region,
): Region {
  const b = L.b;
  const limit = L.capacities.maxStringLen - 1;
  const window = L.frame.scratch(src.bytes + 8);
  copyBuffer(L, src, L.slice(window, 0, src.bytes));
  L.zero(window, src.bytes, 8);
  const work = L.frame.scratch(limit + 1 + 16);
  const state = L.frame.scratch(STATE_BYTES);
  const s = L.baseOf(state);
  const w = L.baseOf(work);

  // outlen: <= 0 or past MAXSTRINGLEN - 1 means MAXSTRINGLEN - 1.
  outputLength(L);
  const full = b.newLabel('outlen');
  const known = b.newLabel('outlen');
  b.jsle(R0, 0, full).jsle(R0, limit, known);
  b.label(full).mov64(R0, limit).label(known);
  b.stx(8, s.reg, s.off + STATE.left, R0);
  quoted(L);
  const plain = b.newLabel('unquoted');
  b.st(8, s.reg, s.off + STATE.out, 0);
  b.lsh64(R0, 32)
    .stx(8, s.reg, s.off + STATE.quoted, R0)
    .jeq(R0, 0, plain);
  const five = b.newLabel('five');
  b.ldx(8, R0, s.reg, s.off + STATE.left)
    .jsge(R0, 5, five)
    .mov64(R0, 5)
    .label(five);
  b.sub64(R0, 2).stx(8, s.reg, s.off + STATE.left, R0);
  b.st(1, w.reg, w.off, QUOTE).st(8, s.reg, s.off + STATE.out, 1);
  b.label(plain);
  b.st(8, s.reg, s.off + STATE.in, 0)
    .st(8, s.reg, s.off + STATE.escape, -1)
    .st(8, s.reg, s.off + STATE.escapeLength, 0)
    .st(8, s.reg, s.off + STATE.char, 0);

  const cb = lowerCallback(L, {
    ctxArg: R2,
    args: [],
    span: e.span,
    body: () => escapeOne(L, src, window, work, state, limit),
  });
  invokeCallback(L, cb, BPF_FUNC_loop, () => b.mov64(R1, limit + 1));

  // The closing quote, or `"...` at the cut when the output ran out first.
  const terminate = b.newLabel('terminate');
  const close = b.newLabel('closeQuote');
  const atCut = b.newLabel('cut');
  b.ldx(8, R0, s.reg, s.off + STATE.out);
  b.ldx(8, R1, s.reg, s.off + STATE.quoted).jeq(R1, 0, terminate);
  b.ldx(8, R1, s.reg, s.off + STATE.char).jeq(R1, 0, close);
  b.ldx(8, R1, s.reg, s.off + STATE.in).jge(R1, limit, close);
  b.ldx(8, R2, s.reg, s.off + STATE.left)
    .mov64(R1, R0)
    .sub64(R1, 3)
    .add64(R1, R2);
  b.ldx(8, R2, s.reg, s.off + STATE.escape)
    .jslt(R2, 0, atCut)
    .jsge(R2, R1, atCut);
  b.ldx(8, R3, s.reg, s.off + STATE.escapeLength)
    .add64(R3, R2)
    .jsge(R1, R3, atCut);
  b.mov64(R1, R2);
  b.label(atCut).mov64(R0, R1);
  // Bounds the verifier sees: a cut lies in [1, MAXSTRINGLEN - 5].
  b.jslt(R0, 0, terminate).jgt(R0, limit - 4, terminate);
  L.address(R1, work);
  b.add64(R1, R0).st(4, R1, 0, QUOTE | (DOT << 8) | (DOT << 16) | (DOT << 24));
  b.add64(R0, 4).ja(terminate);
  b.label(close).jgt(R0, limit - 1, terminate);
  L.address(R1, work);
  b.add64(R1, R0).st(1, R1, 0, QUOTE).add64(R0, 1);
  b.label(terminate);
  const done = b.newLabel('escaped');
  b.jgt(R0, limit, done);
  L.address(R1, work);
  b.add64(R1, R0).st(1, R1, 0, 0);
  b.label(done);
  const dst = into ?? stringBuffer(L, L.capacities.maxStringLen);
  L.zero(dst);
  L.address(R1, dst);
  b.mov64(R2, dst.bytes);
  L.address(R3, work);
  b.call(BPF_FUNC_probe_read_kernel_str);
  return dst;
}

/** One trip of the loop: decodes a character, and writes its text if it fits (else breaks). */
function escapeOne(
  L: Lowering,
  src: Region,
  window: Region,
  work: Region,
  state: Region,
  limit: number,
): void {
  const b = L.b;
  const stop = L.loops[L.loops.length - 1]!.breakTo;
  const s = L.baseOf(state);
  // r8: the input position; r9: its address; r0: the first byte; r3: the character; r4: its bytes.
  b.ldx(8, R8, s.reg, s.off + STATE.in)
    .jge(R8, limit, stop)
    .jgt(R8, src.bytes - 1, stop);
  L.address(R9, window);
  b.add64(R9, R8).ldx(1, R0, R9, 0);
  const verbatim = b.newLabel('verbatim');
  const decoded = b.newLabel('decoded');
  const continued = b.newLabel('continuation');
  const checks = b.newLabel('utf8Checks');
  const leads: [number, number, number][] = [
    [0xe0, 0xc0, 0x1f],
    [0xf0, 0xe0, 0x0f],
    [0xf8, 0xf0, 0x07],
  ];
  leads.forEach(([mask, value, bits], i) => {
    const next = b.newLabel('lead');
    b.mov64(R1, R0).and64(R1, mask).jne(R1, value, next);
    b.mov64(R3, R0)
      .and64(R3, bits)
      .mov64(R4, i + 2)
      .ja(continued);
    b.label(next);
  });
  b.ja(verbatim);
  b.label(continued);
  for (let i = 1; i <= 3; i++) {
    if (i > 1) b.jle(R4, i, checks);
    b.ldx(1, R1, R9, i).mov64(R2, R1).and64(R2, 0xc0).jne(R2, 0x80, verbatim);
    b.and64(R1, 0x3f).lsh64(R3, 6).or64(R3, R1);
  }
  b.label(checks);
  // Surrogates, past U+10FFFF, and overlong forms stay bytes.
  const notSurrogate = b.newLabel('utf8');
  const notThree = b.newLabel('utf8');
  b.jlt(R3, 0xd800, notSurrogate).jle(R3, 0xdfff, verbatim).label(notSurrogate);
  b.jgt(R3, 0x10ffff, verbatim).jlt(R3, 0x80, verbatim);
  b.jne(R4, 3, notThree).jlt(R3, 0x800, verbatim).label(notThree);
  b.jne(R4, 4, decoded).jlt(R3, 0x10000, verbatim).ja(decoded);
  b.label(verbatim).mov64(R3, R0).mov64(R4, 1);
  b.label(decoded);
  // r5: the room left.
  b.stx(8, s.reg, s.off + STATE.char, R3).jeq(R3, 0, stop);
  b.ldx(8, R5, s.reg, s.off + STATE.left).jsle(R5, 0, stop);
  b.add64(R8, R4).stx(8, s.reg, s.off + STATE.in, R8);
  characterText(L);
  // r1, r2: the text's two words; r4: its length.
  const write = b.newLabel('write');
  const fits = b.newLabel('fits');
  b.jeq(R4, 1, write);
  b.ldx(8, R0, s.reg, s.off + STATE.escape).jsge(R0, 0, fits);
  b.mov64(R0, R5).sub64(R0, 3).jsge(R0, R4, fits);
  b.ldx(8, R0, s.reg, s.off + STATE.out)
    .stx(8, s.reg, s.off + STATE.escape, R0)
    .stx(8, s.reg, s.off + STATE.escapeLength, R4);
  b.label(fits).jslt(R5, R4, stop);
  b.label(write);
  b.ldx(8, R0, s.reg, s.off + STATE.out).jgt(R0, limit, stop);
  L.address(R8, work);
  b.add64(R8, R0).stx(8, R8, 0, R1).stx(8, R8, 8, R2);
  b.add64(R0, R4).stx(8, s.reg, s.off + STATE.out, R0);
  b.sub64(R5, R4).stx(8, s.reg, s.off + STATE.left, R5);
}

/**
 * The text of character r3 (r4: its UTF-8 bytes) into r1 (its first eight bytes) and r2 (the
 * rest), its length into r4. Clobbers r0, r8, r9.
 */
function characterText(L: Lowering): void {
  const b = L.b;
  const done = b.newLabel('text');
  const unicode = b.newLabel('unicode');
  const wide = b.newLabel('wide');
  const control = b.newLabel('control');
  const octal = b.newLabel('octal');
  const quote = b.newLabel('quote');
  const backslash = b.newLabel('backslash');
  b.mov64(R2, 0).jgt(R4, 1, unicode);
  b.jeq(R3, QUOTE, quote).jeq(R3, BACKSLASH, backslash);
  b.jlt(R3, 0x20, control).jgt(R3, 0x7e, octal);
  b.mov64(R1, R3).mov64(R4, 1).ja(done);
  b.label(quote)
    .mov64(R1, BACKSLASH | (QUOTE << 8))
    .mov64(R4, 2)
    .ja(done);
  b.label(backslash)
    .mov64(R1, BACKSLASH | (BACKSLASH << 8))
    .mov64(R4, 2)
    .ja(done);
  b.label(control).jlt(R3, 7, octal).jgt(R3, 13, octal);
  b.mov64(R0, R3).sub64(R0, 7).lsh64(R0, 3).ldImm64(R1, CONTROL_LETTERS).rsh64(R1, R0);
  b.and64(R1, 0xff).lsh64(R1, 8).or64(R1, BACKSLASH).mov64(R4, 2).ja(done);
  b.label(octal).mov64(R1, BACKSLASH);
  [6, 3, 0].forEach((shift, i) => {
    b.mov64(R0, R3)
      .rsh64(R0, shift)
      .and64(R0, 7)
      .add64(R0, DIGIT_0)
      .lsh64(R0, 8 * (i + 1))
      .or64(R1, R0);
  });
  b.mov64(R4, 4).ja(done);
  b.label(unicode).jgt(R3, 0xffff, wide);
  b.mov64(R1, BACKSLASH | (0x75 << 8));
  hexDigits(L, R1, [12, 8, 4, 0], 2);
  b.mov64(R4, 6).ja(done);
  b.label(wide).mov64(R1, BACKSLASH | (0x55 << 8));
  hexDigits(L, R1, [28, 24, 20, 16, 12, 8], 2);
  hexDigits(L, R2, [4, 0], 0);
  b.mov64(R4, 10);
  b.label(done);
}

/**
 * `word |=` the upper-case hex digits of `(r3 >> shift) & 15` for each shift, from byte `from`
 * on. Clobbers r0, r8.
 */
function hexDigits(L: Lowering, word: typeof R1, shifts: readonly number[], from: number): void {
  for (const [i, shift] of shifts.entries()) {
    // n + '0', plus 7 more when n >= 10 ('A' - '9' - 1).
    L.b.mov64(R0, R3).rsh64(R0, shift).and64(R0, 15);
    L.b.mov64(R8, R0).add64(R8, 6).rsh64(R8, 4).mul64(R8, 7).add64(R0, R8).add64(R0, DIGIT_0);
    L.b.lsh64(R0, 8 * (from + i)).or64(word, R0);
  }
}

function maxLength(L: Lowering): void {
  L.b.mov64(R0, L.capacities.maxStringLen - 1);
}

const yes = (L: Lowering): void => {
  L.b.mov64(R0, 1);
};
const no = (L: Lowering): void => {
  L.b.mov64(R0, 0);
};

function lowerTextStr(L: Lowering, e: CallExpr, into?: Region): Region {
  return escapeText(L, e, evalString(L, stringArgument(L, e, 0, 1)), maxLength, no, into);
}

function lowerStringQuoted(L: Lowering, e: CallExpr, into?: Region): Region {
  return escapeText(L, e, evalString(L, stringArgument(L, e, 0, 1)), maxLength, yes, into);
}

/** `text_strn(s, len, quoted)`: len clamped to [0, MAXSTRINGLEN]; quoted is a C int (its low 32 bits). */
function lowerTextStrn(L: Lowering, e: CallExpr, into?: Region): Region {
  const src = evalString(L, stringArgument(L, e, 0, 3));
  evalLong(L, stringArgument(L, e, 1, 3));
  const length = L.spill();
  evalLong(L, stringArgument(L, e, 2, 3));
  const quoted = L.spill();
  return escapeText(
    L,
    e,
    src,
    (l) => l.reload(R0, length),
    (l) => l.reload(R0, quoted),
    into,
  );
}

export const ESCAPE_BUILTINS = {
  text_str: lowerTextStr,
  text_strn: lowerTextStrn,
  string_quoted: lowerStringQuoted,
} as const;
