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
  Param,
  ProbeComponent,
  ProbeDecl,
  ProbePoint,
  Script,
} from '../ast.js';
import { printExpr } from './expr.js';
import { printLiteral, signedNumber } from './literal.js';
import { printBlock } from './stmt.js';

/** A whole file: `# file NAME` (a comment, as stap prints it) and each declaration on its own lines. */
export function printScript(script: Script): string {
  const header = `# file ${script.name.replace(/[\r\n]/g, '?')}\n`;
  return header + script.declarations.map((d) => `${printDeclaration(d)}\n`).join('');
}

export function printDeclaration(d: Declaration): string {
  switch (d.kind) {
    case 'Probe':
      return printProbe(d);
    case 'Alias':
      return printAlias(d);
    case 'Global':
      return printGlobal(d);
    case 'Function':
      return printFunction(d);
    case 'Embedded':
      return `%{${d.code}%}`;
    default:
      return assertNever(d, 'declaration');
  }
}

/** `kernel.function("vfs_*").return!` ` if (cond)`. */
export function printProbePoint(pp: ProbePoint): string {
  let text = pp.components.map(printComponent).join('.');
  if (pp.sufficient) text += '!';
  else if (pp.optional) text += '?';
  if (pp.condition !== undefined) text += ` if (${printExpr(pp.condition)})`;
  return text;
}

function printComponent(c: ProbeComponent): string {
  return c.arg === undefined ? c.name : `${c.name}(${printLiteral(c.arg)})`;
}

/** `probe begin,end{` … `}`: stap puts no space before the body. */
function printProbe(d: ProbeDecl): string {
  return `probe ${d.points.map(printProbePoint).join(',')}${printBlock(d.body)}`;
}

/** `probe a = b = x.y, z{` … `}`, `probe a += x{`, and the combined `probe a = x{` … `}, {` … `}`. */
function printAlias(d: AliasDecl): string {
  const names = d.names.map(printProbePoint).join(' = ');
  const points = d.points.map(printProbePoint).join(', ');
  const epilogue = d.epilogue === undefined ? '' : `, ${printBlock(d.epilogue)}`;
  return `probe ${names} ${d.epilogueStyle ? '+=' : '='} ${points}${printBlock(d.body)}${epilogue}`;
}

/** `private global name%[100] = 5`. */
function printGlobal(d: GlobalDecl): string {
  let text = `${d.isPrivate ? 'private ' : ''}global ${d.name}`;
  if (d.wrap) text += '%';
  if (d.maxEntries !== undefined) text += `[${d.maxEntries}]`;
  if (d.init !== undefined) text += ` = ${printLiteral(d.init)}`;
  return text;
}

/** `function name:long (a:string, b) :5` NEWLINE body. */
function printFunction(d: FunctionDecl): string {
  let text = `${d.isPrivate ? 'private ' : ''}function ${d.name}${typeSuffix(d.returnType)}`;
  text += ` (${d.params.map(printParam).join(', ')})`;
  if (d.priority !== undefined) text += ` :${signedNumber(d.priority)}`;
  const body = d.body.kind === 'Block' ? printBlock(d.body) : `%{${d.body.code}%}`;
  return `${text}\n${body}`;
}

function printParam(p: Param): string {
  return p.name + typeSuffix(p.type);
}

function typeSuffix(type: string | undefined): string {
  return type === undefined ? '' : `:${type}`;
}
