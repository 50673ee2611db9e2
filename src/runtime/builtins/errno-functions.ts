/**
 * errno_str, errno_p and return_str (upstream tapset/errno.stp), over the errno table the syscall
 * tapset shares (src/wire/syscalls/errno.ts). Unknown numbers give "".
 */
import type { ErrnoBuiltinName } from '../../elaborate/index.js';
import { errnoName, returnStr } from '../../wire/index.js';
import { type BuiltinImpl, longArg } from './builtin-impl.js';

export { errnoName, returnStr };

export const ERRNO_IMPLS: { readonly [K in ErrnoBuiltinName]: BuiltinImpl } = {
  errno_str: (_ctx, args) => errnoName(longArg(args, 0)) ?? '',
  errno_p: (_ctx, args) => {
    const value = longArg(args, 0);
    return errnoName(value) === undefined ? 0n : value < 0n ? -value : value;
  },
  return_str: (_ctx, args) => returnStr(longArg(args, 0), longArg(args, 1)),
  // stap's returnstr without registers (begin, end, timers in user space).
  returnstr: () => 'N/A',
};
