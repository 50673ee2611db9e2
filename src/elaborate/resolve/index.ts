/**
 * Whole-program resolution (stap's semantic_pass_symbols): derive the probes of the user files,
 * resolve every body, and pull in tapset files on demand — a tapset file is included whole when
 * it defines a function, global or probe alias the program uses, and its own probes then join
 * the program (stap's rule).
 */
import type { Diagnostic, DiagnosticSink, Source, Span } from '../../diag/index.js';
import type {
  CallExpr,
  FunctionDecl,
  GlobalDecl,
  Literal,
  Name,
  Param,
  ProbeDecl,
  Script,
  SymbolExpr,
} from '../../lang/index.js';
import { cloneNode } from '../clone.js';
import { type AliasEntry, deriveProbes } from '../probes/derive.js';
import { syscallVariable } from '../probes/syscall.js';
import type { BuiltinSignature, CallTarget, DerivedProbe, ScriptFunction, Variable } from '../program.js';
import { type KernelTypeLookup, NO_TARGET, type TargetSystem } from '../target.js';
import { BodyScope, ResolveFailure, type ScopeHost } from './symbols.js';

export interface BuiltinLookup {
  find(name: string, arity: number): BuiltinSignature | undefined;
  /** Some arity of `name`, if any exists (for arity-mismatch errors). */
  anyArity(name: string): number | undefined;
}

export interface ResolvedProgram {
  readonly globals: Variable[];
  readonly functions: ScriptFunction[];
  readonly probes: DerivedProbe[];
  readonly initialisers: Map<Variable, Literal>;
  readonly bindings: Map<SymbolExpr | Name | Param, Variable>;
  readonly calls: Map<CallExpr, CallTarget>;
  /** User-script functions never called (kept for type checking, elided from the output). */
  readonly unusedFunctions: Set<ScriptFunction>;
  /** The kernel's types (BTF) for `@cast`, when the target has them. */
  readonly kernelTypes?: KernelTypeLookup;
}

interface FileInfo {
  readonly script: Script;
  readonly library: boolean;
  included: boolean;
  readonly privateGlobals: Map<string, GlobalDecl>;
  readonly publicGlobals: Map<string, GlobalDecl>;
}

export function resolveProgram(
  userScripts: readonly Script[],
  library: readonly Script[],
  builtins: BuiltinLookup,
  sink: DiagnosticSink,
  target: TargetSystem = NO_TARGET,
): ResolvedProgram {
  return new Resolver(userScripts, library, builtins, sink, target).run();
}

class Resolver implements ScopeHost {
  private readonly files: FileInfo[] = [];
  private readonly bySource = new Map<Source, FileInfo>();
  private readonly aliases: AliasEntry<FileInfo>[] = [];
  private readonly functionsByName = new Map<string, { decl: FunctionDecl; file: FileInfo }[]>();
  private readonly globalVars = new Map<GlobalDecl, Variable>();
  private readonly functionObjs = new Map<FunctionDecl, ScriptFunction>();
  private readonly pending: (() => void)[] = [];
  private readonly usedFunctions = new Set<ScriptFunction>();
  private nextId = 0;
  private scopeFile: FileInfo | undefined;

  readonly out: ResolvedProgram = {
    globals: [],
    functions: [],
    probes: [],
    initialisers: new Map(),
    bindings: new Map(),
    calls: new Map(),
    unusedFunctions: new Set(),
  };

  constructor(
    userScripts: readonly Script[],
    library: readonly Script[],
    private readonly builtins: BuiltinLookup,
    private readonly sink: DiagnosticSink,
    private readonly target: TargetSystem,
  ) {
    for (const s of userScripts) this.addFile(s, false);
    for (const s of library) this.addFile(s, true);
  }

  private addFile(script: Script, library: boolean): void {
    const info: FileInfo = {
      script,
      library,
      included: false,
      privateGlobals: new Map(),
      publicGlobals: new Map(),
    };
    this.files.push(info);
    for (const d of script.declarations) {
      this.bySource.set(d.span.source, info);
      if (d.kind === 'Global') (d.isPrivate ? info.privateGlobals : info.publicGlobals).set(d.name, d);
      else if (d.kind === 'Function') {
        const list = this.functionsByName.get(d.name) ?? [];
        list.push({ decl: d, file: info });
        this.functionsByName.set(d.name, list);
      } else if (d.kind === 'Alias') {
        for (const name of d.names) this.aliases.push({ decl: d, name, file: info });
      }
    }
  }

  run(): ResolvedProgram {
    for (const f of this.files) if (!f.library) this.includeFile(f);
    // User functions are resolved (and later type-checked) even when unused, as stap ≥5.4 does.
    for (const f of this.files) {
      if (f.library) continue;
      for (const d of f.script.declarations) if (d.kind === 'Function') this.functionFor(d, f);
    }
    this.drain();
    for (const fn of this.out.functions)
      if (!fn.library && !this.usedFunctions.has(fn)) this.out.unusedFunctions.add(fn);
    const kernelTypes = this.target.kernelTypes;
    return kernelTypes === undefined ? this.out : { ...this.out, kernelTypes };
  }

  private drain(): void {
    for (let job = this.pending.shift(); job; job = this.pending.shift()) job();
  }

  /** Brings a file into the program: its globals become visible and its probes are derived. */
  private includeFile(f: FileInfo): void {
    if (f.included) return;
    f.included = true;
    for (const d of f.script.declarations) {
      if (d.kind === 'Global' && !d.isPrivate) this.globalFor(d, f);
      if (d.kind === 'Probe') this.pending.push(() => this.deriveDeclaration(d, f));
    }
  }

  private deriveDeclaration(decl: ProbeDecl, file: FileInfo): void {
    const protos = deriveProbes(decl, {
      aliases: this.aliases,
      aliasUsed: (from) => this.includeFile(from),
      sink: this.sink,
      target: this.target,
    });
    for (const proto of protos) {
      const probe: DerivedProbe = {
        id: this.out.probes.length,
        point: proto.point,
        name: proto.name,
        written: proto.written,
        location: proto.location,
        body: cloneNode(proto.body),
        ...(proto.condition ? { condition: cloneNode(proto.condition) } : {}),
        locals: [],
        fromLibrary: file.library,
        ...(proto.point.family === 'syscall' ? { provided: new Map() } : {}),
      };
      this.out.probes.push(probe);
      this.pending.push(() => this.resolveProbe(probe, file));
    }
  }

  private resolveProbe(probe: DerivedProbe, file: FileInfo): void {
    this.withScope(file, () => {
      if (probe.condition) new BodyScope(this, new Map(), true).expr(probe.condition);
    });
    const scope = new BodyScope(this, new Map(), false, this.providedLocals(probe));
    this.withScope(file, () => scope.block(probe.body));
    probe.locals.push(...scope.locals.values());
  }

  /** The locals a syscall probe's alias sets, made when the handler first names one. */
  private providedLocals(
    probe: DerivedProbe,
  ): ((name: string, span: Span) => Variable | undefined) | undefined {
    const point = probe.point;
    const provided = probe.provided;
    if (point.family !== 'syscall' || provided === undefined) return undefined;
    return (name, span) => {
      const what = syscallVariable(point, name);
      if (what === undefined) return undefined;
      // A tapset-made local: typed by the alias, never reported as unused or never-assigned.
      const v: Variable = { ...this.newLocal(name, span), type: what.type, library: true };
      provided.set(v, what);
      return v;
    };
  }

  private withScope(file: FileInfo, fn: () => void): void {
    const saved = this.scopeFile;
    this.scopeFile = file;
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ResolveFailure)) throw e;
      this.report(e);
    } finally {
      this.scopeFile = saved;
    }
  }

  private report(e: ResolveFailure): void {
    const d: Diagnostic = {
      category: 'semantic',
      severity: 'error',
      code: e.code,
      message: e.message,
      span: e.span,
      subject: { label: 'at', description: e.token },
    };
    this.sink.report(d);
  }

  private fileOf(span: Span): FileInfo | undefined {
    return this.bySource.get(span.source) ?? this.scopeFile;
  }

  // ---- ScopeHost

  findGlobal(name: string, from: Span): Variable | undefined {
    const home = this.fileOf(from);
    const priv = home?.privateGlobals.get(name);
    if (priv && home) return this.globalFor(priv, home);
    for (const f of this.files) {
      if (!f.included) continue;
      const d = f.publicGlobals.get(name);
      if (d) return this.globalFor(d, f);
    }
    for (const f of this.files) {
      const d = f.publicGlobals.get(name);
      if (d) {
        this.includeFile(f);
        return this.globalFor(d, f);
      }
    }
    return undefined;
  }

  private globalFor(d: GlobalDecl, f: FileInfo): Variable {
    let v = this.globalVars.get(d);
    if (v) return v;
    v = {
      id: this.nextId++,
      name: d.name,
      scope: 'global',
      span: d.span,
      type: d.init ? (d.init.kind === 'Number' ? 'long' : 'string') : 'unknown',
      arity: d.init ? 0 : undefined,
      keyTypes: [],
      decl: d,
      library: f.library,
      written: false,
      read: false,
    };
    this.globalVars.set(d, v);
    this.out.globals.push(v);
    if (d.init) this.out.initialisers.set(v, d.init);
    return v;
  }

  findCall(name: string, arity: number, call: CallExpr): CallTarget | { arityMismatch: number } | undefined {
    const home = this.fileOf(call.span);
    const candidates = (this.functionsByName.get(name) ?? []).filter(
      (c) => !c.decl.isPrivate || c.file === home,
    );
    const matching = candidates.filter((c) => c.decl.params.length === arity);
    if (matching.length > 0) {
      const overloads = matching.map((c) => this.functionFor(c.decl, c.file));
      overloads.sort((a, b) => a.priority - b.priority);
      for (const fn of overloads) this.usedFunctions.add(fn);
      return { kind: 'script', overloads };
    }
    const builtin = this.builtins.find(name, arity);
    if (builtin) return { kind: 'builtin', fn: builtin };
    const first = candidates[0];
    if (first) return { arityMismatch: first.decl.params.length };
    const other = this.builtins.anyArity(name);
    if (other !== undefined) return { arityMismatch: other };
    return undefined;
  }

  private functionFor(decl: FunctionDecl, file: FileInfo): ScriptFunction {
    let fn = this.functionObjs.get(decl);
    if (fn) return fn;
    if (file.library) this.includeFile(file);
    const params = decl.params.map(
      (p): Variable => ({
        id: this.nextId++,
        name: p.name,
        scope: 'local',
        span: p.span,
        type: p.type ?? 'unknown',
        arity: 0,
        keyTypes: [],
        library: file.library,
        written: false,
        read: false,
      }),
    );
    fn = {
      kind: 'script',
      id: this.out.functions.length,
      name: decl.name,
      decl,
      body: decl.body,
      params,
      locals: [],
      returnType: decl.returnType ?? 'unknown',
      priority: decl.priority !== undefined ? Number(decl.priority) : file.library ? 1 : 0,
      library: file.library,
    };
    this.functionObjs.set(decl, fn);
    this.out.functions.push(fn);
    decl.params.forEach((p, i) => {
      const v = params[i];
      if (v) this.out.bindings.set(p, v);
    });
    const target = fn;
    this.pending.push(() => this.resolveFunction(target, file));
    return fn;
  }

  private resolveFunction(fn: ScriptFunction, file: FileInfo): void {
    if (fn.decl.body.kind === 'Embedded') return;
    const params = new Map(fn.params.map((p) => [p.name, p] as const));
    const scope = new BodyScope(this, params);
    const body = fn.decl.body;
    this.withScope(file, () => scope.block(body));
    fn.locals.push(...scope.locals.values());
  }

  newLocal(name: string, span: Span): Variable {
    return {
      id: this.nextId++,
      name,
      scope: 'local',
      span,
      type: 'unknown',
      arity: undefined,
      keyTypes: [],
      library: false,
      written: false,
      read: false,
    };
  }

  bind(node: SymbolExpr | Name | Param, v: Variable): void {
    this.out.bindings.set(node, v);
  }

  bindCall(call: CallExpr, target: CallTarget): void {
    this.out.calls.set(call, target);
  }
}
