/**
 * What a pass-2 check rule sees: the resolved and typed program, stap's elision model (code
 * stap removed before its checks never gets them), the bodies in stap's visiting order, and a
 * reporter. One rule per file under `rules/`, each a function of this context (graphql-js style).
 */
import type { Diagnostic, DiagnosticSink } from '../../diag/index.js';
import type { Block, Expr, Stmt } from '../../lang/index.js';
import type { DerivedProbe, ScriptFunction, ValueType } from '../program.js';
import type { ResolvedProgram } from '../resolve/index.js';
import type { ElisionModel, Node, StapToken, WalkVisitor } from '../types/index.js';
import { walk, walkLive } from '../types/index.js';

export interface CheckOptions {
  /** `-g`: guru-only functions may be called. */
  readonly guru: boolean;
  /** `-u`: stap's optimizer removes nothing. */
  readonly unoptimized?: boolean;
  /** The optimizer's model, when the caller already computed it. */
  readonly elision?: ElisionModel;
}

/** One body stap checks: a function's or a probe's (the probe condition comes with its probe). */
export interface CheckedBody {
  readonly owner:
    | { readonly kind: 'function'; readonly fn: ScriptFunction }
    | { readonly kind: 'probe'; readonly probe: DerivedProbe };
  readonly body: Block;
  readonly condition?: Expr;
}

export interface CheckContext {
  readonly program: ResolvedProgram;
  readonly types: ReadonlyMap<Expr, ValueType>;
  readonly options: CheckOptions;
  readonly elision: ElisionModel;
  /**
   * Bodies as stap's later pass-2 checks see them: the functions still called (by name, as stap's
   * function map orders them), then the probes. Elided statements are skipped by `walkLive`.
   */
  readonly live: readonly CheckedBody[];
  /** Every body as parsed (for checks stap makes before optimizing): used functions, then probes. */
  readonly all: readonly CheckedBody[];
  /** Walks a body without the statements stap's optimizer removed. */
  walkLive(body: CheckedBody, visitor: WalkVisitor): void;
  /** Walks a whole body. */
  walkAll(body: CheckedBody, visitor: WalkVisitor): void;
  report(diagnostic: Diagnostic): void;
  error(code: string, message: string, tok: StapToken, extra?: Partial<Diagnostic>): void;
}

export type CheckRule = (ctx: CheckContext) => void;

export function makeContext(
  program: ResolvedProgram,
  types: ReadonlyMap<Expr, ValueType>,
  options: CheckOptions,
  elision: ElisionModel,
  sink: DiagnosticSink,
): CheckContext {
  const byName = (a: ScriptFunction, b: ScriptFunction) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
  const bodies = (fns: readonly ScriptFunction[]): CheckedBody[] => {
    const out: CheckedBody[] = [];
    for (const fn of [...fns].sort(byName)) {
      if (fn.decl.body.kind === 'Block') out.push({ owner: { kind: 'function', fn }, body: fn.decl.body });
    }
    for (const probe of program.probes) {
      out.push({
        owner: { kind: 'probe', probe },
        body: probe.body,
        ...(probe.condition ? { condition: probe.condition } : {}),
      });
    }
    return out;
  };
  const walkBody = (b: CheckedBody, visitor: WalkVisitor, live: boolean): void => {
    for (const root of b.condition ? [b.body, b.condition] : [b.body]) {
      if (live) walkLive(root, elision, visitor);
      else walk(root, visitor);
    }
  };
  const ctx: CheckContext = {
    program,
    types,
    options,
    elision,
    live: bodies(program.functions.filter((fn) => elision.functions.has(fn))),
    all: bodies(program.functions.filter((fn) => !program.unusedFunctions.has(fn))),
    walkLive: (b, visitor) => walkBody(b, visitor, true),
    walkAll: (b, visitor) => walkBody(b, visitor, false),
    report: (d) => sink.report(d),
    error: (code, message, tok, extra = {}) =>
      sink.report({
        category: 'semantic',
        severity: 'error',
        code,
        message,
        span: tok.span,
        subject: { label: 'at', description: tok.description },
        ...extra,
      }),
  };
  return ctx;
}

/** Statement kinds, for rules that track where they are. */
export function isLoop(node: Node): node is Extract<Stmt, { kind: 'For' | 'While' | 'Foreach' }> {
  return node.kind === 'For' || node.kind === 'While' || node.kind === 'Foreach';
}
