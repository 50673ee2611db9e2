/**
 * The syscall tapset's `argstr` and `retstr` (upstream tapset/linux/sysc_*.stp, aux_syscalls.stp):
 * what the kernel side copies from user memory at syscall entry, and how the runtime prints the
 * arguments and the result. Syscalls with a stap layout print as stap does; the others print
 * from their tracepoint field types (strings quoted, pointers in hex, integers in decimal).
 * Names may be given as stap spells them (`fstatat`) or as the tracepoint does (`newfstatat`).
 */

import { returnStr } from './errno.js';
import { type Capture, captureOf, type Field, formatField, ptr, str, value } from './fields.js';
import { FILE_LAYOUTS } from './layouts-file.js';
import { KEY_QUOTA_LAYOUTS } from './layouts-keys-quota.js';
import { MISC_LAYOUTS } from './layouts-misc.js';
import { PRCTL_PTRACE_LAYOUTS } from './layouts-prctl-ptrace.js';
import { PROCESS_LAYOUTS } from './layouts-process.js';
import { MAX_STRING_LEN } from './text-quote.js';
import { asType, type IntType } from './values.js';

export { errnoName, returnStr } from './errno.js';
export type { Capture } from './fields.js';
export { VECTOR } from './vector.js';

/** A syscalls:sys_enter_NAME format field (tracefs), `__syscall_nr` excluded. */
export interface SyscallParam {
  readonly name: string;
  readonly type: string;
}

/** Tracepoint names whose stap alias is spelled differently (x86-64). */
const STAP_NAMES: Readonly<Record<string, string>> = {
  newfstatat: 'fstatat',
  newstat: 'stat',
  newlstat: 'lstat',
  newfstat: 'fstat',
  newuname: 'uname',
  pread64: 'pread',
  pwrite64: 'pwrite',
  sendfile64: 'sendfile',
  getdents64: 'getdents',
};

/** stap's name for the syscall whose tracepoint is `syscalls:sys_enter_NAME`. */
export function stapSyscallName(tracepointName: string): string {
  return STAP_NAMES[tracepointName] ?? tracepointName;
}

const LAYOUTS: Readonly<Record<string, readonly Field[]>> = {
  ...FILE_LAYOUTS,
  ...PROCESS_LAYOUTS,
  ...MISC_LAYOUTS,
  ...PRCTL_PTRACE_LAYOUTS,
  ...KEY_QUOTA_LAYOUTS,
  // stap's syscall.mmap2 (sys_mmap_pgoff) prints like syscall.mmap.
  mmap2: PROCESS_LAYOUTS.mmap ?? [],
};

/** Syscalls whose result prints in hex (`@SYSC_RETVALSTR2`) or octal (`@SYSC_RETVALSTR3`). */
const RETURN_FORMAT: Readonly<Record<string, bigint>> = { mmap: 2n, mmap2: 2n, mremap: 2n, umask: 3n };

/** Whether stap has its own argstr layout for this syscall. */
export function hasStapLayout(syscall: string): boolean {
  return Object.hasOwn(LAYOUTS, stapSyscallName(syscall));
}

function intTypeOf(type: string): IntType {
  const t = type.replace(/\b(const|volatile)\b/g, '').trim();
  const unsigned =
    /\bunsigned\b|^u(8|16|32|64)$|^__u(8|16|32|64)$|^(size_t|uid_t|gid_t|umode_t|mode_t|qid_t|key_serial_t|aio_context_t|old_uid_t|old_gid_t|cap_user_header_t|cap_user_data_t)$/.test(
      t,
    );
  const wide =
    /\blong\b|^(size_t|ssize_t|loff_t|off_t|u64|__u64|s64|__s64|aio_context_t|time_t|clock_t)$/.test(t);
  if (wide) return unsigned ? 'u64' : 's64';
  return unsigned ? 'u32' : 's32';
}

/** The fallback layout: `const char *` quoted, other pointers in hex, integers in decimal. */
function genericLayout(params: readonly SyscallParam[]): readonly Field[] {
  return params.map((param, index): Field => {
    const type = param.type.trim();
    if (/^const char\s*(__user\s*)?\*$/.test(type)) return str(index);
    if (type.includes('*')) return ptr(index);
    const intType = intTypeOf(type);
    return value(index, (v) => `${asType(v, intType)}`);
  });
}

function layoutOf(syscall: string, params: readonly SyscallParam[]): readonly Field[] {
  return LAYOUTS[stapSyscallName(syscall)] ?? genericLayout(params);
}

/**
 * The captures of a layout in field order, each copy once however many fields print it (a
 * layout's variants may print the same user string), and which capture each field reads.
 */
function capturesOf(fields: readonly Field[]): { captures: Capture[]; byField: Map<Field, number> } {
  const captures: Capture[] = [];
  const keys: string[] = [];
  const byField = new Map<Field, number>();
  for (const field of fields) {
    const capture = captureOf(field);
    if (capture === undefined) continue;
    const key = JSON.stringify(capture);
    let at = keys.indexOf(key);
    if (at < 0) {
      at = captures.length;
      captures.push(capture);
      keys.push(key);
    }
    byField.set(field, at);
  }
  return { captures, byField };
}

/** What the kernel must copy from user memory at syscall entry for this syscall's argstr. */
export function argstrCaptures(syscall: string, params: readonly SyscallParam[]): readonly Capture[] {
  return capturesOf(layoutOf(syscall, params)).captures;
}

/**
 * stap's argstr from the six raw argument values and the captured copies (`captured[i]` goes
 * with `argstrCaptures(...)[i]`; undefined: the copy faulted, and stap prints the pointer in hex,
 * or `NULL` for a NULL struct pointer). A string capture holds the bytes before the NUL.
 */
export function formatArgstr(
  syscall: string,
  params: readonly SyscallParam[],
  args: readonly bigint[],
  captured: readonly (Uint8Array | undefined)[],
): string {
  const fields = layoutOf(syscall, params);
  const { byField } = capturesOf(fields);
  const parts: string[] = [];
  for (const field of fields) {
    if (field.when !== undefined && !field.when(args)) continue;
    const at = byField.get(field);
    parts.push(formatField(field, args, at === undefined ? undefined : captured[at]));
  }
  // stap's argstr is a sprintf result: at most MAXSTRINGLEN - 1 characters.
  return parts.join(', ').slice(0, MAX_STRING_LEN - 1);
}

/** stap's retstr: `-2 (ENOENT)` for an errno, hex for mmap-like results, octal for umask, else decimal. */
export function formatRetstr(syscall: string, ret: bigint): string {
  const signed = BigInt.asIntN(64, ret);
  return returnStr(RETURN_FORMAT[stapSyscallName(syscall)] ?? 1n, signed);
}

/**
 * What a decoded variable (`flags_str`...) shows for one call: an argument decoded as the call's
 * argstr decodes it (`quoted`: its user string field), or a constant. elaborate's
 * probes/syscall-decoded.ts says which, per call.
 */
export type DecodedText =
  | { readonly kind: 'arg' | 'quoted'; readonly index: number }
  | { readonly kind: 'text'; readonly text: string };

/** Field kinds that decode a value (rather than print it as a plain number or address). */
const DECODERS: ReadonlySet<Field['kind']> = new Set([
  'value',
  'octal',
  'string',
  'buffer',
  'struct',
  'vector',
]);

/**
 * The layout field that prints argument `index`: one the arguments select (a layout's variants)
 * before one they do not, a decoding one before a plain one.
 */
export function decodedField(
  syscall: string,
  params: readonly SyscallParam[],
  source: DecodedText,
  args: readonly bigint[] = [],
): Field | undefined {
  if (source.kind === 'text') return undefined;
  const reading = layoutOf(syscall, params).filter(
    (f) => f.kind !== 'text' && f.arg === source.index && (source.kind === 'arg' || f.kind === 'string'),
  );
  const shown = (f: Field): boolean => f.when === undefined || f.when(args);
  return (
    reading.find((f) => DECODERS.has(f.kind) && shown(f)) ??
    reading.find(shown) ??
    reading.find((f) => DECODERS.has(f.kind)) ??
    reading[0]
  );
}

/** A decoded variable's text from the raw arguments and captures (as formatArgstr takes them). */
export function formatDecoded(
  syscall: string,
  params: readonly SyscallParam[],
  source: DecodedText,
  args: readonly bigint[],
  captured: readonly (Uint8Array | undefined)[],
): string {
  if (source.kind === 'text') return source.text;
  const field = decodedField(syscall, params, source, args);
  if (field === undefined) return '';
  const at = capturesOf(layoutOf(syscall, params)).byField.get(field);
  return formatField(field, args, at === undefined ? undefined : captured[at]);
}

/**
 * Which of the call's argstr captures (positions in `argstrCaptures`) a decoded variable may
 * read: those of every field decodedField could choose, whatever variant the arguments select.
 */
export function decodedCaptures(
  syscall: string,
  params: readonly SyscallParam[],
  source: DecodedText,
): number[] {
  if (source.kind === 'text') return [];
  const fields = layoutOf(syscall, params);
  const { byField } = capturesOf(fields);
  const out = new Set<number>();
  for (const f of fields) {
    if (f.kind === 'text' || f.arg !== source.index || (source.kind === 'quoted' && f.kind !== 'string'))
      continue;
    const at = byField.get(f);
    if (at !== undefined) out.add(at);
  }
  return [...out].sort((a, b) => a - b);
}
