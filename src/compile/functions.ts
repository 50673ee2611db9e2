/**
 * Calls to script functions in kernel handlers, inlined: the arguments are evaluated left to
 * right into fresh homes for the parameters, the function's locals are zeroed (as each stap call
 * does), the body is lowered in place with `return` storing the value and jumping to the end of
 * the call. Recursion, overload chains (`next` in a function) and embedded-C bodies are refused.
 */
import { R0, R10 } from '../bpf/index.js';
import type { ScriptFunction, Variable } from '../elaborate/index.js';
import type { CallExpr, ReturnStmt } from '../lang/index.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { LocalHome, Lowering } from './lowering.js';
import { lowerStmt } from './statements.js';
import { evalString, stringBuffer } from './strings.js';

/** The script function a call runs, or undefined for a builtin. */
export function scriptTarget(L: Lowering, e: CallExpr): ScriptFunction | undefined {
  const target = L.program.calls.get(e);
  if (target?.kind !== 'script') return undefined;
  if (target.overloads.length !== 1) return L.unsupported(e.span, 'calling an overloaded function');
  const fn = target.overloads[0];
  if (fn === undefined || fn.body.kind !== 'Block') return L.unsupported(e.span, `${e.name}()`);
  return fn;
}

/**
 * Inlines `fn` at the call `e`. A long result ends in r0; a string result is returned (in `into`
 * when given); a function returning nothing leaves r0 = 0.
 */
export function inlineCall(L: Lowering, e: CallExpr, fn: ScriptFunction, into?: Region): Region | undefined {
  const b = L.b;
  if (L.inlining.some((f) => f.fn === fn)) return L.unsupported(e.span, 'a recursive function call');
  // Arguments first, in the caller's scope, each into its parameter's new home.
  const homes: [Variable, ReturnType<typeof home>][] = [];
  fn.params.forEach((param, i) => {
    const arg = e.args[i];
    if (arg === undefined) L.unsupported(e.span, `${e.name}()`);
    const h = home(L, param);
    if (h.kind === 'long') {
      evalLong(L, arg);
      b.stx(8, R10, h.slot.offset, R0);
    } else if (h.kind === 'string') {
      evalString(L, arg, h.buffer);
    } else {
      L.unsupported(arg.span, 'this argument');
    }
    homes.push([param, h]);
  });
  const saved = new Map<Variable, LocalHome>();
  const bind = (v: Variable, h: ReturnType<typeof home>): void => {
    const before = L.locals.get(v);
    if (before !== undefined && !saved.has(v)) saved.set(v, before);
    if (h.kind !== 'none') L.locals.set(v, h);
  };
  for (const [v, h] of homes) bind(v, h);
  for (const v of fn.locals) {
    const h = home(L, v);
    if (h.kind === 'long') b.st(8, R10, h.slot.offset, 0);
    else if (h.kind === 'string') L.zero(h.buffer);
    bind(v, h);
  }
  const kind = fn.returnType === 'long' ? 'long' : fn.returnType === 'string' ? 'string' : 'none';
  const result =
    kind === 'long'
      ? L.frame.slot()
      : kind === 'string'
        ? (into ?? stringBuffer(L, L.capacities.maxStringLen))
        : undefined;
  if (result !== undefined && kind === 'long') b.st(8, R10, result.offset, 0);
  if (result !== undefined && kind === 'string') L.zero(result);
  const body = fn.body;
  if (body.kind !== 'Block') return L.unsupported(e.span, `${e.name}()`);
  const end = b.newLabel(`ret_${fn.name}`);
  const loops = L.loops.splice(0);
  L.inlining.push({ fn, end, kind, result });
  try {
    lowerStmt(L, body);
  } finally {
    L.inlining.pop();
    L.loops.push(...loops);
    for (const v of [...fn.params, ...fn.locals]) {
      const before = saved.get(v);
      if (before === undefined) L.locals.delete(v);
      else L.locals.set(v, before);
    }
  }
  b.label(end);
  b.at(e.span);
  if (kind === 'long' && result !== undefined) L.reload(R0, result);
  else b.mov64(R0, 0);
  return kind === 'string' ? result : undefined;
}

/** `return [value]` inside an inlined function. */
export function lowerReturn(L: Lowering, s: ReturnStmt): void {
  const call = L.inlining[L.inlining.length - 1];
  if (call === undefined) L.unsupported(s.span, "'return' outside a function");
  if (s.value !== undefined && call.result !== undefined) {
    if (call.kind === 'long') {
      evalLong(L, s.value);
      L.b.stx(8, R10, call.result.offset, R0);
    } else {
      evalString(L, s.value, call.result);
    }
  }
  L.b.ja(call.end);
}

function home(
  L: Lowering,
  v: Variable,
):
  | { readonly kind: 'long'; readonly slot: Region }
  | { readonly kind: 'string'; readonly buffer: Region }
  | { readonly kind: 'none' } {
  if (v.type === 'long') return { kind: 'long', slot: L.frame.slot() };
  if (v.type === 'string') return { kind: 'string', buffer: stringBuffer(L, L.capacities.variable(v)) };
  return { kind: 'none' };
}
