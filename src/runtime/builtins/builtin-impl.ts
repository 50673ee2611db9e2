/**
 * The shape of a native tapset function at run time, and argument accessors. Arguments arrive
 * already typed by pass 2 (a mismatch is our bug, not the script's), and string arguments are
 * read as C strings: up to the first NUL, at most MAXSTRINGLEN - 1 bytes, as stap's runtime sees them.
 */
import type { HandlerContext, Value } from '../context.js';

/** Returns the function's value, or undefined for functions that return nothing. */
export type BuiltinImpl = (ctx: HandlerContext, args: readonly Value[]) => Value | undefined;

export function longArg(args: readonly Value[], index: number): bigint {
  const value = args[index];
  if (typeof value !== 'bigint') throw new Error(`builtin argument ${index + 1} is not a long`);
  return value;
}

export function stringArg(ctx: HandlerContext, args: readonly Value[], index: number): string {
  const value = args[index];
  if (typeof value !== 'string') throw new Error(`builtin argument ${index + 1} is not a string`);
  return cString(ctx, value);
}

/** The longest string a script value holds: MAXSTRINGLEN includes the C terminator. */
export function maxStringBytes(ctx: HandlerContext): number {
  return ctx.session.limits.MAXSTRINGLEN - 1;
}

/** Truncates a result to what fits in a script string (strlcpy/snprintf into MAXSTRINGLEN). */
export function bounded(ctx: HandlerContext, text: string): string {
  const max = maxStringBytes(ctx);
  return text.length > max ? text.slice(0, max) : text;
}

/** A value as C code sees it: cut at the first NUL, then bounded. */
export function cString(ctx: HandlerContext, text: string): string {
  const nul = text.indexOf('\0');
  return bounded(ctx, nul < 0 ? text : text.slice(0, nul));
}

/** stap's boolean results. */
export function truth(condition: boolean): bigint {
  return condition ? 1n : 0n;
}
