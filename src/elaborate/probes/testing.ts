/**
 * Test support for the probe families: a script through the real front end and elaboration
 * against a fake target system, with the diagnostics flattened as `flatten` writes them.
 */
import { DiagnosticBag } from '../../diag/index.js';
import { parseTestScript } from '../../lang/index.js';
import { BUILTIN_LOOKUP } from '../builtins/index.js';
import { elaborate } from '../index.js';
import type { Program } from '../program.js';
import type { TargetSystem } from '../target.js';
import { flatten } from '../types/testing.js';

/** Elaborates `text` (as file `t.stp`, optimized, no guru mode) against `target`. */
export function elaborateText(
  text: string,
  target: TargetSystem,
): { program: Program | undefined; messages: string[] } {
  const bag = new DiagnosticBag();
  const script = parseTestScript(text, bag);
  const { program } = elaborate(
    [script],
    [],
    BUILTIN_LOOKUP,
    { guru: false, unoptimized: false, target },
    bag,
  );
  return { program, messages: flatten(bag.all) };
}
