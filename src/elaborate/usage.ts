/**
 * Which variables each body reads and writes (stap's varuse_collecting_visitor): drives elision
 * of unused variables and the end-of-run display of globals written but never read. Built on the
 * generic AST walk; a name's role comes from the node it sits in.
 */
import type { Block, Expr, Name, Param, SymbolExpr } from '../lang/index.js';
import type { Variable } from './program.js';
import { type Node, walk } from './types/walk.js';

export type Bindings = ReadonlyMap<SymbolExpr | Name | Param, Variable>;

/** Marks `read`/`written` on every variable used in `body` (flags only ever go up). */
export function markUsage(body: Block | Expr, bindings: Bindings): void {
  const touch = (node: SymbolExpr | Name, read: boolean, write: boolean) => {
    const v = bindings.get(node);
    if (!v) return;
    if (read) v.read = true;
    if (write) v.written = true;
  };
  walk(body, {
    enter(node, parent) {
      switch (node.kind) {
        case 'Symbol': {
          // An array name is classified with its Index/In node; a foreach base is read.
          if ((parent?.kind === 'Index' || parent?.kind === 'In') && parent.base === node) return undefined;
          const role = lvalueRole(node, parent);
          touch(node, role !== 'write', role !== 'read');
          return undefined;
        }
        case 'Index':
          if (node.base.kind === 'Symbol') {
            const role = lvalueRole(node, parent);
            touch(node.base, role !== 'write', role !== 'read');
          }
          return undefined;
        case 'In':
          if (node.base.kind === 'Symbol') touch(node.base, true, false);
          return undefined;
        case 'Name':
          // Foreach keys and values, and catch variables, are assigned.
          touch(node, false, true);
          return undefined;
        default:
          return undefined;
      }
    },
  });
}

/** How an lvalue-capable node is used: only written (`x = e`), only read, or both (`x += e`). */
function lvalueRole(node: Node, parent: Node | undefined): 'read' | 'write' | 'both' {
  if (!parent) return 'read';
  switch (parent.kind) {
    case 'Assign':
      if (parent.left !== node) return 'read';
      return parent.op === '=' || parent.op === '<<<' ? 'write' : 'both';
    case 'PreCrement':
    case 'PostCrement':
      return 'both';
    case 'Delete':
      return parent.target === node ? 'write' : 'read';
    default:
      return 'read';
  }
}
