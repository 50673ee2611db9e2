/** Top-level declarations (reference §1.2): probes, aliases, globals, private, functions, embedded C. */

import type { Span } from '../../diag/index.js';
import { parseIntegerLiteral } from '../../util/index.js';
import type {
  AliasDecl,
  Block,
  Declaration,
  EmbeddedCode,
  FunctionDecl,
  GlobalDecl,
  Param,
  ProbeDecl,
  ProbePoint,
  ScriptType,
} from '../ast.js';
import type { Token } from '../token.js';
import { ParseFailure } from './cursor.js';
import { parseProbePoints } from './probe-points.js';
import { exact, type ParserState, parseLiteral } from './state.js';
import { parseBlock } from './statements.js';

/** Per-file bookkeeping for duplicate checks. */
export interface FileScope {
  readonly globals: Map<string, boolean>;
}

/** Parses one declaration starting at `t` (already peeked) into `out`. */
export function parseDeclaration(p: ParserState, t: Token, scope: FileScope, out: Declaration[]): void {
  if (t.kind === 'keyword') {
    switch (t.text) {
      case 'probe':
        p.context = 'probe';
        out.push(parseProbe(p));
        return;
      case 'private':
        p.context = 'unknown';
        parsePrivate(p, scope, out);
        return;
      case 'global':
        p.context = 'global';
        p.cur.next();
        parseGlobals(p, scope, false, undefined, out);
        return;
      case 'function':
        p.context = 'function';
        p.cur.next();
        out.push(parseFunction(p, false, t));
        return;
    }
  }
  if (t.kind === 'embedded') {
    p.context = 'embedded';
    out.push(parseEmbedded(p));
    return;
  }
  p.context = 'unknown';
  throw new ParseFailure("expected 'probe', 'global', 'private', 'function', or '%{'");
}

/** probe: 'probe' probe_points (('=' | '+=') probe_points)* block [',' block]. */
function parseProbe(p: ParserState): ProbeDecl | AliasDecl {
  const t0 = p.cur.next();
  const names: ProbePoint[] = [];
  let epilogueStyle = false;
  let points: ProbePoint[];
  for (;;) {
    const pps = parseProbePoints(p);
    const t = p.cur.peek();
    const only = pps[0];
    if (pps.length === 1 && only && t?.kind === 'operator' && (t.text === '=' || t.text === '+=')) {
      if (only.optional || only.sufficient) {
        throw new ParseFailure('probe point alias name cannot be optional nor sufficient', t);
      }
      names.push(only);
      if (t.text === '+=') epilogueStyle = true;
      p.cur.next();
      continue;
    }
    if (t?.kind === 'operator' && t.text === '{') {
      points = pps;
      break;
    }
    throw new ParseFailure('expected probe point specifier');
  }
  const body = parseBlock(p);
  if (names.length === 0) return { kind: 'Probe', points, body, span: p.cur.spanFrom(t0.span) };
  let epilogue: Block | undefined;
  if (p.cur.isOp(',')) {
    if (epilogueStyle) throw new ParseFailure("Combined prologue and epilogue cannot be defined with '+='");
    p.cur.next();
    epilogue = parseBlock(p);
  }
  return {
    kind: 'Alias',
    names: exact(names),
    epilogueStyle,
    points,
    body,
    ...(epilogue ? { epilogue } : {}),
    span: p.cur.spanFrom(t0.span),
  };
}

function parseEmbedded(p: ParserState): EmbeddedCode {
  const t = p.cur.next();
  if (t.kind !== 'embedded') throw new ParseFailure("expected '%{'");
  if (!p.privileged)
    throw new ParseFailure('embedded code in unprivileged script; need stap -g', undefined, false);
  return { kind: 'Embedded', code: t.text, span: t.span };
}

/** private: 'private' ('function' function | 'global' globals | globals). */
function parsePrivate(p: ParserState, scope: FileScope, out: Declaration[]): void {
  p.cur.next();
  const t = p.cur.next();
  if (t.kind === 'keyword' && t.text === 'function') {
    p.context = 'function';
    out.push(parseFunction(p, true, t));
    return;
  }
  if (t.kind === 'keyword' && t.text === 'global') {
    p.context = 'global';
    const n = p.cur.next();
    if (n.kind !== 'identifier') throw new ParseFailure('expected identifier');
    parseGlobals(p, scope, true, n, out);
    return;
  }
  if (t.kind === 'identifier') {
    p.context = 'global';
    parseGlobals(p, scope, true, t, out);
    return;
  }
  throw new ParseFailure("expected 'function' or identifier");
}

/** globals: name ['%'] ['[' N ']'] ['=' literal] {',' ...} [';']. */
function parseGlobals(
  p: ParserState,
  scope: FileScope,
  isPrivate: boolean,
  first: Token | undefined,
  out: Declaration[],
): void {
  let pending = first;
  for (;;) {
    const t = pending ?? p.cur.next();
    pending = undefined;
    if (t.kind !== 'identifier') throw new ParseFailure('expected identifier');
    const seen = scope.globals.get(t.text);
    if (seen === isPrivate) throw new ParseFailure('duplicate global name');
    if (seen !== undefined) throw new ParseFailure('global versus private variable declaration conflict');
    scope.globals.set(t.text, isPrivate);
    const wrap = p.cur.takeOp('%') !== undefined;
    let maxEntries: number | undefined;
    if (p.cur.takeOp('[')) {
      const size = expectSize(p);
      maxEntries = size;
      const close = p.cur.next();
      if (!(close.kind === 'operator' && close.text === ']')) throw new ParseFailure("expected ']'");
    }
    let init: GlobalDecl['init'];
    const eq = p.cur.peek();
    if (eq?.kind === 'operator' && eq.text === '=') {
      if (maxEntries !== undefined) throw new ParseFailure('only scalar globals can be initialized');
      p.cur.next();
      init = parseLiteral(p);
    }
    out.push(globalDecl(t.text, isPrivate, wrap, maxEntries, init, p.cur.spanFrom(t.span)));
    if (p.cur.takeOp(';')) return;
    if (p.cur.takeOp(',')) continue;
    return;
  }
}

/** A `GlobalDecl` with only the optional fields that are set (written out: object spreads are slow). */
function globalDecl(
  name: string,
  isPrivate: boolean,
  wrap: boolean,
  maxEntries: number | undefined,
  init: GlobalDecl['init'],
  span: Span,
): GlobalDecl {
  if (maxEntries !== undefined) {
    return init
      ? { kind: 'Global', name, isPrivate, wrap, maxEntries, init, span }
      : { kind: 'Global', name, isPrivate, wrap, maxEntries, span };
  }
  return init
    ? { kind: 'Global', name, isPrivate, wrap, init, span }
    : { kind: 'Global', name, isPrivate, wrap, span };
}

function expectSize(p: ParserState): number {
  let t = p.cur.next();
  const negative = t.kind === 'operator' && t.text === '-';
  if (negative) t = p.cur.next();
  if (t.kind !== 'number') throw new ParseFailure('expected number');
  const v = parseIntegerLiteral(t.text);
  if (v === undefined || (negative && v > 1n << 63n))
    throw new ParseFailure('number invalid or out of range');
  if (negative || v <= 0n || v > 2147483647n) throw new ParseFailure('array size out of range');
  return Number(v);
}

function parseType(p: ParserState): ScriptType {
  const t = p.cur.next();
  if (t.kind === 'keyword' && (t.text === 'string' || t.text === 'long')) return t.text;
  throw new ParseFailure("expected 'string' or 'long'");
}

/** function: name [':' type] '(' [param [':' type] {',' ...}] ')' [':' priority] (block | %{ %}). */
function parseFunction(p: ParserState, isPrivate: boolean, head: Token): FunctionDecl {
  const n = p.cur.next();
  if (!(n.kind === 'identifier' || (n.kind === 'keyword' && (n.text === 'string' || n.text === 'long')))) {
    throw new ParseFailure('expected identifier');
  }
  let returnType: ScriptType | undefined;
  if (p.cur.takeOp(':')) returnType = parseType(p);
  const open = p.cur.next();
  if (!(open.kind === 'operator' && open.text === '(')) throw new ParseFailure("expected '('");
  const params: Param[] = [];
  if (!p.cur.takeOp(')')) {
    for (;;) {
      const a = p.cur.next();
      if (a.kind !== 'identifier') throw new ParseFailure('expected identifier');
      if (params.some((q) => q.name === a.text)) throw new ParseFailure('duplicate parameter names');
      const type = p.cur.takeOp(':') ? parseType(p) : undefined;
      const name = a.text;
      const span = a.span;
      params.push(type ? { kind: 'Param', name, type, span } : { kind: 'Param', name, span });
      const sep = p.cur.next();
      if (sep.kind === 'operator' && sep.text === ')') break;
      if (sep.kind === 'operator' && sep.text === ',') continue;
      throw new ParseFailure("expected ',' or ')'");
    }
  }
  if (!p.cur.peek()) throw new ParseFailure("expected '{'");
  let priority: bigint | undefined;
  if (p.cur.takeOp(':')) {
    const lit = parseLiteral(p);
    if (lit.kind !== 'Number') throw new ParseFailure('expected literal number');
    if (lit.value < 1n) throw new ParseFailure('specified priority must be > 0');
    priority = lit.value;
  }
  const body = p.cur.peek()?.kind === 'embedded' ? parseEmbedded(p) : parseBlock(p);
  return {
    kind: 'Function',
    name: n.text,
    isPrivate,
    ...(returnType ? { returnType } : {}),
    params: exact(params),
    ...(priority !== undefined ? { priority } : {}),
    body,
    span: p.cur.spanFrom(head.span),
  };
}
