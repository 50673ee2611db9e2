/** Child expressions of AST nodes, for the whole-program analyses of the code generator. */
import { childExprs, type Expr, type Stmt, visitStmtParts } from '../../lang/index.js';

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
  visitStmtParts(s, {
    stmt: (x) => walkStmt(x, onExpr, onStmt),
    expr: (e) => forEachExpr(e, onExpr),
  });
}
