/**
 * Arguments and registers in user-space handlers (see src/elaborate/builtins/registers.ts):
 * begin, end and timer handlers interrupted no code, so there are no registers to read.
 */
import type { RegisterBuiltinName } from '../../elaborate/index.js';
import { ScriptError } from '../context.js';
import type { BuiltinImpl } from './builtin-impl.js';

function noArgs(): never {
  throw new ScriptError('cannot access function args in this context');
}

function noRegisters(): never {
  throw new ScriptError('cannot access CPU registers in this context');
}

export const REGISTER_IMPLS: { readonly [K in RegisterBuiltinName]: BuiltinImpl } = {
  int_arg: noArgs,
  uint_arg: noArgs,
  long_arg: noArgs,
  ulong_arg: noArgs,
  longlong_arg: noArgs,
  ulonglong_arg: noArgs,
  pointer_arg: noArgs,
  s32_arg: noArgs,
  u32_arg: noArgs,
  s64_arg: noArgs,
  u64_arg: noArgs,
  register: noRegisters,
  u_register: noRegisters,
  returnval: () => {
    throw new ScriptError('returnval() not defined in this context');
  },
};
