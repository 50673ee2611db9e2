/**
 * A generic walk over statements and expressions (graphql-js style: one table of children per
 * node kind, visitors with `enter`/`leave`). Used by the elision model and by the pass-2 checks.
 */
import { childExprs, type Expr, type HistOp, type Name, type Stmt } from '../../lang/index.js';
import { assertNever } from '../../util/index.js';

export type Node = Stmt | Expr | Name | HistOp;

export interface WalkVisitor {
  /** Return `false` to skip the node's children (and its `leave`). */
  enter?(node: Node, parent: Node | undefined): boolean | undefined;
  leave?(node: Node, parent: Node | undefined): void;
}

export function walk(node: Node, visitor: WalkVisitor, parent?: Node): void {
  if (visitor.enter?.(node, parent) === false) return;
  for (const child of childrenOf(node)) walk(child, visitor, node);
  visitor.leave?.(node, parent);
}

function present<T>(list: readonly (T | null | undefined)[]): T[] {
  const out: T[] = [];
  for (const x of list) if (x !== null && x !== undefined) out.push(x);
  return out;
}

/** The children of a node, in evaluation order. */
export function childrenOf(node: Node): readonly Node[] {
  switch (node.kind) {
    case 'Block':
      return node.statements;
    case 'Try':
      return present<Node>([node.body, node.catchVar, node.handler]);
    case 'ExprStmt':
      return [node.expr];
    case 'If':
      return present<Node>([node.cond, node.then, node.otherwise]);
    case 'For':
      return present<Node>([node.init, node.cond, node.step, node.body]);
    case 'While':
      return [node.cond, node.body];
    case 'Foreach':
      return present<Node>([
        node.base,
        ...node.keys,
        ...(node.slice ?? []),
        node.value,
        node.limit,
        node.body,
      ]);
    case 'Return':
      return present<Node>([node.value]);
    case 'Delete':
      return [node.target];
    case 'Next':
    case 'Break':
    case 'Continue':
    case 'Null':
    case 'Name':
      return [];
    case 'Hist':
      return [node.stat];
    case 'Number':
    case 'String':
    case 'Symbol':
    case 'Index':
    case 'In':
    case 'Unary':
    case 'PreCrement':
    case 'PostCrement':
    case 'Binary':
    case 'Logical':
    case 'Comparison':
    case 'Regex':
    case 'Concat':
    case 'Ternary':
    case 'Assign':
    case 'Call':
    case 'Print':
    case 'Stat':
    case 'TargetSymbol':
    case 'Cast':
    case 'AtVar':
    case 'Autocast':
    case 'Defined':
    case 'ProbeWrite':
    case 'Entry':
    case 'Perf':
    case 'Const':
    case 'Enum':
    case 'EnumName':
    case 'Register':
    case 'Deref':
    case 'EmbeddedExpr':
      return exprChildren(node);
    default:
      return assertNever(node, 'node');
  }
}

/** An expression's children: its value operands (lang's childExprs) plus the array or
 * histogram it indexes, a regex's literal and a printed histogram, which the walk visits too. */
function exprChildren(e: Expr): readonly Node[] {
  switch (e.kind) {
    case 'Index':
    case 'In':
      return present<Node>([e.base, ...e.indexes]);
    case 'Regex':
      return [e.left, e.pattern];
    case 'Print':
      return present<Node>([e.hist, ...e.args]);
    default:
      return childExprs(e);
  }
}
