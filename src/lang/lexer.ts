/**
 * The lexer: source text → tokens, as stap's `lexer::scan` cuts them. It also pastes script
 * arguments (`$1`, `@1`, `$#`, `@#`) into the character stream, which is why it needs them.
 * Malformed input never throws: it becomes a `junk` token that the parser reports when it
 * reaches it (so junk inside a skipped `%( %)` branch costs nothing, as in stap).
 */
import type { DiagnosticSink, Source, Span } from '../diag/index.js';
import {
  ALPHA,
  AT,
  BACKSLASH,
  CHAR_CLASS,
  DIGIT,
  DOLLAR,
  EQ,
  GT,
  HASH,
  has,
  IDENT,
  LBRACE,
  LT,
  MULTI_CHAR,
  NL,
  ONE_CHAR,
  PERCENT,
  PUNCT,
  QUOTE,
  RBRACE,
  SLASH,
  SPACE,
  STAR,
  UNDERSCORE,
} from './lexer-chars.js';
import { decodeEscapes, quoteArgument, stapEscapedForm, utf8Bytes } from './lexer-escapes.js';
import { strverscmp } from './preprocess/strverscmp.js';
import { type JunkKind, JunkToken, KEYWORDS, LexToken, type Token, type TokenKind } from './token.js';

export interface LexerOptions {
  /**
   * The `--compatible` version. As in stap, `private` is a keyword only from 3.0 and `\x`
   * escapes exist only from 2.3. Absent: every feature is on.
   */
  readonly compatible?: string;
}

import { LEXER_CODES } from './lexer-junk.js';

export { junkMessage, LEXER_CODES } from './lexer-junk.js';

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
    const token = this.pastePos < this.paste.length ? this.scan(false) : this.nextFromSource();
    if (token) this.sawTokens = true;
    return token;
  }

  /**
   * The common case, no pasted text pending, in one loop over the source: white space and
   * comments, then names, keywords, @-words, numbers and operators cut exactly as `scan` cuts
   * them. Anything else (strings, embedded code, argument references, junk, the end) is left to
   * `scan`, with the cursor at its first character.
   */
  private nextFromSource(): Token | undefined {
    const text = this.text;
    const end = this.end;
    // Locals, not imported bindings, in the loops below.
    const classes = CHAR_CLASS;
    const alnum = ALPHA | DIGIT;
    const ident = IDENT;
    let p = this.pos;
    let line = this.line;
    // The column is p - lineStart + 1 throughout the source.
    let lineStart = p - (this.col - 1);
    let spaceBefore = false;
    for (;;) {
      const from = p;
      for (; p < end; p++) {
        const c = text.charCodeAt(p);
        if (c === NL) {
          line++;
          lineStart = p + 1;
        } else if (c !== 32 && (c < 9 || c > 13)) {
          break;
        }
      }
      if (p > from) spaceBefore = true;
      if (p >= end) break;
      const start = p;
      const c = text.charCodeAt(p);
      const cls = c < 128 ? classes[c]! : 0;
      const c2 = p + 1 < end ? text.charCodeAt(p + 1) : -1;
      let kind: TokenKind;
      let value: string;
      if ((cls & alnum) !== 0 || c === UNDERSCORE || c === DOLLAR || c === AT) {
        if (cls & DIGIT) {
          for (p++; p < end; p++) {
            const d = text.charCodeAt(p);
            if (d >= 128 || (classes[d]! & alnum) === 0) break;
          }
          kind = 'number';
          value = text.slice(start, p);
        } else {
          if ((c === DOLLAR || c === AT) && (c2 === HASH || (c2 >= 48 && c2 <= 57))) break;
          for (p++; p < end; p++) {
            const d = text.charCodeAt(p);
            if (d >= 128 || (classes[d]! & ident) === 0) break;
          }
          value = text.slice(start, p);
          kind = c === AT ? 'operator' : this.isKeyword(value) ? 'keyword' : 'identifier';
        }
      } else if ((cls & PUNCT) === 0 || c === QUOTE || (c === PERCENT && c2 === LBRACE)) {
        break;
      } else if (c === HASH || (c === SLASH && c2 === SLASH)) {
        // To the end of the line, which the next round skips as white space.
        const nl = text.indexOf('\n', p);
        p = nl < 0 ? end : nl;
        spaceBefore = true;
        continue;
      } else if (c === SLASH && c2 === STAR) {
        // Not nested; `/*/` does not close itself. Unclosed runs silently to the end.
        const close = text.indexOf('*/', p + 2);
        const to = close < 0 ? end : close + 2;
        for (p += 2; p < to; p++) {
          if (text.charCodeAt(p) === NL) {
            line++;
            lineStart = p + 1;
          }
        }
        spaceBefore = true;
        continue;
      } else {
        kind = 'operator';
        if ((c === LT || c === GT) && c2 === c) {
          const c3 = p + 2 < end ? text.charCodeAt(p + 2) : -1;
          const three = c3 === c || c3 === EQ;
          p += three ? 3 : 2;
          value = MULTI_CHAR.get(three ? (c << 16) | (c2 << 8) | c3 : (c << 8) | c2)!;
        } else {
          const two = c2 >= 0 ? MULTI_CHAR.get((c << 8) | c2) : undefined;
          if (two !== undefined && c2 >= 128) break;
          p += two === undefined ? 1 : 2;
          value = two ?? ONE_CHAR[c]!;
        }
      }
      this.pos = p;
      this.line = line;
      this.col = p - lineStart + 1;
      const span: Span = { source: this.source, start, end: p, line, col: start - lineStart + 1 };
      return new LexToken(kind, value, span, spaceBefore);
    }
    this.pos = p;
    this.line = line;
    this.col = p - lineStart + 1;
    return this.scan(spaceBefore);
  }

  /** Any token, pasted text included; `spaceBefore` says white space came before this point. */
  private scan(spaceBefore: boolean): Token | undefined {
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

  private isKeyword(name: string): boolean {
    // Every keyword is 2-8 lowercase letters: most names are ruled out without hashing them.
    const c = name.charCodeAt(0);
    if (name.length > 8 || c < 97 || c > 122 || !KEYWORDS.has(name)) return false;
    return this.privateIsKeyword || name !== 'private';
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
    return new LexToken(kind, text, this.spanSince(at, end), at.spaceBefore);
  }

  private junk(junk: JunkKind, text: string, at: TokenStart, end = this.pos): Token {
    return new JunkToken(junk, text, this.spanSince(at, end), at.spaceBefore);
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
    const kind: TokenKind = c === AT ? 'operator' : this.isKeyword(text) ? 'keyword' : 'identifier';
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
        const content = utf8Bytes(
          at.pasted ? this.rawSince(at).slice(1, -1) : this.text.slice(at.start + 1, this.pos - 1),
        );
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
    if ((c === LT || c === GT) && c2 === c) {
      const c3 = this.peek(1);
      this.get();
      if (c3 !== c && c3 !== EQ) return this.token('operator', MULTI_CHAR.get((c << 8) | c2)!, at);
      this.get();
      return this.token('operator', MULTI_CHAR.get((c << 16) | (c2 << 8) | c3)!, at);
    }
    const two = c2 >= 0 ? MULTI_CHAR.get((c << 8) | c2) : undefined;
    if (two === undefined) return this.token('operator', ONE_CHAR[c]!, at);
    this.get();
    // Keys are `c << 8 | c2`, so a non-ASCII c2 can alias an operator's key; such a pair has
    // always been taken as one operator with its raw text.
    return this.token('operator', c2 < 128 ? two : this.rawSince(at), at);
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
