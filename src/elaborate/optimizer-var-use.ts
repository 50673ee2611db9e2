/**
 * Variable use as stap's optimizer sees it (varuse_collecting_visitor) and the expression walks
 * the optimizer warnings need. Split from optimizer-warnings.ts.
 */
import { type Block, childExprs, type Expr, type Name, type Stmt } from '../lang/index.js';
import { assertNever } from '../util/index.js';
import type { CallTarget, ScriptFunction, Variable } from './program.js';
import type { ResolvedProgram } from './resolve/index.js';
import { isPrintToStream } from './types/nodes.js';

/**
 * stap's varuse_collecting_visitor: the variables read and written by code, following calls
 * into each called function once, and whether it does anything else (output, embedded C, an
 * impure tapset function, a write to a target variable).
 */
export class VarUse {
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

  private name(n: Name | undefined, write: boolean): void {
    if (n === undefined) return;
    const v = this.program.bindings.get(n);
    if (v === undefined) return;
    if (write) this.written.add(v);
    else this.read.add(v);
  }

  stmt(s: Stmt): void {
    switch (s.kind) {
      case 'Block':
        for (const x of s.statements) this.stmt(x);
        return;
      case 'Try':
        this.stmt(s.body);
        this.name(s.catchVar, true);
        this.stmt(s.handler);
        return;
      case 'ExprStmt':
        this.expr(s.expr);
        return;
      case 'If':
        this.expr(s.cond);
        this.stmt(s.then);
        if (s.otherwise) this.stmt(s.otherwise);
        return;
      case 'For':
        if (s.init) this.expr(s.init);
        if (s.cond) this.expr(s.cond);
        if (s.step) this.expr(s.step);
        this.stmt(s.body);
        return;
      case 'While':
        this.expr(s.cond);
        this.stmt(s.body);
        return;
      case 'Foreach':
        if (s.base.kind === 'Symbol') {
          // A sorted iteration counts as a write too.
          this.touch(s.base, true, s.sort !== undefined);
        } else this.expr(s.base.stat);
        for (const k of s.keys) this.name(k, true);
        for (const x of s.slice ?? []) if (x) this.expr(x);
        this.name(s.value, true);
        if (s.limit) this.expr(s.limit);
        this.stmt(s.body);
        return;
      case 'Return':
        if (s.value) this.expr(s.value);
        return;
      case 'Delete':
        this.lvalue(s.target, true);
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

  /** A written place: read as well for compound assignments, `++`/`--` and `delete`. */
  private lvalue(e: Expr, alsoRead: boolean): void {
    switch (e.kind) {
      case 'Symbol':
        this.touch(e, alsoRead, true);
        return;
      case 'Index':
        for (const i of e.indexes) if (i) this.expr(i);
        if (e.base.kind === 'Symbol') this.touch(e.base, alsoRead, true);
        else this.expr(e.base.stat);
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

  expr(original: Expr): void {
    const e = this.replaced.get(original) ?? original;
    switch (e.kind) {
      case 'Number':
      case 'String':
      case 'ProbeWrite':
      case 'Perf':
      case 'Const':
      case 'Enum':
      case 'Register':
        return;
      case 'EmbeddedExpr':
        if (!e.code.includes('/* pure */')) this.embedded = true;
        return;
      case 'Symbol':
        this.touch(e, true, false);
        return;
      case 'Index':
      case 'In':
        for (const i of e.indexes) if (i) this.expr(i);
        if (e.base.kind === 'Symbol') this.touch(e.base, true, false);
        else this.expr(e.base.stat);
        return;
      case 'Assign':
        this.lvalue(e.left, e.op !== '=' && e.op !== '<<<');
        this.expr(e.right);
        return;
      case 'PreCrement':
      case 'PostCrement':
        this.lvalue(e.operand, true);
        return;
      case 'Unary':
      case 'Defined':
      case 'Entry':
      case 'EnumName':
      case 'Stat':
        this.expr(e.operand);
        return;
      case 'Binary':
      case 'Logical':
      case 'Comparison':
        this.expr(e.left);
        this.expr(e.right);
        return;
      case 'Regex':
        this.expr(e.left);
        return;
      case 'Concat':
        for (const o of e.operands) this.expr(o);
        return;
      case 'Ternary':
        this.expr(e.cond);
        this.expr(e.then);
        this.expr(e.otherwise);
        return;
      case 'Call':
        for (const a of e.args) this.expr(a);
        this.enter(this.program.calls.get(e));
        return;
      case 'Print':
        if (isPrintToStream(e)) this.embedded = true;
        if (e.hist) this.expr(e.hist.stat);
        for (const a of e.args) this.expr(a);
        return;
      case 'Deref':
        this.expr(e.addr);
        return;
      case 'TargetSymbol':
      case 'AtVar':
        for (const c of e.components) if (c.kind === 'Subscript') this.expr(c.index);
        return;
      case 'Cast':
      case 'Autocast':
        this.expr(e.operand);
        for (const c of e.components) if (c.kind === 'Subscript') this.expr(c.index);
        return;
      default:
        assertNever(e, 'expression');
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
  const stmt = (s: Stmt): void => {
    switch (s.kind) {
      case 'Block':
        for (const x of s.statements) stmt(x);
        return;
      case 'Try':
        stmt(s.body);
        stmt(s.handler);
        return;
      case 'ExprStmt':
        expr(s.expr);
        return;
      case 'If':
        expr(s.cond);
        stmt(s.then);
        if (s.otherwise) stmt(s.otherwise);
        return;
      case 'For':
        if (s.init) expr(s.init);
        if (s.cond) expr(s.cond);
        if (s.step) expr(s.step);
        stmt(s.body);
        return;
      case 'While':
        expr(s.cond);
        stmt(s.body);
        return;
      case 'Foreach':
        if (s.base.kind !== 'Symbol') expr(s.base.stat);
        for (const x of s.slice ?? []) if (x) expr(x);
        if (s.limit) expr(s.limit);
        stmt(s.body);
        return;
      case 'Return':
        if (s.value) expr(s.value);
        return;
      case 'Delete':
        expr(s.target);
        return;
      case 'Next':
      case 'Break':
      case 'Continue':
      case 'Null':
        return;
      default:
        assertNever(s, 'statement');
    }
  };
  const expr = (e: Expr): void => {
    for (const child of childExprs(e)) expr(child);
    fn(e);
  };
  if (root.kind === 'Block') stmt(root);
  else expr(root);
}
