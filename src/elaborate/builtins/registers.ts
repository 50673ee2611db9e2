/**
 * Function arguments and registers of the probed code (upstream tapset/x86_64/registers.stp,
 * errno.stp's returnval): read from the task's saved registers (struct pt_regs) in process(...)
 * probes. User-space handlers (begin, end, timers) interrupted no code: they raise stap's
 * "cannot access ... in this context" errors.
 */
import { builtin } from './signature.js';

const ARG_READERS = [
  'int_arg',
  'uint_arg',
  'long_arg',
  'ulong_arg',
  'longlong_arg',
  'ulonglong_arg',
  'pointer_arg',
  's32_arg',
  'u32_arg',
  's64_arg',
  'u64_arg',
] as const;

export const REGISTER_BUILTINS = [
  ...ARG_READERS.map((name) => builtin(name, ['argnum:long'], 'long')),
  builtin('register', ['name:string'], 'long'),
  builtin('u_register', ['name:string'], 'long'),
  builtin('returnval', [], 'long'),
];

export type RegisterBuiltinName = (typeof REGISTER_BUILTINS)[number]['name'];
