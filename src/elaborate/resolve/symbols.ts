/**
 * Symbol resolution inside one body (probe handler or function): binds every name to a local,
 * parameter or global variable, and every call to a function overload chain or a builtin,
 * recording array arity as stap's set_arity does. Unknown names become locals; an unknown name
 * used as an array is an error (`unresolved arity-N global array`).
 */
import type { Span } from '../../diag/index.js';
import {
  type Block,
  type CallExpr,
  childExprs,
  type Expr,
  type ForeachStmt,
  type Indexable,
  type Name,
  type Param,
  type Stmt,
  type StmtPartsVisitor,
  type SymbolExpr,
  visitStmtParts,
} from '../../lang/index.js';
import type { CallTarget, Variable } from '../program.js';

/** Thrown inside resolution of one body, reported by the caller as a semantic error. */
/**
 * Codes of resolution errors, one per place stap raises them (its errsrc, by which it prints
 * only the first of similar errors).
 */
export const RESOLVE_CODES = {
  unresolvedArray: 'S201',
  conditionGlobal: 'S202',
  sliceArity: 'S203',
  wildcardIndex: 'S204',
  conditionFunction: 'S205',
  unresolvedFunction: 'S206',
  arityMismatch: 'S207',
  scalarArray: 'S208',
  inconsistentArity: 'S209',
} as const;

type ResolveCode = (typeof RESOLVE_CODES)[keyof typeof RESOLVE_CODES];

export class ResolveFailure {
  constructor(
    readonly message: string,
    readonly span: Span,
    readonly token: string,
    readonly code: ResolveCode,
  ) {}
}

/** What a body's resolution needs from the whole program. */
export interface ScopeHost {
  /** A global visible from the file `from` is in, pulling its tapset in if needed. */
  findGlobal(name: string, from: Span): Variable | undefined;
  /** Resolve a call by name and arity; undefined when nothing of that name exists. */
  findCall(name: string, arity: number, call: CallExpr): CallTarget | { arityMismatch: number } | undefined;
  newLocal(name: string, span: Span): Variable;
  bind(node: SymbolExpr | Name | Param, v: Variable): void;
  bindCall(call: CallExpr, target: CallTarget): void;
}

/** One body's scope: its locals (and parameters, for a function). */
export class BodyScope implements StmtPartsVisitor {
  readonly locals = new Map<string, Variable>();

  constructor(
    private readonly host: ScopeHost,
    private readonly params: ReadonlyMap<string, Variable>,
    /** Probe conditions may only name declared globals and call nothing. */
    private readonly conditionOnly = false,
    /** Locals a built-in alias family sets (syscall's `name`, `argstr`...), made on first use. */
    private readonly provide?: (name: string, span: Span) => Variable | undefined,
  ) {}

  /** find_var: locals, then parameters (scalars), then globals; arity -1 means any. */
  private findVar(name: string, arity: number, span: Expr['span']): Variable | undefined {
    const local = this.locals.get(name);
    if (local) {
      setArity(local, arity, span, name);
      return local;
    }
    if (arity <= 0) {
      const p = this.params.get(name);
      if (p) {
        setArity(p, 0, span, name);
        return p;
      }
    }
    const g = this.host.findGlobal(name, span);
    if (g) {
      setArity(g, arity, span, name);
      return g;
    }
    // After globals: a global of the same name is the user's, not the alias's.
    const provided = arity <= 0 ? this.provide?.(name, span) : undefined;
    if (provided) this.locals.set(name, provided);
    return provided;
  }

  symbol(e: SymbolExpr, arity: number): Variable {
    const found = this.findVar(e.name, arity, e.span);
    if (found) {
      this.host.bind(e, found);
      return found;
    }
    if (arity > 0) {
      throw new ResolveFailure(
        `unresolved arity-${arity} global array ${e.name}, missing global declaration?`,
        e.span,
        `identifier '${e.name}'`,
        RESOLVE_CODES.unresolvedArray,
      );
    }
    if (this.conditionOnly) {
      throw new ResolveFailure(
        'probe condition must not reference undeclared global',
        e.span,
        `identifier '${e.name}'`,
        RESOLVE_CODES.conditionGlobal,
      );
    }
    const v = this.host.newLocal(e.name, e.span);
    setArity(v, 0, e.span, e.name);
    this.locals.set(e.name, v);
    this.host.bind(e, v);
    return v;
  }

  bound(n: Name): void {
    const sym: SymbolExpr = { kind: 'Symbol', name: n.name, span: n.span };
    const v = this.symbol(sym, 0);
    this.host.bind(n, v);
  }

  block(b: Block): void {
    for (const s of b.statements) this.stmt(s);
  }

  stmt(s: Stmt): void {
    if (s.kind === 'Foreach') this.foreach(s);
    else visitStmtParts(s, this);
  }

  /**
   * symresolution_info's order: the keys, the slice, then the array (which other walks take
   * first), whose slice must match the keys.
   */
  private foreach(s: ForeachStmt): void {
    for (const k of s.keys) this.bound(k);
    for (const x of s.slice ?? []) if (x) this.expr(x);
    this.indexable(s.base, s.keys.length);
    if (
      s.base.kind === 'Symbol' &&
      s.slice !== undefined &&
      s.slice.length > 0 &&
      s.slice.length !== s.keys.length
    ) {
      throw new ResolveFailure(
        `unresolved arity-${s.slice.length} global array ${s.base.name}, missing global declaration?`,
        s.base.span,
        `identifier '${s.base.name}'`,
        RESOLVE_CODES.sliceArity,
      );
    }
    if (s.value) this.bound(s.value);
    if (s.limit) this.expr(s.limit);
    this.stmt(s.body);
  }

  /** A whole array of any arity, or an element or slice (wildcards allowed). */
  deleted(e: Expr): void {
    if (e.kind === 'Symbol') {
      this.symbol(e, -1);
      return;
    }
    if (e.kind === 'Index') {
      this.index(e.base, e.indexes, true);
      return;
    }
    this.expr(e);
  }

  private indexable(base: Indexable, arity: number): void {
    if (base.kind === 'Symbol') this.symbol(base, arity);
    else this.expr(base.stat);
  }

  private index(base: Indexable, indexes: readonly (Expr | null)[], wildcardOk: boolean): void {
    for (const i of indexes) {
      if (i) this.expr(i);
      else if (!wildcardOk) {
        throw new ResolveFailure(
          'wildcard not allowed in array index',
          base.span,
          describeIndexable(base),
          RESOLVE_CODES.wildcardIndex,
        );
      }
    }
    this.indexable(base, indexes.length);
  }

  expr(e: Expr): void {
    switch (e.kind) {
      case 'Symbol':
        this.symbol(e, 0);
        return;
      case 'Index':
        this.index(e.base, e.indexes, false);
        return;
      case 'In':
        this.index(e.base, e.indexes, true);
        return;
      case 'Call':
        this.call(e);
        return;
      default:
        for (const child of childExprs(e)) this.expr(child);
    }
  }

  private call(e: CallExpr): void {
    if (this.conditionOnly) {
      throw new ResolveFailure(
        'probe condition must not reference function',
        e.span,
        `identifier '${e.name}'`,
        RESOLVE_CODES.conditionFunction,
      );
    }
    for (const a of e.args) this.expr(a);
    const target = this.host.findCall(e.name, e.args.length, e);
    if (!target) {
      throw new ResolveFailure(
        `unresolved function ${e.name}`,
        e.span,
        `identifier '${e.name}'`,
        RESOLVE_CODES.unresolvedFunction,
      );
    }
    if ('arityMismatch' in target) {
      throw new ResolveFailure(
        `arity mismatch found (function '${e.name}' takes ${target.arityMismatch} args)`,
        e.span,
        `identifier '${e.name}'`,
        RESOLVE_CODES.arityMismatch,
      );
    }
    this.host.bindCall(e, target);
  }
}

function describeIndexable(b: Indexable): string {
  return b.kind === 'Symbol' ? `identifier '${b.name}'` : `operator '@hist_${b.histKind}'`;
}

/** stap's vardecl::set_arity: scalars and arrays never mix; declared sizes imply an array. */
export function setArity(v: Variable, arity: number, span: Expr['span'], name: string): void {
  if (arity < 0) return;
  if (arity === 0 && v.decl?.maxEntries !== undefined) {
    throw new ResolveFailure('inconsistent arity', v.span, `identifier '${name}'`, RESOLVE_CODES.scalarArray);
  }
  if (v.arity !== undefined && v.arity !== arity) {
    throw new ResolveFailure(
      `inconsistent arity (${v.arity} vs ${arity})`,
      span,
      `identifier '${name}'`,
      RESOLVE_CODES.inconsistentArity,
    );
  }
  if (v.arity === undefined) {
    v.arity = arity;
    v.keyTypes = Array.from({ length: arity }, () => 'unknown');
  }
}
