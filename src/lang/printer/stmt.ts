/**
 * Statements in stap's `-p1` layout: one statement per line, blocks as `{` NEWLINE … `}` with no
 * indentation. Unlike stap's printer, `;` follows only the statements the parser would swallow it
 * after (never a block, `if`, loop or `try`, where it would come back as a null statement).
 */
import { assertNever } from '../../util/index.js';
import type { Block, ForeachStmt, ForStmt, IfStmt, Stmt, TryStmt } from '../ast.js';
import { printExpr, printIndexable, printSlice } from './expr.js';

/** The source text of a statement as it appears in a block, with its `;` where one belongs. */
export function printStmt(s: Stmt): string {
  switch (s.kind) {
    case 'Block':
      return printBlock(s);
    case 'Try':
      return printTry(s);
    case 'If':
      return printIf(s);
    case 'For':
      return printFor(s);
    case 'While':
      return `while (${printExpr(s.cond)}) ${printStmt(s.body)}`;
    case 'Foreach':
      return printForeach(s);
    case 'ExprStmt':
      return `${printExpr(s.expr)};`;
    case 'Return':
      return s.value === undefined ? 'return;' : `return ${printExpr(s.value)};`;
    case 'Delete':
      return `delete ${printExpr(s.target)};`;
    case 'Next':
      return 'next;';
    case 'Break':
      return 'break;';
    case 'Continue':
      return 'continue;';
    case 'Null':
      return ';';
    default:
      return assertNever(s, 'statement');
  }
}

export function printBlock(b: Block): string {
  return `{\n${b.statements.map((s) => `${printStmt(s)}\n`).join('')}}`;
}

function printTry(s: TryStmt): string {
  const catchVar = s.catchVar === undefined ? '' : `(${s.catchVar.name}) `;
  return `try ${printBlock(s.body)} catch ${catchVar}${printBlock(s.handler)}`;
}

/**
 * An `else` binds to the nearest open `if`, so a then-branch ending in an else-less `if` is
 * braced. The parser never builds such a tree (it would have bound the `else` inside); only a
 * hand-built one gets the extra block.
 */
function printIf(s: IfStmt): string {
  const head = `if (${printExpr(s.cond)}) `;
  if (s.otherwise === undefined) return head + printStmt(s.then);
  const then = endsWithOpenIf(s.then) ? `{\n${printStmt(s.then)}\n}` : printStmt(s.then);
  return `${head}${then}\nelse ${printStmt(s.otherwise)}`;
}

function endsWithOpenIf(s: Stmt): boolean {
  switch (s.kind) {
    case 'If':
      return s.otherwise === undefined || endsWithOpenIf(s.otherwise);
    case 'For':
    case 'While':
    case 'Foreach':
      return endsWithOpenIf(s.body);
    default:
      return false;
  }
}

function printFor(s: ForStmt): string {
  const part = (e: typeof s.init) => (e === undefined ? '' : ` ${printExpr(e)}`);
  const init = s.init === undefined ? '' : printExpr(s.init);
  return `for (${init};${part(s.cond)};${part(s.step)}) ${printStmt(s.body)}`;
}

/** `foreach (v = [a-, b] in A[*, 2] @sum+ limit n)`: a value sort is written after the array, as stap does. */
function printForeach(s: ForeachStmt): string {
  const sortMark = (column: number) =>
    s.sort !== undefined && s.sort.column === column ? (s.sort.direction > 0 ? '+' : '-') : '';
  const keys = s.keys.map((k, i) => k.name + sortMark(i + 1)).join(', ');
  let head = s.value === undefined ? '' : `${s.value.name} = `;
  head += s.bracketed || s.keys.length !== 1 ? `[${keys}]` : keys;
  head += ` in ${printIndexable(s.base)}`;
  if (s.slice !== undefined) head += printSlice(s.slice);
  const valueSort = sortMark(0);
  if (valueSort !== '') head += s.sortStat === undefined ? valueSort : ` @${s.sortStat}${valueSort}`;
  if (s.limit !== undefined) head += ` limit ${printExpr(s.limit)}`;
  return `foreach (${head}) ${printStmt(s.body)}`;
}
