/**
 * The token stap blames for a node. Stap's AST keeps one token per node (the operator of a
 * binary expression, the `?` of a ternary, the `in` of a membership test, the first operand's
 * token for a concatenation...); ours keeps a span covering the whole construct. Diagnostics
 * need stap's token, so the source is lexed again (lazily, once per source, only when an error
 * is reported) and the token is found by offset.
 */
import type { Source, Span } from '../../diag/index.js';
import { describeToken, type Expr, Lexer, type Name, type Token } from '../../lang/index.js';
import { assertNever } from '../../util/index.js';

/** A token as a diagnostic cites it: where, `identifier 'x'`-style text, and its class. */
export interface StapToken {
  readonly span: Span;
  readonly description: string;
  /** stap's `tok_operator` (which makes `invalid()` say "invalid operator"); `@words` are operators. */
  readonly isOperator: boolean;
}

const lexed = new WeakMap<Source, readonly Token[]>();

function tokensOf(source: Source): readonly Token[] {
  let tokens = lexed.get(source);
  if (!tokens) {
    const list: Token[] = [];
    const lexer = new Lexer(source, []);
    for (let t = lexer.next(); t; t = lexer.next()) list.push(t);
    tokens = list;
    lexed.set(source, tokens);
  }
  return tokens;
}

/** Index of the first token starting at or after `offset`. */
function firstAtOrAfter(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid];
    if (t && t.span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function fromToken(t: Token, near: Span): StapToken {
  // Keep the macro-expansion trail of the node the token belongs to.
  const span: Span = near.expandedFrom ? { ...t.span, expandedFrom: near.expandedFrom } : t.span;
  return { span, description: describeToken(t), isOperator: t.kind === 'operator' };
}

function fallback(span: Span, description: string, isOperator: boolean): StapToken {
  return { span, description, isOperator };
}

/** The token that starts at `span` (a node's first token). */
export function tokenAt(span: Span, fallbackDescription: string, isOperator = false): StapToken {
  const tokens = tokensOf(span.source);
  const t = tokens[firstAtOrAfter(tokens, span.start)];
  if (t && t.span.start === span.start) return fromToken(t, span);
  return fallback(span, fallbackDescription, isOperator);
}

/** The first token with text `text` at or after offset `from` (an infix operator after its left operand). */
export function tokenAfter(near: Span, from: number, text: string, fallbackDescription: string): StapToken {
  const tokens = tokensOf(near.source);
  for (let i = firstAtOrAfter(tokens, from); i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.span.start >= near.end) break;
    if (t.text === text && (t.kind === 'operator' || t.kind === 'keyword')) return fromToken(t, near);
  }
  return fallback(near, fallbackDescription, true);
}

/** The first token of class `kind` at or after offset `from` (a printf format after `printf(`). */
export function tokenOfKind(
  near: Span,
  from: number,
  kind: Token['kind'],
  fallbackDescription: string,
): StapToken {
  const tokens = tokensOf(near.source);
  for (let i = firstAtOrAfter(tokens, from); i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.span.start >= near.end) break;
    if (t.kind === kind) return fromToken(t, near);
  }
  return fallback(near, fallbackDescription, false);
}

/** The token right before offset `before` (the `in` keyword before an array name). */
export function tokenBefore(near: Span, before: number, fallbackDescription: string): StapToken {
  const tokens = tokensOf(near.source);
  const t = tokens[firstAtOrAfter(tokens, before) - 1];
  if (t && t.span.start >= near.start) return fromToken(t, near);
  return fallback(near, fallbackDescription, false);
}

/** The first identifier `name` at or after `span`'s start (a function's name after `function`). */
export function identifierIn(span: Span, name: string): StapToken {
  const tokens = tokensOf(span.source);
  for (let i = firstAtOrAfter(tokens, span.start); i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.span.start >= span.end) break;
    if (t.kind === 'identifier' && t.text === name) return fromToken(t, span);
  }
  return fallback(span, `identifier '${name}'`, false);
}

export function nameToken(n: Name): StapToken {
  return tokenAt(n.span, `identifier '${n.name}'`);
}

/**
 * Where an expression's text ends. A call's span is only its name (stap's token), so its end is
 * found by matching the parentheses of its argument list.
 */
export function exprEnd(e: Expr): number {
  if (e.kind !== 'Call') return e.span.end;
  const tokens = tokensOf(e.span.source);
  let depth = 0;
  for (let i = firstAtOrAfter(tokens, e.span.end); i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.kind !== 'operator') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth <= 0) return t.span.end;
  }
  return e.span.end;
}

/** stap's `e->tok` for an expression. */
export function exprToken(e: Expr): StapToken {
  switch (e.kind) {
    case 'Number':
      return tokenAt(e.span, `number '${e.value}'`);
    case 'String':
      return tokenAt(e.span, `string '${e.value}'`);
    case 'Symbol':
      return tokenAt(e.span, `identifier '${e.name}'`);
    case 'Call':
      return tokenAt(e.span, `identifier '${e.name}'`);
    case 'Print':
      return tokenAt(e.span, `identifier '${e.name}'`);
    case 'Index':
      return e.base.kind === 'Symbol'
        ? tokenAt(e.span, `identifier '${e.base.name}'`)
        : tokenAt(e.span, `operator '@hist_${e.base.histKind}'`, true);
    case 'Binary':
    case 'Logical':
    case 'Comparison':
    case 'Assign':
    case 'Regex':
      return tokenAfter(e.span, exprEnd(e.left), e.op, `operator '${e.op}'`);
    case 'Ternary':
      return tokenAfter(e.span, exprEnd(e.cond), '?', "operator '?'");
    case 'PostCrement':
      return tokenAfter(e.span, exprEnd(e.operand), e.op, `operator '${e.op}'`);
    case 'PreCrement':
    case 'Unary':
      return tokenAt(e.span, `operator '${e.op}'`, true);
    case 'In':
      return tokenBefore(e.span, e.base.span.start, 'keyword');
    case 'Concat': {
      const first = e.operands[0];
      return first ? exprToken(first) : tokenAt(e.span, "operator '.'", true);
    }
    case 'Stat':
      return tokenAt(e.span, `operator '@${e.stat}'`, true);
    case 'TargetSymbol':
      return e.addressOf
        ? tokenAfter(e.span, e.span.start + 1, e.name, `identifier '${e.name}'`)
        : tokenAt(e.span, `identifier '${e.name}'`);
    case 'Cast':
      return e.addressOf
        ? tokenAfter(e.span, e.span.start + 1, '@cast', "operator '@cast'")
        : atWord(e, '@cast');
    case 'AtVar':
      return e.addressOf
        ? tokenAfter(e.span, e.span.start + 1, '@var', "operator '@var'")
        : atWord(e, '@var');
    case 'Autocast':
      // stap: the `&`, else the first `->`/`[` after the operand.
      return e.addressOf ? tokenAt(e.span, "operator '&'", true) : autocastToken(e.span, exprEnd(e.operand));
    case 'Defined':
      return atWord(e, '@defined');
    case 'ProbeWrite':
      return atWord(e, '@probewrite');
    case 'Entry':
      return atWord(e, '@entry');
    case 'Perf':
      return atWord(e, '@perf');
    case 'Const':
      return atWord(e, '@const');
    case 'Enum':
      return atWord(e, '@enum');
    case 'EnumName':
      return atWord(e, '@enumname');
    case 'Register':
      return atWord(e, e.user ? '@uregister' : '@kregister');
    case 'Deref':
      return atWord(e, e.user ? '@uderef' : '@kderef');
    case 'EmbeddedExpr':
      return tokenAt(e.span, 'embedded-code');
    default:
      return assertNever(e, 'expression');
  }
}

function atWord(e: Expr, word: string): StapToken {
  return tokenAt(e.span, `operator '${word}'`, true);
}

function autocastToken(near: Span, from: number): StapToken {
  const tokens = tokensOf(near.source);
  for (let i = firstAtOrAfter(tokens, from); i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.span.start >= near.end) break;
    if (!(t.kind === 'operator' && t.text === ')')) return fromToken(t, near);
  }
  return fallback(near, "operator '->'", true);
}
