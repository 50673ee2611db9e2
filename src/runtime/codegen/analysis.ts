/**
 * Whole-program facts the code generator needs, computed the way translate.cxx computes them:
 *
 * - `statementCount`: max_action_info — the most statements one run of a body can execute,
 *   following calls into script functions; any loop or recursion makes it infinite. A finite
 *   probe or function checks MAXACTION once on entry instead of counting as it goes.
 * - `defaultMaxNesting`: recursion_info — the deepest call chain from any function, plus one for
 *   the probe's own call, plus ten when anything recurses.
 * - `statSpecs`: the histogram and `@variance` shift of every aggregate global, from its uses.
 */
import type { CallTarget, Program, ScriptFunction, Variable } from '../../elaborate/index.js';
import {
  type Block,
  type CallExpr,
  type Expr,
  type Indexable,
  type Stmt,
  visitStmtParts,
} from '../../lang/index.js';
import { assertNever } from '../../util/index.js';
import {
  type HistogramSpec,
  LOG_HISTOGRAM,
  linearHistogram,
  NO_HISTOGRAM,
  type StatSpec,
} from '../format/stats.js';
import { forEachChildExpr, forEachExpr, walkStmt } from './walk.js';

export const INFINITE = Number.POSITIVE_INFINITY;

/** max_action_info over a body; calls into script functions are followed (builtins count 0). */
export function statementCount(body: Block, calls: ReadonlyMap<CallExpr, CallTarget>): number {
  return new ActionCounter(calls, new Set()).stmt(body, 0);
}

class ActionCounter {
  constructor(
    private readonly calls: ReadonlyMap<CallExpr, CallTarget>,
    private readonly nested: Set<ScriptFunction>,
  ) {}

  /** The count after `s`, starting from `count`. */
  stmt(s: Stmt, count: number): number {
    switch (s.kind) {
      case 'Block':
        for (const x of s.statements) count = this.stmt(x, count);
        return count;
      case 'Try':
        count = this.stmt(s.body, count);
        return this.stmt(s.handler, count);
      case 'ExprStmt':
        return this.expr(s.expr, count + 1);
      case 'If': {
        count = this.expr(s.cond, count + 1);
        const then = this.stmt(s.then, count);
        const otherwise = s.otherwise ? this.stmt(s.otherwise, count) : count;
        return Math.max(then, otherwise);
      }
      case 'For':
      case 'While':
      case 'Foreach':
        return INFINITE;
      case 'Return':
      case 'Delete':
      case 'Next':
      case 'Break':
      case 'Continue':
      case 'Null':
        return count + 1;
      default:
        return assertNever(s, 'statement');
    }
  }

  expr(e: Expr, count: number): number {
    forEachExpr(e, (x) => {
      if (x.kind !== 'Call') return;
      const target = this.calls.get(x);
      if (target?.kind !== 'script') return;
      for (const fn of target.overloads) {
        if (this.nested.has(fn)) {
          count = INFINITE;
          continue;
        }
        if (fn.body.kind !== 'Block') continue;
        this.nested.add(fn);
        count = this.stmt(fn.body, count);
        this.nested.delete(fn);
      }
    });
    return count;
  }
}

/** recursion_info: MAXNESTING when `-D MAXNESTING` is not given, and whether anything recurses. */
export function defaultMaxNesting(program: Program): { maxNesting: number; recursive: boolean } {
  let nestingMax = 0;
  let recursive = false;
  const current: ScriptFunction[] = [];
  const visitBody = (body: Block) => visitStmtCalls(body);
  const visitCall = (call: CallExpr) => {
    const target = program.calls.get(call);
    if (!target) return;
    const referents: (ScriptFunction | undefined)[] =
      target.kind === 'script' ? [...target.overloads] : [undefined];
    for (const fn of referents) {
      const depth = current.length + 1;
      if (nestingMax < depth) nestingMax = depth;
      if (fn === undefined) continue;
      if (current.includes(fn)) {
        recursive = true;
        return;
      }
      if (fn.body.kind !== 'Block') continue;
      current.push(fn);
      visitBody(fn.body);
      current.pop();
    }
  };
  // Arguments first, then the call itself, as traversing_visitor does.
  const visitExprCalls = (e: Expr) => {
    forEachChildExpr(e, visitExprCalls);
    if (e.kind === 'Call') visitCall(e);
  };
  const visitStmtCalls = (s: Stmt) => {
    visitStmtParts(s, { stmt: visitStmtCalls, expr: visitExprCalls });
  };
  for (const fn of program.functions) if (fn.body.kind === 'Block') visitBody(fn.body);
  return { maxNesting: nestingMax + 1 + (recursive ? 10 : 0), recursive };
}

/** The aggregate global an expression like `x` or `x[k]` names, if any. */
export function statVariable(e: Expr | Indexable, program: Program): Variable | undefined {
  if (e.kind === 'Symbol') return program.bindings.get(e);
  if (e.kind === 'Index' && e.base.kind === 'Symbol') return program.bindings.get(e.base);
  return undefined;
}

export interface StatSpecResult {
  readonly specs: ReadonlyMap<Variable, StatSpec>;
  /** Runtime warnings for refused `@hist_linear` parameters (printed, then the run fails). */
  readonly warnings: readonly string[];
}

/** Each aggregate global's histogram (from `@hist_*` uses) and variance shift (from `@variance`). */
export function statSpecs(program: Program, bodies: readonly Block[]): StatSpecResult {
  const hist = new Map<Variable, HistogramSpec>();
  const shift = new Map<Variable, number>();
  const warnings: string[] = [];
  const onExpr = (e: Expr) => {
    const h = e.kind === 'Index' || e.kind === 'In' ? e.base : e.kind === 'Print' ? e.hist : undefined;
    if (h?.kind === 'Hist') {
      const v = statVariable(h.stat, program);
      if (v && !hist.has(v)) {
        if (h.histKind === 'log') hist.set(v, LOG_HISTOGRAM);
        else {
          const [lo = 0n, hi = 0n, width = 0n] = h.params;
          const r = linearHistogram(Number(lo), Number(hi), Number(width));
          if ('spec' in r) hist.set(v, r.spec);
          else {
            warnings.push(r.warning);
            hist.set(v, NO_HISTOGRAM);
          }
        }
      }
    }
    if (e.kind === 'Stat' && e.stat === 'variance') {
      const v = statVariable(e.operand, program);
      if (v && !shift.has(v)) shift.set(v, Number(e.params[0] ?? 0n));
    }
  };
  for (const b of bodies) {
    walkStmt(b, onExpr, (s) => {
      if (s.kind === 'Foreach' && s.base.kind === 'Hist') {
        const fake: Expr = { kind: 'In', indexes: [], base: s.base, span: s.span };
        onExpr(fake);
      }
    });
  }
  const specs = new Map<Variable, StatSpec>();
  for (const g of program.globals) {
    if (g.type !== 'stats') continue;
    specs.set(g, { histogram: hist.get(g) ?? NO_HISTOGRAM, varianceShift: shift.get(g) ?? 0 });
  }
  return { specs, warnings };
}
