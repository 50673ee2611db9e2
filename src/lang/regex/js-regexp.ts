/**
 * Translation of a stap regex into JavaScript RegExp source, and the analysis of when V8's
 * backtracking engine may stand in for the Pike VM.
 *
 * The translation matches the same language (every set spelled with `\xHH` ranges, so no
 * character means anything special to JavaScript; no semantic flags). Two questions are then
 * separate:
 *
 * - *Whether* it matches (`test`): any translation with the same language answers it, provided
 *   the anchors mean the same. `^` always does (it passes only before anything was read). `$`
 *   does when nothing can follow it (upstream reads it as the NUL after the subject, and a second
 *   `$` or a `^` after it behaves differently). It must also be safe from runaway backtracking:
 *   no closure inside a closure, only single characters repeated more than once, and at most
 *   `MAX_VARIABLE_ATOMS` of those (so the cost stays polynomial of low degree).
 * - *What* it matches (`match`): only for patterns where every engine must agree — see
 *   `isDeterministicLinear`.
 */
import { assertNever } from '../../util/index.js';
import type { RegexAst, RegexNode } from './ast.js';
import { anyCharSet, type CharSet, charSetRanges, charSetsIntersect, singleCharSet } from './char-set.js';

/** Repeated single characters allowed in a pattern handed to V8 for `test`. */
export const MAX_VARIABLE_ATOMS = 3;

export function toJsSource(node: RegexNode): string {
  switch (node.kind) {
    case 'Empty':
      return '(?:)';
    case 'Literal':
      return setSource(singleCharSet(node.code));
    case 'AnyChar':
      return '[^\\x00]';
    case 'Bracket':
      return setSource(node.set);
    case 'Anchor':
      return node.anchor;
    case 'Group':
      return `${node.index === undefined ? '(?:' : '('}${toJsSource(node.body)})`;
    case 'Concat':
      return node.items.map(toJsSource).join('');
    case 'Alternation':
      return `(?:${node.alternatives.map(toJsSource).join('|')})`;
    case 'Repeat':
      return `(?:${toJsSource(node.body)})${quantifier(node.min, node.max)}`;
    default:
      return assertNever(node, 'regex node');
  }
}

function quantifier(min: number, max: number | undefined): string {
  if (max === undefined) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

/** A byte as `\xHH`. */
function hex(code: number): string {
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

/** `[...]` of `\xHH` ranges; the member above 255 becomes `\u0100-\uffff`. */
function setSource(set: CharSet): string {
  const ranges = charSetRanges(set);
  const only = ranges[0];
  if (ranges.length === 1 && only !== undefined && only[0] === only[1] && only[0] <= 255) return hex(only[0]);
  let body = '';
  for (const [from, to] of ranges) {
    if (from === 256) body += '\\u0100-\\uffff';
    else if (to === 256) body += `${hex(from)}-\\uffff`;
    else body += from === to ? hex(from) : `${hex(from)}-${hex(to)}`;
  }
  return `[${body}]`;
}

/** Whether `test` may use the translation: same anchors' meaning, bounded backtracking. */
export function isJsTestSafe(ast: RegexAst): boolean {
  return dollarsAreFinal(ast.root, true) && backtrackingIsBounded(ast.root);
}

/** Every `$` is outside closures and nothing can be read or asserted after it. */
function dollarsAreFinal(node: RegexNode, final: boolean): boolean {
  switch (node.kind) {
    case 'Empty':
    case 'Literal':
    case 'AnyChar':
    case 'Bracket':
      return true;
    case 'Anchor':
      return node.anchor === '^' || final;
    case 'Group':
      return dollarsAreFinal(node.body, final);
    case 'Concat':
      return node.items.every((item, i) => dollarsAreFinal(item, final && i === node.items.length - 1));
    case 'Alternation':
      return node.alternatives.every((alt) => dollarsAreFinal(alt, final));
    case 'Repeat':
      return dollarsAreFinal(node.body, false);
    default:
      return assertNever(node, 'regex node');
  }
}

function backtrackingIsBounded(root: RegexNode): boolean {
  let variableAtoms = 0;
  const visit = (node: RegexNode, inRepeat: boolean): boolean => {
    switch (node.kind) {
      case 'Empty':
      case 'Literal':
      case 'AnyChar':
      case 'Bracket':
      case 'Anchor':
        return true;
      case 'Group':
        return visit(node.body, inRepeat);
      case 'Concat':
        return node.items.every((item) => visit(item, inRepeat));
      case 'Alternation':
        return node.alternatives.every((alt) => visit(alt, inRepeat));
      case 'Repeat': {
        if (inRepeat) return false;
        const many = node.max === undefined || node.max > 1;
        if (many && repeatedSet(node.body) === undefined) return false;
        if (many && node.min !== node.max) variableAtoms++;
        return visit(node.body, true) && variableAtoms <= MAX_VARIABLE_ATOMS;
      }
      default:
        return assertNever(node, 'regex node');
    }
  };
  return visit(root, false);
}

/** The set of a single-character atom, possibly inside groups; undefined for anything else. */
function repeatedSet(node: RegexNode): CharSet | undefined {
  switch (node.kind) {
    case 'Literal':
      return singleCharSet(node.code);
    case 'AnyChar':
      return anyCharSet();
    case 'Bracket':
      return node.set;
    case 'Group':
      return repeatedSet(node.body);
    default:
      return undefined;
  }
}

/** One position-consuming item of a linear pattern: a character set read min..max times. */
interface LinearItem {
  readonly set: CharSet;
  readonly min: number;
  readonly max: number;
}

/**
 * Whether V8's leftmost-first match provably equals what stap reports (start, end and every
 * group). True for "deterministic linear" patterns:
 *
 * - an optional leading `^`, then a sequence of single-character atoms, each with at most one
 *   closure (groups may wrap any run of the sequence, or sit inside a closure around one atom),
 *   then an optional trailing `$` — no alternation;
 * - each atom repeated a variable number of times shares no character with what may come right
 *   after it (the atoms up to and including the next required one).
 *
 * Proof sketch. Glushkov states of such a pattern are (atom, count) pairs in a linear order, and
 * the second condition makes the automaton deterministic: from any start there is one run, and
 * its matches are the positions where its state accepts. For two runs from starts s < t, the run
 * from t is never ahead of the run from s (had it read a character with a later atom, the run
 * from s could have too, and the two choices would share that character). A state at or after an
 * accepting one accepts too, so whenever a later start's run accepts, the run from the leftmost
 * matching start L accepts there as well. Hence stap's first acceptance has start L, every later
 * acceptance of the run from L replaces it, and stap reports the longest match from L. V8 starts
 * at L as well and, all closures being greedy and each choice forced by the next character,
 * backtracks only to the last accepting position of that same run: the same span, along the same
 * single path, so the same groups (a group skipped at the end was skipped by every shorter match
 * too, so stap's tag-by-tag update leaves nothing stale). Both read `$` only at the end.
 */
export function isDeterministicLinear(ast: RegexAst): boolean {
  const items: LinearItem[] = [];
  let sawCaret = false;
  let sawDollar = false;
  const visit = (node: RegexNode): boolean => {
    if (sawDollar && node.kind !== 'Empty') return false;
    switch (node.kind) {
      case 'Empty':
        return true;
      case 'Literal':
      case 'AnyChar':
      case 'Bracket':
        items.push({ set: repeatedSet(node)!, min: 1, max: 1 });
        return true;
      case 'Anchor':
        if (node.anchor === '$') sawDollar = true;
        else if (sawCaret || items.length > 0) return false;
        else sawCaret = true;
        return true;
      case 'Group':
        return visit(node.body);
      case 'Concat':
        return node.items.every(visit);
      case 'Alternation':
        return false;
      case 'Repeat': {
        const set = repeatedSet(node.body);
        if (set === undefined) return false;
        items.push({ set, min: node.min, max: node.max ?? Number.POSITIVE_INFINITY });
        return true;
      }
      default:
        return assertNever(node, 'regex node');
    }
  };
  return visit(ast.root) && choicesAreForced(items);
}

function choicesAreForced(items: readonly LinearItem[]): boolean {
  return items.every((item, i) => {
    if (item.min === item.max) return true;
    for (const later of items.slice(i + 1)) {
      if (later.max > 0 && charSetsIntersect(item.set, later.set)) return false;
      if (later.min > 0) break;
    }
    return true;
  });
}
