/** `global x%` only makes sense for an array (stap: `wrapping not supported for scalars`). */
import { variableToken } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext } from '../context.js';

export function checkWrapScalars(ctx: CheckContext): void {
  for (const g of ctx.program.globals) {
    if (g.decl?.wrap && g.arity === 0) {
      ctx.error(CHECK_CODES.wrapScalar, 'wrapping not supported for scalars', variableToken(g));
    }
  }
}
