/**
 * Expressions by precedence, lowest first (reference §1.5): assignment, ternary, `||`, `&&`, `|`,
 * `^`, `&`, `in`, comparison/regex, shifts, `.` concatenation, `+ -`, `* / %`, unary, `++ --`,
 * then the postfix/primary forms in operands.ts.
 *
 * An operator node's span is its operator token (the token stap blames in run-time and type
 * errors: `division by 0 near operator '/'`), not the whole expression.
 */
import type {
  AssignOp,
  BinaryOp,
  ComparisonOp,
  Expr,
  Indexable,
  InExpr,
  LogicalOp,
  RegexOp,
} from '../ast.js';
import { ParseFailure } from './cursor.js';
import { parseDwarfValue, parseIndexable } from './operands.js';
import { exact, type ParserState, parseStringLiteral } from './state.js';

const ASSIGN_OPS: ReadonlySet<string> = new Set([
  '=',
  '<<<',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '<<=',
  '>>=',
  '&=',
  '^=',
  '|=',
  '.=',
]);
const COMPARISON_OPS: ReadonlySet<string> = new Set(['<', '>', '<=', '>=', '==', '!=']);

/** expression = assignment: ternary [ASSIGN_OP expression] — right associative. */
export function parseExpression(p: ParserState): Expr {
  const left = parseTernary(p);
  const t = p.cur.peek();
  if (t?.kind === 'operator' && ASSIGN_OPS.has(t.text)) {
    p.cur.next();
    const right = parseExpression(p);
    return { kind: 'Assign', op: t.text as AssignOp, left, right, span: t.span };
  }
  return left;
}

/** ternary: logical_or ['?' expression ':' ternary] (false branch at ternary level since 4.0). */
function parseTernary(p: ParserState): Expr {
  const cond = parseLogicalOr(p);
  const q = p.cur.takeOp('?');
  if (!q) return cond;
  const then = parseExpression(p);
  p.cur.expectOp(':');
  const otherwise = parseTernary(p);
  return { kind: 'Ternary', cond, then, otherwise, span: q.span };
}

/**
 * logical_or: logical_and {'||' logical_and}, and so on down to bit_and: array_in {'&' array_in}.
 * One precedence-climbing loop parses the five left-associative levels (`||` loosest, then `&&`,
 * `|`, `^`, `&`), giving the same trees and consuming the same tokens as one function per level,
 * with far fewer calls.
 */
function parseLogicalOr(p: ParserState, min = 1): Expr {
  let left = parseArrayIn(p);
  for (;;) {
    const t = p.cur.peek();
    if (t === undefined || t.kind !== 'operator') return left;
    let level: number;
    switch (t.text) {
      case '||':
        level = 1;
        break;
      case '&&':
        level = 2;
        break;
      case '|':
        level = 3;
        break;
      case '^':
        level = 4;
        break;
      case '&':
        level = 5;
        break;
      default:
        return left;
    }
    if (level < min) return left;
    p.cur.next();
    const right = parseLogicalOr(p, level + 1);
    left =
      level <= 2
        ? { kind: 'Logical', op: t.text as LogicalOp, left, right, span: t.span }
        : { kind: 'Binary', op: t.text as BinaryOp, left, right, span: t.span };
  }
}

/**
 * array_in: `e in A`, `[e1, e2] in A`, `[*, e] in A`; without `in`, a single bracketed or bare
 * expression is just that expression.
 */
function parseArrayIn(p: ParserState): Expr {
  if (!p.cur.isOp('[')) {
    // The common case, without the index list: `e` or `e in A`.
    const only = parseComparison(p);
    const inTok = p.cur.takeKeyword('in');
    if (!inTok) return only;
    const base: Indexable = parseIndexable(p);
    const e: InExpr = { kind: 'In', indexes: [only], base, span: inTok.span };
    return e;
  }
  p.cur.next();
  const indexes: (Expr | null)[] = [];
  for (;;) {
    if (p.cur.isOp('*')) {
      p.cur.next();
      indexes.push(null);
    } else {
      indexes.push(parseComparison(p));
    }
    const t = p.cur.peek();
    if (t?.kind === 'operator' && t.text === ',') {
      p.cur.next();
      continue;
    }
    if (t?.kind === 'operator' && t.text === ']') {
      p.cur.next();
      break;
    }
    throw new ParseFailure("expected ',' or ']'");
  }
  const inTok = p.cur.takeKeyword('in');
  if (inTok) {
    const base: Indexable = parseIndexable(p);
    const e: InExpr = { kind: 'In', indexes: exact(indexes), base, span: inTok.span };
    return e;
  }
  const only = indexes[0];
  if (indexes.length === 1 && only) return only;
  if (indexes.length === 1) throw new ParseFailure("expected 'in'");
  throw new ParseFailure('unexpected comma-separated expression list');
}

/** comparison: shift [=~|!~ "re"] or shift {(< > <= >= == !=) shift}. */
function parseComparison(p: ParserState): Expr {
  let left = parseShift(p);
  const t = p.cur.peek();
  if (t?.kind === 'operator' && (t.text === '=~' || t.text === '!~')) {
    p.cur.next();
    const pattern = parseStringLiteral(p);
    return { kind: 'Regex', op: t.text as RegexOp, left, pattern, span: t.span };
  }
  for (;;) {
    const c = p.cur.peek();
    if (!(c?.kind === 'operator' && COMPARISON_OPS.has(c.text))) return left;
    p.cur.next();
    const right = parseShift(p);
    left = { kind: 'Comparison', op: c.text as ComparisonOp, left, right, span: c.span };
  }
}

/** shift: concatenation {(<< >> >>>) concatenation}. */
function parseShift(p: ParserState): Expr {
  let left = parseConcatenation(p);
  for (;;) {
    const t = p.cur.peek();
    if (!(t?.kind === 'operator' && (t.text === '<<' || t.text === '>>' || t.text === '>>>'))) return left;
    p.cur.next();
    const right = parseConcatenation(p);
    left = { kind: 'Binary', op: t.text as BinaryOp, left, right, span: t.span };
  }
}

/** concatenation: additive {'.' additive} — one n-ary node. */
function parseConcatenation(p: ParserState): Expr {
  const first = parseAdditive(p);
  if (!p.cur.isOp('.')) return first;
  const operands = [first];
  while (p.cur.isOp('.')) {
    p.cur.next();
    operands.push(parseAdditive(p));
  }
  return { kind: 'Concat', operands: exact(operands), span: first.span };
}

/**
 * additive: multiplicative {(+ -) multiplicative}; multiplicative: unary {(* / %) unary}. One
 * precedence-climbing loop, as for the logical and bit operators.
 */
function parseAdditive(p: ParserState, min = 1): Expr {
  let left = parseUnary(p);
  for (;;) {
    const t = p.cur.peek();
    if (t === undefined || t.kind !== 'operator') return left;
    let level: number;
    switch (t.text) {
      case '+':
      case '-':
        level = 1;
        break;
      case '*':
      case '/':
      case '%':
        level = 2;
        break;
      default:
        return left;
    }
    if (level < min) return left;
    p.cur.next();
    const right = parseAdditive(p, level + 1);
    left = { kind: 'Binary', op: t.text as BinaryOp, left, right, span: t.span };
  }
}

/**
 * unary: (+ - ! ~) unary | crement; crement: (++|--) dwarf_value | dwarf_value [++|--].
 * Lvalueness is checked in pass 2. One function, so the prefix is looked at once.
 */
function parseUnary(p: ParserState): Expr {
  const t = p.cur.peek();
  if (t?.kind === 'operator') {
    switch (t.text) {
      case '+':
      case '-':
      case '!':
      case '~': {
        p.cur.next();
        const operand = parseUnary(p);
        return { kind: 'Unary', op: t.text, operand, span: t.span };
      }
      case '++':
      case '--': {
        p.cur.next();
        const operand = parseDwarfValue(p);
        return { kind: 'PreCrement', op: t.text, operand, span: t.span };
      }
    }
  }
  const operand = parseDwarfValue(p);
  const u = p.cur.peek();
  if (u?.kind === 'operator' && (u.text === '++' || u.text === '--')) {
    p.cur.next();
    return { kind: 'PostCrement', op: u.text, operand, span: u.span };
  }
  return operand;
}
