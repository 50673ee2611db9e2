/** Floating point on binary64 bit patterns held in longs (upstream tapset/floatingpoint.stp). */
import type { FloatingPointBuiltinName } from '../../elaborate/index.js';
import { ScriptError } from '../context.js';
import { type BuiltinImpl, longArg, maxStringBytes, stringArg, truth } from './builtin-impl.js';
import {
  f32ToF64,
  f64Add,
  f64Div,
  f64Eq,
  f64Le,
  f64Lt,
  f64Mul,
  f64Rem,
  f64Sqrt,
  f64Sub,
  f64ToI64,
  f64ToString,
  i64ToF64,
  stringToF64,
} from './softfloat.js';

export const FLOATING_POINT_IMPLS: { readonly [K in FloatingPointBuiltinName]: BuiltinImpl } = {
  // The precision is a C int: the low 32 bits of the argument.
  fp_to_string: (ctx, args) =>
    f64ToString(longArg(args, 0), Number(BigInt.asIntN(32, longArg(args, 1))), maxStringBytes(ctx) + 1),
  string_to_fp: (ctx, args) => {
    const bits = stringToF64(stringArg(ctx, args, 0));
    if (bits === undefined) throw new ScriptError('invalid format');
    return bits;
  },
  long_to_fp: (_ctx, args) => i64ToF64(longArg(args, 0)),
  // The third argument (`exact`) only raises softfloat's inexact flag, which nothing reads.
  fp_to_long: (_ctx, args) => f64ToI64(longArg(args, 0), longArg(args, 1)),
  fp_add: (_ctx, args) => f64Add(longArg(args, 0), longArg(args, 1)),
  fp_sub: (_ctx, args) => f64Sub(longArg(args, 0), longArg(args, 1)),
  fp_mul: (_ctx, args) => f64Mul(longArg(args, 0), longArg(args, 1)),
  fp_div: (_ctx, args) => f64Div(longArg(args, 0), longArg(args, 1)),
  fp_rem: (_ctx, args) => f64Rem(longArg(args, 0), longArg(args, 1)),
  fp_sqrt: (_ctx, args) => f64Sqrt(longArg(args, 0)),
  fp_eq: (_ctx, args) => truth(f64Eq(longArg(args, 0), longArg(args, 1))),
  fp_le: (_ctx, args) => truth(f64Le(longArg(args, 0), longArg(args, 1))),
  fp_lt: (_ctx, args) => truth(f64Lt(longArg(args, 0), longArg(args, 1))),
  fp32_to_fp64: (_ctx, args) => f32ToF64(longArg(args, 0)),
};
