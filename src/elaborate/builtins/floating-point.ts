/**
 * Floating point on IEEE 754 binary64 bit patterns held in longs (upstream
 * tapset/floatingpoint.stp over the runtime's softfloat). None is marked pure there, so stap's
 * optimizer keeps every call.
 */
import { builtin } from './signature.js';

const IMPURE = { impure: true } as const;

export const FLOATING_POINT_BUILTINS = [
  builtin('fp_to_string', ['infp:long', 'precision:long'], 'string', IMPURE),
  builtin('string_to_fp', ['input:string'], 'long', IMPURE),
  builtin('long_to_fp', ['input:long'], 'long', IMPURE),
  builtin('fp_to_long', ['infp:long', 'roundingMode:long', 'exact:long'], 'long', IMPURE),
  builtin('fp_add', ['add1:long', 'add2:long'], 'long', IMPURE),
  builtin('fp_sub', ['sub1:long', 'sub2:long'], 'long', IMPURE),
  builtin('fp_mul', ['mul1:long', 'mul2:long'], 'long', IMPURE),
  builtin('fp_div', ['div1:long', 'div2:long'], 'long', IMPURE),
  builtin('fp_rem', ['div1:long', 'div2:long'], 'long', IMPURE),
  builtin('fp_sqrt', ['infp:long'], 'long', IMPURE),
  builtin('fp_eq', ['infp1:long', 'infp2:long'], 'long', IMPURE),
  builtin('fp_le', ['infp1:long', 'infp2:long'], 'long', IMPURE),
  builtin('fp_lt', ['infp1:long', 'infp2:long'], 'long', IMPURE),
  builtin('fp32_to_fp64', ['input:long'], 'long', IMPURE),
];

export type FloatingPointBuiltinName = (typeof FLOATING_POINT_BUILTINS)[number]['name'];
