/** Hand-built AST nodes for tests: every node gets the same dummy span. */
import { makeSource, type Span } from '../../diag/index.js';
import type {
  Block,
  Declaration,
  Expr,
  Name,
  NumberLiteral,
  ProbeComponent,
  ProbePoint,
  Script,
  Stmt,
  StringLiteral,
  SymbolExpr,
  TargetComponent,
} from '../ast.js';

export const dummySpan: Span = { source: makeSource('<test>', ''), start: 0, end: 0, line: 1, col: 1 };

type WithoutSpan<T> = T extends unknown ? Omit<T, 'span'> : never;
type Spanned = { readonly span: Span };

/** Any node from its fields: `node<BinaryExpr>({ kind: 'Binary', op: '+', left, right })`. */
export function node<N extends Spanned>(fields: WithoutSpan<N>): N {
  return { ...fields, span: dummySpan } as unknown as N;
}

export const num = (value: bigint | number): NumberLiteral => node({ kind: 'Number', value: BigInt(value) });
export const str = (value: string): StringLiteral => node({ kind: 'String', value });
export const sym = (name: string): SymbolExpr => node({ kind: 'Symbol', name });
export const name = (n: string): Name => node({ kind: 'Name', name: n });
export const expr = <E extends Expr>(fields: WithoutSpan<E>): E => node<E>(fields);

export const member = (n: string): TargetComponent => node({ kind: 'Member', name: n });
export const subscript = (index: Expr): TargetComponent => node({ kind: 'Subscript', index });
export const pretty = (depth: '$' | '$$'): TargetComponent => node({ kind: 'Pretty', depth });

export const stmt = <S extends Stmt>(fields: WithoutSpan<S>): S => node<S>(fields);
export const exprStmt = (e: Expr): Stmt => node({ kind: 'ExprStmt', expr: e });
export const block = (...statements: Stmt[]): Block => node({ kind: 'Block', statements });

export function component(n: string, arg?: NumberLiteral | StringLiteral): ProbeComponent {
  return node({ kind: 'Component', name: n, ...(arg === undefined ? {} : { arg }) });
}

/** `point('kernel', ['function', str('f')], 'return')`. */
export function point(...parts: (string | [string, NumberLiteral | StringLiteral])[]): ProbePoint {
  const components = parts.map((p) => (typeof p === 'string' ? component(p) : component(p[0], p[1])));
  return node({ kind: 'ProbePoint', components, optional: false, sufficient: false });
}

export const script = (...declarations: Declaration[]): Script =>
  ({ kind: 'Script', name: 'test.stp', declarations }) satisfies Script;
