/** Writes to kernel memory (upstream tapset/linux/conversions-guru.stp): never possible here. */
import type { GuruBuiltinName } from '../../elaborate/index.js';
import { ScriptError } from '../context.js';
import { type BuiltinImpl, longArg } from './builtin-impl.js';

/** The tapset's fault message for a write of `what` at the address in the first argument. */
function copyFault(what: string): BuiltinImpl {
  return (_ctx, args) => {
    const address = BigInt.asUintN(64, longArg(args, 0)).toString(16);
    throw new ScriptError(`kernel ${what} copy fault at 0x${address} [man error::fault]`);
  };
}

export const GURU_IMPLS: { readonly [K in GuruBuiltinName]: BuiltinImpl } = {
  set_kernel_string: copyFault('string'),
  set_kernel_string_n: copyFault('string'),
  set_kernel_long: copyFault('long'),
  set_kernel_int: copyFault('int'),
  set_kernel_short: copyFault('short'),
  set_kernel_char: copyFault('char'),
  set_kernel_pointer: copyFault('pointer'),
};
