/**
 * Target variables of `process(...)` probes. A USDT marker has `$arg1..$argN` (from its note's
 * argument specs), `$$name`, `$$provider` and `$$parms`; a `.return` probe has `$return`; a
 * function probe has `$arg1..$arg6`, its argument registers. With DWARF (gcc -g), a function or
 * return probe also has its parameters, outermost locals and its unit's globals by name (`$x`,
 * `$p->m`, `$counter`), `$$parms`,
 * `$$locals`, `$$vars` (and `$$return` in a return probe), and `$return` typed as the function
 * returns it. In a return probe every DWARF expression but `$return`/`$$return` is its value at
 * the function's entry, as in stap (compile/uprobe-entry.ts saves it; types/targets.ts warns).
 * Without DWARF, `$name` is an error that points to the register-based `int_arg(N)` family.
 */
import type { UserProbePoint } from '../program.js';
import type { UserDebugVariable, UserMarkArg, UserSubprogram } from '../target.js';

const ARGUMENT_REGISTERS = ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9'];

export type UserVariable =
  | { readonly kind: 'arg'; readonly index: number; readonly arg: UserMarkArg; readonly type: 'long' }
  | { readonly kind: 'return'; readonly type: 'long' }
  | { readonly kind: 'name' | 'provider' | 'parms'; readonly type: 'string' }
  /** A parameter, local or (`$return`) return value from DWARF. */
  | { readonly kind: 'debug'; readonly variable: UserDebugVariable; readonly type: 'long' }
  /** `$$parms`, `$$locals`, `$$vars`, `$$return` from DWARF: the variables listed, in order. */
  | { readonly kind: 'debug-list'; readonly variables: readonly UserDebugVariable[]; readonly type: 'string' }
  | { readonly kind: 'missing'; readonly message: string };

/** The function's DWARF when it has some, else why not (`missing`: none at all). */
function subprogramOf(
  point: UserProbePoint,
): UserSubprogram | { readonly error: string; readonly missing: boolean } {
  const q = point.debug?.();
  if (q === undefined) return { error: 'no debug information', missing: true };
  return q.ok ? q.subprogram : q;
}

/** `$name`, `$$parms`... of a function or return probe, from DWARF; undefined: not a DWARF name. */
function debugVariable(point: UserProbePoint, name: string): UserVariable | undefined {
  if (!/^\$\$?[A-Za-z_]\w*$/.test(name) || /^\$arg[1-9][0-9]*$/.test(name)) return undefined;
  if (name === '$return' && point.site !== 'return') return undefined;
  const sub = subprogramOf(point);
  if ('error' in sub) {
    if (sub.missing) return undefined;
    return { kind: 'missing', message: `cannot read the DWARF of '${point.path}': ${sub.error}` };
  }
  const list = (variables: readonly UserDebugVariable[]): UserVariable => ({
    kind: 'debug-list',
    variables,
    type: 'string',
  });
  switch (name) {
    case '$$parms':
      return list(sub.params);
    case '$$locals':
      return list(sub.locals);
    case '$$vars':
      return list([...sub.params, ...sub.locals]);
    case '$$return':
      if (point.site !== 'return') return undefined;
      return list(sub.returnValue === undefined ? [] : [sub.returnValue]);
    case '$return':
      if (sub.returnValue === undefined) return undefined;
      return { kind: 'debug', variable: sub.returnValue, type: 'long' };
    default:
      break;
  }
  const found = [...sub.params, ...sub.locals, ...sub.globals].find((v) => `$${v.name}` === name);
  if (found !== undefined) return { kind: 'debug', variable: found, type: 'long' };
  if (name.startsWith('$$')) return undefined;
  const alternatives = [...sub.params, ...sub.locals].map((v) => `$${v.name}`);
  return {
    kind: 'missing',
    message: `unable to find local '${name.slice(1)}' in ${sub.name} (${
      alternatives.length === 0 ? '<no alternatives>' : `alternatives: ${alternatives.join(' ')}`
    })`,
  };
}

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
  const fromDwarf = debugVariable(point, name);
  if (fromDwarf !== undefined) return fromDwarf;
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
    message: `target variable '${name}' needs DWARF debug information, which '${point.path}' does not have for '${point.symbol}' (build it with -g, or ${hint})`,
  };
}

/**
 * The variables `-L` lists for a process probe point: with DWARF, as stap's saveargs does,
 * `$return:TYPE` (return probes), the parameters, then the locals the entry can read.
 */
export function userVariableList(point: UserProbePoint): string[] {
  if (point.site === 'mark') return (point.args ?? []).map((_, i) => `$arg${i + 1}:long`);
  const sub = subprogramOf(point);
  if ('error' in sub) return point.site === 'return' ? ['$return:long'] : [];
  const out: string[] = [];
  if (point.site === 'return' && sub.returnValue !== undefined)
    out.push(`$return:${sub.returnValue.typeName}`);
  for (const v of sub.params) out.push(`$${v.name}:${v.typeName}`);
  for (const v of sub.locals) if (v.location.kind !== 'unavailable') out.push(`$${v.name}:${v.typeName}`);
  return out;
}
