/**
 * Primary and postfix expressions: literals, parenthesised expressions, symbols, array indexing,
 * function calls, the print family, statistics and histogram operators, the other @-operators,
 * and target expressions (`$var`, `@cast`, `@var`, autocast) with their `->`/`[]`/`$` components.
 */
import type {
  Expr,
  HistOp,
  Indexable,
  PrintExpr,
  PrintName,
  StatName,
  SymbolExpr,
  TargetComponent,
  TargetExpr,
} from '../ast.js';
import type { Token } from '../token.js';
import { ParseFailure } from './cursor.js';
import { parseExpression } from './expressions.js';
import {
  exact,
  expectNumber,
  expectString,
  type ParserState,
  parseLiteral,
  parseStringLiteral,
} from './state.js';

const PRINT_NAMES: ReadonlySet<string> = new Set([
  'print',
  'println',
  'printf',
  'printd',
  'printdln',
  'sprint',
  'sprintln',
  'sprintf',
  'sprintd',
  'sprintdln',
]);

const STAT_OPS: Readonly<Record<string, StatName>> = {
  '@avg': 'avg',
  '@variance': 'variance',
  '@count': 'count',
  '@sum': 'sum',
  '@min': 'min',
  '@max': 'max',
};

/** A name made only of `$`s is a pretty-print suffix (`$foo[0]$`). */
function isDollars(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'identifier' && /^\$+$/.test(t.text);
}

/**
 * dwarf_value: ['&'] ($var | @cast(...) | @var(...) | value) {target components}.
 * A plain value followed by `->`/`[`/`$` (or taken with `&`) becomes an autocast.
 */
export function parseDwarfValue(p: ParserState): Expr {
  const amp = p.cur.takeOp('&');
  const t = p.cur.peek();
  let target: TargetExpr | undefined;
  let expr: Expr;
  if (t?.kind === 'identifier' && t.text.startsWith('$')) {
    p.cur.next();
    expr = target = { kind: 'TargetSymbol', name: t.text, components: [], addressOf: false, span: t.span };
  } else if (t?.kind === 'operator' && t.text === '@cast') {
    expr = target = parseCast(p);
  } else if (t?.kind === 'operator' && t.text === '@var') {
    expr = target = parseAtVar(p);
  } else {
    expr = parseValue(p);
    if (amp && isTarget(expr)) {
      // `&($x)->a`: the address of a parenthesised target extends that target, as in stap.
      if (expr.addressOf) throw new ParseFailure('cannot take address more than once', amp);
      target = expr;
    }
  }
  const next = p.cur.peek();
  const hasComponents =
    next !== undefined &&
    ((next.kind === 'operator' && (next.text === '->' || next.text === '[')) || isDollars(next));
  if (!target && (amp || hasComponents)) {
    target = {
      kind: 'Autocast',
      operand: expr,
      components: [],
      addressOf: false,
      span: (amp ?? t ?? next)!.span,
    };
  }
  if (!target) return expr;
  const parsed = parseTargetComponents(p, target);
  const start = amp?.span ?? target.span;
  return {
    ...target,
    ...parsed,
    components: [...target.components, ...parsed.components],
    addressOf: amp !== undefined,
    span: p.cur.spanFrom(start),
  };
}

function isTarget(e: Expr): e is TargetExpr {
  return e.kind === 'TargetSymbol' || e.kind === 'Cast' || e.kind === 'AtVar' || e.kind === 'Autocast';
}

/** The `->member`, `[index]` and `$`/`$$` pretty-print components after a target expression. */
function parseTargetComponents(
  p: ParserState,
  target: TargetExpr,
): { components: TargetComponent[]; name?: string } {
  const components: TargetComponent[] = [];
  let pretty = false;
  let name: string | undefined;
  if (target.kind === 'TargetSymbol' && target.name.endsWith('$')) {
    // `$foo$` / `$foo$$`: the suffix is a pretty-print request, not part of the name.
    const m = /^(.*[^$])(\$+)$/.exec(target.name);
    if (m?.[1] && m[2]) {
      name = m[1];
      components.push(prettyComponent(m[2], target.span));
      pretty = true;
    }
  }
  while (!pretty) {
    const arrow = p.cur.takeOp('->');
    if (arrow) {
      const m = p.cur.next();
      if (m.kind !== 'identifier' && m.kind !== 'keyword')
        throw new ParseFailure('expected identifier or keyword');
      const split = m.text.endsWith('$') ? /^(.*?)(\$*)$/.exec(m.text) : null;
      const member = split?.[1] ?? m.text;
      const dollars = split?.[2] ?? '';
      if (member) components.push({ kind: 'Member', name: member, span: m.span });
      if (dollars) {
        components.push(prettyComponent(dollars, m.span));
        pretty = true;
      }
      continue;
    }
    const open = p.cur.takeOp('[');
    if (open) {
      const index = parseExpression(p);
      p.cur.expectOp(']');
      components.push({ kind: 'Subscript', index, span: p.cur.spanFrom(open.span) });
      continue;
    }
    break;
  }
  if (!pretty && isDollars(p.cur.peek())) {
    const d = p.cur.next();
    components.push(prettyComponent(d.text, d.span));
    pretty = true;
  }
  if (pretty && (p.cur.isOp('->') || p.cur.isOp('['))) {
    throw new ParseFailure('-> and [ are not accepted for a pretty-printing variable');
  }
  return name === undefined ? { components } : { components, name };
}

function prettyComponent(dollars: string, span: Token['span']): TargetComponent {
  if (dollars !== '$' && dollars !== '$$') throw new ParseFailure(`invalid pretty-print suffix '${dollars}'`);
  return { kind: 'Pretty', depth: dollars, span };
}

/** `@cast(expr, "type"[, "module"])`. */
function parseCast(p: ParserState): TargetExpr {
  const t = p.cur.next();
  p.cur.expectOp('(');
  const operand = parseExpression(p);
  p.cur.expectOp(',');
  const typeName = expectString(p);
  if (typeName === '') throw new ParseFailure('expected non-empty string');
  const module = p.cur.takeOp(',') ? expectString(p) : undefined;
  p.cur.expectOp(')');
  return {
    kind: 'Cast',
    operand,
    typeName,
    ...(module !== undefined ? { module } : {}),
    components: [],
    addressOf: false,
    span: p.cur.spanFrom(t.span),
  };
}

/** `@var("name[@cu]"[, "module"])`. */
function parseAtVar(p: ParserState): TargetExpr {
  const t = p.cur.next();
  p.cur.expectOp('(');
  const target = expectString(p);
  const module = p.cur.takeOp(',') ? expectString(p) : undefined;
  p.cur.expectOp(')');
  return {
    kind: 'AtVar',
    target,
    ...(module !== undefined ? { module } : {}),
    components: [],
    addressOf: false,
    span: p.cur.spanFrom(t.span),
  };
}

/** value: %{ C %} | '(' expression ')' | symbol-ish | literal. */
function parseValue(p: ParserState): Expr {
  const t = p.cur.peek();
  if (!t) throw new ParseFailure('expected value');
  if (t.kind === 'embedded') {
    if (!p.privileged) {
      throw new ParseFailure(
        'embedded expression code in unprivileged script; need stap -g',
        undefined,
        false,
      );
    }
    p.cur.next();
    return { kind: 'EmbeddedExpr', code: t.text, span: t.span };
  }
  if (t.kind === 'operator' && t.text === '(') {
    p.cur.next();
    const e = parseExpression(p);
    p.cur.expectOp(')');
    return e;
  }
  if (t.kind === 'identifier' || (t.kind === 'operator' && t.text.startsWith('@'))) return parseSymbol(p);
  return parseLiteral(p);
}

/** An identifier or @word; `@hist_linear(...)`/`@hist_log(...)` become a HistOp. */
function parseHistOrName(p: ParserState): { token: Token; hist?: HistOp } {
  const t = p.cur.next();
  if (!(t.kind === 'identifier' || (t.kind === 'operator' && t.text.startsWith('@')))) {
    throw new ParseFailure('expected identifier or statistical operation');
  }
  if (t.text !== '@hist_linear' && t.text !== '@hist_log') return { token: t };
  p.cur.expectOp('(');
  const stat = parseExpression(p);
  const params: bigint[] = [];
  if (t.text === '@hist_linear') {
    for (let i = 0; i < 3; i++) {
      p.cur.expectOp(',');
      params.push(expectNumber(p));
    }
  }
  p.cur.expectOp(')');
  const hist: HistOp = {
    kind: 'Hist',
    histKind: t.text === '@hist_linear' ? 'linear' : 'log',
    stat,
    params: exact(params),
    span: p.cur.spanFrom(t.span),
  };
  return { token: t, hist };
}

/** indexable: a histogram operator or a bare array name (foreach and `in` bases). */
export function parseIndexable(p: ParserState): Indexable {
  const { token, hist } = parseHistOrName(p);
  return hist ?? { kind: 'Symbol', name: token.text, span: token.span };
}

/**
 * symbol: @-operators, statistics, the print family, function calls, plain names, and then an
 * optional `[i, *, ...]` index on a name or histogram.
 */
function parseSymbol(p: ParserState): Expr {
  const { token: t, hist } = parseHistOrName(p);
  let base: Indexable;
  if (hist) {
    base = hist;
  } else {
    const special = t.kind === 'operator' ? parseAtOperator(p, t) : undefined;
    if (special) return special;
    if (PRINT_NAMES.has(t.text)) return parsePrint(p, t, t.text as PrintName);
    if (p.cur.isOp('(')) return parseCall(p, t);
    base = { kind: 'Symbol', name: t.text, span: t.span } satisfies SymbolExpr;
  }
  const open = p.cur.takeOp('[');
  if (open) {
    const indexes: (Expr | null)[] = [];
    for (;;) {
      if (p.cur.takeOp('*')) indexes.push(null);
      else indexes.push(parseExpression(p));
      if (p.cur.expectOpAny(']', ',') === ']') break;
    }
    return { kind: 'Index', base, indexes: exact(indexes), span: t.span };
  }
  if (base.kind === 'Hist') {
    throw new ParseFailure('base histogram operator where expression expected', t);
  }
  return base;
}

function parseCall(p: ParserState, t: Token): Expr {
  p.cur.expectOp('(');
  const args: Expr[] = [];
  if (!p.cur.takeOp(')')) {
    for (;;) {
      args.push(parseExpression(p));
      if (p.cur.expectOpAny(')', ',') === ')') break;
    }
  }
  return { kind: 'Call', name: t.text, args: exact(args), span: t.span };
}

/** The @-operators other than @cast/@var/@hist_*; undefined when `t` is not one. */
function parseAtOperator(p: ParserState, t: Token): Expr | undefined {
  if (t.kind !== 'operator') return undefined;
  const span = t.span;
  switch (t.text) {
    case '@defined': {
      const operand = parenthesised(p);
      return { kind: 'Defined', operand, span: p.cur.spanFrom(span) };
    }
    case '@probewrite': {
      p.cur.expectOp('(');
      const n = p.cur.next();
      if (n.kind !== 'identifier') throw new ParseFailure('expected identifier');
      p.cur.expectOp(')');
      return { kind: 'ProbeWrite', name: n.text, span: p.cur.spanFrom(span) };
    }
    case '@const': {
      if (!p.privileged)
        throw new ParseFailure('using @const operator not permitted; need stap -g', undefined, false);
      p.cur.expectOp('(');
      const name = expectString(p);
      if (name === '') throw new ParseFailure('expected non-empty string');
      p.cur.expectOp(')');
      return { kind: 'Const', name, span: p.cur.spanFrom(span) };
    }
    case '@enum': {
      p.cur.expectOp('(');
      const name = parseStringLiteral(p).value;
      if (name === '') throw new ParseFailure('expected non-empty string');
      p.cur.expectOp(')');
      return { kind: 'Enum', name, span: p.cur.spanFrom(span) };
    }
    case '@enumname':
      return parseEnumName(p, t);
    case '@entry': {
      const operand = parenthesised(p);
      return { kind: 'Entry', operand, span: p.cur.spanFrom(span) };
    }
    case '@perf': {
      p.cur.expectOp('(');
      const counter = parseStringLiteral(p).value;
      if (counter === '') throw new ParseFailure('expected non-empty string');
      p.cur.expectOp(')');
      return { kind: 'Perf', counter, span: p.cur.spanFrom(span) };
    }
    case '@kregister':
    case '@uregister': {
      const user = t.text === '@uregister';
      if (!user && !p.privileged) {
        throw new ParseFailure('using @kregister operator not permitted; need stap -g', undefined, false);
      }
      p.cur.expectOp('(');
      const regno = expectNumber(p);
      p.cur.expectOp(')');
      return { kind: 'Register', user, regno, span: p.cur.spanFrom(span) };
    }
    case '@kderef':
    case '@uderef': {
      const user = t.text === '@uderef';
      if (!user && !p.privileged) {
        throw new ParseFailure('using @kderef operator not permitted; need stap -g', undefined, false);
      }
      p.cur.expectOp('(');
      const size = expectNumber(p);
      p.cur.expectOp(',');
      const addr = parseExpression(p);
      p.cur.expectOp(')');
      return { kind: 'Deref', user, size, addr, span: p.cur.spanFrom(span) };
    }
    default:
      return parseStatOp(p, t);
  }
}

function parenthesised(p: ParserState): Expr {
  p.cur.expectOp('(');
  const e = parseExpression(p);
  p.cur.expectOp(')');
  return e;
}

function parseEnumName(p: ParserState, t: Token): Expr {
  p.cur.expectOp('(');
  const operand = parseExpression(p);
  let typeName: string | undefined;
  let module: string | undefined;
  if (p.cur.takeOp(',')) {
    typeName = expectString(p);
    if (typeName === '') throw new ParseFailure('expected non-empty string');
    if (p.cur.takeOp(',')) module = expectString(p);
  }
  p.cur.expectOp(')');
  return {
    kind: 'EnumName',
    operand,
    ...(typeName !== undefined ? { typeName } : {}),
    ...(module !== undefined ? { module } : {}),
    span: p.cur.spanFrom(t.span),
  };
}

/** `@count(s)` ... `@variance(s[, shift])`; any other @word here is `unknown operator`. */
function parseStatOp(p: ParserState, t: Token): Expr {
  const stat = STAT_OPS[t.text];
  if (!stat) throw new ParseFailure(`unknown operator ${t.text}`);
  const maxParams = stat === 'variance' ? 1 : 0;
  p.cur.expectOp('(');
  const operand = parseExpression(p);
  const params: bigint[] = [];
  for (;;) {
    const c = p.cur.next();
    if (c.kind === 'operator' && c.text === ')') break;
    if (c.kind === 'operator' && c.text === ',') {
      if (params.length >= maxParams) {
        const n = maxParams + 1;
        throw new ParseFailure(`not more than ${n} ${n === 1 ? 'parameter' : 'parameters'} allowed`, c);
      }
      params.push(expectNumber(p));
      continue;
    }
    throw new ParseFailure("expected one of ', )'");
  }
  return { kind: 'Stat', stat, operand, params: exact(params), span: p.cur.spanFrom(t.span) };
}

/**
 * The print family. Format and delimiter must be string literals; `print(@hist_log(x))` prints a
 * histogram; `printd` needs at least two values, `print`/`sprint` at least one.
 */
function parsePrint(p: ParserState, t: Token, name: PrintName): PrintExpr {
  p.cur.expectOp('(');
  const args: Expr[] = [];
  const histCapable = name === 'print' || name === 'println' || name === 'sprint' || name === 'sprintln';
  if (histCapable && (p.cur.isOp('@hist_linear') || p.cur.isOp('@hist_log'))) {
    const { hist } = parseHistOrName(p);
    if (!hist) throw new ParseFailure('expected histogram operator');
    const open = p.cur.takeOp('[');
    if (!open) {
      p.cur.expectOp(')');
      return { kind: 'Print', name, hist, args, span: p.cur.spanFrom(t.span) };
    }
    const index = parseExpression(p);
    p.cur.expectOp(']');
    args.push({ kind: 'Index', base: hist, indexes: [index], span: p.cur.spanFrom(hist.span) });
    while (!p.cur.isOp(')')) {
      p.cur.expectOpAny(',', ')');
      args.push(parseExpression(p));
    }
    p.cur.expectOp(')');
    return { kind: 'Print', name, args: exact(args), span: p.cur.spanFrom(t.span) };
  }
  const withFormat = name === 'printf' || name === 'sprintf';
  const withDelim = name === 'printd' || name === 'printdln' || name === 'sprintd' || name === 'sprintdln';
  const withNewline = name === 'println' || name === 'sprintln';
  let format: string | undefined;
  let delimiter: string | undefined;
  let minArgs = 0;
  let consumed = false;
  if (withFormat) {
    format = parseStringLiteral(p).value;
    consumed = true;
  } else if (withDelim) {
    delimiter = parseStringLiteral(p).value;
    consumed = true;
    minArgs = 2;
  } else if (!withNewline) {
    minArgs = 1;
  }
  while (minArgs > 0 || !p.cur.isOp(')')) {
    if (consumed) p.cur.expectOpAny(',', ')');
    args.push(parseExpression(p));
    consumed = true;
    if (minArgs > 0) minArgs--;
  }
  p.cur.expectOp(')');
  const span = p.cur.spanFrom(t.span);
  // At most one of the two is set; written out, as object spreads are slow.
  if (format !== undefined) return { kind: 'Print', name, format, args: exact(args), span };
  if (delimiter !== undefined) return { kind: 'Print', name, delimiter, args: exact(args), span };
  return { kind: 'Print', name, args: exact(args), span };
}
