/**
 * Statements in stap's `-p1` layout: one statement per line, blocks as `{` NEWLINE … `}` with no
 * indentation. Unlike stap's printer, `;` follows only the statements the parser would swallow it
 * after (never a block, `if`, loop or `try`, where it would come back as a null statement).
 */
import { assertNever } from '../../util/index.js';
import type { Block, ForeachStmt, ForStmt, IfStmt, Stmt, TryStmt } from '../ast.js';
import { emitExpr, emitIndexable, emitSlice, type Parts } from './expr.js';

/** The source text of a statement as it appears in a block, with its `;` where one belongs. */
export function printStmt(s: Stmt): string {
  const out: Parts = [];
  emitStmt(out, s);
  return out.join('');
}

export function printBlock(b: Block): string {
  const out: Parts = [];
  emitBlock(out, b);
  return out.join('');
}

export function emitStmt(out: Parts, s: Stmt): void {
  switch (s.kind) {
    case 'Block':
      emitBlock(out, s);
      return;
    case 'Try':
      emitTry(out, s);
      return;
    case 'If':
      emitIf(out, s);
      return;
    case 'For':
      emitFor(out, s);
      return;
    case 'While':
      out.push('while (');
      emitExpr(out, s.cond);
      out.push(') ');
      emitStmt(out, s.body);
      return;
    case 'Foreach':
      emitForeach(out, s);
      return;
    case 'ExprStmt':
      emitExpr(out, s.expr);
      out.push(';');
      return;
    case 'Return':
      if (s.value === undefined) {
        out.push('return;');
        return;
      }
      out.push('return ');
      emitExpr(out, s.value);
      out.push(';');
      return;
    case 'Delete':
      out.push('delete ');
      emitExpr(out, s.target);
      out.push(';');
      return;
    case 'Next':
      out.push('next;');
      return;
    case 'Break':
      out.push('break;');
      return;
    case 'Continue':
      out.push('continue;');
      return;
    case 'Null':
      out.push(';');
      return;
    default:
      assertNever(s, 'statement');
  }
}

export function emitBlock(out: Parts, b: Block): void {
  out.push('{\n');
  for (const s of b.statements) {
    emitStmt(out, s);
    out.push('\n');
  }
  out.push('}');
}

function emitTry(out: Parts, s: TryStmt): void {
  out.push('try ');
  emitBlock(out, s.body);
  out.push(' catch ');
  if (s.catchVar !== undefined) out.push('(', s.catchVar.name, ') ');
  emitBlock(out, s.handler);
}

/**
 * An `else` binds to the nearest open `if`, so a then-branch ending in an else-less `if` is
 * braced. The parser never builds such a tree (it would have bound the `else` inside); only a
 * hand-built one gets the extra block.
 */
function emitIf(out: Parts, s: IfStmt): void {
  out.push('if (');
  emitExpr(out, s.cond);
  out.push(') ');
  if (s.otherwise === undefined) {
    emitStmt(out, s.then);
    return;
  }
  if (endsWithOpenIf(s.then)) {
    out.push('{\n');
    emitStmt(out, s.then);
    out.push('\n}');
  } else {
    emitStmt(out, s.then);
  }
  out.push('\nelse ');
  emitStmt(out, s.otherwise);
}

function endsWithOpenIf(s: Stmt): boolean {
  switch (s.kind) {
    case 'If':
      return s.otherwise === undefined || endsWithOpenIf(s.otherwise);
    case 'For':
    case 'While':
    case 'Foreach':
      return endsWithOpenIf(s.body);
    default:
      return false;
  }
}

function emitFor(out: Parts, s: ForStmt): void {
  out.push('for (');
  if (s.init !== undefined) emitExpr(out, s.init);
  out.push(';');
  if (s.cond !== undefined) {
    out.push(' ');
    emitExpr(out, s.cond);
  }
  out.push(';');
  if (s.step !== undefined) {
    out.push(' ');
    emitExpr(out, s.step);
  }
  out.push(') ');
  emitStmt(out, s.body);
}

/** `foreach (v = [a-, b] in A[*, 2] @sum+ limit n)`: a value sort is written after the array, as stap does. */
function emitForeach(out: Parts, s: ForeachStmt): void {
  const sortMark = (column: number) =>
    s.sort !== undefined && s.sort.column === column ? (s.sort.direction > 0 ? '+' : '-') : '';
  out.push('foreach (');
  if (s.value !== undefined) out.push(s.value.name, ' = ');
  const bracketed = s.bracketed || s.keys.length !== 1;
  if (bracketed) out.push('[');
  s.keys.forEach((k, i) => {
    if (i > 0) out.push(', ');
    out.push(k.name, sortMark(i + 1));
  });
  if (bracketed) out.push(']');
  out.push(' in ');
  emitIndexable(out, s.base);
  if (s.slice !== undefined) emitSlice(out, s.slice);
  const valueSort = sortMark(0);
  if (valueSort !== '') {
    if (s.sortStat === undefined) out.push(valueSort);
    else out.push(' @', s.sortStat, valueSort);
  }
  if (s.limit !== undefined) {
    out.push(' limit ');
    emitExpr(out, s.limit);
  }
  out.push(') ');
  emitStmt(out, s.body);
}
