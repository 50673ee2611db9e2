/**
 * The lexer's character classes (C locale, as stap's lexer sees bytes) and operator spellings,
 * as tables indexed by character code, so the hot loops test a character with one load.
 */

export const SPACE = 1;
export const ALPHA = 2;
export const DIGIT = 4;
export const PUNCT = 8;
/** `[A-Za-z0-9_$]`: what may follow the first character of an identifier. */
export const IDENT = 16;

export const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  let k = 0;
  if (c === 32 || (c >= 9 && c <= 13)) k |= SPACE;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) k |= ALPHA | IDENT;
  if (c >= 48 && c <= 57) k |= DIGIT | IDENT;
  if (c > 32 && c < 127 && !(k & (ALPHA | DIGIT))) k |= PUNCT;
  if (c === 95 || c === 36) k |= IDENT;
  CHAR_CLASS[c] = k;
}

/** Whether character code `c` (-1 at the end) is in one of the classes `cls`. */
export function has(c: number, cls: number): boolean {
  return c >= 0 && c < 128 && (CHAR_CLASS[c]! & cls) !== 0;
}

export const NL = 10;
export const HASH = 35;
export const DOLLAR = 36;
export const PERCENT = 37;
export const STAR = 42;
export const SLASH = 47;
export const LT = 60;
export const EQ = 61;
export const GT = 62;
export const AT = 64;
export const BACKSLASH = 92;
export const UNDERSCORE = 95;
export const LBRACE = 123;
export const RBRACE = 125;
export const QUOTE = 34;

/** One-character operator texts, so the common case allocates nothing. */
export const ONE_CHAR = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

/**
 * The two-character operators by `c << 8 | c2`, and `<<< >>> <<= >>=` by `c << 16 | c2 << 8 | c3`,
 * each mapped to one shared string (written as literals, so they are internalized), so an
 * operator token allocates no text.
 */
export const MULTI_CHAR = new Map<number, string>(
  [
    '==',
    '!=',
    '<=',
    '>=',
    '=~',
    '!~',
    '+=',
    '-=',
    '*=',
    '/=',
    '%=',
    '&=',
    '^=',
    '|=',
    '.=',
    '&&',
    '||',
    '++',
    '--',
    '->',
    '<<',
    '>>',
    '%(',
    '%?',
    '%:',
    '%)',
    '<<<',
    '>>>',
    '<<=',
    '>>=',
  ].map((op) => [opCode(op), op]),
);

function opCode(op: string): number {
  let code = 0;
  for (let i = 0; i < op.length; i++) code = (code << 8) | op.charCodeAt(i);
  return code;
}
