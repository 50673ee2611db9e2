/**
 * `while` and `for` in kernel handlers, in one of two forms chosen statically:
 *
 * - plain jumps (the condition at the top, the step before jumping back), when the verifier can
 *   see the loop end by following each trip: the condition compares a local with a literal of
 *   at most BOUNDED_TRIPS, and the body holds no loop and calls no script function (whose
 *   loops would multiply the trips it must follow); inside another loop's callback, only a
 *   `for` starting its counter from a literal. Fast, and MAXACTION is not counted;
 * - bpf_loop (5.17) otherwise: the body becomes a callback (subprograms.ts), called at most
 *   MAXACTION times; a loop still running then stops the handler with stap's
 *   `MAXACTION exceeded` error, blamed on the loop's first statement.
 */
import { BPF_FUNC_loop, R1, R2 } from '../bpf/index.js';
import { walk } from '../elaborate/index.js';
import type { Expr, ForStmt, Stmt, WhileStmt } from '../lang/index.js';
import { ERROR_CODE } from '../wire/index.js';
import { branch, evalEffect } from './expressions.js';
import { type Lowering, Unsupported } from './lowering.js';
import { lowerStmt } from './statements.js';
import { LOOPING_STRING_BUILTINS } from './string-builtins.js';
import { invokeCallback, lowerCallback, STATUS_COMPLETED } from './subprograms.js';

/** The largest literal bound a plain-jump loop may compare with. */
const BOUNDED_TRIPS = 1024;

/** stap's MAXACTION default, when the options do not say. */
const DEFAULT_MAX_ACTION = 1000;

/** Runs `body` with its temporaries released afterwards; absorbs a refusal (as statements do). */
export function inStatement(L: Lowering, body: () => void): void {
  const mark = L.frame.mark();
  try {
    body();
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
  } finally {
    L.frame.release(mark);
  }
}

export function lowerLoop(L: Lowering, s: ForStmt | WhileStmt): void {
  const b = L.b;
  if (s.kind === 'For' && s.init !== undefined) {
    const init = s.init;
    b.at(init.span);
    inStatement(L, () => evalEffect(L, init));
  }
  if (isBounded(L, s)) boundedLoop(L, s);
  else inStatement(L, () => callbackLoop(L, s));
}

function boundedLoop(L: Lowering, s: ForStmt | WhileStmt): void {
  const b = L.b;
  const top = b.newLabel('loop');
  const next = b.newLabel('continue');
  const end = b.newLabel('endloop');
  b.label(top);
  if (s.cond !== undefined) {
    const cond = s.cond;
    b.at(cond.span);
    inStatement(L, () => branch(L, cond, end, false));
  }
  L.loops.push({ breakTo: end, continueTo: next });
  try {
    lowerStmt(L, s.body);
  } finally {
    L.loops.pop();
  }
  b.label(next);
  lowerStep(L, s);
  b.ja(top).label(end);
}

function lowerStep(L: Lowering, s: ForStmt | WhileStmt): void {
  if (s.kind === 'For' && s.step !== undefined) {
    const step = s.step;
    L.b.at(step.span);
    inStatement(L, () => evalEffect(L, step));
  }
}

/** The loop as bpf_loop(MAXACTION, body callback): the condition is checked at each call's start. */
function callbackLoop(L: Lowering, s: ForStmt | WhileStmt): void {
  const b = L.b;
  const cb = lowerCallback(L, {
    ctxArg: R2,
    args: [],
    span: s.span,
    body: () => {
      const loop = L.loops[L.loops.length - 1]!;
      if (s.cond !== undefined) {
        const cond = s.cond;
        b.at(cond.span);
        inStatement(L, () => branch(L, cond, loop.breakTo, false));
      }
      lowerStmt(L, s.body);
    },
    step: () => lowerStep(L, s),
  });
  b.at(s.span);
  const maxAction = L.options.maxAction ?? DEFAULT_MAX_ACTION;
  invokeCallback(L, cb, BPF_FUNC_loop, () => b.mov64(R1, Math.max(1, Math.min(maxAction, 1 << 23))));
  const done = b.newLabel('looped');
  b.jne(R1, STATUS_COMPLETED, done);
  L.raise(firstStatement(s.body).span, ERROR_CODE.maxActionExceeded);
  b.label(done);
}

function firstStatement(s: Stmt): Stmt {
  if (s.kind === 'Block' && s.statements[0] !== undefined) return firstStatement(s.statements[0]);
  return s;
}

/**
 * Whether the plain-jump form loads: see the file comment. Inside a callback, locals arrive
 * unknown to the verifier (subprograms.ts launders them), so only a `for` that sets its counter
 * from a literal starts from a value the verifier can follow.
 */
function isBounded(L: Lowering, s: ForStmt | WhileStmt): boolean {
  if (s.cond === undefined || !comparesWithSmallLiteral(L, s.cond) || hasLoopOrCall(L, s.body)) return false;
  return (
    L.frame.callbackDepth === 0 || (s.kind === 'For' && s.init !== undefined && setsFromLiteral(L, s.init))
  );
}

/** `local = literal`. */
function setsFromLiteral(L: Lowering, e: Expr): boolean {
  return (
    e.kind === 'Assign' &&
    e.op === '=' &&
    e.left.kind === 'Symbol' &&
    L.program.bindings.get(e.left)?.scope === 'local' &&
    e.right.kind === 'Number'
  );
}

function comparesWithSmallLiteral(L: Lowering, e: Expr): boolean {
  if (e.kind !== 'Comparison' || e.op === '==' || e.op === '!=') return false;
  const local = (x: Expr): boolean => x.kind === 'Symbol' && L.program.bindings.get(x)?.scope === 'local';
  const small = (x: Expr): boolean =>
    x.kind === 'Number' && x.value >= -BigInt(BOUNDED_TRIPS) && x.value <= BigInt(BOUNDED_TRIPS);
  return (local(e.left) && small(e.right)) || (small(e.left) && local(e.right));
}

/**
 * Whether `s` holds a loop statement, a call to a script function, or something else whose code
 * runs a callback (a string function that loops, a whole-array delete, a regex match): after a
 * callback the verifier no longer knows the handler's locals, a plain loop's counter among them.
 */
function hasLoopOrCall(L: Lowering, s: Stmt): boolean {
  let found = false;
  walk(s, {
    enter: (node) => {
      if (found) return false;
      if (node.kind === 'For' || node.kind === 'While' || node.kind === 'Foreach') found = true;
      else if (node.kind === 'Delete' && node.target.kind !== 'Index') found = true;
      else if (node.kind === 'Regex') found = true;
      else if (node.kind === 'Call') {
        const target = L.program.calls.get(node);
        found =
          target?.kind === 'script' || (target?.kind === 'builtin' && LOOPING_STRING_BUILTINS.has(node.name));
      }
      return !found;
    },
  });
  return found;
}
