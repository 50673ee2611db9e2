/**
 * Where inference meets autocast (autocast.ts): an autocast in a kernel handler (kernel.trace,
 * syscall, perf, process...), or in a function when the program has kernel types, waits for its
 * operand's type; `=` into a local and `return` carry a value's type to the declaration.
 * Elsewhere (user-space handlers) autocasts keep their own rules (targets.ts).
 */
import type { AssignExpr, AutocastExpr, Expr } from '../../lang/index.js';
import { runsInKernel, type ScriptFunction } from '../program.js';
import { type DetailsContext, detailsOf } from './autocast.js';
import { TYPE_CODES } from './codes.js';
import { typedToken } from './context.js';
import { type ExprEnv, settle, visitExpr } from './expressions.js';
import { targetValueType } from './targets.js';
import { exprToken } from './tokens.js';

/** The kernel types an expression here is typed with, or undefined outside kernel handlers. */
function detailsContext(env: ExprEnv): DetailsContext | undefined {
  const s = env.state;
  const fn = s.currentFunction;
  const point = s.currentProbe?.point;
  let types: DetailsContext['types'] | undefined;
  if (fn !== undefined) types = s.kernelTypes;
  else if (point?.family === 'kernel.trace') types = point.kernelType ?? s.kernelTypes ?? (() => undefined);
  // Every other handler that runs in the kernel (syscall, perf, process...) reads them the same way.
  else if (point !== undefined && runsInKernel(point)) types = s.kernelTypes ?? (() => undefined);
  if (types === undefined) return undefined;
  return {
    types,
    probe: fn === undefined ? s.currentProbe : undefined,
    variableOf: (e) => env.variableOf(e),
    functionsOf: (e) =>
      env.calleesOf(e).flatMap(({ decl }) => ('kind' in decl && decl.kind === 'script' ? [decl] : [])),
    builtinOf: (e) => {
      const [callee] = env.calleesOf(e);
      return callee !== undefined && 'kind' in callee.decl && callee.decl.kind === 'builtin-decl'
        ? callee.decl.signature.name
        : undefined;
    },
  };
}

/**
 * An autocast where kernel types are known: typed once its operand's type is fixed (between
 * rounds), else pending and, in the last round, stap's "unknown type in dereference". False when
 * the handler is not a kernel one (the caller applies its own rules).
 */
export function visitAutocast(env: ExprEnv, e: AutocastExpr): boolean {
  const cx = detailsContext(env);
  if (cx === undefined) return false;
  const s = env.state;
  const autocasts = s.autocasts;
  if (!autocasts.isFixed(e)) {
    if (s.assertResolvability)
      s.report(s.diagnostic(TYPE_CODES.autocastUnknown, 'unknown type in dereference', exprToken(e)));
    autocasts.wait(e, () => detailsOf(cx, autocasts.decls, e.operand));
    s.pending();
  }
  visitExpr(env, e.operand, 'long');
  for (const c of e.components) if (c.kind === 'Subscript') visitExpr(env, c.index, 'long');
  if (!autocasts.isFixed(e)) return true;
  if (e.components.length === 0) {
    // `&t` of a typed local: stap's expansion refuses it.
    s.report(
      s.diagnostic(TYPE_CODES.autocastAddress, 'cannot take address of tracepoint variable', exprToken(e)),
    );
  }
  settle(s, e, targetValueType(e));
  return true;
}

/** `local = value`: the local takes the value's type (a second, different one is a conflict). */
export function assignDetails(env: ExprEnv, e: AssignExpr): void {
  if (e.op !== '=' || e.left.kind !== 'Symbol') return;
  const v = env.variableOf(e.left);
  if (v.scope !== 'local') return;
  const cx = detailsContext(env);
  if (cx === undefined) return;
  const s = env.state;
  if (s.autocasts.merge(v, detailsOf(cx, s.autocasts.decls, e.right))) s.resolved(() => exprToken(e));
}

/** `return value`: the function takes the value's type, as stap's function `type_details`. */
export function returnDetails(env: ExprEnv, fn: ScriptFunction, value: Expr): void {
  const cx = detailsContext(env);
  if (cx === undefined) return;
  const s = env.state;
  if (s.autocasts.merge(fn, detailsOf(cx, s.autocasts.decls, value))) s.resolved(() => typedToken(value));
}
