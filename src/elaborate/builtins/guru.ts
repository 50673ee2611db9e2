/**
 * Writes to kernel memory (upstream tapset/linux/conversions-guru.stp), allowed only with `-g`.
 * A BPF program may not write kernel memory and user space cannot, so every call ends in the
 * tapset's copy-fault error.
 */
import { builtin } from './signature.js';

const GURU = { guru: true } as const;

export const GURU_BUILTINS = [
  builtin('set_kernel_string', ['addr:long', 'val:string'], 'unknown', GURU),
  builtin('set_kernel_string_n', ['addr:long', 'n:long', 'val:string'], 'unknown', GURU),
  builtin('set_kernel_long', ['addr:long', 'val:long'], 'unknown', GURU),
  builtin('set_kernel_int', ['addr:long', 'val:long'], 'unknown', GURU),
  builtin('set_kernel_short', ['addr:long', 'val:long'], 'unknown', GURU),
  builtin('set_kernel_char', ['addr:long', 'val:long'], 'unknown', GURU),
  builtin('set_kernel_pointer', ['addr:long', 'val:long'], 'unknown', GURU),
];

export type GuruBuiltinName = (typeof GURU_BUILTINS)[number]['name'];
