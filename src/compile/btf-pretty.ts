/**
 * `$var$`, `$var$$` and `@cast(...)->x$` in kernel handlers: stap's pretty-printing, a sprintf
 * over the values the layout names (from BTF, kernel/btf/pretty.ts) read along their paths below
 * the printed expression. As in stap (whose pretty-printer wraps the sprintf in try/catch), a
 * read fault anywhere makes the whole string `ERROR`.
 */
import type { TargetPathStep, TargetPretty } from '../elaborate/index.js';
import type { CastExpr, Expr, PrintExpr, TargetComponent, TargetSymbolExpr } from '../lang/index.js';
import { sprint } from './format.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringBuffer, writeLiteral } from './strings.js';

const CONVERSIONS = { i: '%d', u: '%u', p: '0x%x' } as const;

/** The printed expression `steps` further down, without its `$`/`$$`. */
function below(e: TargetSymbolExpr | CastExpr, steps: readonly TargetPathStep[]): Expr {
  const written = e.components.filter((c) => c.kind !== 'Pretty');
  const added = steps.map(
    (s): TargetComponent =>
      s.kind === 'member'
        ? { kind: 'Member', name: s.name, span: e.span }
        : { kind: 'Subscript', index: { kind: 'Number', value: 0n, span: e.span }, span: e.span },
  );
  return { ...e, components: [...written, ...added], addressOf: false };
}

export function prettyString(
  L: Lowering,
  e: TargetSymbolExpr | CastExpr,
  layout: TargetPretty | undefined,
  into?: Region,
): Region {
  if (layout === undefined) return L.unsupported(e.span, 'pretty-printing this expression');
  if (!layout.ok) return L.unsupported(e.span, layout.error);
  let format = '';
  const args: Expr[] = [];
  for (const p of layout.pieces) {
    if (p.kind === 'text') format += p.text.replaceAll('%', '%%');
    else {
      format += CONVERSIONS[p.conversion];
      args.push(below(e, p.steps));
    }
  }
  const sprintf: PrintExpr = { kind: 'Print', name: 'sprintf', format, args, span: e.span };
  const dst = into ?? stringBuffer(L, L.capacities.maxStringLen);
  const b = L.b;
  const faulted = b.newLabel('pretty_fault');
  const done = b.newLabel('pretty_done');
  let faults = false;
  L.catchers.push({ label: faulted, message: undefined, raised: () => (faults = true) });
  try {
    sprint(L, sprintf, dst);
  } finally {
    L.catchers.pop();
  }
  if (faults) {
    b.ja(done).label(faulted);
    writeLiteral(L, 'ERROR', dst);
    b.label(done);
  }
  return dst;
}
