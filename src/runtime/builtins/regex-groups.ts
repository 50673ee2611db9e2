/**
 * Sub-expressions of the last `=~` match (upstream tapset/regex.stp): `matched(n)`,
 * `matched_str()` and `ngroups()`, where group 0 is the whole match.
 */
import type { StringBuiltinName } from '../../elaborate/index.js';
import { type HandlerContext, ScriptError, type Value } from '../context.js';
import { type BuiltinImpl, bounded, longArg } from './builtin-impl.js';

/**
 * stap checks "failed match" first and "nonexistent" second, the second message overwriting the
 * first; before any successful match the group count is 0, so every index is nonexistent.
 */
function matched(ctx: HandlerContext, group: bigint): string {
  const match = ctx.lastMatch;
  const groupCount = BigInt(match?.groups.length ?? 0);
  if (group < 0n || group >= groupCount) {
    throw new ScriptError(`Attempted to get nonexistent subexpression ${group}`);
  }
  if (match === undefined || match.failed === true) {
    throw new ScriptError(`Attempted to get subexpression ${group} from failed match`);
  }
  const range = match.groups[Number(group)];
  if (range === undefined) return '';
  return bounded(ctx, match.subject.slice(range[0], range[1]));
}

type MatchBuiltinName = Extract<StringBuiltinName, 'matched' | 'matched_str' | 'ngroups'>;

export const MATCH_IMPLS: { readonly [K in MatchBuiltinName]: BuiltinImpl } = {
  matched: (ctx, args: readonly Value[]) => matched(ctx, longArg(args, 0)),
  matched_str: (ctx) => matched(ctx, 0n),
  ngroups: (ctx) => {
    const match = ctx.lastMatch;
    if (match === undefined || match.failed === true) {
      throw new ScriptError('Attempted to get subexpression count from failed match');
    }
    return BigInt(match.groups.length);
  },
};
