/**
 * What kernel handlers need to know about the running kernel to read the current task and to
 * merge per-CPU values: compile owns this port, src/kernel implements it (context-target.ts
 * there, from BTF and sysfs), src/runtime passes it in. Tests pass a fake. Without it (no BTF)
 * the functions that need it are refused at pass 3.
 */
import type { TraceMemberAccess } from '../elaborate/index.js';

/** How `current->a->b` reads: pointer hops, then an integer (or pointer) member. */
export type TaskMemberAccess = TraceMemberAccess;

/** A `char[N]` member (`comm`) reached through `derefs` from the current task. */
export type TaskCharsAccess =
  | {
      readonly ok: true;
      readonly derefs: readonly number[];
      readonly offset: number;
      readonly length: number;
    }
  | { readonly ok: false; readonly error: string };

/** Kernel code from `start` up to (not including) `end`. */
export interface CodeRange {
  readonly start: bigint;
  readonly end: bigint;
}

export interface ContextTarget {
  /** `struct task_struct` member chain from the current task to an integer or pointer member. */
  taskMember(path: readonly string[]): TaskMemberAccess;
  /** A member chain ending in a char array (`real_parent->comm`). */
  taskChars(path: readonly string[]): TaskCharsAccess;
  /** The number of possible CPUs: a per-CPU map value has this many copies. */
  readonly possibleCpus: number;
  /** bpf_map_lookup_percpu_elem (kernel 5.19): reading another CPU's copy in a handler. */
  readonly haveLookupPercpuElem: boolean;
  /** The process that loads and runs the programs (`stp_pid()`). */
  readonly stpPid: number;
  /**
   * Where a kernel symbol's code lies in /proc/kallsyms (to the next symbol, as the runtime's
   * symboliser names addresses), undefined when it is not there or kallsyms is unreadable.
   */
  symbolRange?(name: string): CodeRange | undefined;
  /**
   * The event classes that tracepoint `event` may belong to (`__bpf_trace_<class>`): those
   * whose parameters are the event's, from BTF; undefined without BTF or the event.
   */
  tracepointClasses?(event: string): readonly string[] | undefined;
}
