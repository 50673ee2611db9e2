/** Classes of AST nodes the passes ask about. */
import type { PrintExpr, Stmt } from '../../lang/index.js';
import type { Node } from './walk.js';

const STMT_KINDS: ReadonlySet<string> = new Set<Stmt['kind']>([
  'Block',
  'Try',
  'ExprStmt',
  'If',
  'For',
  'While',
  'Foreach',
  'Return',
  'Delete',
  'Next',
  'Break',
  'Continue',
  'Null',
]);

export function isStmt(node: Node): node is Stmt {
  return STMT_KINDS.has(node.kind);
}

const TO_STREAM: ReadonlySet<PrintExpr['name']> = new Set([
  'print',
  'println',
  'printf',
  'printd',
  'printdln',
]);

/** `print*` write to the output (and are long-valued); `sprint*` return the string. */
export function isPrintToStream(e: PrintExpr): boolean {
  return TO_STREAM.has(e.name);
}
