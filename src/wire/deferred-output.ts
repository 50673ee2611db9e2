/**
 * PRINTF_DEFERRED records: a kernel `print*` whose arguments include values that only user
 * space can turn into text (DESIGN.md §3, "output is deferred"): the kernel stack for
 * `backtrace()`, `sprint_backtrace()` and `print_backtrace()`, an address for `symname()` and
 * `symdata()`, the user stack and addresses with the tgid for `ubacktrace()`, `usymname()`,
 * `umodname()` and the like (symbolised with the process's mappings), the raw argument area for `cmdline_str()`/`cmdline_arg()`/`cmdline_args()`. The record holds the raw values; the
 * runtime symbolises them with /proc/kallsyms and formats the line as a PRINTF record's. They
 * have their own record type and site table, so the PRINTF fast path never sees them.
 */

import type { OutputOp } from './output-sites.js';
import { align8, RECORD_HEADER_BYTES } from './records.js';
import type { StatShape } from './stats.js';

/** stap's MAXBACKTRACE: frames kept of a kernel stack. */
export const MAX_BACKTRACE_FRAMES = 20;

/** How a captured stack becomes text (stap's _STP_SYM_* flag sets). */
export type StackForm =
  /** `backtrace()`: `0xADDR ` per frame (_STP_SYM_NONE). */
  | 'hex'
  /** `sprint_backtrace()`: `symbol+0xoff [module]\n` per frame (_STP_SYM_SIMPLE). */
  | 'simple'
  /** `print_backtrace()`: ` 0xADDR : symbol+0xoff/0xsize [module]\n` per frame (_STP_SYM_FULL). */
  | 'full'
  /** `print_syms(backtrace())`: ` 0xADDR : symdata\n` per frame (tapset print_syms). */
  | 'syms'
  /** `sprint_syms(backtrace())`: the same lines while they fit MAXSTRINGLEN (tapset sprint_syms). */
  | 'sprint-syms';

/** `usymname()`, `usymdata()`, and `umodname()`: the mapped file's path. */
export type UserSymbolForm = 'symname' | 'symdata' | 'modname';

export type DeferredArgKind =
  | { readonly kind: 'long' }
  | { readonly kind: 'string'; readonly capacity: number }
  | { readonly kind: 'stack'; readonly form: StackForm }
  | { readonly kind: 'symbol'; readonly form: 'symname' | 'symdata' }
  | { readonly kind: 'cmdline'; readonly capacity: number; readonly delimiterCapacity: number }
  | { readonly kind: 'ustack'; readonly form: StackForm }
  | { readonly kind: 'usymbol'; readonly form: UserSymbolForm }
  | { readonly kind: 'retstr' }
  | { readonly kind: 'ubuffer'; readonly capacity: number }
  | HistogramArg;

/**
 * `print(@hist_log(s))`, `print(@hist_linear(a[k], ...))` (compile/stat-print.ts): the
 * aggregate's per-CPU map (its symbol) and shape; `keyBytes` of the element's key follow in the
 * record (none for a scalar aggregate). User space reads the map and draws the chart when it
 * consumes the record.
 */
export interface HistogramArg {
  readonly kind: 'histogram';
  readonly map: string;
  readonly shape: StatShape;
  readonly keyBytes: number;
}

export type DeferredSlot =
  | { readonly kind: 'long'; readonly offset: number }
  | { readonly kind: 'string'; readonly offset: number; readonly capacity: number }
  /** u64 bytes bpf_get_stack wrote (0 on failure), then MAX_BACKTRACE_FRAMES u64 addresses. */
  | { readonly kind: 'stack'; readonly offset: number; readonly form: StackForm }
  /** A u64 kernel address. */
  | { readonly kind: 'symbol'; readonly offset: number; readonly form: 'symname' | 'symdata' }
  /**
   * u64 bytes read (0 when none), s64 first and last argument wanted (last < 0: to the end), the
   * delimiter string (`delimiterCapacity` bytes), then `capacity` bytes: the NUL-separated arguments.
   */
  | {
      readonly kind: 'cmdline';
      readonly offset: number;
      readonly capacity: number;
      readonly delimiterCapacity: number;
    }
  /**
   * The user stack: u64 tgid of the current task, u64 return address at the top of the stack at
   * a function's entry (0 elsewhere), then a 'stack' slot's bytes and frames.
   */
  | { readonly kind: 'ustack'; readonly offset: number; readonly form: StackForm }
  /** u64 tgid of the current task, then a u64 user address. */
  | { readonly kind: 'usymbol'; readonly offset: number; readonly form: UserSymbolForm }
  /** `returnstr(format)`, `return_str(format, ret)`: s64 format, s64 value. */
  | { readonly kind: 'retstr'; readonly offset: number }
  /**
   * `user_buffer_quoted(addr, inlen, outlen)`: s64 bytes copied (-1: a fault), u64 address, s64
   * inlen, s64 outlen, then `capacity` bytes of the buffer.
   */
  | { readonly kind: 'ubuffer'; readonly offset: number; readonly capacity: number }
  /** The key bytes of the array element (none for a scalar aggregate). */
  | (HistogramArg & { readonly offset: number });

export interface DeferredSite {
  readonly op: OutputOp;
  readonly args: readonly DeferredSlot[];
  /** The whole record, header included, a multiple of 8. */
  readonly recordBytes: number;
}

export const STACK_SLOT_BYTES = 8 + 8 * MAX_BACKTRACE_FRAMES;

/** A user stack slot: the tgid and the entry's return address before a stack slot. */
export const USER_STACK_SLOT_BYTES = 16 + STACK_SLOT_BYTES;

/** A cmdline slot's length, first and last fields, before the delimiter. */
export const CMDLINE_HEADER_BYTES = 24;

/** A user buffer slot's count, address, inlen and outlen, before the bytes. */
export const USER_BUFFER_HEADER_BYTES = 32;

/** Places the arguments after the header in order, each 8-byte aligned. */
export function layoutDeferredSite(op: OutputOp, kinds: readonly DeferredArgKind[]): DeferredSite {
  let at = RECORD_HEADER_BYTES;
  const args: DeferredSlot[] = [];
  for (const k of kinds) {
    const offset = at;
    switch (k.kind) {
      case 'long':
        args.push({ kind: 'long', offset });
        at += 8;
        break;
      case 'string':
        args.push({ kind: 'string', offset, capacity: k.capacity });
        at += align8(k.capacity);
        break;
      case 'stack':
        args.push({ kind: 'stack', offset, form: k.form });
        at += STACK_SLOT_BYTES;
        break;
      case 'symbol':
        args.push({ kind: 'symbol', offset, form: k.form });
        at += 8;
        break;
      case 'cmdline':
        args.push({ kind: 'cmdline', offset, capacity: k.capacity, delimiterCapacity: k.delimiterCapacity });
        at += CMDLINE_HEADER_BYTES + align8(k.delimiterCapacity) + align8(k.capacity);
        break;
      case 'histogram':
        args.push({ ...k, offset });
        at += align8(k.keyBytes);
        break;
      case 'ustack':
        args.push({ kind: 'ustack', offset, form: k.form });
        at += USER_STACK_SLOT_BYTES;
        break;
      case 'usymbol':
        args.push({ kind: 'usymbol', offset, form: k.form });
        at += 16;
        break;
      case 'retstr':
        args.push({ kind: 'retstr', offset });
        at += 16;
        break;
      case 'ubuffer':
        args.push({ kind: 'ubuffer', offset, capacity: k.capacity });
        at += USER_BUFFER_HEADER_BYTES + align8(k.capacity);
        break;
    }
  }
  return { op, args, recordBytes: align8(at) };
}
