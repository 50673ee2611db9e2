/**
 * Parser for stap's regex dialect (upstream stapregex-parse.cxx, regex_parser): POSIX ERE with
 * bracket expressions, `[[:class:]]`, intervals, `(?:...)`, and a backslash that makes any
 * character literal (`\1` is the digit 1: there are no back-references).
 *
 *     regex        := alternation                    (a `)` left over is "unbalanced ')'")
 *     alternation  := term ( '|' term )*
 *     term         := factor*                        (up to end, '|' or ')'; none = Empty)
 *     factor       := atom closure*
 *     atom         := '.' | '[' bracket ']' | '(' [ '?' ':' ] alternation ')' | '^' | '$'
 *                   | ( char | '\' char )+           (a closure takes the last char only)
 *     closure      := '*' | '+' | '?' | '{' number [ ',' [ number ] ] '}'
 *
 * Errors come back as values with upstream's message and position.
 */
import type { BracketItem, BracketNode, GroupNode, RegexAst, RegexNode } from './ast.js';
import {
  type CharSet,
  charRangeSet,
  emptyCharSet,
  invertCharSet,
  POSIX_CLASSES,
  unionCharSets,
} from './char-set.js';
import { RegexCursor, type RegexInputForm } from './cursor.js';
import { type RegexError, RegexSyntaxFailure } from './error.js';

export interface ParseRegexOptions {
  /** How `pattern` is spelled; `decoded` unless given. */
  readonly form?: RegexInputForm;
}

/** Upstream's cap on interval counts (MAX_DFA_REPETITIONS): `{12345}` is "too large". */
export const MAX_REPETITIONS = 12345;

export function parseRegex(pattern: string, options: ParseRegexOptions = {}): RegexAst | RegexError {
  const parser = new RegexParser(new RegexCursor(pattern, options.form ?? 'decoded'));
  try {
    return parser.parse();
  } catch (e) {
    if (e instanceof RegexSyntaxFailure) return e.toValue();
    throw e;
  }
}

const CLOSURES = new Set(['*', '+', '?', '{']);
const SPECIALS = new Set(['.', '[', '{', '(', ')', '\\', '*', '+', '?', '|', '^', '$']);
const isClosure = (c: number) => c !== 0 && CLOSURES.has(String.fromCharCode(c));
const isSpecial = (c: number) => c !== 0 && SPECIALS.has(String.fromCharCode(c));
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const ch = (c: number) => String.fromCharCode(c);

const LONG_MAX = (1n << 63n) - 1n;

class RegexParser {
  private groupCount = 1;

  constructor(private readonly cur: RegexCursor) {}

  /** Upstream formats messages into C strings: a NUL character ends the text there. */
  fail(message: string, offset = this.cur.lastPos): never {
    throw new RegexSyntaxFailure(message.split('\0')[0]!, offset);
  }

  parse(): RegexAst {
    const root = this.alternation();
    if (!this.cur.finished) {
      if (this.cur.peek() === 0x29) this.fail("unbalanced ')'", this.cur.pos);
      this.fail('BUG -- regex parse failed to finish for unknown reasons', this.cur.pos);
    }
    return { root, groupCount: this.groupCount };
  }

  /** alternation := term ( '|' term )* */
  private alternation(): RegexNode {
    const first = this.term();
    const alternatives = [first];
    while (this.cur.peek() === 0x7c) {
      this.cur.next();
      alternatives.push(this.term());
    }
    return alternatives.length === 1 ? first : { kind: 'Alternation', offset: first.offset, alternatives };
  }

  /** term := factor* — up to the end, `|` or `)`. */
  private term(): RegexNode {
    const items = this.factor();
    for (let c = this.cur.peek(); c !== 0 && c !== 0x7c && c !== 0x29; c = this.cur.peek()) {
      items.push(...this.factor());
    }
    const first = items[0]!;
    return items.length === 1 ? first : { kind: 'Concat', offset: first.offset, items };
  }

  /** factor := atom closure* — a literal run yields one node per character. */
  private factor(): RegexNode[] {
    const c = this.cur.peek();
    if (c === 0 || c === 0x7c || c === 0x29) return [{ kind: 'Empty', offset: this.cur.lastPos }];
    if (isClosure(c)) this.fail(`unexpected '${ch(c)}'`);
    const offset = this.cur.lastPos;
    if (isSpecial(c) && c !== 0x5c) this.cur.next();
    let prefix: RegexNode[] = [];
    let atom: RegexNode | undefined;
    switch (c) {
      case 0x2e:
        atom = { kind: 'AnyChar', offset };
        break;
      case 0x5b:
        atom = this.bracket(offset);
        this.expect(']');
        break;
      case 0x28:
        atom = this.group(offset);
        break;
      case 0x5e:
      case 0x24:
        atom = { kind: 'Anchor', offset, anchor: c === 0x5e ? '^' : '$' };
        break;
      default: {
        const run = this.literalRun(c);
        prefix = run.prefix;
        atom = run.last;
      }
    }
    if (atom === undefined) {
      // The run ended without a closure after it; a closure can still follow only when a NUL
      // escape hid it from the run, and then (as upstream) it takes the whole run.
      if (!isClosure(this.cur.peek())) return prefix;
      atom = prefix.length === 1 ? prefix[0]! : { kind: 'Concat', offset, items: prefix };
      prefix = [];
    }
    return [...prefix, this.closures(atom)];
  }

  /**
   * ( char | '\' char )+ up to a special character. When a closure follows, the last character
   * is returned apart so that the closure takes it alone.
   */
  private literalRun(first: number): { prefix: RegexNode[]; last: RegexNode | undefined } {
    const prefix: RegexNode[] = [];
    let c = first;
    while (c !== 0 && (!isSpecial(c) || c === 0x5c)) {
      const offset = this.cur.lastPos;
      const escaped = c === 0x5c;
      if (escaped) {
        this.cur.next();
        c = this.cur.peek();
      }
      this.cur.next();
      const literal: RegexNode = { kind: 'Literal', offset, code: c, escaped };
      const d = this.cur.peek();
      if (isClosure(d)) return { prefix, last: literal };
      prefix.push(literal);
      c = d;
    }
    return { prefix, last: undefined };
  }

  /** closure* after an atom. */
  private closures(atom: RegexNode): RegexNode {
    const offset = atom.offset;
    let body = atom;
    for (let c = this.cur.peek(); isClosure(c); c = this.cur.peek()) {
      const opOffset = this.cur.lastPos;
      this.cur.next();
      if (body.kind === 'Anchor') this.fail(`postfix closure '${ch(c)}' applied to anchoring operator`);
      switch (ch(c)) {
        case '*':
          body = { kind: 'Repeat', offset, op: '*', body, min: 0, max: undefined };
          break;
        case '+':
          body = { kind: 'Repeat', offset, op: '+', body, min: 1, max: undefined };
          break;
        case '?':
          body = { kind: 'Repeat', offset, op: '?', body, min: 0, max: 1 };
          break;
        default:
          body = this.interval(body, offset, opOffset);
      }
    }
    return body;
  }

  /** '{' number [ ',' [ number ] ] '}' with the `{` (at `opOffset`) taken. */
  private interval(body: RegexNode, offset: number, opOffset: number): RegexNode {
    const min = this.number();
    let max: number | undefined = min;
    const c = this.cur.next();
    if (c === 0x2c) {
      const d = this.cur.peek();
      if (d === 0x7d) {
        this.cur.next();
        max = undefined;
      } else if (isDigit(d)) {
        max = this.number();
        this.expect('}');
      } else {
        this.fail("expected '}' or number", this.cur.pos);
      }
    } else if (c !== 0x7d) {
      this.fail("expected ',' or '}'");
    }
    // Upstream accepts `{3,1}` and then writes past its instruction array; refuse it instead.
    if (max !== undefined && max < min)
      this.fail(`invalid interval {${min},${max}}: maximum below minimum`, opOffset);
    return { kind: 'Repeat', offset, op: '{', body, min, max };
  }

  /**
   * Decimal digits, valued as upstream does: `strtol` into an `int` (a value that overflows a C
   * long cannot be parsed; one that wraps an int negative is refused here as too large, where
   * upstream would go on with garbage).
   */
  private number(): number {
    let digits = '';
    for (let c = this.cur.peek(); isDigit(c); c = this.cur.peek()) {
      this.cur.next();
      digits += ch(c);
    }
    if (digits === '') this.fail('expected number', this.cur.pos);
    const big = BigInt(digits);
    if (big > LONG_MAX) this.fail(`could not parse number ${digits}`, this.cur.pos);
    const value = Number(BigInt.asIntN(32, big));
    if (value >= MAX_REPETITIONS || value < 0) this.fail(`${digits} is too large`, this.cur.pos);
    return value;
  }

  /** '(' [ '?' ':' ] alternation ')' with the `(` taken. */
  private group(offset: number): GroupNode {
    let capturing = true;
    if (this.cur.peek() === 0x3f) {
      this.cur.next();
      const c = this.cur.peek();
      if (c !== 0x3a) this.fail(`unexpected '(?${ch(c)}'`);
      // Upstream leaves the ':' in place: it is the first character of the group's body.
      capturing = false;
    }
    const index = capturing ? this.groupCount++ : undefined;
    const body = this.alternation();
    this.expect(')');
    return { kind: 'Group', offset, index, body };
  }

  /** Takes `expected`; running out (or a bad escape) there reads "found end of regex". */
  private expect(expected: string): void {
    let c: number;
    try {
      c = this.cur.next();
    } catch (e) {
      if (e instanceof RegexSyntaxFailure) this.fail(`expected ${expected}, found end of regex`);
      throw e;
    }
    if (ch(c) !== expected) this.fail(`expected ${expected}, found ${ch(c)}`);
  }

  /** bracket := [ '^' ] item+ — with the `[` taken; stops before the closing `]`. */
  private bracket(offset: number): BracketNode {
    let negated = false;
    if (this.cur.peek() === 0x5e) {
      negated = true;
      this.cur.next();
    }
    const items: BracketItem[] = [];
    let set: CharSet = emptyCharSet();
    // A `]` right after `[` or `[^` is a member: the loop ends on `]` only after an item.
    do {
      if (this.cur.finished) this.fail('unclosed character class');
      const item = this.bracketItem();
      items.push(item);
      set = unionCharSets(
        set,
        item.kind === 'Class' ? this.namedClass(item.name) : charRangeSet(item.from, item.to),
      );
    } while (this.cur.peek() !== 0x5d);
    return { kind: 'Bracket', offset, negated, items, set: negated ? invertCharSet(set) : set };
  }

  /** item := '\' char | '[:' name ':]' | char [ '-' char ] */
  private bracketItem(): BracketItem {
    let c = this.cur.peek();
    if (c === 0x5c) {
      this.cur.next();
      c = this.cur.peek();
      this.cur.next();
    } else if (c === 0x5b) {
      this.cur.next();
      if (this.cur.peek() === 0x3a) return this.classItem();
      // Not `[:`: the `[` is a member, and the character after it stays peeked.
    } else {
      this.cur.next();
    }
    const from = c;
    // A `-` is a range only with a character after it that is not the closing `]` (upstream
    // looks at the undecoded character there).
    if (!this.cur.has(2) || this.cur.peek() !== 0x2d || this.cur.rawAtPos() === 0x5d) {
      return { kind: 'Range', from, to: from };
    }
    this.cur.next();
    const to = this.cur.peek();
    if (to < from) this.fail(`Inverted character range ${ch(from)}-${ch(to)}`, this.cur.pos);
    this.cur.next();
    return { kind: 'Range', from, to };
  }

  /** '[:' name ':]' with the `[` taken and the `:` peeked. */
  private classItem(): BracketItem {
    const offset = this.cur.lastPos - 1;
    this.cur.next();
    let name = '';
    for (let c = this.cur.peek(); ; c = this.cur.peek()) {
      if (this.cur.finished) this.fail(`unclosed character class '[:${name}'`, this.cur.pos);
      if (this.cur.has(2) && c === 0x3a && this.cur.rawAtPos() === 0x5d) {
        this.cur.next();
        this.cur.next();
        if (!POSIX_CLASSES.has(name)) {
          throw new RegexSyntaxFailure(`unknown character class '${name}'`, offset, false);
        }
        return { kind: 'Class', name };
      }
      name += ch(c);
      this.cur.next();
    }
  }

  private namedClass(name: string): CharSet {
    return POSIX_CLASSES.get(name) ?? emptyCharSet();
  }
}
