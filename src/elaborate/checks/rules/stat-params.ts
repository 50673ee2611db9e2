/**
 * Statistics parameters (stap's semantic_pass_stats): the `@variance` bit shift is 0..62 and the
 * same for every `@variance` of one variable, and one variable has one kind of histogram.
 * Stap keys this by variable *name*, and a `<<<` hides any operator on its right side.
 */
import type { Expr, HistOp, StatExpr } from '../../../lang/index.js';
import { exprToken, tokenAt } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext } from '../context.js';

interface StatDecl {
  bitShift: number;
  histogram: 'none' | 'linear' | 'log';
  linear: readonly bigint[];
}

export function checkStatParams(ctx: CheckContext): void {
  const decls = new Map<string, StatDecl>();
  for (const body of ctx.live) {
    ctx.walkLive(body, {
      enter: (node) => {
        if (node.kind === 'Assign' && node.op === '<<<') {
          declFor(decls, symbolName(node.left));
          return false;
        }
        if (node.kind === 'Stat') statOp(ctx, decls, node);
        else if (node.kind === 'Hist') histOp(ctx, decls, node);
        return undefined;
      },
    });
  }
}

/** stap's get_symbol_within_expression: a variable or an array element. */
function symbolName(e: Expr): string | undefined {
  if (e.kind === 'Symbol') return e.name;
  if (e.kind === 'Index') return e.base.kind === 'Symbol' ? e.base.name : symbolName(e.base.stat);
  return undefined;
}

function declFor(decls: Map<string, StatDecl>, name: string | undefined): StatDecl | undefined {
  if (name === undefined) return undefined;
  let d = decls.get(name);
  if (!d) {
    d = { bitShift: 0, histogram: 'none', linear: [] };
    decls.set(name, d);
  }
  return d;
}

function statOp(ctx: CheckContext, decls: Map<string, StatDecl>, e: StatExpr): void {
  // A C int, as stap holds it.
  const shift = Number(BigInt.asIntN(32, e.params[0] ?? 0n));
  const tok = exprToken(e);
  if (shift < 0 || shift > 62) {
    ctx.error(CHECK_CODES.bitShiftRange, `bit shift (${shift}) out of range <0..62>`, tok);
    return;
  }
  const name = symbolName(e.operand);
  if (name === undefined) return;
  const d = decls.get(name);
  if (!d) {
    decls.set(name, { bitShift: shift, histogram: 'none', linear: [] });
    return;
  }
  if (e.stat !== 'variance') return;
  if (d.bitShift !== 0 && d.bitShift !== shift) {
    ctx.error(
      CHECK_CODES.bitShiftConflict,
      `conflicting bit shifts declared (previously ${d.bitShift})`,
      tok,
    );
    return;
  }
  d.bitShift = shift;
}

function histOp(ctx: CheckContext, decls: Map<string, StatDecl>, h: HistOp): void {
  const name = symbolName(h.stat);
  if (name === undefined) return;
  const kind = h.histKind;
  const d = decls.get(name);
  if (!d) {
    decls.set(name, { bitShift: 0, histogram: kind, linear: h.params });
    return;
  }
  const same =
    d.histogram === kind &&
    d.linear.length === h.params.length &&
    d.linear.every((p, i) => p === h.params[i]);
  if (same) return;
  if (d.histogram === 'none') {
    d.histogram = kind;
    d.linear = h.params;
    return;
  }
  ctx.error(
    CHECK_CODES.histogramTypes,
    `multiple histogram types declared on '${name}'`,
    tokenAt(h.span, `operator '@hist_${kind}'`, true),
  );
}
