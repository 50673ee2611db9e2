/**
 * Which globals the end-of-run display prints: stap's varuse_collecting_visitor over the probe
 * bodies (following calls), with its three sets — written, read, and *used*. A read-modify-write
 * (`x += 2`, `x++`, `delete x`) reads the variable but uses it only when the expression's value
 * is consumed (`y = x++`, `if (x++)`, an argument, an index...). A global is displayed when it is
 * written and not both read and used, so `count++` as a statement still gets `count=N` printed.
 * An initializer (`global x = 5`) is not a write here.
 */
import type { Program, ScriptFunction, Variable } from '../../elaborate/index.js';
import {
  childExprs,
  type Expr,
  type Indexable,
  type Name,
  type Stmt,
  type StmtPartsVisitor,
  type SymbolExpr,
  visitStmtParts,
} from '../../lang/index.js';

class UsageVisitor implements StmtPartsVisitor {
  readonly written = new Set<Variable>();
  readonly read = new Set<Variable>();
  readonly used = new Set<Variable>();
  private readonly visited = new Set<ScriptFunction>();

  constructor(private readonly program: Program) {}

  private global(e: Expr | Indexable): Variable | undefined {
    if (e.kind !== 'Symbol') return undefined;
    const v = this.program.bindings.get(e);
    return v?.scope === 'global' ? v : undefined;
  }

  private plainRead(base: Expr | Indexable): void {
    const v = this.global(base);
    if (v) {
      this.read.add(v);
      this.used.add(v);
    }
  }

  private write(base: Expr | Indexable): void {
    const v = this.global(base);
    if (v) this.written.add(v);
  }

  /** A read-modify-write target; `valueUsed` says whether the expression's value is consumed. */
  private modify(target: Expr, valueUsed: boolean): void {
    let base: Expr | Indexable = target;
    if (target.kind === 'Index') {
      this.operandsUsed(target);
      base = target.base;
    } else if (target.kind !== 'Symbol') {
      this.expr(target, valueUsed);
    }
    const v = this.global(base);
    if (!v) return;
    this.written.add(v);
    this.read.add(v);
    if (valueUsed) this.used.add(v);
  }

  /** A pure write target (`=`, `<<<`, foreach keys). */
  private assignTarget(target: Expr): void {
    if (target.kind === 'Symbol') {
      this.write(target);
      return;
    }
    if (target.kind === 'Index') {
      this.operandsUsed(target);
      this.write(target.base);
      return;
    }
    this.expr(target, true);
  }

  stmt(s: Stmt): void {
    visitStmtParts(s, this);
  }

  deleted(target: Expr): void {
    this.modify(target, true);
  }

  bound(n: Name): void {
    const v = this.program.bindings.get(n);
    if (v?.scope === 'global') this.written.add(v);
  }

  iterated(array: SymbolExpr, sorted: boolean): void {
    this.plainRead(array);
    if (sorted) this.write(array);
  }

  /** The operands of `e` (an element's indexes, a call's arguments...), whose values are all used. */
  private operandsUsed(e: Expr): void {
    for (const child of childExprs(e)) this.expr(child, true);
  }

  expr(e: Expr, valueUsed: boolean): void {
    switch (e.kind) {
      case 'Symbol':
        this.plainRead(e);
        return;
      case 'Assign':
        if (e.op === '=' || e.op === '<<<') {
          this.assignTarget(e.left);
          this.expr(e.right, true);
        } else {
          this.modify(e.left, valueUsed);
          this.expr(e.right, valueUsed);
        }
        return;
      case 'PreCrement':
      case 'PostCrement':
        this.modify(e.operand, valueUsed);
        return;
      case 'Index':
      case 'In':
        this.operandsUsed(e);
        this.plainRead(e.base);
        return;
      case 'Call': {
        this.operandsUsed(e);
        const target = this.program.calls.get(e);
        if (target?.kind === 'script') {
          for (const fn of target.overloads) {
            if (this.visited.has(fn) || fn.body.kind !== 'Block') continue;
            this.visited.add(fn);
            this.stmt(fn.body);
          }
        }
        return;
      }
      case 'Print':
        this.operandsUsed(e);
        return;
      case 'Ternary':
        this.expr(e.cond, true);
        this.expr(e.then, valueUsed);
        this.expr(e.otherwise, valueUsed);
        return;
      default:
        for (const child of childExprs(e)) this.expr(child, valueUsed);
    }
  }
}

/** The user globals the end-of-run display prints, in declaration order. */
export function displayedGlobals(program: Program): Variable[] {
  const u = new UsageVisitor(program);
  for (const p of program.probes) {
    u.stmt(p.body);
    if (p.condition) u.expr(p.condition, true);
  }
  return program.globals.filter((g) => !g.library && u.written.has(g) && !(u.read.has(g) && u.used.has(g)));
}
