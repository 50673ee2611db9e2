/**
 * A syscall's `argstr`/`retstr` printed from a kernel handler: the PRINTF record carries the raw
 * values (call number, the six argument registers or the return value, and the user memory the
 * call's decoder asked to capture), and user space builds the text (syscalls/index.ts) — the
 * kernel formats nothing. The slot's layout:
 *
 *     0    i64 call number
 *     8    argstr: six u64 argument registers; retstr: the i64 return value
 *     56   argstr, per capture slot: i64 result of the read (< 0: it faulted), then `capacity`
 *          bytes (a string NUL-terminated, a struct as read)
 *
 * A decoded variable (`flags_str`, `dfd_str`...) has argstr's layout; each call says which
 * argument (or constant) it shows.
 *
 * A quoted string argument (`filename`) that is only printed travels the same way, quoted here
 * exactly as stap's user_string_quoted does (escapes, `0x…` when unreadable):
 *
 *     0    u64 address
 *     8    i64 result of the read: > 0 read, < 0 faulted, 0 the call has no such argument
 *     16   `capacity` bytes, NUL-terminated
 */
import {
  argstrCaptures,
  type DecodedText,
  formatArgstr,
  formatDecoded,
  formatRetstr,
  type SyscallParam,
} from './syscalls/index.js';
import { quoteString } from './syscalls/text-quote.js';

export interface SyscallTextCall {
  readonly nr: number;
  readonly name: string;
  readonly params: readonly SyscallParam[];
  /** A decoded variable's table: what this call shows (none: ""). */
  readonly decoded?: DecodedText;
}

export interface SyscallTextTable {
  readonly text: 'argstr' | 'retstr' | 'quoted' | 'decoded';
  readonly syscalls: readonly SyscallTextCall[];
  /** Offsets (from the slot) of each capture slot's result; the data follows it. */
  readonly captures: readonly { readonly offset: number; readonly capacity: number }[];
  readonly bytes: number;
}

export const SYSCALL_TEXT = {
  nr: 0,
  args: 8,
  ret: 8,
  capturesAt: 56,
  address: 0,
  result: 8,
  data: 16,
} as const;

/** Lays out the slot for `text` with the given capture capacities. */
export function syscallTextTable(
  text: SyscallTextTable['text'],
  syscalls: readonly SyscallTextCall[],
  capacities: readonly number[],
): SyscallTextTable {
  if (text === 'retstr') return { text, syscalls, captures: [], bytes: 16 };
  if (text === 'quoted') {
    const capacity = capacities[0] ?? 1;
    return {
      text,
      syscalls,
      captures: [{ offset: SYSCALL_TEXT.result, capacity }],
      bytes: 16 + ((capacity + 7) & ~7),
    };
  }
  let at: number = SYSCALL_TEXT.capturesAt;
  const captures = capacities.map((capacity) => {
    const offset = at;
    at += 8 + ((capacity + 7) & ~7);
    return { offset, capacity };
  });
  return { text, syscalls, captures, bytes: at };
}

const byNumber = new WeakMap<SyscallTextTable, Map<number, SyscallTextCall>>();

function callOf(table: SyscallTextTable, nr: number): SyscallTextCall | undefined {
  let calls = byNumber.get(table);
  if (calls === undefined) {
    calls = new Map(table.syscalls.map((s) => [s.nr, s] as const));
    byNumber.set(table, calls);
  }
  return calls.get(nr);
}

/** The text of a syscall slot at `offset`. */
export function readSyscallText(view: DataView, offset: number, table: SyscallTextTable): string {
  if (table.text === 'quoted') return readQuoted(view, offset, table);
  const nr = Number(view.getBigInt64(offset + SYSCALL_TEXT.nr, true));
  const call = callOf(table, nr);
  if (call === undefined) return '';
  if (table.text === 'retstr')
    return formatRetstr(call.name, view.getBigInt64(offset + SYSCALL_TEXT.ret, true));
  if (table.text === 'decoded' && call.decoded === undefined) return '';
  const args: bigint[] = [];
  for (let i = 0; i < 6; i++) args.push(view.getBigUint64(offset + SYSCALL_TEXT.args + 8 * i, true));
  const captured = argstrCaptures(call.name, call.params).map((c, j) => {
    const slot = table.captures[j];
    if (slot === undefined) return undefined;
    const result = view.getBigInt64(offset + slot.offset, true);
    if (result < 0n) return undefined;
    const data = offset + slot.offset + 8;
    if (c.kind === 'bytes' || c.kind === 'vector') {
      const n = Math.min(c.bytes, slot.capacity);
      return new Uint8Array(view.buffer.slice(view.byteOffset + data, view.byteOffset + data + n));
    }
    const limit = Math.min(c.maxBytes, slot.capacity);
    let n = 0;
    while (n < limit && view.getUint8(data + n) !== 0) n++;
    return new Uint8Array(view.buffer.slice(view.byteOffset + data, view.byteOffset + data + n));
  });
  if (table.text === 'decoded' && call.decoded !== undefined) {
    return formatDecoded(call.name, call.params, call.decoded, args, captured);
  }
  return formatArgstr(call.name, call.params, args, captured);
}

function readQuoted(view: DataView, offset: number, table: SyscallTextTable): string {
  const result = view.getBigInt64(offset + SYSCALL_TEXT.result, true);
  if (result === 0n) return '';
  if (result < 0n) return `0x${view.getBigUint64(offset + SYSCALL_TEXT.address, true).toString(16)}`;
  const data = offset + SYSCALL_TEXT.data;
  const limit = table.captures[0]?.capacity ?? 0;
  let n = 0;
  while (n < limit && view.getUint8(data + n) !== 0) n++;
  return quoteString(new Uint8Array(view.buffer.slice(view.byteOffset + data, view.byteOffset + data + n)));
}
