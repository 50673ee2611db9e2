/** Error numbers and return-value formatting (upstream tapset/errno.stp). */
import { builtin } from './signature.js';

export const ERRNO_BUILTINS = [
  builtin('errno_str', ['err:long'], 'string'),
  builtin('errno_p', ['err:long'], 'long'),
  builtin('return_str', ['format:long', 'ret:long'], 'string'),
  /** The probe's return register as return_str formats it; "N/A" without registers. */
  builtin('returnstr', ['format:long'], 'string'),
];

export type ErrnoBuiltinName = (typeof ERRNO_BUILTINS)[number]['name'];
