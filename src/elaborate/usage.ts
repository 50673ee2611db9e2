/**
 * Which variables each body reads and writes (stap's varuse_collecting_visitor): drives elision
 * of unused variables and the end-of-run display of globals written but never read.
 */
import type { Block, Expr, Name, Param, Stmt, SymbolExpr } from '../lang/index.js';
import { assertNever } from '../util/index.js';
import type { Variable } from './program.js';

export type Bindings = ReadonlyMap<SymbolExpr | Name | Param, Variable>;

/** Marks `read`/`written` on every variable used in `body` (flags only ever go up). */
export function markUsage(body: Block | Expr, bindings: Bindings): void {
  const w = new UsageWalker(bindings);
  if (body.kind === 'Block') w.stmt(body);
  else w.expr(body);
}

class UsageWalker {
  constructor(private readonly bindings: Bindings) {}

  private touch(node: SymbolExpr | Name | undefined, read: boolean, write: boolean): void {
    if (!node) return;
    const v = this.bindings.get(node);
    if (!v) return;
    if (read) v.read = true;
    if (write) v.written = true;
  }

  stmt(s: Stmt): void {
    switch (s.kind) {
      case 'Block':
        for (const x of s.statements) this.stmt(x);
        return;
      case 'Try':
        this.stmt(s.body);
        this.touch(s.catchVar, false, true);
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
        if (s.base.kind === 'Symbol') this.touch(s.base, true, false);
        else this.expr(s.base.stat);
        for (const k of s.keys) this.touch(k, false, true);
        this.touch(s.value, false, true);
        for (const x of s.slice ?? []) if (x) this.expr(x);
        if (s.limit) this.expr(s.limit);
        this.stmt(s.body);
        return;
      case 'Return':
        if (s.value) this.expr(s.value);
        return;
      case 'Delete':
        this.lvalue(s.target, false);
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

  /** An assignment target: written, and read too for compound operators. */
  private lvalue(e: Expr, alsoRead: boolean): void {
    if (e.kind === 'Symbol') this.touch(e, alsoRead, true);
    else if (e.kind === 'Index') {
      if (e.base.kind === 'Symbol') this.touch(e.base, alsoRead, true);
      else this.expr(e.base.stat);
      for (const i of e.indexes) if (i) this.expr(i);
    } else this.expr(e);
  }

  expr(e: Expr): void {
    switch (e.kind) {
      case 'Number':
      case 'String':
      case 'ProbeWrite':
      case 'Perf':
      case 'Const':
      case 'Enum':
      case 'Register':
      case 'EmbeddedExpr':
        return;
      case 'Symbol':
        this.touch(e, true, false);
        return;
      case 'Index':
      case 'In':
        if (e.base.kind === 'Symbol') this.touch(e.base, true, false);
        else this.expr(e.base.stat);
        for (const i of e.indexes) if (i) this.expr(i);
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
        return;
      case 'Print':
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
}
