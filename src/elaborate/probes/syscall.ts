/**
 * The syscall probe family: `syscall.NAME`, `syscall.NAME.return` (NAME a shell wildcard:
 * `syscall.*`, `syscall.open*`), `syscall_any` and `syscall_any.return` — stap's tapset aliases
 * (tapset/linux/sysc_*.stp, syscall_any.stp), built in. A point is one probe however many calls
 * it matches: its handler is one raw `sys_enter`/`sys_exit` program dispatching on the call
 * number (compile/syscall-*.ts), which is what makes `syscall.*` attach in milliseconds.
 *
 * The handler sees the alias's variables as plain locals, set before it runs:
 *
 * - `syscall.NAME`: `name`, `argstr`, and one variable per parameter of the call, named as the
 *   kernel (and stap's tapset, mostly) names it: an integer as is (`dfd`, `flags`, `mode`), a
 *   `const char *` string as stap's `user_string_quoted` (`filename` is `"/etc/passwd"`, with
 *   `filename_unquoted` the bare string and `filename_uaddr` the address), any other pointer as
 *   `NAME_uaddr`;
 * - and the decoded variables stap's alias sets (`flags_str`, `dfd_str`, `sig_str`...:
 *   syscall-decoded.ts), each the argstr piece of its argument, built like argstr; a decoded
 *   user string (`pathname_str`) is a quoted string like `filename`;
 * - `syscall.NAME.return`: `name`, `retval`, `retstr`;
 * - `syscall_any`: `syscall_nr`, `name` (the uapi name, as stap's syscall_name()); `.return`
 *   adds `retval`.
 *
 * In a wildcard a variable some matched call lacks is 0 or "" for that call, as stap's alias
 * locals left unset are. Names follow stap where it renames a kernel event (`pread` for
 * `pread64`, `fstatat` for `newfstatat`, `uname` for `newuname`...).
 */
import type { ProbeComponent } from '../../lang/index.js';
import type { ProvidedVariable, SyscallEntry, SyscallPrefix, SyscallProbePoint } from '../program.js';
import type { SyscallParam, TargetSystem } from '../target.js';
import type { ProviderResult } from './families.js';
import { fnmatch } from './glob.js';
import { type DecodedSource, decodedVariables } from './syscall-decoded.js';
import { stapVariables } from './syscall-names.js';

export { type DecodedSource, decodedSyscalls, decodedVariables } from './syscall-decoded.js';

/** stap's alias name where it differs from the kernel's event name (x86_64). */
const STAP_NAMES: Readonly<Record<string, string>> = {
  pread64: 'pread',
  pwrite64: 'pwrite',
  newfstatat: 'fstatat',
  newstat: 'stat',
  newlstat: 'lstat',
  newfstat: 'fstat',
  newuname: 'uname',
  getdents64: 'getdents',
  sendfile64: 'sendfile',
  mmap: 'mmap2',
};

export function stapSyscallName(event: string): string {
  return STAP_NAMES[event] ?? event;
}

export const SYSCALL_PATTERNS: readonly string[] = [
  'syscall.*',
  'syscall.*.return',
  'syscall_any',
  'syscall_any.return',
  'nd_syscall.*',
  'nd_syscall.*.return',
  'tp_syscall.*',
  'tp_syscall.*.return',
];

const PREFIXES: ReadonlySet<string> = new Set<SyscallPrefix>(['syscall', 'nd_syscall', 'tp_syscall']);

export function resolveSyscall(cs: readonly ProbeComponent[], target: TargetSystem): ProviderResult {
  const [head, second, third] = cs;
  if (head === undefined || head.arg !== undefined) return undefined;
  if (head.name === 'syscall_any') {
    if (cs.length > 2 || (second !== undefined && (second.name !== 'return' || second.arg))) return undefined;
    return point(target, 'syscall_any', 'syscall', second !== undefined, () => true);
  }
  if (!PREFIXES.has(head.name) || second === undefined || second.arg !== undefined) return undefined;
  if (cs.length > 3 || (third !== undefined && (third.name !== 'return' || third.arg))) return undefined;
  const prefix = head.name as SyscallPrefix;
  return point(target, 'syscall', prefix, third !== undefined, (name) => fnmatch(second.name, name));
}

function point(
  target: TargetSystem,
  flavour: SyscallProbePoint['flavour'],
  prefix: SyscallPrefix,
  isReturn: boolean,
  matches: (name: string) => boolean,
): ProviderResult {
  const known = target.syscalls?.();
  if (known === undefined) return { error: 'syscall probes are not available on this system' };
  if (!known.ok) return { error: known.error };
  const entries: SyscallEntry[] = [];
  for (const s of known.syscalls) {
    const name = flavour === 'syscall_any' ? s.unistdName : stapSyscallName(s.event);
    // The parameters stay lazy: the target reads a call's format only when it is asked.
    if (matches(name))
      entries.push({
        name,
        nr: s.nr,
        get params() {
          return s.params;
        },
      });
  }
  if (entries.length === 0) return { expanded: [] };
  entries.sort((a, b) => a.nr - b.nr);
  const resolved: SyscallProbePoint = {
    family: 'syscall',
    flavour,
    prefix,
    isReturn,
    syscalls: entries,
    registers: known.registers,
  };
  return resolved;
}

/** The `pp()` of one call of a syscall point. */
export function syscallPointName(p: SyscallProbePoint, entry: Pick<SyscallEntry, 'name'>): string {
  if (p.flavour === 'syscall_any')
    return `kernel.trace("raw_syscalls:${p.isReturn ? 'sys_exit' : 'sys_enter'}")`;
  return `${p.prefix}.${entry.name}${p.isReturn ? '.return' : ''}`;
}

// ---------------------------------------------------------------- variables

/** How a named variable reads one call's argument. */
export type ArgumentSource =
  | { readonly kind: 'arg'; readonly index: number; readonly extend: 's32' | 'u32' | 'none' }
  | { readonly kind: 'user-string'; readonly index: number; readonly quoted: boolean };

const SIGNED_32 = new Set([
  'int',
  'pid_t',
  'key_t',
  'mqd_t',
  'clockid_t',
  'timer_t',
  'rwf_t',
  'key_serial_t',
  's32',
  '__s32',
]);
const UNSIGNED_32 = new Set([
  'unsigned int',
  'unsigned',
  'u32',
  '__u32',
  'uid_t',
  'gid_t',
  'old_uid_t',
  'old_gid_t',
  'umode_t',
  'qid_t',
  'unsigned short',
  'u16',
]);

/** Names the alias itself sets: a parameter of the same name gets a suffix. */
const RESERVED = new Set(['name', 'argstr', 'retval', 'retstr', 'syscall_nr']);

function isStringParam(p: SyscallParam): boolean {
  return /^const char\s*\*$/.test(p.type.trim()) && p.name !== 'buf';
}

/** The variables one call's parameters give, by name. */
export function parameterVariables(params: readonly SyscallParam[]): ReadonlyMap<string, ArgumentSource> {
  const out = new Map<string, ArgumentSource>();
  params.forEach((p, index) => {
    if (index > 5) return;
    const type = p.type.replace(/\b(const|volatile|__user)\b/g, '').trim();
    if (p.type.includes('*')) {
      if (isStringParam(p)) {
        const base = RESERVED.has(p.name) ? `${p.name}_str` : p.name;
        out.set(base, { kind: 'user-string', index, quoted: true });
        out.set(`${base}_unquoted`, { kind: 'user-string', index, quoted: false });
        out.set(`${p.name}_uaddr`, { kind: 'arg', index, extend: 'none' });
      } else {
        out.set(`${p.name}_uaddr`, { kind: 'arg', index, extend: 'none' });
      }
      return;
    }
    const name = RESERVED.has(p.name) ? `${p.name}_val` : p.name;
    // stap reads descriptors with int_arg(): `close(-1)` shows fd = -1.
    const signed = SIGNED_32.has(type) || (UNSIGNED_32.has(type) && /(^|_)fd$/.test(p.name));
    const extend = signed ? 's32' : UNSIGNED_32.has(type) ? 'u32' : 'none';
    out.set(name, { kind: 'arg', index, extend });
  });
  return out;
}

/** A variable of one call: an argument, or the constant 0 some aliases set (accept's `flags`). */
export type CallVariable = ArgumentSource | { readonly kind: 'zero' };

const callCache = new WeakMap<Pick<SyscallEntry, 'name' | 'params'>, ReadonlyMap<string, CallVariable>>();

/**
 * The argument variables of one call: its parameters' (parameterVariables) and the names stap's
 * alias gives them (syscall-names.ts: `pathname` of access beside `filename`), stap's deciding
 * where both name one variable; the decoded ones stay syscall-decoded.ts's.
 */
export function callVariables(
  entry: Pick<SyscallEntry, 'name' | 'params'>,
): ReadonlyMap<string, CallVariable> {
  const hit = callCache.get(entry);
  if (hit !== undefined) return hit;
  const out = new Map<string, CallVariable>(parameterVariables(entry.params));
  const decoded = decodedVariables(entry.name);
  for (const [name, v] of Object.entries(stapVariables(entry.name))) {
    if (RESERVED.has(name) || decoded.has(name)) continue;
    if (v === 'zero') out.set(name, { kind: 'zero' });
    else {
      const [kind, index] = v;
      // A kernel whose call has fewer parameters than stap's alias reads has no such variable.
      if (index >= entry.params.length) continue;
      out.set(
        name,
        kind === 'str' || kind === 'ustr'
          ? { kind: 'user-string', index, quoted: kind === 'str' }
          : { kind: 'arg', index, extend: kind === 'long' ? 'none' : kind },
      );
    }
  }
  callCache.set(entry, out);
  return out;
}

const cache = new WeakMap<SyscallProbePoint, Map<string, ProvidedVariable | null>>();

/** What the alias variable `name` holds in a syscall probe's handler, if it provides one. */
export function syscallVariable(p: SyscallProbePoint, name: string): ProvidedVariable | undefined {
  let known = cache.get(p);
  if (known === undefined) {
    known = new Map();
    cache.set(p, known);
  }
  const hit = known.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const found = lookup(p, name);
  known.set(name, found ?? null);
  return found;
}

function lookup(p: SyscallProbePoint, name: string): ProvidedVariable | undefined {
  if (name === 'name') return { kind: 'name', type: 'string' };
  if (p.flavour === 'syscall_any') {
    if (name === 'syscall_nr') return { kind: 'syscall-nr', type: 'long' };
    if (name === 'retval' && p.isReturn) return { kind: 'retval', type: 'long' };
    return undefined;
  }
  if (p.isReturn) {
    if (name === 'retval') return { kind: 'retval', type: 'long' };
    if (name === 'retstr') return { kind: 'retstr', type: 'string' };
    return undefined;
  }
  if (name === 'argstr') return { kind: 'argstr', type: 'string' };
  // The first call that has the parameter decides its type; calls disagreeing leave it unset.
  for (const s of p.syscalls) {
    const source = callVariables(s).get(name);
    if (source === undefined) continue;
    return source.kind !== 'user-string'
      ? { kind: 'arg', name, type: 'long' }
      : { kind: 'user-string', name, type: 'string', quoted: source.quoted };
  }
  // A decoded variable: a quoted user string where every call that sets it says so (usable as
  // any string), else built in user space as argstr is.
  let found = false;
  let allQuoted = true;
  for (const s of p.syscalls) {
    const source = decodedVariables(s.name).get(name);
    if (source === undefined) continue;
    found = true;
    if (source.kind !== 'quoted') allQuoted = false;
  }
  if (!found) return undefined;
  return allQuoted
    ? { kind: 'user-string', name, type: 'string', quoted: true }
    : { kind: 'decoded', name, type: 'string' };
}

/** Where one call finds a provided argument variable, or undefined (0 or "" for that call). */
export function argumentOf(entry: SyscallEntry, v: ProvidedVariable): ArgumentSource | undefined {
  if (v.kind !== 'arg' && v.kind !== 'user-string') return undefined;
  const source = callVariables(entry).get(v.name);
  if (source?.kind === 'zero') return undefined;
  if (source === undefined) {
    const decoded =
      v.kind === 'user-string' && v.quoted ? decodedVariables(entry.name).get(v.name) : undefined;
    return decoded?.kind === 'quoted'
      ? { kind: 'user-string', index: decoded.index, quoted: true }
      : undefined;
  }
  return (source.kind === 'arg') === (v.kind === 'arg') ? source : undefined;
}

/**
 * What one call's decoded variable `v` shows, or undefined ("" for that call): a call whose
 * parameter gives a quoted string of that name shows it as its argstr does.
 */
export function decodedSourceOf(entry: SyscallEntry, v: ProvidedVariable): DecodedSource | undefined {
  if (v.kind !== 'decoded') return undefined;
  const param = parameterVariables(entry.params).get(v.name);
  if (param !== undefined)
    return param.kind === 'user-string' && param.quoted ? { kind: 'quoted', index: param.index } : undefined;
  return decodedVariables(entry.name).get(v.name);
}

/** The variables one call's probe offers, as `-L` lists them (`name:string`...). */
export function syscallVariableList(p: SyscallProbePoint, entry: SyscallEntry): string[] {
  if (p.flavour === 'syscall_any') {
    return ['syscall_nr:long', 'name:string', ...(p.isReturn ? ['retval:long'] : [])];
  }
  if (p.isReturn) return ['name:string', 'retval:long', 'retstr:string'];
  // Each decoded variable after the variables of the argument it decodes (as the tapset sets
  // them: `dfd dfd_str filename ... flags flags_str mode`), constants last.
  const params = callVariables(entry);
  const listed: { text: string; index: number }[] = [...params].map(([name, source]) => ({
    text: `${name}:${source.kind === 'user-string' ? 'string' : 'long'}`,
    index: source.kind === 'zero' ? 6 : source.index,
  }));
  for (const [name, source] of decodedVariables(entry.name)) {
    if (params.has(name)) continue;
    listed.push({ text: `${name}:string`, index: source.kind === 'text' ? 6 : source.index });
  }
  const args = listed
    .map((v, order) => ({ ...v, order }))
    .sort((a, b) => a.index - b.index || a.order - b.order);
  return ['name:string', ...args.map((v) => v.text), 'argstr:string'];
}

/**
 * What `-l`/`-L` list for a syscall point: one line per call it covers (`syscall.openat`), or
 * the point itself for syscall_any.
 */
export function syscallListing(
  p: SyscallProbePoint,
): readonly { readonly location: string; readonly variables: readonly string[] }[] {
  if (p.flavour === 'syscall_any') {
    const any = p.syscalls[0];
    return [
      {
        location: `syscall_any${p.isReturn ? '.return' : ''}`,
        variables: any === undefined ? [] : syscallVariableList(p, any),
      },
    ];
  }
  return p.syscalls.map((s) => ({ location: syscallPointName(p, s), variables: syscallVariableList(p, s) }));
}
