/** Child expressions of AST nodes, for the whole-program analyses of the code generator. */
import type { Expr, Stmt } from '../../lang/index.js';
import { assertNever } from '../../util/index.js';

/** Calls `visit` on each direct child expression of `e`, left to right. */
export function forEachChildExpr(e: Expr, visit: (child: Expr) => void): void {
  switch (e.kind) {
    case 'Number':
    case 'String':
    case 'Symbol':
    case 'ProbeWrite':
    case 'Perf':
    case 'Const':
    case 'Enum':
    case 'Register':
    case 'EmbeddedExpr':
      return;
    case 'Index':
    case 'In':
      for (const i of e.indexes) if (i) visit(i);
      if (e.base.kind === 'Hist') visit(e.base.stat);
      return;
    case 'Unary':
    case 'PreCrement':
    case 'PostCrement':
    case 'Defined':
    case 'Entry':
    case 'EnumName':
    case 'Stat':
      visit(e.operand);
      return;
    case 'Binary':
    case 'Logical':
    case 'Comparison':
    case 'Assign':
      visit(e.left);
      visit(e.right);
      return;
    case 'Regex':
      visit(e.left);
      return;
    case 'Concat':
      for (const o of e.operands) visit(o);
      return;
    case 'Ternary':
      visit(e.cond);
      visit(e.then);
      visit(e.otherwise);
      return;
    case 'Call':
      for (const a of e.args) visit(a);
      return;
    case 'Print':
      if (e.hist) visit(e.hist.stat);
      for (const a of e.args) visit(a);
      return;
    case 'Deref':
      visit(e.addr);
      return;
    case 'TargetSymbol':
    case 'AtVar':
      for (const c of e.components) if (c.kind === 'Subscript') visit(c.index);
      return;
    case 'Cast':
    case 'Autocast':
      visit(e.operand);
      for (const c of e.components) if (c.kind === 'Subscript') visit(c.index);
      return;
    default:
      assertNever(e, 'expression');
  }
}

/** Calls `visit` on `e` and every expression below it. */
export function forEachExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  forEachChildExpr(e, (child) => forEachExpr(child, visit));
}

/** Calls the visitors on every statement and expression of `s`, recursively. */
export function walkStmt(s: Stmt, onExpr: (e: Expr) => void, onStmt?: (s: Stmt) => void): void {
  onStmt?.(s);
  const ex = (e: Expr | undefined | null) => {
    if (e) forEachExpr(e, onExpr);
  };
  switch (s.kind) {
    case 'Block':
      for (const x of s.statements) walkStmt(x, onExpr, onStmt);
      return;
    case 'Try':
      walkStmt(s.body, onExpr, onStmt);
      walkStmt(s.handler, onExpr, onStmt);
      return;
    case 'ExprStmt':
      ex(s.expr);
      return;
    case 'If':
      ex(s.cond);
      walkStmt(s.then, onExpr, onStmt);
      if (s.otherwise) walkStmt(s.otherwise, onExpr, onStmt);
      return;
    case 'For':
      ex(s.init);
      ex(s.cond);
      ex(s.step);
      walkStmt(s.body, onExpr, onStmt);
      return;
    case 'While':
      ex(s.cond);
      walkStmt(s.body, onExpr, onStmt);
      return;
    case 'Foreach':
      if (s.base.kind === 'Hist') ex(s.base.stat);
      for (const x of s.slice ?? []) ex(x);
      ex(s.limit);
      walkStmt(s.body, onExpr, onStmt);
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
