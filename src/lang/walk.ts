/**
 * The value operands of an expression, in the order stap evaluates and visits them: array
 * indexes before a histogram's statistic, a call's arguments, both sides of an operator. Array
 * names, regex literals and histogram nodes themselves are not values and are left out; a
 * histogram's statistic expression is included. Analyses that only care about values (calls,
 * variable use) walk with this instead of writing their own switch over every kind.
 */
import { assertNever } from '../util/index.js';
import type { Expr, TargetComponent } from './ast.js';

const NONE: readonly Expr[] = [];

export function childExprs(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'Number':
    case 'String':
    case 'Symbol':
    case 'ProbeWrite':
    case 'Perf':
    case 'Const':
    case 'Enum':
    case 'Register':
    case 'EmbeddedExpr':
      return NONE;
    case 'Index':
    case 'In': {
      const out: Expr[] = [];
      for (const i of e.indexes) if (i) out.push(i);
      if (e.base.kind === 'Hist') out.push(e.base.stat);
      return out;
    }
    case 'Unary':
    case 'PreCrement':
    case 'PostCrement':
    case 'Defined':
    case 'Entry':
    case 'EnumName':
    case 'Stat':
      return [e.operand];
    case 'Binary':
    case 'Logical':
    case 'Comparison':
    case 'Assign':
      return [e.left, e.right];
    case 'Regex':
      return [e.left];
    case 'Concat':
      return e.operands;
    case 'Ternary':
      return [e.cond, e.then, e.otherwise];
    case 'Call':
      return e.args;
    case 'Print':
      return e.hist ? [e.hist.stat, ...e.args] : e.args;
    case 'Deref':
      return [e.addr];
    case 'TargetSymbol':
    case 'AtVar':
      return subscripts(e.components);
    case 'Cast':
    case 'Autocast':
      return [e.operand, ...subscripts(e.components)];
    default:
      return assertNever(e, 'expression');
  }
}

function subscripts(components: readonly TargetComponent[]): Expr[] {
  const out: Expr[] = [];
  for (const c of components) if (c.kind === 'Subscript') out.push(c.index);
  return out;
}
