/** `break` and `continue` belong inside `for`, `while` or `foreach` (stap: `cannot 'break' outside loop`). */
import { tokenAt } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import { type CheckContext, isLoop } from '../context.js';

export function checkLoopControl(ctx: CheckContext): void {
  for (const body of ctx.live) {
    let depth = 0;
    ctx.walkLive(body, {
      enter: (node, parent) => {
        // Only the loop body is inside the loop (not a `for` condition or a `foreach` limit).
        if (parent && isLoop(parent) && parent.body === node) depth++;
        if ((node.kind === 'Break' || node.kind === 'Continue') && depth === 0) {
          const word = node.kind === 'Break' ? 'break' : 'continue';
          const code = node.kind === 'Break' ? CHECK_CODES.breakOutsideLoop : CHECK_CODES.continueOutsideLoop;
          ctx.error(code, `cannot '${word}' outside loop`, tokenAt(node.span, 'keyword'));
        }
        return undefined;
      },
      leave: (node, parent) => {
        if (parent && isLoop(parent) && parent.body === node) depth--;
      },
    });
  }
}
