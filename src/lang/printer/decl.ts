/**
 * Declarations in stap's `-p1` layout (`stapfile::print`, `probe::print`, `vardecl::print`,
 * `functiondecl::print`), kept in source order and extended with what stap's dump drops but the
 * grammar needs back: `private`, types, priorities, the epilogue block of a combined alias.
 */
import { assertNever } from '../../util/index.js';
import type {
  AliasDecl,
  Declaration,
  FunctionDecl,
  GlobalDecl,
  ProbeComponent,
  ProbeDecl,
  ProbePoint,
  Script,
} from '../ast.js';
import { emitExpr, type Parts } from './expr.js';
import { emitLiteral, signedNumber } from './literal.js';
import { emitBlock } from './stmt.js';

/** A whole file: `# file NAME` (a comment, as stap prints it) and each declaration on its own lines. */
export function printScript(script: Script): string {
  // One string per declaration: joining a few thousand pieces at a time is much cheaper than
  // one list of a million, which the garbage collector would also have to scan again and again.
  const out: string[] = [`# file ${script.name.replace(/[\r\n]/g, '?')}\n`];
  for (const d of script.declarations) out.push(printDeclaration(d), '\n');
  return out.join('');
}

export function printDeclaration(d: Declaration): string {
  const out: Parts = [];
  emitDeclaration(out, d);
  return out.join('');
}

/** `kernel.function("vfs_*").return!` ` if (cond)`. */
export function printProbePoint(pp: ProbePoint): string {
  const out: Parts = [];
  emitProbePoint(out, pp);
  return out.join('');
}

function emitDeclaration(out: Parts, d: Declaration): void {
  switch (d.kind) {
    case 'Probe':
      emitProbe(out, d);
      return;
    case 'Alias':
      emitAlias(out, d);
      return;
    case 'Global':
      emitGlobal(out, d);
      return;
    case 'Function':
      emitFunction(out, d);
      return;
    case 'Embedded':
      out.push('%{', d.code, '%}');
      return;
    default:
      assertNever(d, 'declaration');
  }
}

function emitProbePoint(out: Parts, pp: ProbePoint): void {
  pp.components.forEach((c, i) => {
    if (i > 0) out.push('.');
    emitComponent(out, c);
  });
  if (pp.sufficient) out.push('!');
  else if (pp.optional) out.push('?');
  if (pp.condition !== undefined) {
    out.push(' if (');
    emitExpr(out, pp.condition);
    out.push(')');
  }
}

function emitComponent(out: Parts, c: ProbeComponent): void {
  out.push(c.name);
  if (c.arg === undefined) return;
  out.push('(');
  emitLiteral(out, c.arg);
  out.push(')');
}

/** Probe points separated by `separator`. */
function emitProbePoints(out: Parts, points: readonly ProbePoint[], separator: string): void {
  points.forEach((pp, i) => {
    if (i > 0) out.push(separator);
    emitProbePoint(out, pp);
  });
}

/** `probe begin,end{` … `}`: stap puts no space before the body. */
function emitProbe(out: Parts, d: ProbeDecl): void {
  out.push('probe ');
  emitProbePoints(out, d.points, ',');
  emitBlock(out, d.body);
}

/** `probe a = b = x.y, z{` … `}`, `probe a += x{`, and the combined `probe a = x{` … `}, {` … `}`. */
function emitAlias(out: Parts, d: AliasDecl): void {
  out.push('probe ');
  emitProbePoints(out, d.names, ' = ');
  out.push(d.epilogueStyle ? ' += ' : ' = ');
  emitProbePoints(out, d.points, ', ');
  emitBlock(out, d.body);
  if (d.epilogue === undefined) return;
  out.push(', ');
  emitBlock(out, d.epilogue);
}

/** `private global name%[100] = 5`. */
function emitGlobal(out: Parts, d: GlobalDecl): void {
  out.push(d.isPrivate ? 'private global ' : 'global ', d.name);
  if (d.wrap) out.push('%');
  if (d.maxEntries !== undefined) out.push(`[${d.maxEntries}]`);
  if (d.init === undefined) return;
  out.push(' = ');
  emitLiteral(out, d.init);
}

/** `function name:long (a:string, b) :5` NEWLINE body. */
function emitFunction(out: Parts, d: FunctionDecl): void {
  out.push(d.isPrivate ? 'private function ' : 'function ', d.name, typeSuffix(d.returnType), ' (');
  d.params.forEach((p, i) => {
    if (i > 0) out.push(', ');
    out.push(p.name, typeSuffix(p.type));
  });
  out.push(')');
  if (d.priority !== undefined) out.push(' :', signedNumber(d.priority));
  out.push('\n');
  if (d.body.kind === 'Block') emitBlock(out, d.body);
  else out.push('%{', d.body.code, '%}');
}

function typeSuffix(type: string | undefined): string {
  return type === undefined ? '' : `:${type}`;
}
