/**
 * Floating point on IEEE 754 binary64 bit patterns held in longs (upstream
 * tapset/floatingpoint.stp over the runtime's softfloat). None is marked pure there, so stap's
 * optimizer keeps every call.
 */
import { builtin } from './signature.js';

const IMPURE = { impure: true } as const;

export const FLOATING_POINT_BUILTINS = [
  builtin('fp_to_string', ['long', 'long'], 'string', IMPURE),
  builtin('string_to_fp', ['string'], 'long', IMPURE),
  builtin('long_to_fp', ['long'], 'long', IMPURE),
  builtin('fp_to_long', ['long', 'long', 'long'], 'long', IMPURE),
  builtin('fp_add', ['long', 'long'], 'long', IMPURE),
  builtin('fp_sub', ['long', 'long'], 'long', IMPURE),
  builtin('fp_mul', ['long', 'long'], 'long', IMPURE),
  builtin('fp_div', ['long', 'long'], 'long', IMPURE),
  builtin('fp_rem', ['long', 'long'], 'long', IMPURE),
  builtin('fp_sqrt', ['long'], 'long', IMPURE),
  builtin('fp_eq', ['long', 'long'], 'long', IMPURE),
  builtin('fp_le', ['long', 'long'], 'long', IMPURE),
  builtin('fp_lt', ['long', 'long'], 'long', IMPURE),
  builtin('fp32_to_fp64', ['long'], 'long', IMPURE),
];

export type FloatingPointBuiltinName = (typeof FLOATING_POINT_BUILTINS)[number]['name'];
