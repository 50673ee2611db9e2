/**
 * What stap's pass-2 optimizer removes *before* type checking (semantic_pass_optimize1 runs
 * ahead of semantic_pass_types), repeated until nothing changes:
 *
 * - constant conditions (fold.ts): the dead branch of `if (@defined($x))`, of a ternary...;
 * - assignments (`=`, `<<<`) to a local or parameter that is never read: `x = e` becomes `e`;
 * - statements without side effects: expression statements, empty blocks, `if`/`for`/`while`
 *   whose bodies went away and whose conditions have no effect, `foreach` with an empty body,
 *   `try` with an empty body (catch block included);
 * - statements after a `return`/`next`/`break`/`continue` in the same block;
 * - functions no probe calls any more, and overloads after one that never says `next` (stap's
 *   dead_overload_remover; it warns only at `-vvvv`).
 *
 * With `-u` only the first, the jumps and the functions apply. Stap never type-checks removed
 * code, so inference and the checks skip it: its errors are not reported and variables used only
 * there are not checked. Pass 2's elision step must drop the same code, since it stays untyped.
 *
 * A builtin that returns a value is free of side effects unless it is marked `impure` (the
 * tapset's embedded-C functions without the `pure` pragma); one that returns nothing (`exit()`,
 * `log()`) never is.
 */
import type { AssignExpr, Block, Expr, Stmt } from '../../lang/index.js';
import { assertNever } from '../../util/index.js';
import type { CallTarget, ScriptFunction, Variable } from '../program.js';
import type { ResolvedProgram } from '../resolve/index.js';
import { foldConstants } from './fold.js';
import { isPrintToStream, isStmt } from './nodes.js';
import { childrenOf, type Node, type WalkVisitor, walk } from './walk.js';

export interface ElisionModel {
  /** Statements stap removes before type checking. */
  readonly statements: ReadonlySet<Stmt>;
  /**
   * Constructs stap replaces: an `if` with a constant condition by its live branch, a false
   * `for` by its init, a ternary by its live branch, a constant `&&`/`||` by its value.
   */
  readonly folded: ReadonlyMap<Node, Node | bigint>;
  /** Assignments to a never-read local or parameter: stap keeps only the right side. */
  readonly assignments: ReadonlySet<AssignExpr>;
  /** Variables still referenced once the above are gone. */
  readonly live: ReadonlySet<Variable>;
  /** Functions still called from probes once the above are gone (stap elides the others). */
  readonly functions: ReadonlySet<ScriptFunction>;
}

export function modelElision(program: ResolvedProgram, unoptimized: boolean): ElisionModel {
  return new ElisionModeller(program, unoptimized).run();
}

/**
 * Walks the code that survives stap's optimizer: removed statements are skipped, folded
 * constructs are replaced by what replaces them, `@defined` operands are not entered.
 */
export function walkLive(
  root: Node,
  model: Pick<ElisionModel, 'statements' | 'folded'>,
  visitor: WalkVisitor,
  parent?: Node,
): void {
  const removed: ReadonlySet<Node> = model.statements;
  const live: WalkVisitor = {
    enter: (node, from) => {
      if (removed.has(node) || from?.kind === 'Defined') return false;
      const replacement = model.folded.get(node);
      if (replacement !== undefined) {
        if (typeof replacement !== 'bigint') walk(replacement, live, from);
        return false;
      }
      return visitor.enter?.(node, from);
    },
    ...(visitor.leave ? { leave: visitor.leave } : {}),
  };
  walk(root, live, parent);
}

class ElisionModeller {
  private statements = new Set<Stmt>();
  private readonly folded: ReadonlyMap<Node, Node | bigint>;
  private readonly constantRemoved: ReadonlySet<Stmt>;
  private readonly assignments = new Set<AssignExpr>();
  private readonly pureFunctions = new Map<ScriptFunction, boolean>();

  constructor(
    private readonly program: ResolvedProgram,
    private readonly unoptimized: boolean,
  ) {
    const folding = foldConstants(program);
    this.folded = folding.folded;
    this.constantRemoved = folding.removed;
  }

  run(): ElisionModel {
    let functions = this.calledFunctions();
    for (;;) {
      const before = this.statements.size + this.assignments.size + functions.size;
      this.markDeadAssignments(functions);
      this.statements = new Set(this.constantRemoved);
      for (const body of this.bodies(functions)) if (body.kind === 'Block') this.stmtGone(body);
      functions = this.calledFunctions();
      if (this.statements.size + this.assignments.size + functions.size === before) break;
    }
    return {
      statements: this.statements,
      folded: this.folded,
      assignments: this.assignments,
      live: this.referenced(functions),
      functions,
    };
  }

  /** The bodies that reach type checking: the functions still called, every probe and condition. */
  private bodies(functions: ReadonlySet<ScriptFunction>): Node[] {
    const out: Node[] = [];
    for (const fn of functions) if (fn.decl.body.kind === 'Block') out.push(fn.decl.body);
    for (const p of this.program.probes) {
      out.push(p.body);
      if (p.condition) out.push(p.condition);
    }
    return out;
  }

  /** Walks the live code of `functions` and the probes; dead assignment targets are skipped too. */
  private walkBodies(
    functions: ReadonlySet<ScriptFunction>,
    fn: (node: Node, parent: Node | undefined) => void,
  ): void {
    const model = { statements: this.statements, folded: this.folded };
    const skipped = new Set<Node>();
    for (const body of this.bodies(functions)) {
      walkLive(body, model, {
        enter: (node, parent) => {
          if (skipped.has(node)) return false;
          if (node.kind === 'Assign' && this.assignments.has(node)) skipped.add(node.left);
          fn(node, parent);
          return undefined;
        },
      });
    }
  }

  /** stap's semantic_pass_opt1: functions reachable from the probes through live code. */
  private calledFunctions(): Set<ScriptFunction> {
    const called = new Set<ScriptFunction>();
    const model = { statements: this.statements, folded: this.folded };
    const visit = (root: Node): void => {
      walkLive(root, model, {
        enter: (node) => {
          if (node.kind !== 'Call') return undefined;
          const target = this.program.calls.get(node);
          if (target?.kind !== 'script') return undefined;
          const overloads = this.unoptimized ? target.overloads : reachableOverloads(target.overloads);
          for (const fn of overloads) {
            if (called.has(fn)) continue;
            called.add(fn);
            if (fn.decl.body.kind === 'Block') visit(fn.decl.body);
          }
          return undefined;
        },
      });
    };
    for (const p of this.program.probes) {
      visit(p.body);
      if (p.condition) visit(p.condition);
    }
    return called;
  }

  /** stap's dead_assignment_remover: the target of `=`/`<<<` is a local no live code reads. */
  private markDeadAssignments(functions: ReadonlySet<ScriptFunction>): void {
    if (this.unoptimized) return;
    const read = new Set<Variable>();
    this.walkBodies(functions, (node, parent) => {
      if (node.kind !== 'Symbol') return;
      const v = this.program.bindings.get(node);
      if (v && !(parent?.kind === 'Assign' && parent.left === node && writesOnly(parent))) read.add(v);
    });
    this.walkBodies(functions, (node) => {
      if (node.kind !== 'Assign' || !writesOnly(node) || node.left.kind !== 'Symbol') return;
      const v = this.program.bindings.get(node.left);
      if (v && v.scope === 'local' && !read.has(v)) this.assignments.add(node);
    });
  }

  private referenced(functions: ReadonlySet<ScriptFunction>): Set<Variable> {
    const live = new Set<Variable>();
    this.walkBodies(functions, (node) => {
      if (node.kind === 'Symbol' || node.kind === 'Name') {
        const v = this.program.bindings.get(node);
        if (v) live.add(v);
      }
    });
    return live;
  }

  // ---------------------------------------------------------------- statements

  /** Whether `st` disappears; records every statement that does. */
  private stmtGone(st: Stmt): boolean {
    if (this.constantRemoved.has(st)) return true;
    const replacement = this.folded.get(st);
    let gone: boolean;
    if (replacement !== undefined && typeof replacement !== 'bigint') {
      // The replacement is a statement (an `if`'s branch) or a false `for`'s init expression.
      gone = isStmt(replacement)
        ? this.stmtGone(replacement)
        : !this.unoptimized && this.free(replacement as Expr);
    } else {
      gone = this.unoptimized ? this.controlOnly(st) : this.judge(st);
    }
    if (gone) this.statements.add(st);
    return gone;
  }

  /** With `-u` only unreachable statements go (and nested blocks are still looked into). */
  private controlOnly(st: Stmt): boolean {
    if (st.kind === 'Block') this.blockGone(st);
    else for (const child of childrenOf(st)) if (isStmt(child)) this.stmtGone(child);
    return false;
  }

  private judge(st: Stmt): boolean {
    switch (st.kind) {
      case 'Block':
        return this.blockGone(st);
      case 'Null':
        return true;
      case 'ExprStmt':
        return this.free(st.expr);
      case 'If': {
        const thenGone = this.stmtGone(st.then);
        const elseGone = st.otherwise ? this.stmtGone(st.otherwise) : true;
        return thenGone && elseGone && this.free(st.cond);
      }
      case 'For': {
        const bodyGone = this.stmtGone(st.body);
        return bodyGone && [st.init, st.cond, st.step].every((e) => !e || this.free(e));
      }
      case 'While':
        return this.stmtGone(st.body) && this.free(st.cond);
      case 'Foreach':
        return this.stmtGone(st.body);
      case 'Try': {
        const bodyGone = this.blockGone(st.body);
        this.blockGone(st.handler);
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

  /** A block goes when all its statements do; statements after a jump never run. */
  private blockGone(b: Block): boolean {
    let all = true;
    let jumped = false;
    for (const st of b.statements) {
      if (jumped) {
        this.statements.add(st);
        continue;
      }
      if (!this.stmtGone(st)) all = false;
      jumped = st.kind === 'Return' || st.kind === 'Next' || st.kind === 'Break' || st.kind === 'Continue';
    }
    return all && !this.unoptimized;
  }

  // ---------------------------------------------------------------- side effects

  /** No write to a variable of the program (dead assignments aside), no output, nothing impure called. */
  private free(e: Expr): boolean {
    const replacement = this.folded.get(e);
    if (typeof replacement === 'bigint') return true;
    if (replacement !== undefined) return this.free(replacement as Expr);
    if (e.kind === 'Defined') return true;
    if (e.kind === 'Assign') return this.assignments.has(e) && this.free(e.right);
    if (e.kind === 'PreCrement' || e.kind === 'PostCrement' || e.kind === 'EmbeddedExpr') return false;
    if (e.kind === 'Print') return !isPrintToStream(e) && e.args.every((a) => this.free(a));
    if (e.kind === 'Call') {
      const target = this.program.calls.get(e);
      return target !== undefined && this.callIsPure(target) && e.args.every((a) => this.free(a));
    }
    return childrenOf(e).every((c) => c.kind === 'Hist' || c.kind === 'Name' || this.free(c as Expr));
  }

  private callIsPure(target: CallTarget): boolean {
    if (target.kind === 'builtin') return target.fn.returns !== 'unknown' && target.fn.impure !== true;
    return target.overloads.every((fn) => this.functionIsPure(fn));
  }

  /** A called function is free of side effects if it writes no global (its own locals do not count). */
  private functionIsPure(fn: ScriptFunction): boolean {
    const known = this.pureFunctions.get(fn);
    if (known !== undefined) return known;
    this.pureFunctions.set(fn, false); // recursion: assume the worst
    const body = fn.decl.body;
    let pure = body.kind === 'Block';
    if (body.kind === 'Block') {
      walkLive(
        body,
        { statements: new Set(), folded: this.folded },
        {
          enter: (node) => {
            if (!pure) return false;
            if (!this.nodeIsPure(node)) pure = false;
            return undefined;
          },
        },
      );
    }
    this.pureFunctions.set(fn, pure);
    return pure;
  }

  private nodeIsPure(node: Node): boolean {
    if (node.kind === 'Assign') return !this.writesGlobal(node.left);
    if (node.kind === 'PreCrement' || node.kind === 'PostCrement') return !this.writesGlobal(node.operand);
    if (node.kind === 'Delete') return !this.writesGlobal(node.target);
    if (node.kind === 'EmbeddedExpr') return false;
    if (node.kind === 'Print') return !isPrintToStream(node);
    if (node.kind === 'Call') {
      const target = this.program.calls.get(node);
      return target !== undefined && this.callIsPure(target);
    }
    return true;
  }

  private writesGlobal(target: Expr): boolean {
    const sym =
      target.kind === 'Symbol'
        ? target
        : target.kind === 'Index' && target.base.kind === 'Symbol'
          ? target.base
          : undefined;
    if (!sym) return true;
    return this.program.bindings.get(sym)?.scope !== 'local';
  }
}

/**
 * The overloads a call can reach, in priority order: up to the first one without a `next`
 * statement (or `STAP_NEXT` in embedded C), as stap judges it.
 */
export function reachableOverloads(overloads: readonly ScriptFunction[]): readonly ScriptFunction[] {
  const end = overloads.findIndex((fn) => !mayFallThrough(fn));
  return end < 0 ? overloads : overloads.slice(0, end + 1);
}

function mayFallThrough(fn: ScriptFunction): boolean {
  const body = fn.decl.body;
  if (body.kind === 'Embedded') return body.code.includes('STAP_NEXT');
  let found = false;
  walk(body, {
    enter: (node) => {
      if (node.kind === 'Next') found = true;
      return found ? false : undefined;
    },
  });
  return found;
}

function writesOnly(a: AssignExpr): boolean {
  return a.op === '=' || a.op === '<<<';
}
