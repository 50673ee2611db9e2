/**
 * The target variables a probe point offers, as `-L` lists them after the probe point
 * (stap's derived_probe::getargs): `$name:type`, in the order the point defines them.
 */
import type { ResolvedPoint } from '../program.js';
import { userVariableList } from './process-variables.js';

/** `struct task_struct *` → `struct task_struct*`, as stap prints C types. */
function cTypeText(cType: string): string {
  return cType.replace(/\s+\*/g, '*').trim();
}

export function probeVariables(point: ResolvedPoint): string[] {
  switch (point.family) {
    case 'kernel.trace': {
      const out: string[] = [];
      const seen = new Set<string>();
      for (const f of point.fields) {
        if (f.access.kind === 'unsupported') continue;
        seen.add(f.name);
        out.push(`$${f.name}:${f.access.kind === 'integer' ? 'long' : 'string'}`);
      }
      for (const p of point.params?.() ?? []) {
        if (seen.has(p.name)) continue;
        out.push(`$${p.name}:${cTypeText(p.cType)}`);
      }
      return out;
    }
    case 'process':
      return userVariableList(point);
    default:
      return [];
  }
}
