/**
 * The print family without a format string. stap turns each call into a printf of `%d` per long
 * and `%s` per string (with the delimiter between values for printd, `\n` at the end for the
 * `ln` forms), so a long prints in decimal and a string raw; the stream forms write at most
 * STP_BUFFER_SIZE bytes per call, the `sprint` forms return a script string (at most
 * MAXSTRINGLEN-1 bytes, ending at a NUL).
 */

import { STP_BUFFER_SIZE, toScriptString } from './printf.js';

type Arg = bigint | string;

function join(values: readonly Arg[], delimiter: string, newline: boolean): string {
  let out = '';
  for (let k = 0; k < values.length; k++) {
    if (k > 0) out += delimiter;
    const value = values[k]!;
    if (typeof value === 'bigint') {
      out += value.toString();
    } else {
      // `%s` stops at a NUL byte.
      const nul = value.indexOf('\0');
      out += nul < 0 ? value : value.slice(0, nul);
    }
  }
  if (newline) out += '\n';
  return out;
}

function toStream(text: string): string {
  return text.length > STP_BUFFER_SIZE ? text.slice(0, STP_BUFFER_SIZE) : text;
}

/** `print(a, b, ...)`: the values back to back. */
export function formatPrint(values: readonly Arg[]): string {
  return toStream(join(values, '', false));
}

/** `println(a, b, ...)`: the values back to back, then a newline (`println()` is just `\n`). */
export function formatPrintln(values: readonly Arg[]): string {
  return toStream(join(values, '', true));
}

/** `printd(delim, a, b, ...)`: the values separated by `delim`. */
export function formatPrintd(delimiter: string, values: readonly Arg[]): string {
  return toStream(join(values, delimiter, false));
}

/** `printdln(delim, a, b, ...)`: the values separated by `delim`, then a newline. */
export function formatPrintdln(delimiter: string, values: readonly Arg[]): string {
  return toStream(join(values, delimiter, true));
}

/** `sprint(a, b, ...)`. */
export function formatSprint(values: readonly Arg[], maxStringLen: number): string {
  return toScriptString(join(values, '', false), maxStringLen);
}

/** `sprintln(a, b, ...)`. */
export function formatSprintln(values: readonly Arg[], maxStringLen: number): string {
  return toScriptString(join(values, '', true), maxStringLen);
}

/** `sprintd(delim, a, b, ...)`. */
export function formatSprintd(delimiter: string, values: readonly Arg[], maxStringLen: number): string {
  return toScriptString(join(values, delimiter, false), maxStringLen);
}

/** `sprintdln(delim, a, b, ...)`. */
export function formatSprintdln(delimiter: string, values: readonly Arg[], maxStringLen: number): string {
  return toScriptString(join(values, delimiter, true), maxStringLen);
}
