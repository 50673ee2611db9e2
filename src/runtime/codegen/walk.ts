/** Child expressions of AST nodes, for the whole-program analyses of the code generator. */
import { childExprs, type Expr, type Stmt } from '../../lang/index.js';
import { assertNever } from '../../util/index.js';

/** Calls `visit` on each direct child expression of `e`, left to right. */
export function forEachChildExpr(e: Expr, visit: (child: Expr) => void): void {
  for (const child of childExprs(e)) visit(child);
}

/** Calls `visit` on `e` and every expression below it. */
export function forEachExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  forEachChildExpr(e, (child) => forEachExpr(child, visit));
}

/** Calls the visitors on every statement and expression of `s`, recursively. */
export function walkStmt(s: Stmt, onExpr: (e: Expr) => void, onStmt?: (s: Stmt) => void): void {
  onStmt?.(s);
  walkStmtShallow(
    s,
    (e) => forEachExpr(e, onExpr),
    (x) => walkStmt(x, onExpr, onStmt),
  );
}

/** Visits the direct expressions and statements of `s` (not nested ones). */
export function walkStmtShallow(s: Stmt, onExpr: (e: Expr) => void, onStmt: (s: Stmt) => void): void {
  const ex = (e: Expr | undefined | null) => {
    if (e) onExpr(e);
  };
  switch (s.kind) {
    case 'Block':
      for (const x of s.statements) onStmt(x);
      return;
    case 'Try':
      onStmt(s.body);
      onStmt(s.handler);
      return;
    case 'ExprStmt':
      ex(s.expr);
      return;
    case 'If':
      ex(s.cond);
      onStmt(s.then);
      if (s.otherwise) onStmt(s.otherwise);
      return;
    case 'For':
      ex(s.init);
      ex(s.cond);
      ex(s.step);
      onStmt(s.body);
      return;
    case 'While':
      ex(s.cond);
      onStmt(s.body);
      return;
    case 'Foreach':
      if (s.base.kind === 'Hist') ex(s.base.stat);
      for (const x of s.slice ?? []) ex(x);
      ex(s.limit);
      onStmt(s.body);
      return;
    case 'Return':
      ex(s.value);
      return;
    case 'Delete':
      ex(s.target);
      return;
    case 'Next':
    case 'Break':
    case 'Continue':
    case 'Null':
      return;
    default:
      assertNever(s, 'statement');
  }
}
