/**
 * The lexer: source text → tokens, as stap's `lexer::scan` cuts them. It also pastes script
 * arguments (`$1`, `@1`, `$#`, `@#`) into the character stream, which is why it needs them.
 * Malformed input never throws: it becomes a `junk` token that the parser reports when it
 * reaches it (so junk inside a skipped `%( %)` branch costs nothing, as in stap).
 */
import type { DiagnosticSink, Source, Span } from '../diag/index.js';
import { assertNever } from '../util/index.js';
import { decodeEscapes, quoteArgument, stapEscapedForm } from './lexer-escapes.js';
import { strverscmp } from './preprocess/strverscmp.js';
import { type JunkKind, KEYWORDS, type Token, type TokenKind } from './token.js';

export interface LexerOptions {
  /**
   * The `--compatible` version. As in stap, `private` is a keyword only from 3.0 and `\x`
   * escapes exist only from 2.3. Absent: every feature is on.
   */
  readonly compatible?: string;
}

/** Diagnostic codes of the lexer (`P1xx`): one per junk kind, and the `}%` warning. */
export const LEXER_CODES = {
  'unknown-char': 'P101',
  'nested-arg': 'P102',
  'arg-out-of-range': 'P103',
  'unclosed-string': 'P104',
  'unclosed-embedded': 'P105',
  'suspicious-embedded-close': 'P110',
} as const satisfies Record<JunkKind | 'suspicious-embedded-close', string>;

/**
 * What stap prints instead of the parser's own message when an error lands on a junk token
 * (`build_error_msg`). Unknown characters have no message of their own: the parser's stands.
 */
export function junkMessage(token: Token, argCount: number): string | undefined {
  const kind = token.junk;
  if (kind === undefined) return undefined;
  switch (kind) {
    case 'unknown-char':
      return undefined;
    case 'nested-arg':
      return 'invalid nested substitution of command line arguments';
    case 'arg-out-of-range':
      return `command line argument out of range [1-${argCount}]`;
    case 'unclosed-string':
      return 'Could not find matching closing quote';
    case 'unclosed-embedded':
      return "Could not find matching '%}' to close embedded function block";
    default:
      return assertNever(kind, 'junk kind');
  }
}

// ---------------------------------------------------------------- character classes (C locale)

const SPACE = 1;
const ALPHA = 2;
const DIGIT = 4;
const PUNCT = 8;
/** `[A-Za-z0-9_$]`: what may follow the first character of an identifier. */
const IDENT = 16;

const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  let k = 0;
  if (c === 32 || (c >= 9 && c <= 13)) k |= SPACE;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) k |= ALPHA | IDENT;
  if (c >= 48 && c <= 57) k |= DIGIT | IDENT;
  if (c > 32 && c < 127 && !(k & (ALPHA | DIGIT))) k |= PUNCT;
  if (c === 95 || c === 36) k |= IDENT;
  CHAR_CLASS[c] = k;
}

function has(c: number, cls: number): boolean {
  return c >= 0 && c < 128 && (CHAR_CLASS[c]! & cls) !== 0;
}

const NL = 10;
const HASH = 35;
const DOLLAR = 36;
const PERCENT = 37;
const STAR = 42;
const SLASH = 47;
const LT = 60;
const EQ = 61;
const GT = 62;
const AT = 64;
const BACKSLASH = 92;
const UNDERSCORE = 95;
const LBRACE = 123;
const RBRACE = 125;
const QUOTE = 34;

/** One-character operator texts, so the common case allocates nothing. */
const ONE_CHAR = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

/** The two-character operators, as `c << 8 | c2`. */
const TWO_CHAR = new Set(
  '== != <= >= =~ !~ += -= *= /= %= &= ^= |= .= && || ++ -- -> << >> %( %? %: %)'
    .split(' ')
    .map((op) => (op.charCodeAt(0) << 8) | op.charCodeAt(1)),
);

/**
 * Splits a source into tokens. `next()` returns them one at a time, `undefined` at the end.
 *
 * Script arguments are pasted as characters, like stap's `input_put`: `$N` as the raw argument
 * text, `@N` as a quoted string literal, so `$1` = `foo bar` lexes as two identifiers and a
 * token may even run on from pasted text into the source after it. Tokens that start inside
 * pasted text are located at the `$N` reference. A reference inside pasted text is junk.
 */
export class Lexer {
  readonly source: Source;
  readonly args: readonly string[];
  /** Which arguments a `$N`/`@N` referred to, for stap's "unused command line option" warning. */
  readonly argUsed: boolean[];
  /** Whether any token at all was produced (stap tells "empty" from "empty after preprocessing"). */
  sawTokens = false;

  private readonly text: string;
  private readonly end: number;
  private readonly sink: DiagnosticSink | undefined;
  private readonly privateIsKeyword: boolean;
  private readonly hexEscapes: boolean;

  // Cursor in the source: offset, and the 1-based line and column of that offset.
  private pos = 0;
  private line = 1;
  private col = 1;

  // Pasted argument text, read before the source while pastePos < paste.length. Kept after it
  // is used up, so a token's raw text can always be sliced from (pastePos, pos) pairs.
  private paste = '';
  private pastePos = 0;
  private pasteRef: Span | undefined;

  /** Where the token being scanned began (one reused record: no allocation per token). */
  private readonly at: TokenStart = {
    pasted: false,
    startPaste: 0,
    start: 0,
    line: 1,
    col: 1,
    spaceBefore: false,
  };

  constructor(source: Source, args: readonly string[], sink?: DiagnosticSink, options: LexerOptions = {}) {
    this.source = source;
    this.args = args;
    this.argUsed = args.map(() => false);
    this.text = source.text;
    this.end = source.text.length;
    this.sink = sink;
    const compatible = options.compatible;
    this.privateIsKeyword = compatible === undefined || strverscmp(compatible, '3.0') >= 0;
    this.hexEscapes = compatible === undefined || strverscmp(compatible, '2.3') >= 0;
  }

  next(): Token | undefined {
    const token = this.scan();
    if (token) this.sawTokens = true;
    return token;
  }

  private scan(): Token | undefined {
    let spaceBefore = false;
    for (;;) {
      if (this.pastePos >= this.paste.length && this.skipSourceSpace()) spaceBefore = true;
      const at = this.at;
      at.pasted = this.pastePos < this.paste.length;
      at.startPaste = this.pastePos;
      at.start = this.pos;
      at.line = this.line;
      at.col = this.col;
      at.spaceBefore = spaceBefore;
      const c = this.get();
      if (c < 0) return undefined;
      if (has(c, SPACE)) {
        spaceBefore = true;
        continue;
      }
      const c2 = this.peek(0);

      if ((c === DOLLAR || c === AT) && (c2 === HASH || has(c2, DIGIT))) {
        const junk = this.argument(c, c2, at);
        if (junk) return junk;
        continue;
      }
      if (has(c, ALPHA) || c === DOLLAR || c === AT || c === UNDERSCORE) return this.identifier(c, at);
      if (has(c, DIGIT)) return this.number(at);
      if (c === QUOTE) return this.string(at);
      if (has(c, PUNCT)) {
        if (c === HASH || (c === SLASH && c2 === SLASH)) {
          this.skipLineComment();
          spaceBefore = true;
          continue;
        }
        if (c === SLASH && c2 === STAR) {
          this.skipBlockComment();
          spaceBefore = true;
          continue;
        }
        if (c === PERCENT && c2 === LBRACE) return this.embedded(at);
        return this.operator(c, c2, at);
      }
      return this.unknownChar(c, at);
    }
  }

  // ---------------------------------------------------------------- input

  /** The next character (UTF-16 code unit), or -1 at the end; pasted text comes first. */
  private get(): number {
    if (this.pastePos < this.paste.length) return this.paste.charCodeAt(this.pastePos++);
    if (this.pos >= this.end) return -1;
    const c = this.text.charCodeAt(this.pos++);
    if (c === NL) {
      this.line++;
      this.col = 1;
    } else {
      this.col++;
    }
    return c;
  }

  /** The character `n` places ahead without consuming it, or -1. */
  private peek(n: number): number {
    const p = this.pastePos + n;
    if (p < this.paste.length) return this.paste.charCodeAt(p);
    const q = this.pos + (p - this.paste.length);
    return q < this.end ? this.text.charCodeAt(q) : -1;
  }

  /** Skips white space in the source (no pasted text pending); whether there was any. */
  private skipSourceSpace(): boolean {
    const text = this.text;
    const end = this.end;
    const from = this.pos;
    let p = from;
    let line = this.line;
    let lineStart = -1;
    while (p < end) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9 || c === 11 || c === 12 || c === 13) p++;
      else if (c === NL) {
        line++;
        lineStart = ++p;
      } else break;
    }
    if (p === from) return false;
    this.col = lineStart < 0 ? this.col + (p - from) : p - lineStart + 1;
    this.line = line;
    this.pos = p;
    return true;
  }

  /** Moves the source cursor to `to` (no pasted text pending), keeping line and column. */
  private advanceTo(to: number): void {
    const text = this.text;
    let line = this.line;
    let lineStart = this.pos - (this.col - 1);
    for (let p = this.pos; p < to; p++) {
      if (text.charCodeAt(p) === NL) {
        line++;
        lineStart = p + 1;
      }
    }
    this.line = line;
    this.col = to - lineStart + 1;
    this.pos = to;
  }

  /** The characters consumed since a token began (pasted part, then source part). */
  private rawSince(at: TokenStart): string {
    const main = this.text.slice(at.start, this.pos);
    return at.startPaste === this.pastePos ? main : this.paste.slice(at.startPaste, this.pastePos) + main;
  }

  /** A token that began inside pasted text is located at the `$N` reference that pasted it. */
  private spanSince(at: TokenStart, end = this.pos): Span {
    const ref = this.pasteRef;
    if (at.pasted && ref) {
      return {
        source: this.source,
        start: ref.start,
        end: Math.max(end, ref.end),
        line: ref.line,
        col: ref.col,
      };
    }
    return { source: this.source, start: at.start, end, line: at.line, col: at.col };
  }

  private token(kind: TokenKind, text: string, at: TokenStart, end = this.pos): Token {
    return { kind, text, span: this.spanSince(at, end), spaceBefore: at.spaceBefore };
  }

  private junk(junk: JunkKind, text: string, at: TokenStart, end = this.pos): Token {
    return { kind: 'junk', text, span: this.spanSince(at, end), spaceBefore: at.spaceBefore, junk };
  }

  // ---------------------------------------------------------------- token classes

  /**
   * `$#`, `@#`, `$N`, `@N`: pastes the argument (count) and returns nothing, or returns junk.
   * Like stap, the digits stop once the number exceeds the argument count (so with no
   * arguments `$12` is junk `$1` followed by the number `2`), and the junk text is empty.
   */
  private argument(c: number, c2: number, at: TokenStart): Token | undefined {
    let text: string;
    if (c2 === HASH) {
      this.get();
      if (at.pasted) return this.junk('nested-arg', '', at);
      text = String(this.args.length);
    } else {
      let index = 0;
      let d = c2;
      do {
        this.get();
        index = index * 10 + (d - 48);
        d = this.peek(0);
      } while (has(d, DIGIT) && index <= this.args.length);
      if (at.pasted) return this.junk('nested-arg', '', at);
      const arg = index >= 1 ? this.args[index - 1] : undefined;
      if (arg === undefined) return this.junk('arg-out-of-range', '', at);
      this.argUsed[index - 1] = true;
      text = arg;
    }
    this.pasteRef = this.spanSince(at);
    this.paste = c === DOLLAR ? text : quoteArgument(text);
    this.pastePos = 0;
    return undefined;
  }

  /** `[A-Za-z_$@][A-Za-z0-9_$]*`; a leading `@` makes it an operator (stap's "atword"). */
  private identifier(c: number, at: TokenStart): Token {
    let text: string;
    if (!at.pasted) {
      const source = this.text;
      let p = this.pos;
      while (p < this.end && has(source.charCodeAt(p), IDENT)) p++;
      this.col += p - this.pos;
      this.pos = p;
      text = source.slice(at.start, p);
    } else {
      while (has(this.peek(0), IDENT)) this.get();
      text = this.rawSince(at);
    }
    let kind: TokenKind = 'identifier';
    if (c === AT) kind = 'operator';
    else if (KEYWORDS.has(text) && (this.privateIsKeyword || text !== 'private')) kind = 'keyword';
    return this.token(kind, text, at);
  }

  /** A digit and any letters or digits after it; the parser validates it (`parseIntegerLiteral`). */
  private number(at: TokenStart): Token {
    if (!at.pasted) {
      const source = this.text;
      let p = this.pos;
      while (p < this.end && has(source.charCodeAt(p), ALPHA | DIGIT)) p++;
      this.col += p - this.pos;
      this.pos = p;
      return this.token('number', source.slice(at.start, p), at);
    }
    while (has(this.peek(0), ALPHA | DIGIT)) this.get();
    return this.token('number', this.rawSince(at), at);
  }

  /**
   * `"..."` on one line (a backslash-newline continues it, as in stap). The token's text is the
   * decoded value; an unclosed string is junk whose text is what stap shows: the opening quote
   * and the content with its escapes as stap keeps them.
   */
  private string(at: TokenStart): Token {
    let escapes = false;
    for (;;) {
      const c = this.get();
      if (c === QUOTE) {
        const raw = this.rawSince(at);
        const content = raw.slice(1, -1);
        return this.token('string', escapes ? decodeEscapes(content, this.hexEscapes) : content, at);
      }
      if (c < 0 || c === NL) {
        const raw = this.rawSince(at);
        const content = raw.slice(1, c === NL ? -1 : raw.length);
        const end = c === NL ? this.pos - 1 : this.pos;
        return this.junk('unclosed-string', `"${stapEscapedForm(content, this.hexEscapes)}`, at, end);
      }
      if (c === BACKSLASH) {
        escapes = true;
        if (this.get() < 0) {
          const raw = this.rawSince(at);
          return this.junk('unclosed-string', `"${stapEscapedForm(raw.slice(1), this.hexEscapes)}`, at);
        }
      }
    }
  }

  /** `%{ ... %}`: the code between, verbatim. Unclosed is junk (text as stap keeps it). */
  private embedded(at: TokenStart): Token {
    this.get(); // '{'
    if (!at.pasted) {
      const close = this.text.indexOf('%}', this.pos);
      const stop = close < 0 ? this.end : close;
      for (
        let i = this.text.indexOf('}%', this.pos);
        i >= 0 && i < stop;
        i = this.text.indexOf('}%', i + 1)
      ) {
        this.warnEmbeddedClose(at);
      }
      if (close >= 0) {
        this.advanceTo(close + 2);
        return this.token('embedded', this.text.slice(at.start + 2, close), at);
      }
      this.advanceTo(this.end);
      return this.junk('unclosed-embedded', this.unclosedEmbeddedText(this.text.slice(at.start)), at);
    }
    let c = this.get();
    let c2 = this.get();
    while (c2 >= 0) {
      if (c === PERCENT && c2 === RBRACE) {
        const raw = this.rawSince(at);
        return this.token('embedded', raw.slice(2, -2), at);
      }
      if (c === RBRACE && c2 === PERCENT) this.warnEmbeddedClose(at);
      c = c2;
      c2 = this.get();
    }
    return this.junk('unclosed-embedded', this.unclosedEmbeddedText(this.rawSince(at)), at);
  }

  /** stap keeps `%{` and all but the last character it read. */
  private unclosedEmbeddedText(raw: string): string {
    return raw.length > 2 ? raw.slice(0, -1) : raw;
  }

  private warnEmbeddedClose(at: TokenStart): void {
    this.sink?.report({
      category: 'parse',
      severity: 'warning',
      code: LEXER_CODES['suspicious-embedded-close'],
      message: "possible erroneous closing '}%', use '%}'?",
      span: this.spanSince(at, at.start + 2),
      subject: { label: 'at', description: 'embedded-code' },
    });
  }

  /** Operators by maximal munch: 3-char `<<< >>> <<= >>=`, then the 2-char ones, else one char. */
  private operator(c: number, c2: number, at: TokenStart): Token {
    let length = 1;
    if ((c === LT || c === GT) && c2 === c) {
      const c3 = this.peek(1);
      length = c3 === c || c3 === EQ ? 3 : 2;
    } else if (c2 >= 0 && TWO_CHAR.has((c << 8) | c2)) {
      length = 2;
    }
    if (length === 1) return this.token('operator', ONE_CHAR[c]!, at);
    for (let i = 1; i < length; i++) this.get();
    return this.token('operator', this.rawSince(at), at);
  }

  /**
   * Any other character: junk whose text is stap's `\xHH` of the (first UTF-8) byte. A character
   * outside the BMP is taken whole.
   */
  private unknownChar(c: number, at: TokenStart): Token {
    let codePoint = c;
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = this.peek(0);
      if (low >= 0xdc00 && low <= 0xdfff) {
        this.get();
        codePoint = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
      }
    }
    const byte =
      codePoint < 0x80
        ? codePoint
        : codePoint < 0x800
          ? 0xc0 | (codePoint >> 6)
          : codePoint < 0x10000
            ? 0xe0 | (codePoint >> 12)
            : 0xf0 | (codePoint >> 18);
    return this.junk('unknown-char', `\\x${byte.toString(16).padStart(2, '0')}`, at);
  }

  // ---------------------------------------------------------------- comments

  /**
   * `#` or `//` to the end of the source line. A newline inside pasted text does not end it:
   * stap's cursor does not move while pasted text is read.
   */
  private skipLineComment(): void {
    this.pastePos = this.paste.length;
    const nl = this.text.indexOf('\n', this.pos);
    if (nl < 0) {
      this.advanceTo(this.end);
    } else {
      this.pos = nl + 1;
      this.line++;
      this.col = 1;
    }
  }

  /** `/* ... *\/`, not nested; `/*\/` does not close itself. Unclosed runs silently to the end. */
  private skipBlockComment(): void {
    this.get(); // '*'
    if (this.pastePos >= this.paste.length) {
      const close = this.text.indexOf('*/', this.pos);
      this.advanceTo(close < 0 ? this.end : close + 2);
      return;
    }
    let c = this.get();
    let c2 = this.get();
    while (c2 >= 0 && !(c === STAR && c2 === SLASH)) {
      c = c2;
      c2 = this.get();
    }
  }
}

interface TokenStart {
  /** The token began inside pasted argument text. */
  pasted: boolean;
  /** `pastePos` and `pos` where it began. */
  startPaste: number;
  start: number;
  line: number;
  col: number;
  spaceBefore: boolean;
}
