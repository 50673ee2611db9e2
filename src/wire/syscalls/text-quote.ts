/**
 * stap's quoting of user memory (runtime `_stp_text_str` with `quoted` set), over bytes already
 * copied out of the traced process: printable ASCII as is, C escapes for `\a\b\f\n\r\t\v"\\`,
 * `\ooo` for other bytes, `\uXXXX` / `\UXXXXXXXX` for well-formed UTF-8. Output stops before an
 * escape that would not fit in `outputBytes` (quotes included); a cut string ends in `"...`.
 */

import { escapeBytes } from '../text-escape.js';

/** stap's MAXSTRINGLEN: the longest string a tapset function returns, NUL included. */
export const MAX_STRING_LEN = 512;

/** syscall_string_trunc: how much of a data buffer (write, send...) argstr shows, quotes included. */
export const SYSCALL_STRING_TRUNC = 50;

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
  return escapeBytes((i) => data[i] ?? 0, {
    inputBytes: options.inputBytes,
    outputBytes: options.outputBytes,
    quoted: true,
    maxStringLen: MAX_STRING_LEN,
    buffer: options.buffer,
  });
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
