/**
 * stap's printable-text rendering of a byte string (runtime `_stp_text_str`), behind `text_str`,
 * `text_strn` and `string_quoted` in the runtime and the quoted strings of syscall `argstr`s: printable ASCII as is, C escapes for `\a\b\f\n\r\t\v"\\`, octal
 * `\ooo` for other bytes, and `\uXXXX` / `\UXXXXXXXX` (upper-case hex) for well-formed UTF-8.
 * Output stops before an escape that would not fit; a quoted, truncated result ends in `"...`.
 */

export interface TextEscapeOptions {
  /** Input bytes to read (`<= 0` or too large: MAXSTRINGLEN - 1). */
  readonly inputBytes: number;
  /** Output bytes to produce, quotes included (`<= 0` or too large: MAXSTRINGLEN - 1). */
  readonly outputBytes: number;
  readonly quoted: boolean;
  readonly maxStringLen: number;
  /** A data buffer: a NUL is shown (`\000`) rather than ending the text. */
  readonly buffer?: boolean;
}

/** Byte `i` of the input; past its end, NUL (the terminator stap's buffer holds). */
export type ByteAt = (i: number) => number;

const SHORT_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x07, 'a'],
  [0x08, 'b'],
  [0x0c, 'f'],
  [0x0a, 'n'],
  [0x0d, 'r'],
  [0x09, 't'],
  [0x0b, 'v'],
  [0x22, '"'],
  [0x5c, '\\'],
]);

/** One decoded character: a code point (or a raw byte) and how many input bytes it used. */
interface Decoded {
  readonly code: number;
  readonly bytes: number;
}

/**
 * Decodes one UTF-8 sequence at `pos`, with `size` bytes left to read. Anything but a complete,
 * shortest-form, non-surrogate sequence up to U+10FFFF comes back as its first byte alone.
 * Bytes past the end of the string read as NUL, like the terminator stap's buffer holds.
 */
function decodeUtf8(byteAt: ByteAt, pos: number, size: number): Decoded {
  const first = byteAt(pos);
  const verbatim: Decoded = { code: first, bytes: 1 };
  const left = size - 1;
  let length: number;
  let code: number;
  if ((first & 0xe0) === 0xc0 && left >= 1) {
    length = 2;
    code = first & 0x1f;
  } else if ((first & 0xf0) === 0xe0 && left >= 2) {
    length = 3;
    code = first & 0x0f;
  } else if ((first & 0xf8) === 0xf0 && left >= 3) {
    length = 4;
    code = first & 0x07;
  } else {
    return verbatim;
  }
  for (let i = 1; i < length; i++) {
    const next = byteAt(pos + i);
    if ((next & 0xc0) !== 0x80) return verbatim;
    code = (code << 6) | (next & 0x3f);
  }
  if (code >= 0xd800 && code <= 0xdfff) return verbatim;
  if (code > 0x10ffff) return verbatim;
  if (code < 0x80 || (length === 3 && code < 0x800) || (length === 4 && code < 0x10000)) return verbatim;
  return { code, bytes: length };
}

function isPrintableAscii(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

function escapeFor(decoded: Decoded): string {
  const { code } = decoded;
  if (decoded.bytes > 1) {
    const digits = code <= 0xffff ? 4 : 8;
    return (code <= 0xffff ? '\\u' : '\\U') + code.toString(16).toUpperCase().padStart(digits, '0');
  }
  if (isPrintableAscii(code) && code !== 0x22 && code !== 0x5c) return String.fromCharCode(code);
  const short = SHORT_ESCAPES.get(code);
  if (short !== undefined) return '\\' + short;
  return '\\' + code.toString(8).padStart(3, '0');
}

/** A JavaScript string whose characters are bytes (the runtime's strings). */
export function escapeText(input: string, options: TextEscapeOptions): string {
  return escapeBytes((i) => (i < input.length ? input.charCodeAt(i) & 0xff : 0), options);
}

export function escapeBytes(byteAt: ByteAt, options: TextEscapeOptions): string {
  const limit = options.maxStringLen - 1;
  let inputLeft = options.inputBytes <= 0 || options.inputBytes > limit ? limit : options.inputBytes;
  let outputLeft = options.outputBytes <= 0 || options.outputBytes > limit ? limit : options.outputBytes;
  // One array slot per output byte, so truncation can index it like the C pointer arithmetic.
  const out: string[] = [];
  if (options.quoted) {
    outputLeft = Math.max(outputLeft, 5) - 2;
    out.push('"');
  }
  // The first escape that a trailing `"...` could cut in half, and its length.
  let escapeStart = -1;
  let escapeLength = 0;
  let code = 0;
  let pos = 0;
  while (inputLeft > 0) {
    const decoded = decodeUtf8(byteAt, pos, inputLeft);
    code = decoded.code;
    if ((code === 0 && options.buffer !== true) || outputLeft <= 0) break;
    pos += decoded.bytes;
    inputLeft -= decoded.bytes;
    const text = escapeFor(decoded);
    if (text.length > 1) {
      if (escapeStart < 0 && outputLeft - 3 < text.length) {
        escapeStart = out.length;
        escapeLength = text.length;
      }
      if (outputLeft < text.length) break;
    }
    for (const ch of text) out.push(ch);
    outputLeft -= text.length;
  }
  if (options.quoted) {
    if (code !== 0 && inputLeft > 0) {
      const cut = out.length - 3 + outputLeft;
      const inEscape = escapeStart >= 0 && escapeStart < cut && cut < escapeStart + escapeLength;
      out.length = inEscape ? escapeStart : cut;
      out.push('"', '.', '.', '.');
    } else {
      out.push('"');
    }
  }
  return out.join('');
}
