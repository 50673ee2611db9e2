/**
 * The left side of an assignment must be a variable, an array element or a target expression
 * (stap's assignment_symbol_fetcher, run by its optimizer on every assignment before typing):
 * `Expecting lvalue for assignment` at the operator, then the offending token.
 */
import type { Expr } from '../../../lang/index.js';
import { exprToken, type StapToken } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext } from '../context.js';

export function checkAssignmentLvalues(ctx: CheckContext): void {
  for (const body of ctx.all) {
    ctx.walkAll(body, {
      enter: (node) => {
        if (node.kind !== 'Assign') return undefined;
        const bad = nonLvalueToken(node.left);
        if (bad) {
          ctx.error(CHECK_CODES.assignmentLvalue, 'Expecting lvalue for assignment', exprToken(node), {
            related: [{ message: bad.description, span: bad.span }],
          });
        }
        return undefined;
      },
    });
  }
}

/** The token stap's symbol fetcher throws at, or undefined for an assignable expression. */
export function nonLvalueToken(e: Expr): StapToken | undefined {
  // A histogram bucket is no variable: the fetcher throws at the `@hist_*` operator.
  if (e.kind === 'Index') return e.base.kind === 'Symbol' ? undefined : exprToken(e);
  return ASSIGNABLE.has(e.kind) ? undefined : exprToken(e);
}

const ASSIGNABLE: ReadonlySet<Expr['kind']> = new Set<Expr['kind']>([
  'Symbol',
  'TargetSymbol',
  'Cast',
  'AtVar',
  'Autocast',
  'Deref',
  'Register',
]);
