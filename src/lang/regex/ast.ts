/**
 * The syntax tree of one stap regex (the POSIX-ERE dialect of upstream's stapregex-parse.cxx).
 * Every node carries `offset`, the position in the pattern where it starts, counted the way
 * upstream counts positions in its error messages.
 */
import type { CharSet } from './char-set.js';

interface NodeBase {
  readonly offset: number;
}

/** Matches the empty string: an empty pattern, alternative or group body. */
export interface EmptyNode extends NodeBase {
  readonly kind: 'Empty';
}

/** One character, written plainly or after a backslash (`\.` is a literal dot). */
export interface LiteralNode extends NodeBase {
  readonly kind: 'Literal';
  readonly code: number;
  readonly escaped: boolean;
}

/** `.`: any character but NUL. */
export interface AnyCharNode extends NodeBase {
  readonly kind: 'AnyChar';
}

/** `[a-z[:digit:]_]`, `[^...]`. `set` is what it matches (negation applied). */
export interface BracketNode extends NodeBase {
  readonly kind: 'Bracket';
  readonly negated: boolean;
  readonly items: readonly BracketItem[];
  readonly set: CharSet;
}

export type BracketItem =
  | { readonly kind: 'Range'; readonly from: number; readonly to: number }
  | { readonly kind: 'Class'; readonly name: string };

/** `^` (start of subject) or `$` (end of subject). */
export interface AnchorNode extends NodeBase {
  readonly kind: 'Anchor';
  readonly anchor: '^' | '$';
}

/**
 * `( ... )`, numbered from 1 by its opening parenthesis; `index` undefined for `(?: ... )`.
 * Upstream does not consume the `:` of `(?:`, so the body of a non-capturing group starts with a
 * literal `:`, and the parser keeps it there.
 */
export interface GroupNode extends NodeBase {
  readonly kind: 'Group';
  readonly index: number | undefined;
  readonly body: RegexNode;
}

export interface ConcatNode extends NodeBase {
  readonly kind: 'Concat';
  readonly items: readonly RegexNode[];
}

export interface AlternationNode extends NodeBase {
  readonly kind: 'Alternation';
  readonly alternatives: readonly RegexNode[];
}

/**
 * A postfix closure: `*` {0,∞}, `+` {1,∞}, `?` {0,1}, `{m}`, `{m,}`, `{m,n}` (`max` undefined
 * for unbounded). Closures stack (`a**`, `a+?` is `(a+)?`, `a{1}{2}`), nesting a Repeat in a Repeat.
 * `op` records the spelling because upstream builds `?` and `{0,1}` differently.
 */
export interface RepeatNode extends NodeBase {
  readonly kind: 'Repeat';
  readonly op: '*' | '+' | '?' | '{';
  readonly body: RegexNode;
  readonly min: number;
  readonly max: number | undefined;
}

export type RegexNode =
  | EmptyNode
  | LiteralNode
  | AnyCharNode
  | BracketNode
  | AnchorNode
  | GroupNode
  | ConcatNode
  | AlternationNode
  | RepeatNode;

export type RegexNodeKind = RegexNode['kind'];

export interface RegexAst {
  readonly root: RegexNode;
  /** What `ngroups()` reports: the capturing groups plus group 0, the whole match. */
  readonly groupCount: number;
}
