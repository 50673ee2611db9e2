/**
 * Variable use as stap's optimizer sees it (varuse_collecting_visitor) and the expression walks
 * the optimizer warnings need. Split from optimizer-warnings.ts.
 */
import {
  type Block,
  childExprs,
  type Expr,
  type IndexExpr,
  type InExpr,
  type Name,
  type Stmt,
  type StmtPartsVisitor,
  type SymbolExpr,
  visitStmtParts,
} from '../lang/index.js';
import type { CallTarget, ScriptFunction, Variable } from './program.js';
import type { ResolvedProgram } from './resolve/index.js';
import { isPrintToStream } from './types/nodes.js';

/**
 * stap's varuse_collecting_visitor: the variables read and written by code, following calls
 * into each called function once, and whether it does anything else (output, embedded C, an
 * impure tapset function, a write to a target variable).
 */
export class VarUse implements StmtPartsVisitor {
  readonly read = new Set<Variable>();
  readonly written = new Set<Variable>();
  embedded = false;
  private readonly entered = new Set<ScriptFunction>();

  constructor(
    private readonly program: ResolvedProgram,
    private readonly replaced: ReadonlyMap<Expr, Expr> = new Map(),
  ) {}

  sideEffectFree(): boolean {
    return this.written.size === 0 && !this.embedded;
  }

  private touch(e: Expr, read: boolean, write: boolean): void {
    if (e.kind !== 'Symbol') return;
    const v = this.program.bindings.get(e);
    if (v === undefined) return;
    if (read) this.read.add(v);
    if (write) this.written.add(v);
  }

  stmt(s: Stmt): void {
    visitStmtParts(s, this);
  }

  deleted(target: Expr): void {
    this.lvalue(target, true);
  }

  bound(n: Name): void {
    const v = this.program.bindings.get(n);
    if (v !== undefined) this.written.add(v);
  }

  iterated(array: SymbolExpr, sorted: boolean): void {
    // A sorted iteration counts as a write too.
    this.touch(array, true, sorted);
  }

  /** A written place: read as well for compound assignments, `++`/`--` and `delete`. */
  private lvalue(e: Expr, alsoRead: boolean): void {
    switch (e.kind) {
      case 'Symbol':
        this.touch(e, alsoRead, true);
        return;
      case 'Index':
        this.element(e, alsoRead, true);
        return;
      case 'TargetSymbol':
      case 'Cast':
      case 'AtVar':
      case 'Autocast':
      case 'Register':
      case 'Deref':
        // An unresolved target write stays, for its later error (stap's PR5516).
        this.embedded = true;
        this.expr(e);
        return;
      default:
        this.expr(e);
    }
  }

  /** An array element or membership test: its indexes (or histogram statistic), then the array. */
  private element(e: IndexExpr | InExpr, read: boolean, write: boolean): void {
    this.operands(e);
    if (e.base.kind === 'Symbol') this.touch(e.base, read, write);
  }

  private operands(e: Expr): void {
    for (const child of childExprs(e)) this.expr(child);
  }

  expr(original: Expr): void {
    const e = this.replaced.get(original) ?? original;
    switch (e.kind) {
      case 'EmbeddedExpr':
        if (!e.code.includes('/* pure */')) this.embedded = true;
        return;
      case 'Symbol':
        this.touch(e, true, false);
        return;
      case 'Index':
      case 'In':
        this.element(e, true, false);
        return;
      case 'Assign':
        this.lvalue(e.left, e.op !== '=' && e.op !== '<<<');
        this.expr(e.right);
        return;
      case 'PreCrement':
      case 'PostCrement':
        this.lvalue(e.operand, true);
        return;
      case 'Call':
        this.operands(e);
        this.enter(this.program.calls.get(e));
        return;
      case 'Print':
        if (isPrintToStream(e)) this.embedded = true;
        this.operands(e);
        return;
      default:
        this.operands(e);
    }
  }

  /** stap's enter_functioncall: each called function's body once; a builtin by its purity. */
  private enter(target: CallTarget | undefined): void {
    if (target === undefined) return;
    if (target.kind === 'builtin') {
      if (target.fn.returns === 'unknown' || target.fn.impure === true) this.embedded = true;
      return;
    }
    for (const fn of target.overloads) {
      if (this.entered.has(fn)) continue;
      this.entered.add(fn);
      const body = fn.decl.body;
      if (body.kind === 'Block') this.stmt(body);
      else if (!body.code.includes('/* pure */')) this.embedded = true;
    }
  }
}

/** Every call in `root`, in tree order. */
export function forEachCall(root: Block | Expr, fn: (call: Extract<Expr, { kind: 'Call' }>) => void): void {
  forEachExpr(root, (e) => {
    if (e.kind === 'Call') fn(e);
  });
}

/** Every expression in `root`, children before their parent (stap's update_visitor order). */
export function forEachExpr(root: Block | Expr, fn: (e: Expr) => void): void {
  const expr = (e: Expr): void => {
    for (const child of childExprs(e)) expr(child);
    fn(e);
  };
  const visitor: StmtPartsVisitor = { stmt: (s) => visitStmtParts(s, visitor), expr };
  if (root.kind === 'Block') visitor.stmt(root);
  else expr(root);
}
