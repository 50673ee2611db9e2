/**
 * Character cursor over a regex pattern with upstream's lookahead discipline (stapregex-parse.cxx,
 * struct cursor), which decides the positions in error messages and a few quirks the parser
 * inherits:
 *
 * - `finished` turns true as soon as the last character has been *peeked*, so a check of it
 *   ahead of taking that character sees the pattern as ended (`[a` is an unclosed class, a `)`
 *   peeked as the very last character is never reported as unbalanced);
 * - a character that decodes to NUL leaves nothing pending, so the next peek decodes past it:
 *   NULs in a pattern mostly vanish;
 * - `lastPos` is where the last decoded character began, `pos` where the next one begins.
 */
import { RegexSyntaxFailure } from './error.js';

/**
 * How the pattern string is spelled.
 *
 * - `decoded`: the string's value, escapes already resolved (what tstap's lexer stores). A
 *   backslash in it is a regex escape. Positions count its characters.
 * - `stap-content`: the literal's content as stap's lexer keeps it: C escapes (`\n`, `\x41`,
 *   `\101`, `\\`) still spelled out, other `\c` already reduced to `c`. The cursor decodes the C
 *   escapes as upstream does, with its errors (`\400`, `\x4`), and positions count the spelled
 *   characters, exactly as in stap's messages.
 */
export type RegexInputForm = 'decoded' | 'stap-content';

const BACKSLASH = 0x5c;
const SIMPLE_ESCAPES: ReadonlyMap<number, number> = new Map([
  [0x61, 0x07], // \a
  [0x62, 0x08], // \b
  [0x74, 0x09], // \t
  [0x6e, 0x0a], // \n
  [0x76, 0x0b], // \v
  [0x66, 0x0c], // \f
  [0x72, 0x0d], // \r
]);

export class RegexCursor {
  /** Where the next character to decode begins. */
  pos = 0;
  /** Where the last decoded character began. */
  lastPos = 0;
  finished: boolean;
  /** The decoded character peeked but not yet taken; 0 means none. */
  private pending = 0;

  constructor(
    readonly input: string,
    private readonly form: RegexInputForm,
  ) {
    this.finished = input.length === 0;
  }

  /** At least `n` characters of input from `pos` (upstream's unsigned arithmetic included). */
  has(n: number): boolean {
    return this.input.length < n || this.pos <= this.input.length - n;
  }

  /** The undecoded input character at `pos`, or -1 past the end. */
  rawAtPos(): number {
    return this.pos < this.input.length ? this.input.charCodeAt(this.pos) : -1;
  }

  /** The next character without taking it; 0 at the end. */
  peek(): number {
    if (this.pending === 0 && !this.finished) this.decode();
    return this.pending;
  }

  /** Takes the next character; the end of the pattern here is an error. */
  next(): number {
    if (this.pending === 0 && this.finished)
      throw new RegexSyntaxFailure('unexpected end of regex', this.pos);
    if (this.pending === 0) this.decode();
    const c = this.pending;
    this.pending = 0;
    return c;
  }

  private decode(): void {
    this.lastPos = this.pos;
    const c = this.input.charCodeAt(this.pos);
    if (c !== BACKSLASH || this.form === 'decoded') {
      this.settle(c, this.pos + 1);
      return;
    }
    const at = this.pos + 1;
    if (at >= this.input.length) throw new RegexSyntaxFailure('unexpected end of regex', at);
    const e = this.input.charCodeAt(at);
    const simple = SIMPLE_ESCAPES.get(e);
    if (simple !== undefined) this.settle(simple, at + 1);
    else if (e === 0x78) this.settle(this.hexEscape(at), at + 3);
    else if (e >= 0x34 && e <= 0x37) throw new RegexSyntaxFailure('octal escape sequence out of range', at);
    else if (e >= 0x30 && e <= 0x33) this.settle(this.octalEscape(at), at + 3);
    else this.settle(e, at + 1);
  }

  private settle(c: number, nextPos: number): void {
    this.pending = c;
    this.pos = nextPos;
    this.finished = nextPos >= this.input.length;
  }

  /** `\xHH` with `at` on the `x`. Upstream names the second digit's place when the first is bad. */
  private hexEscape(at: number): number {
    const message = 'two hex digits required in escape sequence';
    if (at >= this.input.length - 2) throw new RegexSyntaxFailure(message, at);
    const d1 = digitValue(this.input.charCodeAt(at + 1), 16);
    const d2 = digitValue(this.input.charCodeAt(at + 2), 16);
    if (d1 < 0 || d2 < 0) throw new RegexSyntaxFailure(message, at + (d1 >= 0 ? 1 : 2));
    return d1 * 16 + d2;
  }

  /** `\ooo` with `at` on the first digit (0–3). */
  private octalEscape(at: number): number {
    const message = 'three octal digits required in escape sequence';
    if (at >= this.input.length - 2) throw new RegexSyntaxFailure(message, at);
    const d0 = digitValue(this.input.charCodeAt(at), 8);
    const d1 = digitValue(this.input.charCodeAt(at + 1), 8);
    const d2 = digitValue(this.input.charCodeAt(at + 2), 8);
    if (d1 < 0 || d2 < 0) throw new RegexSyntaxFailure(message, at + (d1 >= 0 ? 1 : 2));
    return d0 * 64 + d1 * 8 + d2;
  }
}

function digitValue(c: number, base: 8 | 16): number {
  const lower = c | 0x20;
  const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
  return v < base ? v : -1;
}
