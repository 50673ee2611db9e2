/**
 * Histogram buckets are read-only: `@hist_log(x)[3]++` or `delete @hist_log(x)[3]` (stap's
 * mutated_var_collector). Plain assignments to a bucket are the assignment-lvalue rule's.
 */
import type { Expr } from '../../../lang/index.js';
import { exprToken } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext } from '../context.js';

export function checkHistogramBuckets(ctx: CheckContext): void {
  const check = (target: Expr): void => {
    if (target.kind === 'Index' && target.base.kind === 'Hist') {
      ctx.error(CHECK_CODES.histogramBucket, 'Assignment to read-only histogram bucket', exprToken(target));
    }
  };
  for (const body of ctx.live) {
    ctx.walkLive(body, {
      enter: (node) => {
        if (node.kind === 'PreCrement' || node.kind === 'PostCrement') check(node.operand);
        else if (node.kind === 'Delete') check(node.target);
        return undefined;
      },
    });
  }
}
