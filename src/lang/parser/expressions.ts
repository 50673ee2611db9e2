/**
 * Expressions by precedence, lowest first (reference §1.5): assignment, ternary, `||`, `&&`, `|`,
 * `^`, `&`, `in`, comparison/regex, shifts, `.` concatenation, `+ -`, `* / %`, unary, `++ --`,
 * then the postfix/primary forms in operands.ts.
 *
 * An operator node's span is its operator token (the token stap blames in run-time and type
 * errors: `division by 0 near operator '/'`), not the whole expression.
 */
import type { AssignOp, BinaryOp, ComparisonOp, Expr, Indexable, InExpr, RegexOp, UnaryOp } from '../ast.js';
import { ParseFailure } from './cursor.js';
import { parseDwarfValue, parseIndexable } from './operands.js';
import { type ParserState, parseStringLiteral } from './state.js';

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
const UNARY_OPS: ReadonlySet<string> = new Set(['+', '-', '!', '~']);

export function parseExpression(p: ParserState): Expr {
  return parseAssignment(p);
}

/** assignment: ternary [ASSIGN_OP expression] — right associative. */
function parseAssignment(p: ParserState): Expr {
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

function parseLogicalOr(p: ParserState): Expr {
  let left = parseLogicalAnd(p);
  for (let op = p.cur.takeOp('||'); op; op = p.cur.takeOp('||')) {
    const right = parseLogicalAnd(p);
    left = { kind: 'Logical', op: '||', left, right, span: op.span };
  }
  return left;
}

function parseLogicalAnd(p: ParserState): Expr {
  let left = parseBitOr(p);
  for (let op = p.cur.takeOp('&&'); op; op = p.cur.takeOp('&&')) {
    const right = parseBitOr(p);
    left = { kind: 'Logical', op: '&&', left, right, span: op.span };
  }
  return left;
}

/** A left-associative binary level over one operator set. */
function binaryLevel(p: ParserState, ops: ReadonlySet<string>, operand: (p: ParserState) => Expr): Expr {
  let left = operand(p);
  for (;;) {
    const t = p.cur.peek();
    if (!(t?.kind === 'operator' && ops.has(t.text))) return left;
    p.cur.next();
    const right = operand(p);
    left = { kind: 'Binary', op: t.text as BinaryOp, left, right, span: t.span };
  }
}

const OR_OPS: ReadonlySet<string> = new Set(['|']);
const XOR_OPS: ReadonlySet<string> = new Set(['^']);
const AND_OPS: ReadonlySet<string> = new Set(['&']);
const SHIFT_OPS: ReadonlySet<string> = new Set(['<<', '>>', '>>>']);
const ADD_OPS: ReadonlySet<string> = new Set(['+', '-']);
const MUL_OPS: ReadonlySet<string> = new Set(['*', '/', '%']);

function parseBitOr(p: ParserState): Expr {
  return binaryLevel(p, OR_OPS, parseBitXor);
}
function parseBitXor(p: ParserState): Expr {
  return binaryLevel(p, XOR_OPS, parseBitAnd);
}
function parseBitAnd(p: ParserState): Expr {
  return binaryLevel(p, AND_OPS, parseArrayIn);
}

/**
 * array_in: `e in A`, `[e1, e2] in A`, `[*, e] in A`; without `in`, a single bracketed or bare
 * expression is just that expression.
 */
function parseArrayIn(p: ParserState): Expr {
  const bracketed = p.cur.takeOp('[') !== undefined;
  const indexes: (Expr | null)[] = [];
  for (;;) {
    if (bracketed && p.cur.isOp('*')) {
      p.cur.next();
      indexes.push(null);
    } else {
      indexes.push(parseComparison(p));
    }
    if (!bracketed) break;
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
    const e: InExpr = { kind: 'In', indexes, base, span: inTok.span };
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

function parseShift(p: ParserState): Expr {
  return binaryLevel(p, SHIFT_OPS, parseConcatenation);
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
  return { kind: 'Concat', operands, span: first.span };
}

function parseAdditive(p: ParserState): Expr {
  return binaryLevel(p, ADD_OPS, parseMultiplicative);
}

function parseMultiplicative(p: ParserState): Expr {
  return binaryLevel(p, MUL_OPS, parseUnary);
}

/** unary: (+ - ! ~) unary | crement. */
function parseUnary(p: ParserState): Expr {
  const t = p.cur.peek();
  if (t?.kind === 'operator' && UNARY_OPS.has(t.text)) {
    p.cur.next();
    const operand = parseUnary(p);
    return { kind: 'Unary', op: t.text as UnaryOp, operand, span: t.span };
  }
  return parseCrement(p);
}

/** crement: (++|--) dwarf_value | dwarf_value [++|--]. Lvalueness is checked in pass 2. */
function parseCrement(p: ParserState): Expr {
  const t = p.cur.peek();
  if (t?.kind === 'operator' && (t.text === '++' || t.text === '--')) {
    p.cur.next();
    const operand = parseDwarfValue(p);
    return { kind: 'PreCrement', op: t.text, operand, span: t.span };
  }
  const operand = parseDwarfValue(p);
  const u = p.cur.peek();
  if (u?.kind === 'operator' && (u.text === '++' || u.text === '--')) {
    p.cur.next();
    return { kind: 'PostCrement', op: u.text, operand, span: u.span };
  }
  return operand;
}
