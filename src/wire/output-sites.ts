/**
 * PRINTF records: a kernel `printf`/`print*` statement stores its raw argument values (longs as
 * 8 bytes, strings copied NUL-terminated into fixed-capacity slots) after the record header; the
 * runtime formats them with stap's exact printf semantics. What to format and where each argument
 * sits is fixed at compile time per statement: its OutputSite, found by the record's id.
 */
import type { FormatComponent } from '../lang/index.js';
import { align8, RECORD_HEADER_BYTES } from './records.js';
import { readSyscallText, type SyscallTextTable } from './syscall-text.js';

export type OutputOp =
  | { readonly kind: 'printf'; readonly components: readonly FormatComponent[] }
  | { readonly kind: 'print' | 'println' }
  | { readonly kind: 'printd' | 'printdln'; readonly delimiter: string };

export type ArgSlot =
  | { readonly kind: 'long'; readonly offset: number }
  /** A syscall's argstr/retstr, built here from the raw values (syscall-text.ts). */
  | { readonly kind: 'syscall'; readonly offset: number; readonly table: SyscallTextTable }
  /** `capacity` bytes at `offset`, NUL-terminated unless the string fills them. */
  | { readonly kind: 'string'; readonly offset: number; readonly capacity: number };

export type ArgKind =
  | { readonly kind: 'long' }
  | { readonly kind: 'string'; readonly capacity: number }
  | { readonly kind: 'syscall'; readonly table: SyscallTextTable };

export interface OutputSite {
  readonly op: OutputOp;
  readonly args: readonly ArgSlot[];
  /** The whole record, header included, a multiple of 8. */
  readonly recordBytes: number;
}

/** Places the arguments after the header in order, each 8-byte aligned. */
export function layoutOutputSite(op: OutputOp, kinds: readonly ArgKind[]): OutputSite {
  let at = RECORD_HEADER_BYTES;
  const args: ArgSlot[] = kinds.map((k) => {
    const offset = at;
    if (k.kind === 'long') {
      at += 8;
      return { kind: 'long', offset };
    }
    if (k.kind === 'syscall') {
      at += k.table.bytes;
      return { kind: 'syscall', offset, table: k.table };
    }
    at += align8(k.capacity);
    return { kind: 'string', offset, capacity: k.capacity };
  });
  return { op, args, recordBytes: align8(at) };
}

/** A NUL-terminated byte string of at most `capacity` bytes, one char per byte. */
export function readCString(view: DataView, offset: number, capacity: number): string {
  let s = '';
  for (let i = 0; i < capacity; i++) {
    const b = view.getUint8(offset + i);
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

/** The argument values of a PRINTF record starting at `offset`. */
export function readOutputArgs(view: DataView, offset: number, site: OutputSite): (bigint | string)[] {
  return site.args.map((a) =>
    a.kind === 'long'
      ? view.getBigInt64(offset + a.offset, true)
      : a.kind === 'syscall'
        ? readSyscallText(view, offset + a.offset, a.table)
        : readCString(view, offset + a.offset, a.capacity),
  );
}
