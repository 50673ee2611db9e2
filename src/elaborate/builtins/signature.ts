import type { BuiltinSignature } from '../program.js';

export type BuiltinParamType = BuiltinSignature['params'][number];
/** A parameter: its type, or `name:type` as the tapset names it (shown by `--dump-functions`). */
export type BuiltinParam = BuiltinParamType | `${string}:${BuiltinParamType}`;
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
  const types = params.map((p) => (p.endsWith(':string') || p === 'string' ? 'string' : 'long'));
  const named = params.every((p) => p.includes(':'));
  return {
    kind: 'builtin',
    name,
    params: types,
    ...(named && params.length > 0 ? { paramNames: params.map((p) => p.slice(0, p.lastIndexOf(':'))) } : {}),
    returns,
    ...(options.guru === undefined ? {} : { guru: options.guru }),
    ...(options.impure === undefined ? {} : { impure: options.impure }),
  };
}
