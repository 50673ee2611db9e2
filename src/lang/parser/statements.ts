/** Statements (reference §1.4). A `;` after a non-block statement is swallowed, as in stap. */
import type { Block, Expr, ForeachStmt, Name, StatName, Stmt, TryStmt } from '../ast.js';
import { ParseFailure } from './cursor.js';
import { parseExpression } from './expressions.js';
import { parseIndexable } from './operands.js';
import { exact, type ParserState } from './state.js';

/** block: '{' {statement} '}'. */
export function parseBlock(p: ParserState): Block {
  const open = p.cur.next();
  if (!(open.kind === 'operator' && open.text === '{')) throw new ParseFailure("expected '{'");
  const statements: Stmt[] = [];
  while (!p.cur.isOp('}')) statements.push(parseStatement(p));
  p.cur.next();
  return { kind: 'Block', statements: exact(statements), span: p.cur.spanFrom(open.span) };
}

export function parseStatement(p: ParserState): Stmt {
  const t = p.cur.peek();
  if (t?.kind === 'operator' && t.text === ';') {
    p.cur.next();
    return { kind: 'Null', span: t.span };
  }
  if (t?.kind === 'operator' && t.text === '{') return parseBlock(p);
  if (t?.kind === 'keyword') {
    switch (t.text) {
      case 'try':
        return parseTry(p);
      case 'if':
        return parseIf(p);
      case 'for':
        return parseFor(p);
      case 'foreach':
        return parseForeach(p);
      case 'while':
        return parseWhile(p);
    }
  }
  const s = parseSimpleStatement(p);
  p.cur.takeOp(';');
  return s;
}

function parseSimpleStatement(p: ParserState): Stmt {
  const t = p.cur.peek();
  if (t?.kind === 'keyword') {
    switch (t.text) {
      case 'return':
        return parseReturn(p);
      case 'delete': {
        p.cur.next();
        const target = parseExpression(p);
        return { kind: 'Delete', target, span: p.cur.spanFrom(t.span) };
      }
      case 'break':
        p.cur.next();
        return { kind: 'Break', span: t.span };
      case 'continue':
        p.cur.next();
        return { kind: 'Continue', span: t.span };
      case 'next':
        p.cur.next();
        return { kind: 'Next', span: t.span };
    }
  }
  if (
    t &&
    (t.kind === 'operator' ||
      t.kind === 'identifier' ||
      t.kind === 'number' ||
      t.kind === 'string' ||
      t.kind === 'embedded')
  ) {
    // stap's expr_statement carries the statement's first token, not the expression's.
    const expr = parseExpression(p);
    return { kind: 'ExprStmt', expr, span: t.span };
  }
  throw new ParseFailure('expected statement');
}

function parseReturn(p: ParserState): Stmt {
  const t = p.cur.next();
  if (p.context !== 'function') throw new ParseFailure("found 'return' not in function context");
  const n = p.cur.peek();
  if (!n) throw new ParseFailure("expected ';', '}' or an expression statement");
  if (n.kind === 'operator' && (n.text === ';' || n.text === '}')) return { kind: 'Return', span: t.span };
  const value = parseExpression(p);
  return { kind: 'Return', value, span: p.cur.spanFrom(t.span) };
}

/** try: 'try' block 'catch' ['(' identifier ')'] block. */
function parseTry(p: ParserState): TryStmt {
  const t = p.cur.next();
  const body = parseBlock(p);
  p.cur.expectKeyword('catch');
  let catchVar: Name | undefined;
  if (p.cur.takeOp('(')) {
    const n = p.cur.next();
    if (n.kind !== 'identifier') throw new ParseFailure('expected identifier');
    catchVar = { kind: 'Name', name: n.text, span: n.span };
    p.cur.expectOp(')');
  }
  const handler = parseBlock(p);
  return { kind: 'Try', body, ...(catchVar ? { catchVar } : {}), handler, span: p.cur.spanFrom(t.span) };
}

function parseIf(p: ParserState): Stmt {
  const t = p.cur.next();
  p.cur.expectOp('(');
  const cond = parseExpression(p);
  p.cur.expectOp(')');
  const then = parseStatement(p);
  const otherwise = p.cur.takeKeyword('else') ? parseStatement(p) : undefined;
  const span = p.cur.spanFrom(t.span);
  return otherwise ? { kind: 'If', cond, then, otherwise, span } : { kind: 'If', cond, then, span };
}

/** for: 'for' '(' [expr] ';' [expr] ';' [expr] ')' statement. */
function parseFor(p: ParserState): Stmt {
  const t = p.cur.next();
  p.cur.expectOp('(');
  const init = p.cur.isOp(';') ? undefined : parseExpression(p);
  p.cur.expectOp(';');
  const cond = p.cur.isOp(';') ? undefined : parseExpression(p);
  p.cur.expectOp(';');
  const step = p.cur.isOp(')') ? undefined : parseExpression(p);
  p.cur.expectOp(')');
  const body = parseStatement(p);
  return {
    kind: 'For',
    ...(init ? { init } : {}),
    ...(cond ? { cond } : {}),
    ...(step ? { step } : {}),
    body,
    span: p.cur.spanFrom(t.span),
  };
}

function parseWhile(p: ParserState): Stmt {
  const t = p.cur.next();
  p.cur.expectOp('(');
  const cond = parseExpression(p);
  p.cur.expectOp(')');
  const body = parseStatement(p);
  return { kind: 'While', cond, body, span: p.cur.spanFrom(t.span) };
}

const SORT_STATS: Readonly<Record<string, StatName>> = {
  '@avg': 'avg',
  '@min': 'min',
  '@max': 'max',
  '@count': 'count',
  '@sum': 'sum',
  '@variance': 'variance',
};

type Sort = { column: number; direction: 1 | -1 };

function takeSortMark(p: ParserState): 1 | -1 | undefined {
  const t = p.cur.peek();
  if (t?.kind !== 'operator' || (t.text !== '+' && t.text !== '-')) return undefined;
  p.cur.next();
  return t.text === '+' ? 1 : -1;
}

/**
 * foreach: 'foreach' '(' [value[+-] '='] (key[+-] | '[' key[+-] {',' key[+-]} ']') 'in' indexable
 * ['[' slice ']'] [@stat] [+-] ['limit' expr] ')' statement.
 */
function parseForeach(p: ParserState): ForeachStmt {
  const t = p.cur.next();
  p.cur.expectOp('(');
  let value: Name | undefined;
  let sort: Sort | undefined;
  let lookahead: Name | undefined;
  let lookaheadSort: 1 | -1 | undefined;
  const first = p.cur.peek();
  if (first?.kind === 'identifier') {
    p.cur.next();
    lookahead = { kind: 'Name', name: first.text, span: first.span };
    lookaheadSort = takeSortMark(p);
    if (p.cur.takeOp('=')) {
      value = lookahead;
      if (lookaheadSort) sort = { column: 0, direction: lookaheadSort };
      lookahead = undefined;
      lookaheadSort = undefined;
    }
  }
  const keys: Name[] = [];
  let bracketed = false;
  if (lookahead) {
    keys.push(lookahead);
    if (lookaheadSort) sort = { column: 1, direction: lookaheadSort };
  } else {
    bracketed = p.cur.takeOp('[') !== undefined;
    for (;;) {
      const k = p.cur.next();
      if (k.kind !== 'identifier') throw new ParseFailure('expected identifier');
      keys.push({ kind: 'Name', name: k.text, span: k.span });
      const dir = takeSortMark(p);
      if (dir) {
        if (sort) throw new ParseFailure('multiple sort directives');
        sort = { column: keys.length, direction: dir };
      }
      if (!bracketed) break;
      const sep = p.cur.peek();
      if (sep?.kind === 'operator' && sep.text === ',') {
        p.cur.next();
        continue;
      }
      if (sep?.kind === 'operator' && sep.text === ']') {
        p.cur.next();
        break;
      }
      throw new ParseFailure("expected ',' or ']'");
    }
  }
  p.cur.expectKeyword('in');
  const base = parseIndexable(p);
  const slice = p.cur.isOp('[') ? parseSlice(p) : undefined;
  let sortStat: StatName | undefined;
  const at = p.cur.peek();
  if (at?.kind === 'operator' && at.text.startsWith('@')) {
    sortStat = SORT_STATS[at.text];
    if (!sortStat) throw new ParseFailure('expected statistical operation');
    p.cur.next();
    if (!(p.cur.isOp('+') || p.cur.isOp('-'))) throw new ParseFailure('expected sort directive');
  }
  const dir = takeSortMark(p);
  if (dir) {
    if (sort) throw new ParseFailure('multiple sort directives');
    sort = { column: 0, direction: dir };
  }
  const limit = p.cur.takeKeyword('limit') ? parseExpression(p) : undefined;
  p.cur.expectOp(')');
  const body = parseStatement(p);
  return {
    kind: 'Foreach',
    ...(value ? { value } : {}),
    keys: exact(keys),
    bracketed,
    base,
    ...(slice ? { slice } : {}),
    ...(sort ? { sort } : {}),
    ...(sortStat ? { sortStat } : {}),
    ...(limit ? { limit } : {}),
    body,
    span: p.cur.spanFrom(t.span),
  };
}

/** `[e, *, ...]` after a foreach base. */
function parseSlice(p: ParserState): (Expr | null)[] {
  p.cur.next();
  const slice: (Expr | null)[] = [];
  for (;;) {
    if (p.cur.takeOp('*')) slice.push(null);
    else slice.push(parseExpression(p));
    const sep = p.cur.peek();
    if (sep?.kind === 'operator' && sep.text === ',') {
      p.cur.next();
      continue;
    }
    if (sep?.kind === 'operator' && sep.text === ']') {
      p.cur.next();
      return exact(slice);
    }
    throw new ParseFailure("expected ',' or ']'");
  }
}
