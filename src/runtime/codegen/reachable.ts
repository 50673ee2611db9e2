/**
 * The script functions user-space handlers can call: those reachable from the probes that run in
 * user space (begin, end, error, timers). A function only kernel probes call is compiled to BPF
 * alone, so what only the kernel side can do (`@cast`, TP_PROTO parameters) does not make the
 * user-space code generator refuse it.
 */
import {
  type AstNode,
  type Program,
  runsInKernel,
  type ScriptFunction,
  walk,
} from '../../elaborate/index.js';

export function userSpaceFunctions(program: Program): Set<ScriptFunction> {
  const reached = new Set<ScriptFunction>();
  const pending: ScriptFunction[] = [];
  const visit = (node: AstNode): undefined => {
    if (node.kind !== 'Call') return undefined;
    const target = program.calls.get(node);
    if (target?.kind !== 'script') return undefined;
    for (const fn of target.overloads) {
      if (reached.has(fn)) continue;
      reached.add(fn);
      pending.push(fn);
    }
    return undefined;
  };
  for (const p of program.probes) {
    if (p.point.family === 'never' || runsInKernel(p.point)) continue;
    walk(p.body, { enter: visit });
    if (p.condition) walk(p.condition, { enter: visit });
  }
  for (let fn = pending.pop(); fn !== undefined; fn = pending.pop()) {
    if (fn.body.kind === 'Block') walk(fn.body, { enter: visit });
  }
  return reached;
}
