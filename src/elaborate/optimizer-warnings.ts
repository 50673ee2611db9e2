/**
 * The warnings of stap's pass-2 optimizer (elaborate.cxx semantic_pass_optimize1). Its loop runs
 * opt1–opt5 until nothing changes, but prints warnings only in the first iteration, over the
 * program as resolution left it (before any constant folding):
 *
 * - opt1: `Eliding unused function 'f'`, a user function no probe reaches;
 * - opt2: `Eliding unused variable 'x'` (neither read nor written), `never-assigned local variable
 *   'x'` and `never-assigned global variable 'x'` (read but never written, no initialiser, not set
 *   by `-G`), each with up to five "(similar: …)" names;
 * - opt3: `Eliding assignment to 'x'` at the `=` of an assignment to a local nothing reads;
 * - opt4: `Eliding side-effect-free expression ` at the first token of an expression statement
 *   with no effect once those assignments are gone, and `side-effect-free function 'f'` when a
 *   function's whole body goes.
 *
 * Later iterations find more (a variable only assigned is unused once its assignment went) but
 * stay silent; src/elaborate/types/elision.ts models what all iterations remove. With `-u` only
 * opt1 runs. Warnings are only given for code in user scripts, except the function one.
 */
import type { Diagnostic, DiagnosticSink, Span } from '../diag/index.js';
import type { Block, Expr, Stmt } from '../lang/index.js';
import { assertNever, suggestSimilar } from '../util/index.js';
import { forEachCall, forEachExpr, VarUse } from './optimizer-var-use.js';
import type { CallTarget, ScriptFunction, Variable } from './program.js';
import type { ResolvedProgram } from './resolve/index.js';
import { exprToken, identifierIn, type StapToken, tokenAt } from './types/tokens.js';

export const OPTIMIZER_WARNING_CODES = {
  unusedFunction: 'W200',
  unusedVariable: 'W202',
  neverAssignedLocal: 'W203',
  neverAssignedGlobal: 'W204',
  deadAssignment: 'W205',
  sideEffectFreeExpression: 'W206',
  sideEffectFreeFunction: 'W207',
} as const;

export interface OptimizerWarningOptions {
  /** `-u`: only the unused-function check runs. */
  readonly unoptimized: boolean;
  /** Globals given a value with `-G NAME=VALUE` (not "never-assigned"). */
  readonly globalSettings?: ReadonlySet<string>;
}

export function reportOptimizerWarnings(
  program: ResolvedProgram,
  options: OptimizerWarningOptions,
  sink: DiagnosticSink,
): void {
  new FirstIteration(program, options, sink).run();
}

function warning(code: string, message: string, token: StapToken): Diagnostic {
  return {
    category: 'semantic',
    severity: 'warning',
    code,
    message,
    span: token.span,
    subject: { label: 'at', description: token.description },
  };
}

function inUserFile(span: Span): boolean {
  return !span.source.library;
}

class FirstIteration {
  /** The functions stap's session holds: every one resolution reached from a probe. */
  private readonly functions: readonly ScriptFunction[];

  constructor(
    private readonly program: ResolvedProgram,
    private readonly options: OptimizerWarningOptions,
    private readonly sink: DiagnosticSink,
  ) {
    // stap keeps them in a map by mangled name (`__global_NAME__overload_N`).
    this.functions = program.functions
      .filter((f) => !program.unusedFunctions.has(f))
      .map((f, i) => ({ f, i }))
      .sort((a, b) => (a.f.name < b.f.name ? -1 : a.f.name > b.f.name ? 1 : a.i - b.i))
      .map(({ f }) => f);
  }

  run(): void {
    this.unusedFunctions();
    if (this.options.unoptimized) return;
    const use = new VarUse(this.program);
    for (const p of this.program.probes) {
      use.stmt(p.body);
      if (p.condition) use.expr(p.condition);
    }
    this.unusedVariables(use);
    const replaced = this.deadAssignments(use);
    this.deadStatements(replaced);
  }

  private report(d: Diagnostic): void {
    this.sink.report(d);
  }

  // ---------------------------------------------------------------- opt1

  private unusedFunctions(): void {
    const reached = new Set<ScriptFunction>();
    const visit = (target: CallTarget | undefined) => {
      if (target?.kind !== 'script') return;
      for (const fn of target.overloads) {
        if (reached.has(fn)) continue;
        reached.add(fn);
        if (fn.decl.body.kind === 'Block') forEachCall(fn.decl.body, (c) => visit(this.program.calls.get(c)));
      }
    };
    for (const p of this.program.probes) {
      forEachCall(p.body, (c) => visit(this.program.calls.get(c)));
      if (p.condition) forEachCall(p.condition, (c) => visit(this.program.calls.get(c)));
    }
    for (const fn of this.functions) {
      if (reached.has(fn) || fn.library) continue;
      this.report(
        warning(
          OPTIMIZER_WARNING_CODES.unusedFunction,
          `Eliding unused function '${fn.name}'`,
          identifierIn(fn.decl.span, fn.name),
        ),
      );
    }
  }

  // ---------------------------------------------------------------- opt2

  private unusedVariables(use: VarUse): void {
    const globals = this.program.globals;
    const visibleGlobals = globals.filter((g) => g.decl?.isPrivate !== true).map((g) => g.name);
    const local = (l: Variable, others: readonly Variable[]) => {
      if (l.library || !inUserFile(l.span)) return;
      if (!use.read.has(l) && !use.written.has(l)) {
        this.unused(l);
      } else if (!use.written.has(l)) {
        const names = new Set([...others.map((v) => v.name), ...visibleGlobals]);
        names.delete(l.name);
        this.report(
          warning(
            OPTIMIZER_WARNING_CODES.neverAssignedLocal,
            `never-assigned local variable '${l.name}'${similar(l.name, names)}`,
            tokenAt(l.span, `identifier '${l.name}'`),
          ),
        );
      }
    };
    for (const p of this.program.probes) for (const l of p.locals) local(l, p.locals);
    for (const fn of this.functions) for (const l of fn.locals) local(l, [...fn.params, ...fn.locals]);
    const settings = this.options.globalSettings ?? new Set<string>();
    for (const g of globals) {
      if (g.library || !inUserFile(g.span)) continue;
      if (!use.read.has(g) && !use.written.has(g)) this.unused(g);
      else if (!use.written.has(g) && !this.program.initialisers.has(g) && !settings.has(g.name)) {
        const names = new Set(visibleGlobals.filter((n) => n !== g.name));
        this.report(
          warning(
            OPTIMIZER_WARNING_CODES.neverAssignedGlobal,
            `never-assigned global variable '${g.name}'${similar(g.name, names)}`,
            tokenAt(g.span, `identifier '${g.name}'`),
          ),
        );
      }
    }
  }

  private unused(v: Variable): void {
    this.report(
      warning(
        OPTIMIZER_WARNING_CODES.unusedVariable,
        `Eliding unused variable '${v.name}'`,
        tokenAt(v.span, `identifier '${v.name}'`),
      ),
    );
  }

  // ---------------------------------------------------------------- opt3

  /** Assignments to never-read locals, each replaced by its right side (innermost first). */
  private deadAssignments(use: VarUse): Map<Expr, Expr> {
    const replaced = new Map<Expr, Expr>();
    const visit = (e: Expr) => {
      if (e.kind !== 'Assign') return;
      const target = assignedVariable(e.left, this.program);
      if (target === undefined || use.read.has(target) || target.scope === 'global') return;
      const left = new VarUse(this.program);
      left.expr(e.left);
      if (!left.sideEffectFree()) return;
      if (inUserFile(e.left.span)) {
        this.report(
          warning(
            OPTIMIZER_WARNING_CODES.deadAssignment,
            `Eliding assignment to '${target.name}'`,
            exprToken(e),
          ),
        );
      }
      replaced.set(e, e.right);
    };
    for (const p of this.program.probes) forEachExpr(p.body, visit);
    for (const fn of this.functions) if (fn.decl.body.kind === 'Block') forEachExpr(fn.decl.body, visit);
    return replaced;
  }

  // ---------------------------------------------------------------- opt4

  private deadStatements(replaced: ReadonlyMap<Expr, Expr>): void {
    const globals = this.program.globals;
    for (const p of this.program.probes) {
      new DeadStatements(this.program, replaced, new Set([...globals, ...p.locals]), (d) =>
        this.report(d),
      ).block(p.body);
    }
    for (const fn of this.functions) {
      const body = fn.decl.body;
      if (body.kind !== 'Block') continue;
      const focal = new Set([...fn.locals, ...fn.params, ...globals]);
      const gone = new DeadStatements(this.program, replaced, focal, (d) => this.report(d)).block(body);
      if (gone) {
        this.report(
          warning(
            OPTIMIZER_WARNING_CODES.sideEffectFreeFunction,
            `side-effect-free function '${fn.name}'`,
            identifierIn(fn.decl.span, fn.name),
          ),
        );
      }
    }
  }
}

function similar(name: string, candidates: ReadonlySet<string>): string {
  const names = suggestSimilar(name, candidates);
  return names === '' ? '' : ` (similar: ${names})`;
}

/** stap's get_assignment_symbol_within_expression: the variable an lvalue writes, if plain. */
function assignedVariable(left: Expr, program: ResolvedProgram): Variable | undefined {
  if (left.kind === 'Symbol') return program.bindings.get(left);
  if (left.kind === 'Index' && left.base.kind === 'Symbol') return program.bindings.get(left.base);
  return undefined;
}

/**
 * stap's dead_stmtexpr_remover: removes expression statements with no effect on the focal
 * variables (the body's locals and parameters, and every global), empty blocks, and the
 * statements whose bodies all went; warns for the removed expression statements.
 */
class DeadStatements {
  constructor(
    private readonly program: ResolvedProgram,
    private readonly replaced: ReadonlyMap<Expr, Expr>,
    private readonly focal: ReadonlySet<Variable>,
    private readonly report: (d: Diagnostic) => void,
  ) {}

  /** Whether the block goes entirely. */
  block(b: Block): boolean {
    let kept = 0;
    for (const st of b.statements) if (!this.stmt(st)) kept++;
    return kept === 0;
  }

  /** Whether the statement goes. */
  private stmt(st: Stmt): boolean {
    switch (st.kind) {
      case 'Block':
        return this.block(st);
      case 'Null':
        return true;
      case 'ExprStmt':
        return this.exprStmt(st.expr, st.span);
      case 'If': {
        const thenGone = this.stmt(st.then);
        const elseGone = st.otherwise ? this.stmt(st.otherwise) : true;
        return thenGone && elseGone && this.sideEffectFree(st.cond, false);
      }
      case 'For': {
        // An absent condition is stap's literal 1.
        const gone = this.stmt(st.body);
        return (
          gone && [st.init, st.cond, st.step].every((e) => e === undefined || this.sideEffectFree(e, false))
        );
      }
      case 'While':
        return this.stmt(st.body) && this.sideEffectFree(st.cond, false);
      case 'Foreach':
        return this.stmt(st.body);
      case 'Try': {
        const bodyGone = this.block(st.body);
        this.block(st.handler);
        return bodyGone;
      }
      case 'Return':
      case 'Delete':
      case 'Next':
      case 'Break':
      case 'Continue':
        return false;
      default:
        return assertNever(st, 'statement');
    }
  }

  private exprStmt(e: Expr, span: Span): boolean {
    if (!this.sideEffectFree(e, true)) return false;
    if (inUserFile(span)) {
      this.report(
        warning(
          OPTIMIZER_WARNING_CODES.sideEffectFreeExpression,
          'Eliding side-effect-free expression ',
          tokenAt(span, exprToken(e).description),
        ),
      );
    }
    return true;
  }

  /** `relative`: writes to variables outside the focal set (a callee's locals) do not count. */
  private sideEffectFree(e: Expr, relative: boolean): boolean {
    const use = new VarUse(this.program, this.replaced);
    use.expr(e);
    if (!relative) return use.sideEffectFree();
    if (use.embedded) return false;
    for (const v of use.written) if (this.focal.has(v)) return false;
    return true;
  }
}
