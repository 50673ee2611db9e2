/**
 * `user_string*` and `kernel_string*` in user-space handlers. Their "current task" is tstap
 * itself (as stap's begin probes run in staprun), so a user address is read from
 * /proc/self/mem; kernel memory is never readable from user space. A fault is stap's error:
 * `user string copy fault -14 at 0x... [man error::fault]`.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import {
  type MemoryBuiltinName,
  USER_READERS,
  type UserReaderName,
  userReader,
} from '../../elaborate/index.js';
import { type HandlerContext, ScriptError, type Value } from '../context.js';
import { userBufferText } from '../kernel-side/deferred-text.js';
import { type BuiltinImpl, longArg, maxStringBytes, stringArg } from './builtin-impl.js';

const EFAULT = 14;

function hex(address: bigint): string {
  return `0x${BigInt.asUintN(64, address).toString(16)}`;
}

/** Up to `limit` bytes of a NUL-terminated string at `address` in this process, or undefined. */
function readOwnString(address: bigint, limit: number): string | undefined {
  if (limit <= 0) return '';
  let fd: number | undefined;
  try {
    fd = openSync('/proc/self/mem', 'r');
    const buf = Buffer.alloc(limit);
    const n = readSync(fd, buf, 0, limit, BigInt.asUintN(64, address));
    const end = buf.subarray(0, n).indexOf(0);
    if (end < 0 && n < limit) return undefined;
    return buf.toString('latin1', 0, end < 0 ? n : end);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `bytes` bytes at `address` in this process, or undefined when they are not all readable. */
function readOwnBytes(address: bigint, bytes: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync('/proc/self/mem', 'r');
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, BigInt.asUintN(64, address));
    return n === bytes ? buf : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `user_int(addr)`, `user_long_error(addr)`, `user_char_warn(addr)`... (elaborate USER_READERS). */
function userReaderImpl(name: UserReaderName): BuiltinImpl {
  const found = userReader(name);
  if (found === undefined) throw new Error(`${name} is not a user reader`);
  const { reader, variant } = found;
  return (ctx, args) => {
    const address = longArg(args, 0);
    const buf = readOwnBytes(address, reader.bytes);
    if (buf !== undefined) {
      const raw = reader.bytes === 8 ? buf.readBigUInt64LE(0) : BigInt(buf.readUIntLE(0, reader.bytes));
      return reader.signed ? BigInt.asIntN(reader.bytes * 8, raw) : raw;
    }
    if (variant === 'error') throw new ScriptError(`read fault [man error::fault] at ${hex(address)}`);
    if (variant === 'warn')
      ctx.session.writeError(`WARNING: ${reader.warnText ?? ''}${hex(address)} [man error::fault]\n`);
    return 0n;
  };
}

const USER_READER_IMPLS = Object.fromEntries(
  Object.keys(USER_READERS).flatMap((base) =>
    [base, `${base}_error`, `${base}_warn`]
      .filter((name) => userReader(name) !== undefined)
      .map((name) => [name, userReaderImpl(name as UserReaderName)]),
  ),
) as Record<UserReaderName, BuiltinImpl>;

/** stap clamps the copy to n + 1 bytes, at most MAXSTRINGLEN - 1, the NUL included. */
function userString(address: bigint, chars: number): string {
  const s = readOwnString(address, chars);
  if (s === undefined)
    throw new ScriptError(`user string copy fault -${EFAULT} at ${hex(address)} [man error::fault]`);
  return s;
}

function clampChars(n: bigint, max: number): number {
  const bytes = n + 1n < 1n ? 1n : n + 1n > BigInt(max) ? BigInt(max) : n + 1n;
  return Number(bytes) - 1;
}

const kernelFault = (address: bigint): never => {
  throw new ScriptError(`kernel string copy fault at ${hex(address)} [man error::fault]`);
};

/** The overloads taking an `err_msg` return it instead of failing. */
function orMessage(ctx: HandlerContext, args: readonly Value[], index: number, read: () => string): string {
  if (args.length <= index) return read();
  try {
    return read();
  } catch (e) {
    if (e instanceof ScriptError) return stringArg(ctx, args, index);
    throw e;
  }
}

/** `user_buffer_quoted(addr, inlen, outlen)`: the bytes stap's `_stp_text_str` reads. */
function userBufferQuoted(ctx: HandlerContext, args: readonly Value[]): string {
  const address = longArg(args, 0);
  const inlen = longArg(args, 1);
  const max = maxStringBytes(ctx);
  const wanted = inlen <= 0n || inlen > BigInt(max - 1) ? max - 1 : Number(inlen);
  const bytes = readOwnBytes(address, wanted);
  return userBufferText(bytes, address, inlen, longArg(args, 2), max);
}

/**
 * `user_buffer_quoted_error(addr, inlen, outlen)`: as user_buffer_quoted, but outlen <= 0 or a
 * fault is stap's `Unable to access user space data at 0x...` (tapset uconversions.stp).
 */
function userBufferQuotedError(ctx: HandlerContext, args: readonly Value[]): string {
  const address = longArg(args, 0);
  const inlen = longArg(args, 1);
  const outlen = longArg(args, 2);
  const max = maxStringBytes(ctx);
  const wanted = inlen <= 0n || inlen > BigInt(max - 1) ? max - 1 : Number(inlen);
  const bytes = outlen <= 0n ? undefined : readOwnBytes(address, wanted);
  if (bytes === undefined) throw new ScriptError(`Unable to access user space data at ${hex(address)}`);
  return userBufferText(bytes, address, inlen, outlen, max);
}

export const MEMORY_IMPLS = {
  user_buffer_quoted: userBufferQuoted,
  user_buffer_quoted_error: userBufferQuotedError,
  user_string: (ctx, args) =>
    orMessage(ctx, args, 1, () => userString(longArg(args, 0), maxStringBytes(ctx) - 1)),
  user_string_n: (ctx, args) =>
    orMessage(ctx, args, 2, () =>
      userString(longArg(args, 0), clampChars(longArg(args, 1), maxStringBytes(ctx))),
    ),
  kernel_string: (ctx, args) => orMessage(ctx, args, 1, () => kernelFault(longArg(args, 0))),
  kernel_string_n: (_ctx, args) => kernelFault(longArg(args, 0)),
  ...USER_READER_IMPLS,
} satisfies { readonly [K in MemoryBuiltinName]: BuiltinImpl };
