/** Literal spellings that the lexer reads back to the same value. */
import type { Literal } from '../ast.js';

const TWO_64 = 1n << 64n;

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\t': '\\t',
  '"': '\\"',
  '\\': '\\\\',
};

/**
 * `"…"` with `\n`, `\t`, `\"`, `\\` named and every other byte outside printable ASCII as a
 * three-digit `\ooo` (always three digits, so a following digit is never swallowed). Values hold
 * bytes as char codes 0–255; a char above 255 (a bug upstream of us) is written as its UTF-8 bytes.
 */
export function quoteString(value: string): string {
  if (isPlain(value)) return `"${value}"`;
  let out = '"';
  for (const ch of value) {
    const named = NAMED_ESCAPES[ch];
    if (named !== undefined) {
      out += named;
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code <= 0xff) out += octalEscape(code);
    else for (const byte of Buffer.from(ch, 'utf8')) out += octalEscape(byte);
  }
  return `${out}"`;
}

/** `quoteString` into a list of pieces: a plain value (the usual case) is not copied. */
export function emitQuoted(out: string[], value: string): void {
  if (isPlain(value)) out.push('"', value, '"');
  else out.push(quoteString(value));
}

/** Printable ASCII other than `"` and `\\`: the value is its own spelling. */
function isPlain(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

function octalEscape(byte: number): string {
  return `\\${byte.toString(8).padStart(3, '0')}`;
}

/**
 * A number where an expression is expected. There is no negative literal token there (`-5` is
 * unary minus applied to 5), so a negative value is written as its unsigned 64-bit two's
 * complement in hex, which the lexer wraps back to the same signed value.
 */
export function exprNumber(value: bigint): string {
  return value < 0n ? `0x${(value + TWO_64).toString(16)}` : value.toString();
}

/** A number where stap's `parse_literal`/`expect_number` reads it: a leading `-` is accepted there. */
export function signedNumber(value: bigint): string {
  return value.toString();
}

/** A literal in a `parse_literal` context (global initialisers, probe-point arguments), as pieces. */
export function emitLiteral(out: string[], lit: Literal): void {
  if (lit.kind === 'String') emitQuoted(out, lit.value);
  else out.push(signedNumber(lit.value));
}
