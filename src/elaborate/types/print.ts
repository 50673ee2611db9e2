/**
 * The print family (stap's visit_print_format): with a format, the argument count and each
 * argument's type follow from the conversions; without one, every argument just has to have a
 * type. `print*` write to the output and are long-valued, `sprint*` give the string.
 */
import { formatArgTypes, type PrintExpr, parsePrintFormat } from '../../lang/index.js';
import { TYPE_CODES } from './codes.js';
import { checkArgType, type ExprEnv, visitExpr, visitHist } from './expressions.js';
import { isPrintToStream } from './nodes.js';
import { exprToken } from './tokens.js';

export function visitPrint(env: ExprEnv, e: PrintExpr): void {
  const s = env.state;
  let unresolvedArgs = 0;
  if (e.hist) {
    visitHist(env, e.hist);
  } else if (e.format !== undefined) {
    const parsed = parsePrintFormat(e.format);
    if ('error' in parsed) {
      // A malformed format is the print-format check's to report; type what we can meanwhile.
      for (const arg of e.args) visitExpr(env, arg, 'unknown');
    } else {
      const wanted = formatArgTypes(parsed.components);
      if (wanted.length !== e.args.length) {
        s.abort(TYPE_CODES.wrongArgCount, 'Wrong number of args to formatted print operator', () =>
          exprToken(e),
        );
        return;
      }
      e.args.forEach((arg, i) => {
        checkArgType(env, wanted[i] ?? 'long', arg);
      });
    }
  } else {
    for (const arg of e.args) {
      visitExpr(env, arg, 'unknown');
      if (s.typeOf(arg) === 'unknown') {
        s.unresolved(() => exprToken(arg));
        unresolvedArgs++;
      }
    }
  }
  if (unresolvedArgs === 0) {
    if (s.typeOf(e) === 'unknown') {
      s.setType(e, isPrintToStream(e) ? 'long' : 'string');
      s.resolved(() => exprToken(e));
    }
  } else {
    s.setType(e, 'unknown');
    s.unresolved(() => exprToken(e));
  }
}
