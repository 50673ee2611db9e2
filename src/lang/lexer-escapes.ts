/**
 * String literal escapes: decoding them for the token's value, the form stap's lexer keeps them
 * in (shown for an unclosed string), and quoting a script argument for `@N`.
 */

const QUOTE = 34;

const utf8 = new TextEncoder();

/**
 * Script strings are byte strings (one char per byte): source text, which is Unicode once read,
 * goes back to its UTF-8 bytes, so `strlen("é")` is 2 as in stap.
 */
export function utf8Bytes(text: string): string {
  if (!/[^\u0000-\u007f]/.test(text)) return text;
  let out = '';
  for (const byte of utf8.encode(text)) out += String.fromCharCode(byte);
  return out;
}
const BACKSLASH = 92;

const SIMPLE_ESCAPES: ReadonlyMap<string, number> = new Map([
  ['a', 7],
  ['b', 8],
  ['t', 9],
  ['n', 10],
  ['v', 11],
  ['f', 12],
  ['r', 13],
  ['\\', 92],
]);

function octalValue(c: number): number {
  return c >= 48 && c <= 55 ? c - 48 : -1;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Resolves `\a \b \t \n \v \f \r \\ \" \ooo \xHH` (1–3 octal digits, 1–2 hex digits, each giving
 * one char code 0–255); any other `\c` stands for `c`. `\x` without a hex digit stands for
 * nothing, as stap's BPF back end reads it.
 */
export function decodeEscapes(content: string, hexEscapes = true): string {
  let out = '';
  let from = 0;
  for (let i = content.indexOf('\\'); i >= 0 && i < content.length; i = content.indexOf('\\', from)) {
    out += content.slice(from, i);
    const e = content.charAt(i + 1);
    let next = i + 2;
    const simple = SIMPLE_ESCAPES.get(e);
    if (simple !== undefined) {
      out += String.fromCharCode(simple);
    } else if (octalValue(e.charCodeAt(0)) >= 0) {
      let value = 0;
      for (next = i + 1; next < i + 4 && octalValue(content.charCodeAt(next)) >= 0; next++) {
        value = value * 8 + octalValue(content.charCodeAt(next));
      }
      out += String.fromCharCode(value & 0xff);
    } else if (e === 'x' && hexEscapes) {
      let value = 0;
      for (next = i + 2; next < i + 4 && hexValue(content.charCodeAt(next)) >= 0; next++) {
        value = value * 16 + hexValue(content.charCodeAt(next));
      }
      if (next > i + 2) out += String.fromCharCode(value);
    } else {
      out += e;
    }
    from = next;
  }
  return out + content.slice(from);
}

/** The string content as stap's lexer stores it: known escapes kept, `\c` reduced to `c`. */
export function stapEscapedForm(content: string, hexEscapes: boolean): string {
  if (content.indexOf('\\') < 0) return content;
  let out = '';
  for (let i = 0; i < content.length; i++) {
    const ch = content.charAt(i);
    if (ch !== '\\' || i + 1 >= content.length) {
      out += ch;
      continue;
    }
    const e = content.charAt(++i);
    const kept = SIMPLE_ESCAPES.has(e) || octalValue(e.charCodeAt(0)) >= 0 || (e === 'x' && hexEscapes);
    out += kept ? `\\${e}` : e;
  }
  return out;
}

/**
 * An argument as the string literal `@N` pastes (stap's `lex_cast_qstring`): `"` and `\`
 * escaped, every byte outside printable ASCII (of the UTF-8 encoding) as a 3-digit octal escape.
 */
export function quoteArgument(arg: string): string {
  let out = '"';
  const bytes = new TextEncoder().encode(arg);
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) out += `\\${(b >> 6) & 7}${(b >> 3) & 7}${b & 7}`;
    else if (b === QUOTE || b === BACKSLASH) out += `\\${String.fromCharCode(b)}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}
