/**
 * Native tapset functions for user-space handlers, one implementation per builtin name (all
 * overloads of a name share it and dispatch on the argument count). Typed by `BuiltinName`, so a
 * signature in src/elaborate/builtins without an implementation here fails to compile.
 */
import type { BuiltinName } from '../../elaborate/index.js';
import { ANSI_IMPLS } from './ansi-functions.js';
import type { BuiltinImpl } from './builtin-impl.js';
import { CONTEXT_IMPLS } from './context-functions.js';
import { CONTROL_IMPLS } from './control-functions.js';
import { CONVERSION_IMPLS } from './conversion-functions.js';
import { ERRNO_IMPLS } from './errno-functions.js';
import { FLOATING_POINT_IMPLS } from './floating-point-functions.js';
import { GURU_IMPLS } from './guru-functions.js';
import { MEMORY_IMPLS } from './memory-functions.js';
import { REGISTER_IMPLS } from './register-functions.js';
import { STACK_IMPLS } from './stack-functions.js';
import { STRING_IMPLS } from './string-functions.js';
import { TIME_IMPLS } from './time-functions.js';

export type { BuiltinImpl } from './builtin-impl.js';
export { localTimezone } from './timezone.js';

export const BUILTIN_IMPLS: { readonly [K in BuiltinName]: BuiltinImpl } = {
  ...STRING_IMPLS,
  ...TIME_IMPLS,
  ...CONTEXT_IMPLS,
  ...CONTROL_IMPLS,
  ...CONVERSION_IMPLS,
  ...ANSI_IMPLS,
  ...ERRNO_IMPLS,
  ...FLOATING_POINT_IMPLS,
  ...GURU_IMPLS,
  ...STACK_IMPLS,
  ...MEMORY_IMPLS,
  ...REGISTER_IMPLS,
};
