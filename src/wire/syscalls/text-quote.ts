/**
 * stap's quoting of user memory (runtime `_stp_text_str` with `quoted` set), over bytes already
 * copied out of the traced process: printable ASCII as is, C escapes for `\a\b\f\n\r\t\v"\\`,
 * `\ooo` for other bytes, `\uXXXX` / `\UXXXXXXXX` for well-formed UTF-8. Output stops before an
 * escape that would not fit in `outputBytes` (quotes included); a cut string ends in `"...`.
 */

/** stap's MAXSTRINGLEN: the longest string a tapset function returns, NUL included. */
export const MAX_STRING_LEN = 512;

/** syscall_string_trunc: how much of a data buffer (write, send...) argstr shows, quotes included. */
export const SYSCALL_STRING_TRUNC = 50;

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

interface Decoded {
  readonly code: number;
  readonly bytes: number;
}

/** One UTF-8 sequence at `pos` with `size` input bytes left, or the first byte alone. */
function decodeUtf8(data: Uint8Array, pos: number, size: number): Decoded {
  const byteAt = (i: number): number => data[i] ?? 0;
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

function escapeOf(d: Decoded): string {
  if (d.bytes > 1) {
    return d.code <= 0xffff
      ? `\\u${d.code.toString(16).toUpperCase().padStart(4, '0')}`
      : `\\U${d.code.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  const c = d.code;
  if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) return String.fromCharCode(c);
  const short = SHORT_ESCAPES.get(c);
  if (short !== undefined) return `\\${short}`;
  return `\\${c.toString(8).padStart(3, '0')}`;
}

export interface QuoteOptions {
  /** Input bytes to read (the copy's length bounds it too). */
  readonly inputBytes: number;
  /** Output length, quotes included (stap's `outlen`, at most MAXSTRINGLEN - 1). */
  readonly outputBytes: number;
  /** A data buffer (NULs are shown) rather than a NUL-terminated string. */
  readonly buffer: boolean;
}

/** `"text"` or `"cut text"...`, as `_stp_text_str(out, in, inlen, outlen, quoted=1, user=1, buffer)`. */
export function quoteBytes(data: Uint8Array, options: QuoteOptions): string {
  let inlen = options.inputBytes;
  if (inlen <= 0 || inlen > MAX_STRING_LEN - 1) inlen = MAX_STRING_LEN - 1;
  let outlen = options.outputBytes;
  if (outlen <= 0 || outlen > MAX_STRING_LEN - 1) outlen = MAX_STRING_LEN - 1;
  outlen = Math.max(outlen, 5) - 2;
  let out = '"';
  let pos = 0;
  let code = 0;
  // The first escape that a cut could split, and where it starts in `out`.
  let escStart = -1;
  let escLength = 0;
  while (inlen > 0) {
    const d = decodeUtf8(data, pos, inlen);
    code = d.code;
    if ((code === 0 && !options.buffer) || outlen <= 0) break;
    pos += d.bytes;
    inlen -= d.bytes;
    const text = escapeOf(d);
    if (text.length > 1 && escStart < 0 && outlen - 3 < text.length) {
      escStart = out.length;
      escLength = text.length;
    }
    if (outlen < text.length) break;
    out += text;
    outlen -= text.length;
  }
  if (code !== 0 && inlen > 0) {
    // stap cuts 3 characters back from the output limit to make room for `...`.
    let cut = out.length - 3 + outlen;
    if (escStart >= 0 && escStart < cut && cut < escStart + escLength) cut = escStart;
    return `${out.slice(0, cut)}"...`;
  }
  return `${out}"`;
}

/** `user_string_quoted(addr)`: the NUL-terminated string, up to MAXSTRINGLEN - 1 bytes. */
export function quoteString(data: Uint8Array): string {
  return quoteBytes(data, { inputBytes: MAX_STRING_LEN - 1, outputBytes: MAX_STRING_LEN - 1, buffer: false });
}

/** `user_buffer_quoted(addr, count, syscall_string_trunc)`: a data buffer's first bytes. */
export function quoteBuffer(data: Uint8Array, count: bigint): string {
  const inputBytes = count > BigInt(MAX_STRING_LEN) ? MAX_STRING_LEN : Number(count);
  return quoteBytes(data, { inputBytes, outputBytes: SYSCALL_STRING_TRUNC, buffer: true });
}
