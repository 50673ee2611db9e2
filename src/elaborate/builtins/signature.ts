import type { BuiltinSignature } from '../program.js';

export type BuiltinParam = BuiltinSignature['params'][number];
export type BuiltinReturn = BuiltinSignature['returns'];

/** A signature whose name keeps its literal type, so a family's table yields a union of names. */
export interface NamedBuiltin<N extends string> extends BuiltinSignature {
  readonly name: N;
}

/**
 * One overload of a native tapset function. `returns: 'unknown'` marks a function that returns
 * nothing (stap's void), such as `exit()` or `log(msg)`.
 */
export function builtin<const N extends string>(
  name: N,
  params: readonly BuiltinParam[],
  returns: BuiltinReturn,
  options: { readonly guru?: boolean; readonly impure?: boolean } = {},
): NamedBuiltin<N> {
  return {
    kind: 'builtin',
    name,
    params,
    returns,
    ...(options.guru === undefined ? {} : { guru: options.guru }),
    ...(options.impure === undefined ? {} : { impure: options.impure }),
  };
}
