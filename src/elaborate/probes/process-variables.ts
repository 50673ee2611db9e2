/**
 * Target variables of `process(...)` probes. A USDT marker has `$arg1..$argN` (from its note's
 * argument specs), `$$name`, `$$provider` and `$$parms`; a `.return` probe has `$return`; a
 * function probe has `$arg1..$arg6`, its argument registers. Without DWARF there are no named
 * parameters or locals: `$name` in a function probe is an error that points to the
 * register-based `int_arg(N)` family.
 */
import type { UserProbePoint } from '../program.js';
import type { UserMarkArg } from '../target.js';

const ARGUMENT_REGISTERS = ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9'];

export type UserVariable =
  | { readonly kind: 'arg'; readonly index: number; readonly arg: UserMarkArg; readonly type: 'long' }
  | { readonly kind: 'return'; readonly type: 'long' }
  | { readonly kind: 'name' | 'provider' | 'parms'; readonly type: 'string' }
  | { readonly kind: 'missing'; readonly message: string };

/** Resolves `$name` (with its `$`s) in a process probe's handler. */
export function userVariable(point: UserProbePoint, name: string): UserVariable {
  if (point.site === 'mark') {
    if (name === '$$name') return { kind: 'name', type: 'string' };
    if (name === '$$provider') return { kind: 'provider', type: 'string' };
    if (name === '$$parms' || name === '$$vars') return { kind: 'parms', type: 'string' };
    const m = /^\$arg([1-9][0-9]*)$/.exec(name);
    const args = point.args ?? [];
    const index = m === null ? 0 : Number(m[1]);
    const arg = args[index - 1];
    if (arg !== undefined) return { kind: 'arg', index, arg, type: 'long' };
    const known = ['$$name', '$$provider', '$$parms', ...args.map((_, i) => `$arg${i + 1}`)];
    return {
      kind: 'missing',
      message: `unable to find marker variable '${name}' (alternatives: ${known.join(', ')})`,
    };
  }
  if (name === '$return' && point.site === 'return') return { kind: 'return', type: 'long' };
  const positional = /^\$arg([1-6])$/.exec(name);
  if (positional !== null && point.site === 'function') {
    // Without DWARF, `$argN` is the Nth integer argument register of the x86_64 SysV ABI, as
    // long_arg(N) reads it (beyond the sixth, on the stack: long_arg(N) only).
    const index = Number(positional[1]);
    const register = ARGUMENT_REGISTERS[index - 1] as string;
    return {
      kind: 'arg',
      index,
      arg: { size: 8, text: `8@%${register}`, location: { kind: 'register', register } },
      type: 'long',
    };
  }
  const hint =
    point.site === 'return'
      ? 'use $return or returnval() for the value returned, @entry(int_arg(N)) for arguments'
      : 'read arguments with int_arg(N), long_arg(N), uint_arg(N), ulong_arg(N), pointer_arg(N)';
  return {
    kind: 'missing',
    message: `target variable '${name}' needs DWARF debug information, which tstap does not read yet (${hint})`,
  };
}

/** The variables `-L` lists for a process probe point. */
export function userVariableList(point: UserProbePoint): string[] {
  if (point.site === 'mark') return (point.args ?? []).map((_, i) => `$arg${i + 1}:long`);
  if (point.site === 'return') return ['$return:long'];
  return [];
}
