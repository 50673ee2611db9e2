/**
 * Backtraces and address-to-symbol lookups (upstream tapset/linux/context-unwind.stp,
 * context-symbols.stp, context-caller.stp and their user-space `u` twins). A user-space handler
 * (begin, end, timers) interrupts no kernel or user code, so there is no stack to unwind: the
 * backtraces are empty and going down the stack is stap's "reached end of stack" error. With no
 * symbol tables loaded, an address is shown in hex; `modname()` reads /proc/kallsyms, and
 * `umodname()` has no mappings to look in.
 */
import { builtin } from './signature.js';

export const STACK_BUILTINS = [
  builtin('backtrace', [], 'string'),
  builtin('ubacktrace', [], 'string'),
  builtin('print_backtrace', [], 'unknown'),
  builtin('print_ubacktrace', [], 'unknown'),
  builtin('sprint_backtrace', [], 'string'),
  builtin('sprint_ubacktrace', [], 'string'),
  builtin('stack', ['n:long'], 'long'),
  builtin('ustack', ['n:long'], 'long'),
  builtin('callers', ['n:long'], 'string'),
  builtin('ucallers', ['n:long'], 'string'),
  builtin('symname', ['addr:long'], 'string'),
  builtin('usymname', ['addr:long'], 'string'),
  builtin('symdata', ['addr:long'], 'string'),
  builtin('usymdata', ['addr:long'], 'string'),
  builtin('print_syms', ['callers:string'], 'unknown'),
  builtin('print_usyms', ['callers:string'], 'unknown'),
  builtin('sprint_syms', ['callers:string'], 'string'),
  builtin('sprint_usyms', ['callers:string'], 'string'),
  builtin('print_ustack', ['stk:string'], 'unknown'),
  builtin('sprint_ustack', ['stk:string'], 'string'),
  builtin('uaddr', [], 'long'),
  /** The kernel module holding an address (`kernel` for vmlinux); an error when none does. */
  builtin('modname', ['addr:long'], 'string'),
  /** The file mapped at a user address of the current task; an error when none is. */
  builtin('umodname', ['addr:long'], 'string'),
];

export type StackBuiltinName = (typeof STACK_BUILTINS)[number]['name'];
