/**
 * Pass 2, type inference (stap's semantic_pass_types): whole-program fixed-point propagation over
 * every used function (in name order, as stap's function map) and every probe, until a round
 * resolves nothing new. If something is still unresolved, one last round runs with
 * `assertResolvability` set and reports it. Mismatches are reported as soon as they are seen.
 * Fills in `Variable.type`/`keyTypes` and `ScriptFunction.returnType` and returns the type of
 * every expression.
 */
import type { DiagnosticSink } from '../../diag/index.js';
import type { CallExpr, Expr, Name, Stmt, SymbolExpr } from '../../lang/index.js';
import { pointText } from '../probes/point-text.js';
import type { BuiltinSignature, ScriptFunction, ValueType, Variable } from '../program.js';
import type { ResolvedProgram } from '../resolve/index.js';
import { TYPE_CODES } from './codes.js';
import {
  type BuiltinDecl,
  type Decl,
  type FormalDecl,
  InferenceAbort,
  InferenceState,
  variableToken,
} from './context.js';
import { type ElisionModel, modelElision } from './elision.js';
import { isSynthetic, visitExpr } from './expressions.js';
import { type StmtEnv, visitBlock } from './statements.js';
import { tokenAt } from './tokens.js';
import type { Node } from './walk.js';

export { autocastSpan, autocastTypeName } from './autocast.js';
export { type CastAddress, castAddress, castConstant } from './cast-constant.js';
export { TYPE_CODES, type TypeCode } from './codes.js';
export { variableToken } from './context.js';
export { type ElisionModel, modelElision, reachableOverloads, walkLive } from './elision.js';
export { constantValue } from './fold.js';
export { isPrintToStream, isStmt } from './nodes.js';
export { evaluateDefined, hasTargetVariables, targetValueType } from './targets.js';
export {
  exprToken,
  identifierIn,
  nameToken,
  type StapToken,
  tokenAfter,
  tokenAt,
  tokenOfKind,
} from './tokens.js';
export { childrenOf, type Node, type WalkVisitor, walk } from './walk.js';

export interface InferOptions {
  /** `-u`: stap's optimizer removes nothing, so everything is checked. */
  readonly unoptimized?: boolean;
  /** The optimizer's model, when the caller already computed it (it must match `unoptimized`). */
  readonly elision?: ElisionModel;
}

/** More rounds than any real program needs; reaching it would be a bug of ours. */
const MAX_ROUNDS = 10_000;

export function inferTypes(
  program: ResolvedProgram,
  sink: DiagnosticSink,
  options: InferOptions = {},
): Map<Expr, ValueType> {
  const elision = options.elision ?? modelElision(program, options.unoptimized ?? false);
  const inference = new Inference(program, elision, sink);
  inference.run();
  return inference.expressionTypes();
}

class Inference implements StmtEnv {
  readonly state: InferenceState;
  private readonly builtinDecls = new Map<BuiltinSignature, BuiltinDecl>();
  private readonly functions: ScriptFunction[];

  constructor(
    private readonly program: ResolvedProgram,
    private readonly elision: ElisionModel,
    private readonly sink: DiagnosticSink,
  ) {
    this.state = new InferenceState(sink);
    this.state.kernelTypes = program.kernelTypes;
    for (const p of program.probes) {
      if (p.point.family === 'kernel.trace' && p.point.kernelType !== undefined)
        this.state.kernelTypes = p.point.kernelType;
    }
    this.functions = program.functions
      .filter((fn) => elision.functions.has(fn))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  }

  run(): void {
    this.reportEmbeddedFunctions();
    const s = this.state;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      s.newlyResolved = 0;
      s.stillUnresolved = 0;
      try {
        this.visitProgram();
        // stap's autocast-expanding visitor, between rounds (autocast.ts).
        s.newlyResolved += s.autocasts.expand();
      } catch (e) {
        if (!(e instanceof InferenceAbort)) throw e;
        this.sink.report(this.wrapAbort(e));
        return;
      }
      if (s.newlyResolved > 0) continue;
      if (s.stillUnresolved === 0 || s.assertResolvability) return;
      s.assertResolvability = true;
    }
    throw new Error('type inference did not converge');
  }

  private visitProgram(): void {
    const s = this.state;
    for (const fn of this.functions) {
      const body = fn.decl.body;
      if (body.kind !== 'Block') continue;
      s.currentProbe = undefined;
      s.currentFunction = fn;
      visitBlock(this, body);
      for (const v of fn.locals) this.checkLocal(v);
    }
    for (const probe of this.program.probes) {
      s.currentFunction = undefined;
      s.currentProbe = probe;
      visitBlock(this, probe.body);
      for (const v of probe.locals) this.checkLocal(v);
      if (probe.condition) {
        s.currentProbe = undefined;
        visitExpr(this, probe.condition, 'long');
      }
    }
    s.currentFunction = undefined;
    s.currentProbe = undefined;
    for (const g of this.program.globals) {
      if (g.type === 'unknown' && this.elision.live.has(g)) s.unresolved(() => variableToken(g));
    }
  }

  /** stap's check_local: locals are scalars of type long or string. */
  private checkLocal(v: Variable): void {
    if (!this.elision.live.has(v)) return;
    const s = this.state;
    if (v.arity !== undefined && v.arity !== 0) {
      s.pending();
      if (s.assertResolvability) {
        s.report(
          s.diagnostic(
            TYPE_CODES.arrayLocal,
            'array locals not supported, missing global declaration? ',
            variableToken(v),
          ),
        );
      }
    }
    if (v.type === 'unknown') s.unresolved(() => variableToken(v));
    else if (v.type === 'stats') {
      s.pending();
      if (s.assertResolvability) {
        s.report(
          s.diagnostic(
            TYPE_CODES.statLocal,
            'stat locals not supported, missing global declaration? ',
            variableToken(v),
          ),
        );
      }
    }
  }

  /** A function written in C cannot run here; say so where it is used. */
  private reportEmbeddedFunctions(): void {
    for (const fn of this.functions) {
      const body = fn.decl.body;
      if (body.kind !== 'Embedded') continue;
      const s = this.state;
      s.report(
        s.diagnostic(
          TYPE_CODES.embeddedC,
          'embedded C is not supported by tstap',
          tokenAt(body.span, 'embedded-code'),
        ),
      );
    }
  }

  private wrapAbort(e: InferenceAbort) {
    const s = this.state;
    const fn = s.currentFunction;
    const probe = s.currentProbe;
    const where = fn ? `function ${fn.name}` : probe ? `probe ${pointText(probe.written)}` : undefined;
    if (!where) return e.diagnostic;
    return {
      category: 'semantic' as const,
      severity: 'error' as const,
      code: TYPE_CODES.whileProcessing,
      message: `while processing ${where}`,
      chain: [e.diagnostic],
    };
  }

  expressionTypes(): Map<Expr, ValueType> {
    const out = new Map<Expr, ValueType>();
    for (const [node, t] of this.state.types)
      if (node.kind !== 'Name' && !isSynthetic(node)) out.set(node, t);
    return out;
  }

  // ---------------------------------------------------------------- env

  variableOf(node: SymbolExpr | Name): Variable {
    const v = this.program.bindings.get(node);
    if (!v) throw new Error(`unbound ${node.kind} '${node.name}'`);
    return v;
  }

  calleesOf(call: CallExpr): readonly { decl: Decl; params: readonly (Variable | FormalDecl)[] }[] {
    const target = this.program.calls.get(call);
    if (!target) throw new Error(`unresolved call '${call.name}'`);
    if (target.kind === 'script') return target.overloads.map((fn) => ({ decl: fn, params: fn.params }));
    const decl = this.builtinDecl(target.fn);
    return [{ decl, params: decl.params }];
  }

  private builtinDecl(sig: BuiltinSignature): BuiltinDecl {
    let d = this.builtinDecls.get(sig);
    if (!d) {
      d = {
        kind: 'builtin-decl',
        signature: sig,
        type: sig.returns,
        params: sig.params.map((type): FormalDecl => ({ kind: 'formal-decl', type })),
      };
      this.builtinDecls.set(sig, d);
    }
    return d;
  }

  isDeadAssignment(e: Parameters<StmtEnv['isDeadAssignment']>[0]): boolean {
    return this.elision.assignments.has(e);
  }

  isElided(st: Stmt): boolean {
    return this.elision.statements.has(st);
  }

  replacement(node: Node): Node | bigint | undefined {
    return this.elision.folded.get(node);
  }
}
