/** Error numbers and return-value formatting (upstream tapset/errno.stp). */
import { builtin } from './signature.js';

export const ERRNO_BUILTINS = [
  builtin('errno_str', ['long'], 'string'),
  builtin('errno_p', ['long'], 'long'),
  builtin('return_str', ['long', 'long'], 'string'),
];

export type ErrnoBuiltinName = (typeof ERRNO_BUILTINS)[number]['name'];
