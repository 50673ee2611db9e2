/**
 * Lowering of the regex AST to a prioritised NFA program, built the way upstream builds its
 * instruction list (stapregex-parse.cxx and stapregex-tree.cxx), because the order of the two
 * ways out of each fork decides which submatches stap reports:
 *
 * - group n is bracketed by tag 2n (start) and tag 2n+1 (end); the whole pattern is group 0;
 * - `a|b` prefers `a`, but alternatives that are single character sets are first merged into
 *   one set placed *before* all other alternatives (make_alt), so in `ab|c` the `c` comes first;
 * - `*`, `+`, `?`, `{m,n}` are greedy; `x{m,n}` is n-m optional copies (entered by preference,
 *   each skipping to the end of the optional part) followed by m required copies, and `x{m,}`
 *   loops on the first of its m copies;
 * - `^` passes only before the first character is read; `$` reads the NUL after the subject.
 */
import { assertNever } from '../../util/index.js';
import type { RegexAst, RegexNode } from './ast.js';
import { anyCharSet, type CharSet, singleCharSet, unionCharSets } from './char-set.js';

export type Inst =
  /** Read one character from `set`, go on at `next`. */
  | { readonly op: 'char'; readonly set: CharSet; readonly next: number }
  /** Go on at `prefer` and, with lower priority, at `other`. */
  | { readonly op: 'split'; readonly prefer: number; readonly other: number }
  | { readonly op: 'jmp'; readonly target: number }
  /** Record the current position in tag `slot`. */
  | { readonly op: 'save'; readonly slot: number; readonly next: number }
  /** `^`: go on only before anything was read. */
  | { readonly op: 'begin'; readonly next: number }
  | { readonly op: 'match' };

export interface RegexProgram {
  /** Starts at 0 with `save 0`; ends with `save 1`, `match`. */
  readonly insts: readonly Inst[];
  /** Number of tags: twice the group count. */
  readonly slotCount: number;
}

/** Refuse patterns whose program would be larger than this (upstream has no such limit, and chokes). */
export const MAX_PROGRAM_SIZE = 200_000;

/** The character set `$` reads: the NUL after the subject. */
export const END_OF_SUBJECT: CharSet = singleCharSet(0);

/** The tree upstream compiles, with its null/tag operators and merged alternatives. */
type Lowered =
  | { readonly k: 'null' }
  | { readonly k: 'set'; readonly set: CharSet }
  | { readonly k: 'begin' }
  /** `$`: reads the NUL after the subject, but is no character set to `makeAlt`. */
  | { readonly k: 'end' }
  | { readonly k: 'tag'; readonly slot: number }
  | { readonly k: 'cat'; readonly a: Lowered; readonly b: Lowered }
  | { readonly k: 'alt'; readonly a: Lowered; readonly b: Lowered }
  /** Greedy one-or-more. */
  | { readonly k: 'plus'; readonly body: Lowered }
  /** Counted closure, `max` undefined for unbounded; never {0,} or {1,} (those are alt/plus). */
  | { readonly k: 'counted'; readonly body: Lowered; readonly min: number; readonly max: number | undefined };

const NULL: Lowered = { k: 'null' };

export function compileProgram(ast: RegexAst): RegexProgram | undefined {
  const tree = cat(cat({ k: 'tag', slot: 0 }, lower(ast.root)), { k: 'tag', slot: 1 });
  if (loweredSize(tree) + 1 > MAX_PROGRAM_SIZE) return undefined;
  const insts: MutableInst[] = [];
  emit(tree, insts);
  insts.push({ op: 'match' });
  return { insts, slotCount: 2 * ast.groupCount };
}

function cat(a: Lowered, b: Lowered): Lowered {
  return { k: 'cat', a, b };
}

function lower(node: RegexNode): Lowered {
  switch (node.kind) {
    case 'Empty':
      return NULL;
    case 'Literal':
      return { k: 'set', set: singleCharSet(node.code) };
    case 'AnyChar':
      return { k: 'set', set: anyCharSet() };
    case 'Bracket':
      return { k: 'set', set: node.set };
    case 'Anchor':
      return { k: node.anchor === '^' ? 'begin' : 'end' };
    case 'Group': {
      const body = lower(node.body);
      if (node.index === undefined) return cat(body, NULL);
      return cat(cat({ k: 'tag', slot: 2 * node.index }, body), { k: 'tag', slot: 2 * node.index + 1 });
    }
    case 'Concat':
      return node.items.map(lower).reduce(cat);
    case 'Alternation':
      return node.alternatives.map(lower).reduce(makeAlt);
    case 'Repeat':
      return lowerRepeat(node);
    default:
      return assertNever(node, 'regex node');
  }
}

/**
 * Upstream builds closures on the bare atom, and a closure on a character of a literal run ends
 * up concatenated after the run (an empty one for a run of one): never a bare alternative, which
 * matters to `makeAlt` one level up.
 */
function lowerRepeat(node: RegexNode & { kind: 'Repeat' }): Lowered {
  const closure = lowerClosures(node);
  let base: RegexNode = node;
  while (base.kind === 'Repeat') base = base.body;
  return base.kind === 'Literal' ? cat(NULL, closure) : closure;
}

function lowerClosures(node: RegexNode): Lowered {
  if (node.kind !== 'Repeat') return lower(node);
  const body = lowerClosures(node.body);
  if (node.op === '?') return makeAlt(body, NULL);
  if (node.min === 0 && node.max === undefined) return makeAlt({ k: 'plus', body }, NULL);
  if (node.min === 1 && node.max === undefined) return { k: 'plus', body };
  return { k: 'counted', body, min: node.min, max: node.max };
}

/**
 * Upstream's make_alt: the single-character-set parts of `a` and `b` (all of a set, or the first
 * branch of an alternative) are merged into one set that is tried first.
 */
function makeAlt(a: Lowered, b: Lowered): Lowered {
  const [setA, restA] = splitLeadingSet(a);
  const [setB, restB] = splitLeadingSet(b);
  const set = setA && setB ? unionCharSets(setA, setB) : (setA ?? setB);
  const merged: Lowered | undefined = set && { k: 'set', set };
  return altOf(merged, altOf(restA, restB))!;
}

function splitLeadingSet(x: Lowered): [CharSet | undefined, Lowered | undefined] {
  if (x.k === 'alt') return x.a.k === 'set' ? [x.a.set, x.b] : [undefined, x];
  if (x.k === 'set') return [x.set, undefined];
  return [undefined, x];
}

function altOf(a: Lowered | undefined, b: Lowered | undefined): Lowered | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { k: 'alt', a, b };
}

function loweredSize(x: Lowered): number {
  switch (x.k) {
    case 'null':
      return 0;
    case 'set':
    case 'begin':
    case 'end':
    case 'tag':
      return 1;
    case 'cat':
      return loweredSize(x.a) + loweredSize(x.b);
    case 'alt':
      return loweredSize(x.a) + loweredSize(x.b) + 2;
    case 'plus':
      return loweredSize(x.body) + 1;
    case 'counted': {
      const k = loweredSize(x.body);
      return x.max === undefined ? k * x.min + 1 : k * x.min + (x.max - x.min) * (k + 1);
    }
    default:
      return assertNever(x, 'lowered regex');
  }
}

type MutableInst =
  | { op: 'char'; set: CharSet; next: number }
  | { op: 'split'; prefer: number; other: number }
  | { op: 'jmp'; target: number }
  | { op: 'save'; slot: number; next: number }
  | { op: 'begin'; next: number }
  | { op: 'match' };

function emit(x: Lowered, out: MutableInst[]): void {
  switch (x.k) {
    case 'null':
      return;
    case 'set':
      out.push({ op: 'char', set: x.set, next: out.length + 1 });
      return;
    case 'begin':
      out.push({ op: 'begin', next: out.length + 1 });
      return;
    case 'end':
      out.push({ op: 'char', set: END_OF_SUBJECT, next: out.length + 1 });
      return;
    case 'tag':
      out.push({ op: 'save', slot: x.slot, next: out.length + 1 });
      return;
    case 'cat':
      emit(x.a, out);
      emit(x.b, out);
      return;
    case 'alt': {
      const fork = { op: 'split' as const, prefer: out.length + 1, other: -1 };
      out.push(fork);
      emit(x.a, out);
      const jump = { op: 'jmp' as const, target: -1 };
      out.push(jump);
      fork.other = out.length;
      emit(x.b, out);
      jump.target = out.length;
      return;
    }
    case 'plus': {
      const start = out.length;
      emit(x.body, out);
      out.push({ op: 'split', prefer: start, other: out.length + 1 });
      return;
    }
    case 'counted':
      emitCounted(x.body, x.min, x.max, out);
      return;
    default:
      assertNever(x, 'lowered regex');
  }
}

/** x{m,n}: n-m optional copies, each skipping straight past all of them; then m required copies. */
function emitCounted(body: Lowered, min: number, max: number | undefined, out: MutableInst[]): void {
  if (max !== undefined) {
    const forks: { op: 'split'; prefer: number; other: number }[] = [];
    for (let i = min; i < max; i++) {
      const fork = { op: 'split' as const, prefer: out.length + 1, other: -1 };
      forks.push(fork);
      out.push(fork);
      emit(body, out);
    }
    for (const fork of forks) fork.other = out.length;
  }
  for (let i = 0; i < min; i++) {
    const start = out.length;
    emit(body, out);
    if (max === undefined && i === 0) out.push({ op: 'split', prefer: start, other: out.length + 1 });
  }
}
