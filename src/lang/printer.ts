/**
 * The AST back to source text (`stap -p1`): `printScript`, `printDeclaration`, `printStmt`,
 * `printExpr`. The text parses back to an equal tree (see `ast-equal.ts`); the layout follows
 * stap's parse-tree dump wherever that does not get in the way.
 */
export { printDeclaration, printProbePoint, printScript } from './printer/decl.js';
export { printExpr } from './printer/expr.js';
export { quoteString } from './printer/literal.js';
export { printBlock, printStmt } from './printer/stmt.js';
