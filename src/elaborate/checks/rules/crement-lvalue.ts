/**
 * `++`/`--` need something to store into (stap finds out only when translating, with
 * `invalid lvalue type` at the operand).
 */
import { exprToken } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext } from '../context.js';
import { nonLvalueToken } from './assignment-lvalue.js';

export function checkCrementLvalues(ctx: CheckContext): void {
  for (const body of ctx.live) {
    ctx.walkLive(body, {
      enter: (node) => {
        if (node.kind !== 'PreCrement' && node.kind !== 'PostCrement') return undefined;
        const operand = node.operand;
        // A histogram bucket has its own message (histogram-bucket rule).
        if (operand.kind === 'Index' && operand.base.kind === 'Hist') return undefined;
        if (nonLvalueToken(operand))
          ctx.error(CHECK_CODES.crementLvalue, 'invalid lvalue type', exprToken(operand));
        return undefined;
      },
    });
  }
}
