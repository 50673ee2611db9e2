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

/**
 * A token as the lexer makes it: a class, so that every token, from the lexer or from a macro
 * expansion, has the same fixed shape. Its span stays a separate plain object: the AST keeps the
 * spans of most tokens but no tokens, and a plain span is smaller than a token that doubled as its
 * own span would be (which measured no faster: what the AST keeps is what garbage collection costs).
 *
 * Fields are `declare`d and assigned once in the constructor: a class field would first be
 * defined as `undefined` and then overwritten, which makes V8 treat it as mutable and throw away
 * optimized code that relied on it.
 */
export class LexToken implements Token {
  declare readonly kind: TokenKind;
  declare readonly text: string;
  declare readonly span: Span;
  declare readonly spaceBefore: boolean;

  constructor(kind: TokenKind, text: string, span: Span, spaceBefore: boolean) {
    this.kind = kind;
    this.text = text;
    this.span = span;
    this.spaceBefore = spaceBefore;
  }
}

/** A junk token (rare): a `LexToken` that also says what is wrong with it. */
export class JunkToken extends LexToken {
  declare readonly junk: JunkKind;

  constructor(junk: JunkKind, text: string, span: Span, spaceBefore: boolean) {
    super('junk', text, span, spaceBefore);
    this.junk = junk;
  }
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
