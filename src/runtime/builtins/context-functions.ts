/**
 * Probe-context functions for user-space handlers (upstream tapset/linux/context.stp,
 * context.stp, pn.stp, context-symbols.stp). There the current task is the tstap process, the
 * CPU is 0, and there are no registers: never a return probe, never user mode, address 0.
 */
import type { ContextBuiltinName } from '../../elaborate/index.js';
import { type HandlerContext, ScriptError } from '../context.js';
import { type BuiltinImpl, bounded, cString, longArg, stringArg } from './builtin-impl.js';
import { selfProcess } from './self-process.js';

/** `ppfunc()`: the name inside `function("...")` or `statement("...")` of pp(), up to `@` or `"`. */
export function ppfunc(probePoint: string): string {
  let start = probePoint.indexOf('function("');
  let from = start + 10;
  if (start < 0) {
    start = probePoint.indexOf('statement("');
    from = start + 11;
  }
  if (start < 0) return '';
  let to = from;
  while (to < probePoint.length && probePoint[to] !== '@' && probePoint[to] !== '"') to++;
  return probePoint.slice(from, to);
}

/**
 * `cmdline_args(n, m, delim)`: arguments n..m (m < 0: to the end) of the current process joined
 * by `delim`, an empty argument after the first shown as `""`.
 */
export function cmdlineArgs(
  ctx: HandlerContext,
  argv: readonly string[],
  first: bigint,
  last: bigint,
  delimiter: string,
): string {
  let joined = '';
  for (let index = 0; index < argv.length && (last < 0n || BigInt(index) <= last); index++) {
    const arg = cString(ctx, argv[index] ?? '');
    if (BigInt(index) === first) joined = arg;
    else if (BigInt(index) > first) joined = bounded(ctx, joined + delimiter + (arg === '' ? '""' : arg));
  }
  return joined;
}

export const CONTEXT_IMPLS: { readonly [K in ContextBuiltinName]: BuiltinImpl } = {
  pid: () => BigInt(process.pid),
  // Handlers run on the main thread, whose thread id is the process id.
  tid: () => BigInt(process.pid),
  ppid: () => BigInt(process.ppid),
  pgrp: () => BigInt(selfProcess().processGroup),
  sid: () => BigInt(selfProcess().session),
  uid: () => BigInt(process.getuid?.() ?? 0),
  gid: () => BigInt(process.getgid?.() ?? 0),
  euid: () => BigInt(process.geteuid?.() ?? 0),
  egid: () => BigInt(process.getegid?.() ?? 0),
  execname: (ctx) => bounded(ctx, selfProcess().comm),
  pexecname: (ctx) => bounded(ctx, selfProcess().parentComm),
  cpu: () => 0n,
  pp: (ctx) => bounded(ctx, ctx.pp),
  pn: (ctx) => bounded(ctx, ctx.pn),
  ppfunc: (ctx) => bounded(ctx, ppfunc(ctx.pp)),
  // symname(addr()) with no registers: address 0, which has no symbol and prints as hex.
  probefunc: () => '0x0',
  target: (ctx) => BigInt(ctx.session.targetPid),
  stp_pid: () => BigInt(process.pid),
  is_return: () => 0n,
  user_mode: () => 0n,
  // No registers in a user-space handler: stap's addr() is 0 where a probe has none.
  addr: () => 0n,
  // x86_64's page size, the one tstap's kernel side targets too.
  mem_page_size: () => 4096n,
  cmdline_str: (ctx) => cmdlineArgs(ctx, selfProcess().argv, 0n, -1n, ' '),
  cmdline_arg: (ctx, args) => {
    const n = longArg(args, 0);
    return cmdlineArgs(ctx, selfProcess().argv, n, n, '');
  },
  cmdline_args: (ctx, args) =>
    cmdlineArgs(ctx, selfProcess().argv, longArg(args, 0), longArg(args, 1), stringArg(ctx, args, 2)),
  // A user-space handler runs in tstap's own process, outside the kernel: there is no task_struct
  // address to give (stap's begin probes run in the kernel, on staprun's task).
  task_current: () => {
    throw new ScriptError(
      'task_current() is only available in kernel probes: user-space probes run outside the kernel',
    );
  },
};
