/**
 * Guru-only functions (tagged `guru` in stap's tapsets) need `-g` unless called from a tapset:
 * `function may not be used unless -g is specified`, at the call.
 */
import { exprToken } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext } from '../context.js';

export function checkGuruBuiltins(ctx: CheckContext): void {
  if (ctx.options.guru) return;
  for (const body of ctx.all) {
    ctx.walkAll(body, {
      enter: (node) => {
        if (node.kind !== 'Call' || node.span.source.library) return undefined;
        const target = ctx.program.calls.get(node);
        if (target?.kind === 'builtin' && target.fn.guru) {
          ctx.error(
            CHECK_CODES.guruFunction,
            'function may not be used unless -g is specified',
            exprToken(node),
          );
        }
        return undefined;
      },
    });
  }
}
