/**
 * The per-hit state a generated handler runs with (stap's `struct context`), and the error kinds
 * that end a handler.
 */
import { type HandlerContext, ScriptError } from '../context.js';

export interface HandlerState {
  /** MAXACTION budget left (`c->actionremaining`). */
  ar: number;
  /** Call depth: -1 in the probe body, 0 in a function it calls... (`c->nesting`). */
  n: number;
  /**
   * The site each frame last blamed (`c->last_stmt[]`), -1 for none: slot 0 is the probe body,
   * slot n+1 the function at depth n.
   */
  readonly ls: Int32Array;
  /** Set by `next` in a function: the caller tries the next overload. */
  next: number;
  readonly hc: HandlerContext;
}

/** `MAXACTION exceeded`: reported like any error, but try/catch cannot catch it. */
export class MaxActionError extends ScriptError {}

/** Whether a `catch` block may handle `e` (stap's catchable `c->last_error`). */
export function isCatchable(e: unknown): e is ScriptError {
  return e instanceof ScriptError && !e.uncatchable && !(e instanceof MaxActionError);
}

/** `abort()`: ends the handler without a message. */
export function isAbort(e: unknown): boolean {
  return e instanceof ScriptError && e.uncatchable;
}

export function newHandlerState(hc: HandlerContext, actions: number, maxNesting: number): HandlerState {
  return { ar: actions, n: -1, ls: new Int32Array(maxNesting + 2).fill(-1), next: 0, hc };
}
