/**
 * Strings read from memory (upstream tapset/uconversions.stp, tapset/linux/conversions.stp):
 * a user address of the current task, a kernel address. In kernel handlers they are
 * bpf_probe_read_user_str / bpf_probe_read_kernel_str; a bad address is stap's copy-fault error,
 * or the `err_msg` argument's value for the overloads that take one.
 */
import { builtin, type NamedBuiltin } from './signature.js';

/** One of stap's `user_<type>(addr)` readers: how many bytes it loads, and whether it sign-extends. */
export interface UserReader {
  readonly bytes: 1 | 2 | 4 | 8;
  readonly signed: boolean;
  /** The `_warn` variant's message before the address, when the tapset has that variant. */
  readonly warnText?: string;
}

/**
 * The integer readers of upstream tapset/uconversions.stp (x86-64 sizes: char is signed, long 8
 * bytes). `user_X(addr)` is 0 on a fault, `user_X_error(addr)` raises stap's
 * `read fault [man error::fault] at 0x...`, `user_X_warn(addr)` warns and is 0.
 */
export const USER_READERS = {
  user_char: { bytes: 1, signed: true, warnText: 'user char copy fault at ' },
  user_short: { bytes: 2, signed: true, warnText: 'user short copy fault ' },
  user_ushort: { bytes: 2, signed: false, warnText: 'user unsigned short copy fault ' },
  user_int: { bytes: 4, signed: true, warnText: 'user int copy fault ' },
  user_long: { bytes: 8, signed: true, warnText: 'user long copy fault ' },
  user_ulong: { bytes: 8, signed: false, warnText: 'user unsigned long copy fault ' },
  user_int8: { bytes: 1, signed: true },
  user_uint8: { bytes: 1, signed: false },
  user_int16: { bytes: 2, signed: true },
  user_uint16: { bytes: 2, signed: false },
  user_int32: { bytes: 4, signed: true },
  user_uint32: { bytes: 4, signed: false },
  user_int64: { bytes: 8, signed: true },
  user_uint64: { bytes: 8, signed: false },
} as const satisfies Readonly<Record<string, UserReader>>;

type ReaderBase = keyof typeof USER_READERS;
type WarnBase = {
  [K in ReaderBase]: (typeof USER_READERS)[K] extends { warnText: string } ? K : never;
}[ReaderBase];
export type UserReaderName = ReaderBase | `${ReaderBase}_error` | `${WarnBase}_warn`;

/** The reader and variant a builtin name denotes, if it is one of them. */
export function userReader(
  name: string,
): { readonly reader: UserReader; readonly variant: 'zero' | 'error' | 'warn' } | undefined {
  const variant = name.endsWith('_error') ? 'error' : name.endsWith('_warn') ? 'warn' : 'zero';
  const base = variant === 'zero' ? name : name.slice(0, name.lastIndexOf('_'));
  if (!Object.hasOwn(USER_READERS, base)) return undefined;
  const reader: UserReader = USER_READERS[base as ReaderBase];
  if (variant === 'warn' && reader.warnText === undefined) return undefined;
  return { reader, variant };
}

function userReaderSignatures(): NamedBuiltin<UserReaderName>[] {
  const out: NamedBuiltin<UserReaderName>[] = [];
  for (const [base, reader] of Object.entries(USER_READERS) as [ReaderBase, UserReader][]) {
    out.push(builtin(base, ['addr:long'], 'long'), builtin(`${base}_error`, ['addr:long'], 'long'));
    if (reader.warnText !== undefined)
      out.push(builtin(`${base}_warn` as `${WarnBase}_warn`, ['addr:long'], 'long', { impure: true }));
  }
  return out;
}

export const MEMORY_BUILTINS = [
  builtin('user_string', ['long'], 'string'),
  /** On a fault, the second argument instead of an error. */
  builtin('user_string', ['long', 'string'], 'string'),
  builtin('user_string_n', ['long', 'long'], 'string'),
  builtin('user_string_n', ['long', 'long', 'string'], 'string'),
  builtin('kernel_string', ['long'], 'string'),
  builtin('kernel_string', ['long', 'string'], 'string'),
  builtin('kernel_string_n', ['long', 'long'], 'string'),
  /** Quoted, escaped bytes of a user buffer, NULs shown; the address in hex on a fault. */
  builtin('user_buffer_quoted', ['addr:long', 'inlen:long', 'outlen:long'], 'string'),
  /** The same, but a fault (or outlen <= 0) is an error. */
  builtin('user_buffer_quoted_error', ['addr:long', 'inlen:long', 'outlen:long'], 'string'),
  ...userReaderSignatures(),
];

export type MemoryBuiltinName = (typeof MEMORY_BUILTINS)[number]['name'];
