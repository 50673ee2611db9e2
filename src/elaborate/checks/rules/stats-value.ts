/**
 * A statistics aggregate is read only through `@count`, `@sum`... and the histogram operators;
 * printing one as a plain value has no meaning (stap's type pass lets `print(s)` through and
 * fails to translate it). Reported with stap's wording for a stats value where none is allowed.
 */
import { exprToken } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext } from '../context.js';

export function checkStatsValues(ctx: CheckContext): void {
  for (const body of ctx.live) {
    ctx.walkLive(body, {
      enter: (node) => {
        if (node.kind !== 'Print' || node.format !== undefined) return undefined;
        for (const arg of node.args) {
          if (ctx.types.get(arg) === 'stats')
            ctx.error(CHECK_CODES.statsValue, 'invalid type stats', exprToken(arg));
        }
        return undefined;
      },
    });
  }
}
