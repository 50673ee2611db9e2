/**
 * Probe points (reference §1.2): dotted components, each `name` or `name(literal)`, with `*`/`**`
 * wildcards glued from adjacent tokens, `{a,b}` brace expansion (a cartesian product, expanded
 * here), and `?`, `!`, `if (cond)` on the last component only.
 */
import type { Expr, Literal, ProbeComponent, ProbePoint } from '../ast.js';
import { ParseFailure } from './cursor.js';
import { parseExpression } from './expressions.js';
import { exact, type ParserState, parseLiteral } from './state.js';

/** probe_points: components {',' components}, ending before one of `{ } = +=`. */
export function parseProbePoints(p: ParserState): ProbePoint[] {
  const points: ProbePoint[] = [];
  for (;;) {
    for (const pp of parseComponents(p)) points.push(pp);
    const t = p.cur.peek();
    if (t?.kind === 'operator' && t.text === ',') {
      p.cur.next();
      continue;
    }
    if (t?.kind === 'operator' && (t.text === '{' || t.text === '=' || t.text === '+=' || t.text === '}')) {
      return exact(points);
    }
    throw new ParseFailure("expected one of ', { } = +='");
  }
}

interface Partial {
  components: ProbeComponent[];
  optional: boolean;
  sufficient: boolean;
  condition: Expr | undefined;
}

function parseComponents(p: ParserState): ProbePoint[] {
  let points: Partial[] = [];
  for (;;) {
    const suffix = parseComponent(p);
    const head = points[0];
    const tail = suffix[0];
    if (points.length === 0) {
      points = suffix;
    } else if (points.length === 1 && suffix.length === 1 && head && tail) {
      // The usual dotted name: no braces, so the product is the one point, extended.
      if (head.optional || head.sufficient || head.condition) {
        throw new ParseFailure("'?', '!' or condition must only be specified in suffix");
      }
      const components = head.components.concat(tail.components);
      points = [
        { components, optional: tail.optional, sufficient: tail.sufficient, condition: tail.condition },
      ];
    } else {
      const product: Partial[] = [];
      for (const head of points) {
        if (head.optional || head.sufficient || head.condition) {
          throw new ParseFailure("'?', '!' or condition must only be specified in suffix");
        }
        for (const tail of suffix) {
          product.push({ ...tail, components: [...head.components, ...tail.components] });
        }
      }
      points = product;
    }
    if (p.cur.takeOp('.')) continue;
    break;
  }
  const mark = p.cur.peek();
  if (mark?.kind === 'operator' && (mark.text === '?' || mark.text === '!')) {
    for (const pp of points) {
      if (pp.optional || pp.sufficient) throw new ParseFailure("'?' or '!' respecified");
      pp.optional = true;
      pp.sufficient = mark.text === '!';
    }
    p.cur.next();
  }
  if (p.cur.isKeyword('if')) {
    p.cur.next();
    if (!p.cur.isOp('(')) throw new ParseFailure("expected '('");
    p.cur.next();
    const condition = parseExpression(p);
    for (const pp of points) {
      if (pp.condition) throw new ParseFailure('condition respecified');
      pp.condition = condition;
    }
    if (!p.cur.isOp(')')) throw new ParseFailure("expected ')'");
    p.cur.next();
  }
  return points.map((pp) => finish(pp, p));
}

function finish(pp: Partial, p: ParserState): ProbePoint {
  const first = pp.components[0];
  if (!first) throw new Error('probe point without components');
  const { components, optional, sufficient, condition } = pp;
  const span = p.cur.spanFrom(first.span);
  if (!condition) return { kind: 'ProbePoint', components, optional, sufficient, span };
  return { kind: 'ProbePoint', components, optional, sufficient, condition, span };
}

/** component: '{' probe_points '}' | name-with-wildcards ['(' literal ')']. */
function parseComponent(p: ParserState): Partial[] {
  const t = p.cur.next();
  const ok =
    t.kind === 'identifier' ||
    t.kind === 'keyword' ||
    (t.kind === 'operator' && (t.text === '*' || t.text === '{'));
  if (!ok) throw new ParseFailure("expected identifier or '*' or '{'");
  if (t.kind === 'operator' && t.text === '{') {
    const inner = parseProbePoints(p);
    if (!p.cur.isOp('}')) throw new ParseFailure("expected '}'");
    p.cur.next();
    return inner.map((pp) => ({
      components: [...pp.components],
      optional: pp.optional,
      sufficient: pp.sufficient,
      condition: pp.condition,
    }));
  }
  // Glue touching pieces back into one name: `sys_*`, `**`, `*open*`.
  let name = t.text;
  for (;;) {
    const u = p.cur.peek();
    if (!u || u.spaceBefore) break;
    if (!(u.kind === 'identifier' || u.kind === 'keyword' || (u.kind === 'operator' && u.text === '*')))
      break;
    name += u.text;
    p.cur.next();
  }
  let arg: Literal | undefined;
  if (p.cur.takeOp('(')) {
    arg = parseLiteral(p);
    const close = p.cur.next();
    if (!(close.kind === 'operator' && close.text === ')')) throw new ParseFailure("expected ')'");
  }
  const span = p.cur.spanFrom(t.span);
  const component: ProbeComponent = arg
    ? { kind: 'Component', name, arg, span }
    : { kind: 'Component', name, span };
  return [{ components: [component], optional: false, sufficient: false, condition: undefined }];
}
