import { parseIntegerLiteral, toInt64 } from '../../util/index.js';
import type { Literal, NumberLiteral, StringLiteral } from '../ast.js';
import type { Token } from '../token.js';
import { type Cursor, ParseFailure } from './cursor.js';

/** What the parser is inside of; `return` is only valid in a function. */
export type ParseContext = 'probe' | 'function' | 'global' | 'embedded' | 'unknown';

export interface ParserState {
  readonly cur: Cursor;
  /** Guru mode or a tapset file: embedded C and guru-only operators are allowed. */
  readonly privileged: boolean;
  context: ParseContext;
}

/**
 * `list` without spare capacity, for arrays built by `push` that the AST keeps: V8 gives a pushed
 * array room for 16 more elements, which for hundreds of thousands of short lists is most of the
 * memory the garbage collector has to copy.
 */
export function exact<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

/** Adjacent string literals concatenate (`"a" "b"` is `"ab"`), wherever a string literal is expected. */
export function parseStringLiteral(p: ParserState, first?: Token): StringLiteral {
  const t = first ?? p.cur.next();
  if (t.kind !== 'string') throw new ParseFailure('expected literal string');
  let value = t.text;
  while (p.cur.peek()?.kind === 'string') value += p.cur.next().text;
  return { kind: 'String', value, span: p.cur.spanFrom(t.span) };
}

/** stap's `expect_unknown(tok_string, ...)`: a string literal's value, error `expected string`. */
export function expectString(p: ParserState): string {
  const t = p.cur.next();
  if (t.kind !== 'string') throw new ParseFailure('expected string');
  return parseStringLiteral(p, t).value;
}

/** Shared values for the small literals scripts are full of (bigints are immutable). */
const SMALL_VALUES: readonly bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));

/**
 * The value of a plain decimal literal of at most 15 digits (so exact as a double), without the
 * regular expressions and string-to-bigint work of the general case; undefined for anything
 * else (`0x`, a leading `0`, letters, long numbers).
 */
function smallDecimal(text: string): bigint | undefined {
  const length = text.length;
  if (length > 15 || (length > 1 && text.charCodeAt(0) === 48)) return undefined;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value < SMALL_VALUES.length ? SMALL_VALUES[value] : BigInt(value);
}

/** Converts number token text by C strtoull rules; `negative` accepts down to -2^63. */
function numberValue(t: Token, negative: boolean): bigint {
  const small = smallDecimal(t.text);
  if (small !== undefined) return negative ? -small : small;
  const magnitude = parseIntegerLiteral(t.text);
  if (magnitude === undefined || (negative && magnitude > 1n << 63n)) {
    throw new ParseFailure('number invalid or out of range');
  }
  return toInt64(negative ? -magnitude : magnitude);
}

/** stap's `parse_literal`: a string literal, or a number optionally preceded by `-`. */
export function parseLiteral(p: ParserState): Literal {
  const t = p.cur.next();
  if (t.kind === 'string') return parseStringLiteral(p, t);
  let num = t;
  const negative = t.kind === 'operator' && t.text === '-';
  if (negative) num = p.cur.next();
  if (num.kind !== 'number') throw new ParseFailure('expected literal string or number');
  const lit: NumberLiteral = {
    kind: 'Number',
    value: numberValue(num, negative),
    span: p.cur.spanFrom(t.span),
  };
  return lit;
}

/** stap's `expect_number`: an optionally negative integer, error `expected number`. */
export function expectNumber(p: ParserState): bigint {
  let t = p.cur.next();
  const negative = t.kind === 'operator' && t.text === '-';
  if (negative) t = p.cur.next();
  if (t.kind !== 'number') throw new ParseFailure('expected number');
  return numberValue(t, negative);
}
