/**
 * What every body's code generation shares: the program, the site table, the constants the
 * generated module is linked with (printf formats, regexes, aggregate specs, builtins), the
 * names given to globals and functions, and the diagnostics for constructs user space cannot run.
 */
import type { Diagnostic, Span } from '../../diag/index.js';
import type { CallTarget, Program, ScriptFunction, ValueType, Variable } from '../../elaborate/index.js';
import type { Expr, FormatComponent, Name, Param, SymbolExpr } from '../../lang/index.js';
import { NO_HISTOGRAM, type StatSpec } from '../format/stats.js';
import type { GlobalLayout } from '../store/index.js';
import { statementCount } from './analysis.js';
import { SiteTable, tokenAt } from './sites.js';

export interface CodegenOptions {
  /** `-D MAXSTRINGLEN` (bytes including the NUL): strings keep at most MAXSTRINGLEN-1. */
  readonly maxStringLen: number;
  /** MAXNESTING: the deepest call chain allowed. */
  readonly maxNesting: number;
  /** Whether builtin calls check MAXNESTING too (only a recursive program can reach it). */
  readonly checkBuiltinNesting: boolean;
  /** `-u`: no finite-count shortcut for MAXACTION (every statement is charged). */
  readonly unoptimized: boolean;
  /** `--suppress-time-limits`: no MAXACTION accounting at all. */
  readonly suppressTimeLimits: boolean;
}

export class ProgramContext {
  readonly sites = new SiteTable();
  readonly diagnostics: Diagnostic[] = [];
  readonly formats: (readonly FormatComponent[])[] = [];
  readonly regexes: string[] = [];
  readonly builtins: string[] = [];
  readonly layouts: GlobalLayout[] = [];
  private readonly globalIndex = new Map<Variable, number>();
  private readonly specs = new Map<Variable, StatSpec>();
  private readonly counts = new Map<ScriptFunction, number>();
  private readonly builtinIndex = new Map<string, number>();

  get maxNesting(): number {
    return this.options.maxNesting;
  }

  get checkBuiltinNesting(): boolean {
    return this.options.checkBuiltinNesting;
  }

  constructor(
    readonly program: Program,
    readonly options: CodegenOptions,
    statSpecs: ReadonlyMap<Variable, StatSpec>,
  ) {
    for (const [v, s] of statSpecs) this.specs.set(v, s);
  }

  // ---------------------------------------------------------------- globals

  addGlobal(v: Variable, layout: GlobalLayout): void {
    this.globalIndex.set(v, this.layouts.length);
    this.layouts.push(layout);
  }

  globalName(v: Variable): string {
    const i = this.globalIndex.get(v);
    if (i === undefined) throw new Error(`global ${v.name} has no storage`);
    return `g${i}`;
  }

  isGlobal(v: Variable): boolean {
    return v.scope === 'global';
  }

  spec(v: Variable): StatSpec {
    return this.specs.get(v) ?? { histogram: NO_HISTOGRAM, varianceShift: 0 };
  }

  /** The JS expression of a global's aggregate spec (for histogram rendering). */
  specRef(v: Variable): string {
    return `${this.globalName(v)}s`;
  }

  // ---------------------------------------------------------------- names

  localName(v: Variable): string {
    return `v${v.id}`;
  }

  functionName(fn: ScriptFunction): string {
    return `f${fn.id}`;
  }

  builtinName(name: string): string {
    let i = this.builtinIndex.get(name);
    if (i === undefined) {
      i = this.builtins.length;
      this.builtins.push(name);
      this.builtinIndex.set(name, i);
    }
    return `b${i}`;
  }

  formatRef(components: readonly FormatComponent[]): string {
    this.formats.push(components);
    return `K.f[${this.formats.length - 1}]`;
  }

  regexRef(pattern: string): string {
    let i = this.regexes.indexOf(pattern);
    if (i < 0) {
      i = this.regexes.length;
      this.regexes.push(pattern);
    }
    return `K.r[${i}]`;
  }

  // ---------------------------------------------------------------- facts

  variable(node: SymbolExpr | Name | Param): Variable {
    const v = this.program.bindings.get(node);
    if (v === undefined) throw new Error(`unbound ${node.name}`);
    return v;
  }

  call(e: Expr & { kind: 'Call' }): CallTarget {
    const t = this.program.calls.get(e);
    if (t === undefined) throw new Error(`unresolved call ${e.name}`);
    return t;
  }

  type(e: Expr): ValueType {
    const t = this.program.types.get(e);
    if (t !== undefined) return t;
    switch (e.kind) {
      case 'Number':
        return 'long';
      case 'String':
        return 'string';
      case 'Symbol': {
        const v = this.program.bindings.get(e);
        return v?.type ?? 'unknown';
      }
      default:
        return 'unknown';
    }
  }

  /** max_action_info of a script function's body (cached). */
  count(fn: ScriptFunction): number {
    let n = this.counts.get(fn);
    if (n === undefined) {
      n = fn.body.kind === 'Block' ? statementCount(fn.body, this.program.calls) : 0;
      this.counts.set(fn, n);
    }
    return n;
  }

  unsupported(span: Span, message: string): void {
    this.diagnostics.push({
      category: 'translate',
      severity: 'error',
      code: 'T300',
      message,
      span,
      subject: { label: 'at', description: tokenAt(span) },
    });
  }
}
