/**
 * `=~` / `!~` patterns must compile (stap's gen_dfa_table, after typing, over the code the
 * probes reach): `regex compilation error (at position 3): ...` at the pattern.
 */
import { compileRegex, describeRegexError, isRegexError } from '../../../lang/index.js';
import { exprToken } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext } from '../context.js';

export function checkRegexLiterals(ctx: CheckContext): void {
  for (const body of ctx.live) {
    ctx.walkLive(body, {
      enter: (node) => {
        if (node.kind !== 'Regex') return undefined;
        const compiled = compileRegex(node.pattern.value);
        if (isRegexError(compiled)) {
          ctx.error(CHECK_CODES.regex, describeRegexError(compiled), exprToken(node.pattern));
        }
        return undefined;
      },
    });
  }
}
