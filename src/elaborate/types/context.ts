/**
 * The state of stap's `typeresolution_info`: expression types, the counters that drive the
 * fixed-point loop, where each declaration's type was first inferred (for mismatch messages),
 * and the reporting primitives with stap's exact texts.
 */
import type { Diagnostic, DiagnosticSink } from '../../diag/index.js';
import type { Expr, Name } from '../../lang/index.js';
import type { BuiltinSignature, DerivedProbe, ScriptFunction, ValueType, Variable } from '../program.js';
import type { KernelTypeLookup } from '../target.js';
import { AutocastTypes } from './autocast.js';
import { TYPE_CODES, type TypeCode } from './codes.js';
import { exprToken, nameToken, type StapToken, tokenAt } from './tokens.js';

/** Something with a type that expressions refer to: stap's `symboldecl`. */
export type Decl = Variable | ScriptFunction | BuiltinDecl;

/** A native function seen as a declaration; its return type may be set by context, as stap does for void functions. */
export interface BuiltinDecl {
  readonly kind: 'builtin-decl';
  readonly signature: BuiltinSignature;
  type: ValueType;
  /** Formal parameters: fixed types, never resolved. */
  readonly params: readonly FormalDecl[];
}

export interface FormalDecl {
  readonly kind: 'formal-decl';
  readonly type: ValueType;
}

/** An expression or a bare name (foreach key/value, catch variable): both carry a type. */
export type Typed = Expr | Name;

/**
 * The token an error is about, computed only when needed: finding stap's token means lexing the
 * source again, which only a reported error should cost.
 */
export type Blame = StapToken | (() => StapToken);

function blamed(b: Blame): StapToken {
  return typeof b === 'function' ? b() : b;
}

/** Unwinds the visit of a body: stap's `throw SEMANTIC_ERROR` inside `semantic_pass_types`. */
export class InferenceAbort {
  constructor(readonly diagnostic: Diagnostic) {}
}

export function declType(d: Decl | FormalDecl): ValueType {
  if ('scope' in d) return d.type;
  if (d.kind === 'script') return d.returnType;
  return d.type;
}

function setDeclType(d: Decl, t: ValueType): void {
  if ('scope' in d) d.type = t;
  else if (d.kind === 'script') d.returnType = t;
  else d.type = t;
}

export function variableToken(v: Variable): StapToken {
  return tokenAt(v.span, `identifier '${v.name}'`);
}

export function typedToken(e: Typed): StapToken {
  return e.kind === 'Name' ? nameToken(e) : exprToken(e);
}

export class InferenceState {
  readonly types = new Map<Typed, ValueType>();
  newlyResolved = 0;
  stillUnresolved = 0;
  /** stap's `assert_resolvability`: the last round, which reports what is still unresolved. */
  assertResolvability = false;
  currentFunction: ScriptFunction | undefined;
  currentProbe: DerivedProbe | undefined;
  /** The kernel's types for `@cast` in functions (those of the program's kernel.trace probes). */
  kernelTypes: KernelTypeLookup | undefined;
  /** The kernel types values point to (autocast.ts). */
  readonly autocasts = new AutocastTypes();

  /** (decl, index) → the token where its type was (last) resolved; index -1 is the decl itself. */
  private readonly resolvedAt = new Map<object, Map<number, Blame>>();
  private readonly reported = new Set<string>();

  constructor(private readonly sink: DiagnosticSink) {}

  typeOf(e: Typed): ValueType {
    if (e.kind === 'Number') return 'long';
    if (e.kind === 'String') return 'string';
    return this.types.get(e) ?? 'unknown';
  }

  setType(e: Typed, t: ValueType): void {
    this.types.set(e, t);
  }

  // ---------------------------------------------------------------- reporting

  diagnostic(code: TypeCode, message: string, at: Blame, extra: Partial<Diagnostic> = {}): Diagnostic {
    const tok = blamed(at);
    return {
      category: 'semantic',
      severity: 'error',
      code,
      message,
      span: tok.span,
      subject: { label: 'at', description: tok.description },
      ...extra,
    };
  }

  /** Reports once per (code, message, place), however many rounds raise it. */
  report(d: Diagnostic): void {
    const where = d.span ? `${d.span.source.name}:${d.span.start}` : '';
    const key = `${d.code}\u0000${d.message}\u0000${where}\u0000${d.chain?.[0]?.message ?? ''}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.sink.report(d);
  }

  /** stap's `throw SEMANTIC_ERROR(...)` from inside the type pass. */
  abort(code: TypeCode, message: string, tok: Blame): never {
    throw new InferenceAbort(this.diagnostic(code, message, tok));
  }

  // ---------------------------------------------------------------- stap's primitives

  resolved(tok: Blame, decl?: object, index = -1): void {
    this.newlyResolved++;
    if (!decl) return;
    let byIndex = this.resolvedAt.get(decl);
    if (!byIndex) {
      byIndex = new Map();
      this.resolvedAt.set(decl, byIndex);
    }
    byIndex.set(index, tok);
  }

  unresolved(tok: Blame): void {
    this.countUnresolved();
    if (this.assertResolvability)
      this.report(this.diagnostic(TYPE_CODES.unresolved, 'unresolved type ', tok));
  }

  invalid(at: Blame, t: ValueType): void {
    this.countUnresolved();
    if (!this.assertResolvability) return;
    const tok = blamed(at);
    const message = tok.isOperator ? 'invalid operator' : `invalid type ${t}`;
    this.report(this.diagnostic(TYPE_CODES.invalid, message, tok));
  }

  /** `type mismatch: left and right sides don't agree (long vs string)` at the operator. */
  mismatchSides(e: Expr & { left: Expr; right: Expr }): void {
    this.countUnresolved();
    const message = `type mismatch: left and right sides don't agree (${this.typeOf(e.left)} vs ${this.typeOf(e.right)})`;
    this.report(this.diagnostic(TYPE_CODES.sidesDisagree, message, () => exprToken(e)));
  }

  /** `type mismatch: expected WANTED[ but found GOT]`. */
  mismatch(tok: Blame, wanted: ValueType, got: ValueType): void {
    this.countUnresolved();
    const message = `type mismatch: expected ${wanted}${got !== 'unknown' ? ` but found ${got}` : ''}`;
    this.report(this.diagnostic(TYPE_CODES.expectedFound, message, tok));
  }

  /**
   * A use of type `type` disagrees with declaration `decl` (index: array column or parameter
   * position, -1 for the declaration itself), chained with where the declaration's type came from.
   */
  mismatchDecl(tok: Blame, type: ValueType, decl: Decl | FormalDecl, index = -1): void {
    this.countUnresolved();
    const fn = this.currentFunction;
    if (fn && index === -1 && 'scope' in decl) {
      const i = fn.params.indexOf(decl);
      if (i >= 0) index = i;
    }
    const original = this.resolvedAt.get(decl)?.get(index);
    if (!original) {
      const message = `type mismatch: expected ${type} but found ${declType(decl)}`;
      this.report(this.diagnostic(TYPE_CODES.declExpectedFound, message, tok));
      return;
    }
    const message = `${index >= 0 ? `index ${index} ` : ''}type mismatch (${type})`;
    const chainMessage = `type${index >= 0 ? ` of index ${index}` : ''} was first inferred here (${declType(decl)})`;
    const chain = this.diagnostic(TYPE_CODES.firstInferred, chainMessage, original);
    this.report(this.diagnostic(TYPE_CODES.declMismatch, message, tok, { chain: [chain] }));
  }

  /** stap's `resolve_2types`: unify an expression (referrer) with its declaration (referent) and the expected type. */
  resolve2Types(referrer: Typed, referent: Decl, t: ValueType, acceptUnknown = false): void {
    for (;;) {
      const re = this.typeOf(referrer);
      const te = declType(referent);
      if (t !== 'unknown' && re === t && re === te) return;
      if (t === 'unknown' && re !== 'unknown' && re === te) return;
      if (re !== 'unknown' && te !== 'unknown' && re !== te) {
        this.mismatchDecl(() => typedToken(referrer), re, referent);
        return;
      }
      if (re !== 'unknown' && t !== 'unknown' && re !== t) {
        this.mismatchDecl(() => typedToken(referrer), t, referent);
        return;
      }
      if (te !== 'unknown' && t !== 'unknown' && te !== t) {
        this.mismatchDecl(() => typedToken(referrer), t, referent);
        return;
      }
      if (re === 'unknown' && t !== 'unknown') {
        this.setType(referrer, t);
        this.resolved(() => typedToken(referrer));
        continue;
      }
      if (re === 'unknown' && te !== 'unknown') {
        this.setType(referrer, te);
        this.resolved(() => typedToken(referrer));
        continue;
      }
      if (re !== 'unknown' && te === 'unknown') {
        setDeclType(referent, re);
        this.resolved(() => typedToken(referrer), referent);
        continue;
      }
      if (!acceptUnknown) this.unresolved(() => typedToken(referrer));
      return;
    }
  }

  /** stap's `resolve(t, expression)`. */
  resolveExpr(t: ValueType, e: Typed): void {
    const current = this.typeOf(e);
    if (current === 'unknown') {
      this.setType(e, t);
      this.resolved(() => typedToken(e));
    } else if (current !== t) {
      this.mismatch(() => typedToken(e), t, current);
    }
  }

  /** stap's `resolve(t, symboldecl)`. */
  resolveVariable(t: ValueType, v: Variable): void {
    if (v.type === 'unknown') {
      v.type = t;
      this.resolved(() => variableToken(v), v);
    } else if (v.type !== t) {
      this.mismatchDecl(() => variableToken(v), t, v);
    }
  }

  private countUnresolved(): void {
    this.stillUnresolved++;
  }

  /** Something stap's type pass leaves pending (target expressions before the last round, @defined...). */
  pending(): void {
    this.countUnresolved();
  }
}
