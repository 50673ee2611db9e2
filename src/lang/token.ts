import type { Span } from '../diag/index.js';

/** Token classes as stap's lexer has them; `@words` are operators, as in stap. */
export type TokenKind = 'identifier' | 'keyword' | 'operator' | 'number' | 'string' | 'embedded' | 'junk';

/** Why the lexer produced a junk token; the parser reports it when it reaches it (as stap does). */
export type JunkKind =
  | 'unknown-char'
  | 'unclosed-string'
  | 'unclosed-embedded'
  | 'arg-out-of-range'
  | 'nested-arg';

export interface Token {
  readonly kind: TokenKind;
  /**
   * The token's content: the identifier/keyword/operator spelling, the digits of a number as
   * written (`0x1f`), the *decoded* value of a string (escapes resolved; each `\ooo`/`\xHH` byte
   * becomes one char code 0–255), the code between `%{` and `%}`, or for junk the offending text.
   */
  readonly text: string;
  readonly span: Span;
  /** Whitespace or a comment came between this token and the previous one (probe-point pieces must touch). */
  readonly spaceBefore: boolean;
  readonly junk?: JunkKind;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'probe',
  'global',
  'private',
  'function',
  'if',
  'else',
  'for',
  'foreach',
  'in',
  'limit',
  'return',
  'delete',
  'while',
  'break',
  'continue',
  'next',
  'string',
  'long',
  'try',
  'catch',
]);

/** stap's reserved @-words (operators, not macros). */
export const AT_WORDS: ReadonlySet<string> = new Set([
  '@cast',
  '@defined',
  '@probewrite',
  '@entry',
  '@perf',
  '@var',
  '@avg',
  '@count',
  '@sum',
  '@min',
  '@max',
  '@hist_linear',
  '@hist_log',
  '@const',
  '@variance',
  '@kregister',
  '@uregister',
  '@kderef',
  '@uderef',
  '@enum',
  '@enumname',
]);

/** How stap describes a token after `at:` / `saw:` (non-printable characters shown as `?`). */
export function describeToken(t: Token): string {
  const kind = t.kind === 'embedded' ? 'embedded-code' : t.kind;
  if (t.kind === 'embedded' || t.kind === 'keyword') return kind;
  const shown = t.kind === 'string' ? t.text.replace(/[^\x20-\x7e]/g, '?') : t.text;
  return `${kind} '${shown}'`;
}
