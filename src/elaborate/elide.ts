/**
 * Elision of unused code (stap's semantic_pass_opt1/opt2; off with `-u`): functions never
 * called, and variables neither read nor written, with stap's warnings for those the user wrote.
 */
import type { DiagnosticSink } from '../diag/index.js';
import type { DerivedProbe, ScriptFunction, Variable } from './program.js';

function warn(sink: DiagnosticSink, message: string, v: { span: Variable['span']; name: string }): void {
  sink.report({
    category: 'semantic',
    severity: 'warning',
    code: 'W200',
    message,
    span: v.span,
    subject: { label: 'at', description: `identifier '${v.name}'` },
  });
}

export function elideUnused(
  globals: Variable[],
  functions: ScriptFunction[],
  probes: readonly DerivedProbe[],
  unusedFunctions: ReadonlySet<ScriptFunction>,
  sink: DiagnosticSink,
): { globals: Variable[]; functions: ScriptFunction[] } {
  const keptFunctions = functions.filter((f) => {
    if (!unusedFunctions.has(f)) return true;
    if (!f.library) warn(sink, `Eliding unused function '${f.name}'`, { span: f.decl.span, name: f.name });
    return false;
  });
  const unused = (v: Variable) => !v.read && !v.written;
  const dropLocals = (owner: Variable[]) => {
    for (let i = owner.length - 1; i >= 0; i--) {
      const v = owner[i];
      if (v && unused(v)) owner.splice(i, 1);
    }
  };
  for (const p of probes) {
    for (const v of p.locals)
      if (unused(v) && !v.library) warn(sink, `Eliding unused variable '${v.name}'`, v);
    dropLocals(p.locals);
  }
  for (const f of keptFunctions) dropLocals(f.locals);
  const keptGlobals = globals.filter((g) => {
    if (!unused(g)) return true;
    if (!g.library) warn(sink, `Eliding unused variable '${g.name}'`, g);
    return false;
  });
  return { globals: keptGlobals, functions: keptFunctions };
}
