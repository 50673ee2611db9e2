import type { DiagnosticSink, Source, Span } from '../../diag/index.js';
import { junkMessage } from '../lexer.js';
import { describeToken, type Token, type TokenKind } from '../token.js';

/** Anything that yields tokens one at a time: the lexer, or the preprocessor wrapped around it. */
export interface TokenSource {
  next(): Token | undefined;
}

/**
 * A parse failure inside one declaration. The parser catches it at the declaration boundary,
 * reports it as a Diagnostic and resynchronises (as stap's parser does); it never escapes
 * `parseScript`. `token` set means the error is *about* that token (`at:`), otherwise it names
 * the token last looked at (`saw:`).
 */
export class ParseFailure {
  constructor(
    readonly message: string,
    readonly token?: Token,
    /** False for errors that must not skip to the next declaration (embedded code without -g). */
    readonly skipSome = true,
    readonly related?: { message: string; span: Span },
  ) {}
}

/** One-token lookahead over a token source, with stap's peek/next/swallow discipline. */
export class Cursor {
  private ahead: Token | undefined | null = null;
  /** The token most recently peeked or taken; what `saw:` reports. */
  private last: Token | undefined;
  /** Where the last token taken ends, to close node spans. */
  private lastEnd = 0;
  private lastSource: Source | undefined;
  errorCount = 0;

  constructor(
    private readonly tokens: TokenSource,
    private readonly sink: DiagnosticSink,
    private readonly sourceName: string,
    private readonly argCount: number,
  ) {}

  peek(): Token | undefined {
    if (this.ahead === null) this.ahead = this.tokens.next();
    this.last = this.ahead;
    return this.ahead;
  }

  /** Takes the next token; end of input here is an error. */
  next(): Token {
    if (this.ahead === null) this.ahead = this.tokens.next();
    const t = this.ahead;
    // At EOF the token last seen stays what `saw:` reports, as in stap's parser::next.
    if (t === undefined) throw new ParseFailure('unexpected end-of-file');
    this.last = t;
    this.ahead = null;
    const span = t.span;
    this.lastEnd = span.end;
    this.lastSource = span.source;
    return t;
  }

  /** Forgets the token last seen (so an error at EOF says `saw: FILE EOF`). */
  forgetLast(): void {
    this.last = undefined;
  }

  // The tests below each peek for themselves: they run for nearly every token, and V8 runs pass 1
  // without inlining (see bin/tstap.js), so a layer of calls fewer is worth the repetition.

  is(kind: TokenKind, text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === kind && t.text === text;
  }

  isOp(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'operator' && t.text === text;
  }

  isKeyword(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'keyword' && t.text === text;
  }

  /** Takes the token if it is operator `text`. */
  takeOp(text: string): Token | undefined {
    const t = this.peek();
    return t !== undefined && t.kind === 'operator' && t.text === text ? this.next() : undefined;
  }

  /** Takes the token if it is keyword `text`. */
  takeKeyword(text: string): Token | undefined {
    const t = this.peek();
    return t !== undefined && t.kind === 'keyword' && t.text === text ? this.next() : undefined;
  }

  expectOp(text: string): Token {
    const t = this.next();
    if (t.kind !== 'operator' || t.text !== text) throw new ParseFailure(`expected '${text}'`);
    return t;
  }

  expectKeyword(text: string): Token {
    const t = this.next();
    if (t.kind !== 'keyword' || t.text !== text) throw new ParseFailure(`expected '${text}'`);
    return t;
  }

  /** stap's `expect_op_any`: one of several operators, error `expected one of 'a b'`. */
  expectOpAny(...texts: string[]): string {
    const t = this.next();
    if (t.kind === 'operator' && texts.includes(t.text)) return t.text;
    throw new ParseFailure(`expected one of '${texts.join(' ')}'`);
  }

  /**
   * Span from `start` (a node's head token) through the last token taken. A node of one token
   * shares that token's span rather than copying it.
   */
  spanFrom(start: Span): Span {
    const end = this.lastEnd;
    if (this.lastSource !== start.source || end < start.start || end === start.end) return start;
    const { source, line, col, expandedFrom } = start;
    if (expandedFrom === undefined) return { source, start: start.start, end, line, col };
    return { source, start: start.start, end, line, col, expandedFrom };
  }

  /** Reports a failure the way stap's `build_error_msg` does, including deferred lexer junk. */
  report(f: ParseFailure): void {
    this.errorCount++;
    const tok = f.token ?? this.last;
    if (!tok) {
      this.sink.report({
        category: 'parse',
        severity: 'error',
        code: 'P300',
        message: f.message,
        subject: { label: 'saw', description: `${this.sourceName} EOF` },
      });
      return;
    }
    let message = f.message;
    let label: 'at' | 'saw' = f.token ? 'at' : 'saw';
    const junk = junkMessage(tok, this.argCount);
    if (junk !== undefined) {
      message = junk;
      label = 'at';
    }
    this.sink.report({
      category: 'parse',
      severity: 'error',
      code: 'P301',
      message,
      span: tok.span,
      subject: { label, description: describeToken(tok) },
      ...(f.related ? { related: [f.related] } : {}),
    });
  }
}
