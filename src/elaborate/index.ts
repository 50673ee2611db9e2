/**
 * Pass 2, elaboration: resolution (probes, aliases, symbols, tapset pull-in), type inference,
 * semantic checks, then elision of unused code. Stops after the first step that reported errors,
 * as bpftrace's pass list does.
 */
import type { DiagnosticSink } from '../diag/index.js';
import type { Script } from '../lang/index.js';
import { runChecks } from './checks/index.js';
import { elideUnused } from './elide.js';
import type { Program } from './program.js';
import { type BuiltinLookup, resolveProgram } from './resolve/index.js';
import { inferTypes } from './types/index.js';
import { markUsage } from './usage.js';

export { printProgram } from './print.js';
export { PROVIDERS, type ProbeFamily } from './probes/families.js';
export type * from './program.js';
export type { BuiltinLookup } from './resolve/index.js';

export interface ElaborateOptions {
  /** `-g`. */
  readonly guru: boolean;
  /** `-u`: keep unused functions and variables. */
  readonly unoptimized: boolean;
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
  const resolved = resolveProgram(userScripts, library, builtins, sink);
  if (errorCount > 0) return { program: undefined, errorCount };
  if (resolved.probes.length === 0) {
    sink.report({ category: 'semantic', severity: 'error', code: 'S001', message: 'no probes found' });
    return { program: undefined, errorCount };
  }
  const types = inferTypes(resolved, sink);
  if (errorCount > 0) return { program: undefined, errorCount };
  runChecks(resolved, types, { guru: options.guru }, sink);
  if (errorCount > 0) return { program: undefined, errorCount };
  for (const p of resolved.probes) {
    markUsage(p.body, resolved.bindings);
    if (p.condition) markUsage(p.condition, resolved.bindings);
  }
  for (const f of resolved.functions) {
    if (f.decl.body.kind === 'Block') markUsage(f.decl.body, resolved.bindings);
  }
  for (const g of resolved.initialisers.keys()) g.written = true;
  const kept = options.unoptimized
    ? { globals: resolved.globals, functions: resolved.functions }
    : elideUnused(resolved.globals, resolved.functions, resolved.probes, resolved.unusedFunctions, sink);
  const program: Program = {
    globals: kept.globals,
    functions: kept.functions,
    probes: resolved.probes,
    initialisers: resolved.initialisers,
    bindings: resolved.bindings,
    calls: resolved.calls,
    types,
  };
  return { program, errorCount };
}
export * from './builtins/index.js';
