/**
 * Strings read from memory (upstream tapset/uconversions.stp, tapset/linux/conversions.stp):
 * a user address of the current task, a kernel address. In kernel handlers they are
 * bpf_probe_read_user_str / bpf_probe_read_kernel_str; a bad address is stap's copy-fault error,
 * or the `err_msg` argument's value for the overloads that take one.
 */
import { builtin } from './signature.js';

export const MEMORY_BUILTINS = [
  builtin('user_string', ['long'], 'string'),
  /** On a fault, the second argument instead of an error. */
  builtin('user_string', ['long', 'string'], 'string'),
  builtin('user_string_n', ['long', 'long'], 'string'),
  builtin('user_string_n', ['long', 'long', 'string'], 'string'),
  builtin('kernel_string', ['long'], 'string'),
  builtin('kernel_string', ['long', 'string'], 'string'),
  builtin('kernel_string_n', ['long', 'long'], 'string'),
];

export type MemoryBuiltinName = (typeof MEMORY_BUILTINS)[number]['name'];
