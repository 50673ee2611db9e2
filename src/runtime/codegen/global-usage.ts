/**
 * Which globals the end-of-run display prints: stap's varuse_collecting_visitor over the probe
 * bodies (following calls), with its three sets — written, read, and *used*. A read-modify-write
 * (`x += 2`, `x++`, `delete x`) reads the variable but uses it only when the expression's value
 * is consumed (`y = x++`, `if (x++)`, an argument, an index...). A global is displayed when it is
 * written and not both read and used, so `count++` as a statement still gets `count=N` printed.
 * An initializer (`global x = 5`) is not a write here.
 */
import type { Program, ScriptFunction, Variable } from '../../elaborate/index.js';
import type { Expr, Indexable, Name, Stmt } from '../../lang/index.js';
import { assertNever } from '../../util/index.js';
import { forEachChildExpr } from './walk.js';

class UsageVisitor {
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
      for (const i of target.indexes) {
        if (i) this.expr(i, true);
      }
      base = target.base;
      if (base.kind === 'Hist') this.expr(base.stat, true);
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
      for (const i of target.indexes) if (i) this.expr(i, true);
      if (target.base.kind === 'Symbol') this.write(target.base);
      else this.expr(target.base.stat, true);
      return;
    }
    this.expr(target, true);
  }

  stmt(s: Stmt): void {
    switch (s.kind) {
      case 'Block':
        for (const x of s.statements) this.stmt(x);
        return;
      case 'Try':
        this.stmt(s.body);
        if (s.catchVar) {
          const v = this.program.bindings.get(s.catchVar);
          if (v?.scope === 'global') this.written.add(v);
        }
        this.stmt(s.handler);
        return;
      case 'ExprStmt':
        this.expr(s.expr, false);
        return;
      case 'If':
        this.expr(s.cond, true);
        this.stmt(s.then);
        if (s.otherwise) this.stmt(s.otherwise);
        return;
      case 'For':
        if (s.init) this.expr(s.init, false);
        if (s.cond) this.expr(s.cond, true);
        if (s.step) this.expr(s.step, false);
        this.stmt(s.body);
        return;
      case 'While':
        this.expr(s.cond, true);
        this.stmt(s.body);
        return;
      case 'Foreach':
        if (s.base.kind === 'Symbol') {
          this.plainRead(s.base);
          if (s.sort) this.write(s.base);
        } else this.expr(s.base.stat, true);
        for (const k of s.keys) this.nameWrite(k);
        for (const x of s.slice ?? []) if (x) this.expr(x, true);
        if (s.value) this.nameWrite(s.value);
        if (s.limit) this.expr(s.limit, true);
        this.stmt(s.body);
        return;
      case 'Return':
        if (s.value) this.expr(s.value, true);
        return;
      case 'Delete':
        this.modify(s.target, true);
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

  private nameWrite(n: Name): void {
    const v = this.program.bindings.get(n);
    if (v?.scope === 'global') this.written.add(v);
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
        for (const i of e.indexes) if (i) this.expr(i, true);
        if (e.base.kind === 'Symbol') this.plainRead(e.base);
        else this.expr(e.base.stat, true);
        return;
      case 'Call': {
        for (const a of e.args) this.expr(a, true);
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
        if (e.hist) this.expr(e.hist.stat, true);
        for (const a of e.args) this.expr(a, true);
        return;
      case 'Ternary':
        this.expr(e.cond, true);
        this.expr(e.then, valueUsed);
        this.expr(e.otherwise, valueUsed);
        return;
      default:
        forEachChildExpr(e, (child) => this.expr(child, valueUsed));
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
