/**
 * Elision of unused code (stap's semantic_pass_opt1/opt2; off with `-u`): functions never
 * called, and variables neither read nor written. stap warns only about what the first round of
 * its optimizer finds, which src/elaborate/optimizer-warnings.ts reports.
 */
import type { DerivedProbe, ScriptFunction, Variable } from './program.js';

export function elideUnused(
  globals: Variable[],
  functions: ScriptFunction[],
  probes: readonly DerivedProbe[],
  unusedFunctions: ReadonlySet<ScriptFunction>,
): { globals: Variable[]; functions: ScriptFunction[] } {
  const keptFunctions = functions.filter((f) => !unusedFunctions.has(f));
  const unused = (v: Variable) => !v.read && !v.written;
  const dropLocals = (owner: Variable[]) => {
    for (let i = owner.length - 1; i >= 0; i--) {
      const v = owner[i];
      if (v && unused(v)) owner.splice(i, 1);
    }
  };
  for (const p of probes) dropLocals(p.locals);
  for (const f of keptFunctions) dropLocals(f.locals);
  const keptGlobals = globals.filter((g) => !unused(g));
  return { globals: keptGlobals, functions: keptFunctions };
}
