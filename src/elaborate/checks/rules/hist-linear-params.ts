/**
 * `@hist_linear(s, low, high, width)` must give 1..126 buckets besides the two outliers
 * (stap's runtime `_stp_stat_calc_buckets`, which refuses such a histogram when the module
 * loads; tstap refuses it in pass 2 with the runtime's words). Values are C ints there.
 */
import type { HistOp } from '../../../lang/index.js';
import { tokenAt } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext } from '../context.js';

/** stap's STP_MAX_BUCKETS, underflow and overflow buckets included. */
const MAX_BUCKETS = 128;

export function checkHistLinearParams(ctx: CheckContext): void {
  for (const body of ctx.live) {
    ctx.walkLive(body, {
      enter: (node) => {
        if (node.kind === 'Hist' && node.histKind === 'linear') checkOne(ctx, node);
        return undefined;
      },
    });
  }
}

function checkOne(ctx: CheckContext, h: HistOp): void {
  const [low = 0n, high = 0n, width = 0n] = h.params.map((p) => BigInt.asIntN(32, p));
  const tok = tokenAt(h.span, "operator '@hist_linear'", true);
  if (width === 0n) {
    ctx.error(CHECK_CODES.histogramInterval, 'histogram: interval cannot be zero.', tok);
    return;
  }
  // C division truncates toward zero, as BigInt division does.
  const buckets = BigInt.asIntN(32, BigInt.asIntN(32, high - low) / width) + 3n;
  if (buckets > BigInt(MAX_BUCKETS) || buckets < 3n) {
    ctx.error(
      CHECK_CODES.histogramBuckets,
      `histogram: Number of buckets must be between 1 and ${MAX_BUCKETS - 2}`,
      tok,
      {
        notes: [
          'Number_of_buckets = (stop - start) / interval.',
          'Please adjust your start, stop, and interval values.',
        ],
      },
    );
  }
}
