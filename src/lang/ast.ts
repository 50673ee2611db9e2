/**
 * The SystemTap AST: an immutable discriminated union, one `kind` per construct, a span on every
 * node. Parentheses leave no node (the printer adds them back); preprocessing, macro expansion and
 * probe-point brace expansion have already happened. Analysis results live in side tables keyed
 * by node, never on the nodes.
 */
import type { Span } from '../diag/index.js';

interface NodeBase {
  /**
   * Where the node is, starting at the token stap blames for it: the operator token for
   * operator nodes (`a / b` → the `/`), `in` for membership, `?` for a ternary, the name for
   * calls and array indexing, the first token otherwise.
   */
  readonly span: Span;
}

/** A bare name with its location (foreach keys, catch variables, parameters). */
export interface Name extends NodeBase {
  readonly kind: 'Name';
  readonly name: string;
}

// ---------------------------------------------------------------- literals

export interface NumberLiteral extends NodeBase {
  readonly kind: 'Number';
  /** Signed 64-bit value (literals 2^63..2^64-1 have already wrapped). */
  readonly value: bigint;
}

export interface StringLiteral extends NodeBase {
  readonly kind: 'String';
  /** Decoded value: escapes resolved, adjacent literals concatenated. */
  readonly value: string;
}

export type Literal = NumberLiteral | StringLiteral;

// ---------------------------------------------------------------- expressions

export type UnaryOp = '+' | '-' | '!' | '~';
export type CrementOp = '++' | '--';
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '>>>' | '&' | '|' | '^';
export type LogicalOp = '&&' | '||';
export type ComparisonOp = '<' | '>' | '<=' | '>=' | '==' | '!=';
export type RegexOp = '=~' | '!~';
export type AssignOp =
  | '='
  | '+='
  | '-='
  | '*='
  | '/='
  | '%='
  | '<<='
  | '>>='
  | '&='
  | '^='
  | '|='
  | '.='
  | '<<<';
export type StatName = 'count' | 'sum' | 'min' | 'max' | 'avg' | 'variance';
export type PrintName =
  | 'print'
  | 'println'
  | 'printf'
  | 'printd'
  | 'printdln'
  | 'sprint'
  | 'sprintln'
  | 'sprintf'
  | 'sprintd'
  | 'sprintdln';

/** A plain variable reference (local, global, or a probe alias variable). */
export interface SymbolExpr extends NodeBase {
  readonly kind: 'Symbol';
  readonly name: string;
}

/** `@hist_linear(s, L, H, W)` / `@hist_log(s)`: only as an index/foreach/print base, never a value. */
export interface HistOp extends NodeBase {
  readonly kind: 'Hist';
  readonly histKind: 'linear' | 'log';
  readonly stat: Expr;
  /** `[low, high, width]` for linear, empty for log. */
  readonly params: readonly bigint[];
}

export type Indexable = SymbolExpr | HistOp;

/** `base[i, j]`; a `null` index is the `*` wildcard of a slice (`a[*, 1]`). */
export interface IndexExpr extends NodeBase {
  readonly kind: 'Index';
  readonly base: Indexable;
  readonly indexes: readonly (Expr | null)[];
}

/** `k in A`, `[k1, k2] in A`, `[*, k] in A`. */
export interface InExpr extends NodeBase {
  readonly kind: 'In';
  readonly indexes: readonly (Expr | null)[];
  readonly base: Indexable;
}

export interface UnaryExpr extends NodeBase {
  readonly kind: 'Unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
}

export interface CrementExpr extends NodeBase {
  readonly kind: 'PreCrement' | 'PostCrement';
  readonly op: CrementOp;
  readonly operand: Expr;
}

export interface BinaryExpr extends NodeBase {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

export interface LogicalExpr extends NodeBase {
  readonly kind: 'Logical';
  readonly op: LogicalOp;
  readonly left: Expr;
  readonly right: Expr;
}

export interface ComparisonExpr extends NodeBase {
  readonly kind: 'Comparison';
  readonly op: ComparisonOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** `e =~ "re"`: the right side is always a string literal. */
export interface RegexExpr extends NodeBase {
  readonly kind: 'Regex';
  readonly op: RegexOp;
  readonly left: Expr;
  readonly pattern: StringLiteral;
}

/** `a . b . c`: n-ary, as stap's parser builds it. */
export interface ConcatExpr extends NodeBase {
  readonly kind: 'Concat';
  readonly operands: readonly Expr[];
}

export interface TernaryExpr extends NodeBase {
  readonly kind: 'Ternary';
  readonly cond: Expr;
  readonly then: Expr;
  readonly otherwise: Expr;
}

/** Assignment, compound assignment, and `<<<` (aggregate a sample). Lvalueness is checked in pass 2. */
export interface AssignExpr extends NodeBase {
  readonly kind: 'Assign';
  readonly op: AssignOp;
  readonly left: Expr;
  readonly right: Expr;
}

export interface CallExpr extends NodeBase {
  readonly kind: 'Call';
  readonly name: string;
  readonly args: readonly Expr[];
}

/** The print family. `format` for the printf forms, `delimiter` for the printd forms; `hist` for `print(@hist_log(x))`. */
export interface PrintExpr extends NodeBase {
  readonly kind: 'Print';
  readonly name: PrintName;
  readonly format?: string;
  readonly delimiter?: string;
  readonly hist?: HistOp;
  readonly args: readonly Expr[];
}

/** `@count(s)`, `@variance(s, 2)`... */
export interface StatExpr extends NodeBase {
  readonly kind: 'Stat';
  readonly stat: StatName;
  readonly operand: Expr;
  readonly params: readonly bigint[];
}

/** One step after a target expression: `->name`, `[index]`, or a trailing `$`/`$$` pretty-print. */
export type TargetComponent =
  | { readonly kind: 'Member'; readonly name: string; readonly span: Span }
  | { readonly kind: 'Subscript'; readonly index: Expr; readonly span: Span }
  | { readonly kind: 'Pretty'; readonly depth: '$' | '$$'; readonly span: Span };

interface TargetBase extends NodeBase {
  readonly components: readonly TargetComponent[];
  /** Preceded by `&`. */
  readonly addressOf: boolean;
}

/** `$var`, `$$vars`, `$$parms`, `$$locals`, `$$return`, `$$name`... (`name` includes the `$`s). */
export interface TargetSymbolExpr extends TargetBase {
  readonly kind: 'TargetSymbol';
  readonly name: string;
}

/** `@cast(expr, "type"[, "module"])`. */
export interface CastExpr extends TargetBase {
  readonly kind: 'Cast';
  readonly operand: Expr;
  readonly typeName: string;
  readonly module?: string;
}

/** `@var("name[@cu]"[, "module"])`. */
export interface AtVarExpr extends TargetBase {
  readonly kind: 'AtVar';
  readonly target: string;
  readonly module?: string;
}

/** Any other value followed by `->`/`[` (or taken with `&`): a typed pointer kept in a local. */
export interface AutocastExpr extends TargetBase {
  readonly kind: 'Autocast';
  readonly operand: Expr;
}

export interface DefinedExpr extends NodeBase {
  readonly kind: 'Defined';
  readonly operand: Expr;
}

export interface ProbeWriteExpr extends NodeBase {
  readonly kind: 'ProbeWrite';
  readonly name: string;
}

export interface EntryExpr extends NodeBase {
  readonly kind: 'Entry';
  readonly operand: Expr;
}

export interface PerfExpr extends NodeBase {
  readonly kind: 'Perf';
  readonly counter: string;
}

/** `@const("NAME")` (guru/tapset only). */
export interface ConstExpr extends NodeBase {
  readonly kind: 'Const';
  readonly name: string;
}

export interface EnumExpr extends NodeBase {
  readonly kind: 'Enum';
  readonly name: string;
}

export interface EnumNameExpr extends NodeBase {
  readonly kind: 'EnumName';
  readonly operand: Expr;
  readonly typeName?: string;
  readonly module?: string;
}

/** `@kregister(n)` / `@uregister(n)`. */
export interface RegisterExpr extends NodeBase {
  readonly kind: 'Register';
  readonly user: boolean;
  readonly regno: bigint;
}

/** `@kderef(size, addr)` / `@uderef(size, addr)`. */
export interface DerefExpr extends NodeBase {
  readonly kind: 'Deref';
  readonly user: boolean;
  readonly size: bigint;
  readonly addr: Expr;
}

/** `%{ C %}` used as an expression (guru only). */
export interface EmbeddedExpr extends NodeBase {
  readonly kind: 'EmbeddedExpr';
  readonly code: string;
}

export type TargetExpr = TargetSymbolExpr | CastExpr | AtVarExpr | AutocastExpr;

export type Expr =
  | NumberLiteral
  | StringLiteral
  | SymbolExpr
  | IndexExpr
  | InExpr
  | UnaryExpr
  | CrementExpr
  | BinaryExpr
  | LogicalExpr
  | ComparisonExpr
  | RegexExpr
  | ConcatExpr
  | TernaryExpr
  | AssignExpr
  | CallExpr
  | PrintExpr
  | StatExpr
  | TargetExpr
  | DefinedExpr
  | ProbeWriteExpr
  | EntryExpr
  | PerfExpr
  | ConstExpr
  | EnumExpr
  | EnumNameExpr
  | RegisterExpr
  | DerefExpr
  | EmbeddedExpr;

// ---------------------------------------------------------------- statements

export interface Block extends NodeBase {
  readonly kind: 'Block';
  readonly statements: readonly Stmt[];
}

export interface TryStmt extends NodeBase {
  readonly kind: 'Try';
  readonly body: Block;
  readonly catchVar?: Name;
  readonly handler: Block;
}

export interface ExprStmt extends NodeBase {
  readonly kind: 'ExprStmt';
  readonly expr: Expr;
}

export interface IfStmt extends NodeBase {
  readonly kind: 'If';
  readonly cond: Expr;
  readonly then: Stmt;
  readonly otherwise?: Stmt;
}

/** `for (init; cond; step) body`; an absent `cond` means forever. */
export interface ForStmt extends NodeBase {
  readonly kind: 'For';
  readonly init?: Expr;
  readonly cond?: Expr;
  readonly step?: Expr;
  readonly body: Stmt;
}

export interface WhileStmt extends NodeBase {
  readonly kind: 'While';
  readonly cond: Expr;
  readonly body: Stmt;
}

/**
 * `foreach ([k1, k2-] in A[*, x] limit n)`, `foreach (v+ = k in A)`, `foreach (k in A @sum-)`.
 * `sort.column` is 0 for the value (or aggregate), 1..n for a key.
 */
export interface ForeachStmt extends NodeBase {
  readonly kind: 'Foreach';
  readonly value?: Name;
  readonly keys: readonly Name[];
  /** Whether the keys were written in brackets (`[k] in A`); kept for faithful printing only. */
  readonly bracketed: boolean;
  readonly base: Indexable;
  readonly slice?: readonly (Expr | null)[];
  readonly sort?: { readonly column: number; readonly direction: 1 | -1 };
  /** Aggregate to sort a statistics array by (`A @sum-`). */
  readonly sortStat?: StatName;
  readonly limit?: Expr;
  readonly body: Stmt;
}

export interface ReturnStmt extends NodeBase {
  readonly kind: 'Return';
  readonly value?: Expr;
}

export interface DeleteStmt extends NodeBase {
  readonly kind: 'Delete';
  readonly target: Expr;
}

export interface SimpleStmt extends NodeBase {
  readonly kind: 'Next' | 'Break' | 'Continue' | 'Null';
}

export type Stmt =
  | Block
  | TryStmt
  | ExprStmt
  | IfStmt
  | ForStmt
  | WhileStmt
  | ForeachStmt
  | ReturnStmt
  | DeleteStmt
  | SimpleStmt;

// ---------------------------------------------------------------- declarations

/** One dotted piece of a probe point: `kernel`, `function("vfs_*")`, `*`, `**`, `sys_*`. */
export interface ProbeComponent extends NodeBase {
  readonly kind: 'Component';
  /** May contain `*` wildcards; `**` spans components. */
  readonly name: string;
  readonly arg?: Literal;
}

/** A probe point after brace expansion. `sufficient` (`!`) implies `optional` (`?`). */
export interface ProbePoint extends NodeBase {
  readonly kind: 'ProbePoint';
  readonly components: readonly ProbeComponent[];
  readonly optional: boolean;
  readonly sufficient: boolean;
  readonly condition?: Expr;
}

export interface ProbeDecl extends NodeBase {
  readonly kind: 'Probe';
  readonly points: readonly ProbePoint[];
  readonly body: Block;
}

/**
 * `probe NAME = PP, ... { prologue }`, `probe NAME += PP { epilogue }`,
 * `probe NAME = PP { prologue }, { epilogue }`. `names` holds every alias name of a chain (`a = b = PP`).
 */
export interface AliasDecl extends NodeBase {
  readonly kind: 'Alias';
  readonly names: readonly ProbePoint[];
  readonly epilogueStyle: boolean;
  readonly points: readonly ProbePoint[];
  readonly body: Block;
  /** The epilogue block of the combined form. */
  readonly epilogue?: Block;
}

export interface GlobalDecl extends NodeBase {
  readonly kind: 'Global';
  readonly name: string;
  readonly isPrivate: boolean;
  /** `%`: evict the oldest entry instead of reporting overflow. */
  readonly wrap: boolean;
  /** `[N]`: maximum number of entries (and the variable is an array). */
  readonly maxEntries?: number;
  readonly init?: Literal;
}

export type ScriptType = 'long' | 'string';

export interface Param extends NodeBase {
  readonly kind: 'Param';
  readonly name: string;
  readonly type?: ScriptType;
}

export interface EmbeddedCode extends NodeBase {
  readonly kind: 'Embedded';
  readonly code: string;
}

export interface FunctionDecl extends NodeBase {
  readonly kind: 'Function';
  readonly name: string;
  readonly isPrivate: boolean;
  readonly returnType?: ScriptType;
  readonly params: readonly Param[];
  /** `:N` after the parameter list (N > 0); absent means the default (0 in a user script, 1 in a tapset). */
  readonly priority?: bigint;
  readonly body: Block | EmbeddedCode;
}

export type Declaration = ProbeDecl | AliasDecl | GlobalDecl | FunctionDecl | EmbeddedCode;

/** One parsed file (user script, `-E` script, or tapset). */
export interface Script {
  readonly kind: 'Script';
  readonly name: string;
  readonly declarations: readonly Declaration[];
}
