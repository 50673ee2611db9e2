/**
 * One step of a walk over statements: the parts of a statement handed to a visitor's hooks, in
 * the order stap's visitors take them (traversing_visitor, varuse_collecting_visitor), each with
 * what the statement does with it. Symbol resolution, variable use and the code generator's
 * analyses are such walks; each keeps only what is special to it.
 */
import { assertNever } from '../util/index.js';
import type { Expr, ForeachStmt, Name, Stmt, SymbolExpr } from './ast.js';

export interface StmtPartsVisitor {
  /** A nested statement (a block's statements, a branch, a loop's body). */
  stmt(s: Stmt): void;
  /**
   * An evaluated expression; `valueUsed` is false where only its effects count (an expression
   * statement, a `for`'s init and step).
   */
  expr(e: Expr, valueUsed: boolean): void;
  /** `delete`'s target, which is emptied (read and written). Without this hook it goes to `expr`. */
  deleted?(target: Expr): void;
  /** A name the statement assigns: a `catch` variable, a `foreach` key or value. */
  bound?(name: Name): void;
  /**
   * The array a `foreach` iterates, before its keys (a histogram's statistic goes to `expr`
   * instead); sorting it counts as a write.
   */
  iterated?(array: SymbolExpr, sorted: boolean): void;
}

/** Hands the direct parts of `s` to `v`: an `if`'s condition before its branches, and so on. */
export function visitStmtParts(s: Stmt, v: StmtPartsVisitor): void {
  switch (s.kind) {
    case 'Next':
    case 'Break':
    case 'Continue':
    case 'Null':
      return;
    case 'Block':
      for (const x of s.statements) v.stmt(x);
      return;
    case 'Try':
      v.stmt(s.body);
      if (s.catchVar) v.bound?.(s.catchVar);
      v.stmt(s.handler);
      return;
    case 'ExprStmt':
      v.expr(s.expr, false);
      return;
    case 'Return':
      if (s.value) v.expr(s.value, true);
      return;
    case 'Delete':
      if (v.deleted) v.deleted(s.target);
      else v.expr(s.target, true);
      return;
    case 'If':
      v.expr(s.cond, true);
      v.stmt(s.then);
      if (s.otherwise) v.stmt(s.otherwise);
      return;
    case 'For':
      if (s.init) v.expr(s.init, false);
      if (s.cond) v.expr(s.cond, true);
      if (s.step) v.expr(s.step, false);
      v.stmt(s.body);
      return;
    case 'While':
      v.expr(s.cond, true);
      v.stmt(s.body);
      return;
    case 'Foreach':
      visitForeach(s, v);
      return;
    default:
      assertNever(s, 'statement');
  }
}

function visitForeach(s: ForeachStmt, v: StmtPartsVisitor): void {
  if (s.base.kind === 'Symbol') v.iterated?.(s.base, s.sort !== undefined);
  else v.expr(s.base.stat, true);
  for (const k of s.keys) v.bound?.(k);
  for (const x of s.slice ?? []) if (x) v.expr(x, true);
  if (s.value) v.bound?.(s.value);
  if (s.limit) v.expr(s.limit, true);
  v.stmt(s.body);
}
