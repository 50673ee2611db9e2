/**
 * Backtraces and symbols in user-space handlers: no stack to unwind, no symbol tables (see
 * src/elaborate/builtins/stack.ts).
 */
import type { StackBuiltinName } from '../../elaborate/index.js';
import { kallsyms } from '../../kernel/index.js';
import { type HandlerContext, ScriptError } from '../context.js';
import { type BuiltinImpl, longArg, maxStringBytes, stringArg } from './builtin-impl.js';

/** context.stpm's __context_unwind_error. */
function unwindError(depth: bigint): ScriptError {
  return new ScriptError(`reached end of stack before unwinding to level ${depth}`);
}

/** `callers(n)`/`ucallers(n)`: the first `stack(0)` already fails; -1 asks for what there is. */
function callers(_ctx: HandlerContext, args: readonly (bigint | string)[]): string {
  const n = longArg(args, 0);
  if (n === -1n) return '';
  throw unwindError(n);
}

/** `_stp_snprint_addr` with no symbol found: the address as `%p`. */
function addressText(_ctx: HandlerContext, args: readonly (bigint | string)[]): string {
  return `0x${BigInt.asUintN(64, longArg(args, 0)).toString(16)}`;
}

/** print_syms' lines: " ADDR : SYMDATA" for each blank-separated hex address. */
function symbolLines(ctx: HandlerContext, args: readonly (bigint | string)[], limit: number): string {
  let out = '';
  for (const word of stringArg(ctx, args, 0).split(' ')) {
    if (word === '') continue;
    const address = parseHex(word);
    const line = ` ${word} : 0x${address.toString(16)}\n`;
    // sprint_syms stops before a line that would not fit whole.
    if (out.length + line.length > limit) break;
    out += line;
  }
  return out;
}

/** strtol(s, 16) as the tapset calls it: leading hex digits (an `0x` prefix allowed), else 0. */
function parseHex(word: string): bigint {
  const m = /^\s*([+-]?)(?:0[xX])?([0-9a-fA-F]+)/.exec(word);
  if (m === null) return 0n;
  const value = BigInt(`0x${m[2]}`);
  return BigInt.asUintN(64, m[1] === '-' ? -value : value);
}

/**
 * `modname(addr)` (tapset context-symbols.stp): the module of the kallsyms symbol holding the
 * address, `kernel` for vmlinux; past the last symbol, or in a pseudo-module (`[bpf]`,
 * `[__builtin__kprobes]`), stap's error.
 */
function moduleName(_ctx: HandlerContext, args: readonly (bigint | string)[]): string {
  const address = BigInt.asUintN(64, longArg(args, 0));
  const table = kallsyms();
  const s = table.ok ? table.value.lookup(address) : undefined;
  const module = s?.module;
  if (s === undefined || s.size === 0 || module === 'bpf' || module?.startsWith('__builtin') === true)
    throw new ScriptError('Cannot determine kernel module name');
  return module ?? 'kernel';
}

export const STACK_IMPLS: { readonly [K in StackBuiltinName]: BuiltinImpl } = {
  backtrace: () => '',
  ubacktrace: () => '',
  print_backtrace: () => undefined,
  print_ubacktrace: () => undefined,
  sprint_backtrace: () => '',
  sprint_ubacktrace: () => '',
  stack: (_ctx, args) => {
    throw unwindError(longArg(args, 0));
  },
  ustack: (_ctx, args) => {
    throw unwindError(longArg(args, 0));
  },
  callers,
  ucallers: callers,
  symname: addressText,
  usymname: addressText,
  symdata: addressText,
  usymdata: addressText,
  print_syms: (ctx, args) => {
    ctx.session.write(symbolLines(ctx, args, Number.POSITIVE_INFINITY));
    return undefined;
  },
  print_usyms: (ctx, args) => {
    ctx.session.write(symbolLines(ctx, args, Number.POSITIVE_INFINITY));
    return undefined;
  },
  sprint_syms: (ctx, args) => symbolLines(ctx, args, maxStringBytes(ctx) + 1),
  sprint_usyms: (ctx, args) => symbolLines(ctx, args, maxStringBytes(ctx) + 1),
  print_ustack: (ctx, args) => {
    ctx.session.write(symbolLines(ctx, args, Number.POSITIVE_INFINITY));
    return undefined;
  },
  sprint_ustack: (ctx, args) => symbolLines(ctx, args, maxStringBytes(ctx) + 1),
  // No user task is interrupted: context.stp's "not a user space thread".
  uaddr: () => 0n,
  modname: moduleName,
  // No user task is interrupted, so no mappings: ucontext.stp's error.
  umodname: () => {
    throw new ScriptError('module cannot be found');
  },
};
