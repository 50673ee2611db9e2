/**
 * Pass 2, elaboration: resolution (probes, aliases, symbols, tapset pull-in), type inference,
 * semantic checks, then elision of unused code. Stops after the first step that reported errors,
 * as bpftrace's pass list does.
 */
import type { DiagnosticSink } from '../diag/index.js';
import type { Script } from '../lang/index.js';
import { ElisionRewriter } from './apply-elision.js';
import { runChecks } from './checks/index.js';
import { elideUnused } from './elide.js';
import { reportOptimizerWarnings } from './optimizer-warnings.js';
import type { CallTarget, DerivedProbe, Program } from './program.js';
import { type BuiltinLookup, resolveProgram } from './resolve/index.js';
import type { TargetSystem } from './target.js';
import { type ElisionModel, inferTypes, modelElision, reachableOverloads } from './types/index.js';
import { markUsage } from './usage.js';

export * from './builtins/index.js';
export { type FunctionListingOptions, functionListing } from './function-listing.js';
export { printProgram } from './print.js';
export { probeTypeListing } from './probe-type-listing.js';
export { PROVIDERS, type ProbeFamily } from './probes/families.js';
export { castType, pathOf, type TraceVariable, traceAccess, traceVariable } from './probes/kernel-trace.js';
export { type UserVariable, userVariable, userVariableList } from './probes/process-variables.js';
export {
  type ArgumentSource,
  argumentOf,
  type DecodedSource,
  decodedSourceOf,
  decodedSyscalls,
  decodedVariables,
  parameterVariables,
  syscallListing,
  syscallPointName,
  syscallVariable,
  syscallVariableList,
} from './probes/syscall.js';
export { probeVariables } from './probes/variables.js';
export type * from './program.js';
export { runsInKernel } from './program.js';
export type { BuiltinLookup } from './resolve/index.js';
export type * from './target.js';
export { fakeTarget, NO_TARGET } from './target.js';
export {
  autocastSpan,
  autocastTypeName,
  type CastAddress,
  castAddress,
  castConstant,
  childrenOf,
  evaluateDefined,
  type Node as AstNode,
  type WalkVisitor,
  walk,
} from './types/index.js';

export interface ElaborateOptions {
  /** `-g`. */
  readonly guru: boolean;
  /** `-u`: keep unused functions and variables. */
  readonly unoptimized: boolean;
  /** What the system offers (tracepoints...); without it every kernel probe point fails. */
  readonly target?: TargetSystem;
  /** Globals set with `-G NAME=VALUE` (no "never-assigned" warning for them). */
  readonly globalSettings?: ReadonlySet<string>;
}

export interface ElaborateResult {
  readonly program: Program | undefined;
  readonly errorCount: number;
}

export function elaborate(
  userScripts: readonly Script[],
  library: readonly Script[],
  builtins: BuiltinLookup,
  options: ElaborateOptions,
  outer: DiagnosticSink,
): ElaborateResult {
  let errorCount = 0;
  const sink: DiagnosticSink = {
    report(d) {
      if (d.severity === 'error') errorCount++;
      outer.report(d);
    },
  };
  const resolved = resolveProgram(userScripts, library, builtins, sink, options.target);
  if (errorCount > 0) return { program: undefined, errorCount };
  const unoptimized = options.unoptimized;
  // stap's optimizer runs before type checking; code it removes is never typed or checked.
  reportOptimizerWarnings(
    resolved,
    { unoptimized, ...(options.globalSettings ? { globalSettings: options.globalSettings } : {}) },
    sink,
  );
  const elision = modelElision(resolved, unoptimized);
  if (!unoptimized) reportElidedProbes(resolved.probes, elision, sink);
  const types = inferTypes(resolved, sink, { unoptimized, elision });
  if (errorCount > 0) return { program: undefined, errorCount };
  runChecks(resolved, types, { guru: options.guru, unoptimized, elision }, sink);
  if (errorCount > 0) return { program: undefined, errorCount };

  const rewriter = new ElisionRewriter(elision, types);
  const functions = unoptimized
    ? resolved.functions
    : resolved.functions.filter((f) => elision.functions.has(f));
  for (const f of functions) if (f.body.kind === 'Block') f.body = rewriter.block(f.body);
  let probes = resolved.probes.map((p) => ({
    ...p,
    body: rewriter.block(p.body),
    ...(p.condition ? { condition: rewriter.expr(p.condition) } : {}),
  }));
  if (!unoptimized) probes = probes.filter((p) => p.body.statements.length > 0 || p.condition);
  if (!probes.some((p) => !p.fromLibrary)) {
    sink.report({ category: 'semantic', severity: 'error', code: 'S001', message: 'no probes found' });
    return { program: undefined, errorCount };
  }

  for (const p of probes) {
    markUsage(p.body, resolved.bindings);
    if (p.condition) markUsage(p.condition, resolved.bindings);
  }
  for (const f of functions) if (f.body.kind === 'Block') markUsage(f.body, resolved.bindings);
  for (const g of resolved.initialisers.keys()) g.written = true;
  const unused = new Set(resolved.functions.filter((f) => !functions.includes(f)));
  const kept = unoptimized
    ? { globals: resolved.globals, functions }
    : elideUnused(resolved.globals, resolved.functions, probes, unused);
  const program: Program = {
    globals: kept.globals,
    functions: kept.functions,
    probes,
    initialisers: resolved.initialisers,
    bindings: resolved.bindings,
    calls: unoptimized ? resolved.calls : withoutDeadOverloads(resolved.calls),
    types,
    ...(resolved.kernelTypes === undefined ? {} : { kernelTypes: resolved.kernelTypes }),
  };
  return { program, errorCount };
}

/**
 * Probes whose handler the optimizer empties do nothing; stap drops them with a warning at the
 * end of its optimizer loop, before type checking.
 */
function reportElidedProbes(
  probes: readonly DerivedProbe[],
  elision: ElisionModel,
  sink: DiagnosticSink,
): void {
  for (const p of probes) {
    if (p.condition || !elision.statements.has(p.body)) continue;
    const first = p.written.components[0];
    if (p.fromLibrary || !first) continue;
    sink.report({
      category: 'semantic',
      severity: 'warning',
      code: 'W201',
      message: `Probe '${first.name}' has been elided`,
      span: p.written.span,
      subject: { label: 'at', description: `identifier '${first.name}'` },
    });
  }
}

/** Calls without the overloads they can never reach (see `reachableOverloads`). */
function withoutDeadOverloads<K>(calls: ReadonlyMap<K, CallTarget>): Map<K, CallTarget> {
  const out = new Map<K, CallTarget>();
  for (const [call, target] of calls) {
    if (target.kind !== 'script') out.set(call, target);
    else {
      const overloads = reachableOverloads(target.overloads);
      out.set(call, overloads.length === target.overloads.length ? target : { kind: 'script', overloads });
    }
  }
  return out;
}
