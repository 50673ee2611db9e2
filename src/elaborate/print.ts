/** `-p2` output, in the shape of `stap -p2`: globals, functions with locals, probes with locals. */
import { printBlock } from '../lang/index.js';
import { pointText } from './probes/point-text.js';
import type { DerivedProbe, Program, ScriptFunction, Variable } from './program.js';

function varSig(v: Variable): string {
  const d = v.decl;
  let s = v.name;
  if (d?.wrap) s += '%';
  if (d?.maxEntries !== undefined) s += `[${d.maxEntries}]`;
  s += `:${v.type}`;
  if ((v.arity ?? 0) > 0) s += ` [${v.keyTypes.join(', ')}]`;
  return s;
}

function functionSig(f: ScriptFunction): string {
  return `${f.name}:${f.returnType} (${f.params.map((p) => `${p.name}:${p.type}`).join(', ')})`;
}

function probeSig(p: DerivedProbe): string {
  return `${p.name} /* <- ${pointText(p.written)} */`;
}

function locals(out: string[], vars: readonly Variable[]): void {
  if (vars.length === 0) return;
  out.push('  # locals');
  for (const v of vars) out.push(`  ${varSig(v)}`);
}

/** `verbose` adds each body, as `stap -v -p2` does. */
export function printProgram(program: Program, verbose: boolean): string {
  const out: string[] = [];
  if (program.globals.length > 0) out.push('# globals');
  for (const g of program.globals) out.push(varSig(g));
  const functions = [...program.functions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (functions.length > 0) out.push('# functions');
  for (const f of functions) {
    out.push(functionSig(f));
    locals(out, f.locals);
    if (verbose && f.body.kind === 'Block') out.push(printBlock(f.body));
  }
  if (program.probes.length > 0) out.push('# probes');
  for (const p of program.probes) {
    out.push(probeSig(p));
    locals(out, p.locals);
    if (verbose) out.push(printBlock(p.body));
  }
  return `${out.join('\n')}\n`;
}
