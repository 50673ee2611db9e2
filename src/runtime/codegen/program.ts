/**
 * Pass 3 for user-space handlers: the elaborated program becomes one JS module — a function per
 * probe handler and per script function — built once with `new Function` and linked to the
 * session's store, runtime helpers and builtins. `source` is what `-p3` prints.
 */
import type { Diagnostic, Span } from '../../diag/index.js';
import {
  type DerivedProbe,
  type Program,
  runsInKernel,
  type ScriptFunction,
  type Variable,
} from '../../elaborate/index.js';
import type { FormatComponent } from '../../lang/index.js';
import type { Value } from '../context.js';
import type { StatSpec } from '../format/stats.js';
import type { GlobalLayout, GlobalStore, KeyType } from '../store/index.js';
import { defaultMaxNesting, statementCount, statSpecs } from './analysis.js';
import { FnEmitter } from './emitter.js';
import { type Body, cond } from './expressions.js';
import type { HandlerState } from './handler-state.js';
import { type CodegenOptions, ProgramContext } from './program-context.js';
import { userSpaceFunctions } from './reachable.js';
import type { SiteTable } from './sites.js';
import { stmt, stmtSpan } from './statements.js';
import type { RegexMatcher, Support } from './support.js';

export type Handler = (c: HandlerState) => void;

/** A builtin as the generated code calls it: the handler context and the argument values. */
export type LinkedBuiltin = (ctx: HandlerState['hc'], args: readonly Value[]) => Value | undefined;

export interface LinkInputs {
  readonly rt: Support;
  readonly store: GlobalStore;
  readonly builtin: (name: string) => LinkedBuiltin;
  readonly compileRegex: (pattern: string) => RegexMatcher;
}

export interface CompiledProgram {
  /** The generated module, as `-p3` prints it. */
  readonly source: string;
  /** Storage of each global, in the order `globals` lists them. */
  readonly layouts: readonly GlobalLayout[];
  readonly globals: readonly Variable[];
  readonly sites: SiteTable;
  /** Constructs that cannot run in user space (pass-3 errors). */
  readonly diagnostics: readonly Diagnostic[];
  /** Refused `@hist_linear` parameters: stap's runtime warns and the run fails. */
  readonly statWarnings: readonly string[];
  /** MAXNESTING in effect. */
  readonly maxNesting: number;
  /** For each probe (same order as program.probes): its finite statement count, or Infinity. */
  readonly probeCounts: readonly number[];
  /** Builds the handlers; `handlers[i]` runs program.probes[i] (undefined for `never`). */
  link(inputs: LinkInputs): readonly (Handler | undefined)[];
}

export interface CompileOptions extends Omit<CodegenOptions, 'maxNesting' | 'checkBuiltinNesting'> {
  /** `-D MAXNESTING`; undefined computes stap's default from the call graph. */
  readonly maxNesting: number | undefined;
}

function keyType(t: Variable['keyTypes'][number]): KeyType {
  return t === 'string' ? 'string' : 'long';
}

function layoutOf(v: Variable, spec: StatSpec): GlobalLayout {
  const arity = v.arity ?? 0;
  const scalar = v.type === 'string' ? 'string' : 'long';
  if (arity === 0) {
    return v.type === 'stats'
      ? { kind: 'stats', name: v.name, spec }
      : { kind: 'scalar', name: v.name, type: scalar };
  }
  const keyTypes = v.keyTypes.map(keyType);
  const maxEntries = v.decl?.maxEntries;
  const wrap = v.decl?.wrap ?? false;
  return v.type === 'stats'
    ? { kind: 'stat-array', name: v.name, spec, keyTypes, maxEntries, wrap }
    : { kind: 'array', name: v.name, type: scalar, keyTypes, maxEntries, wrap };
}

/** Line and column (1-based) of an offset in a span's source. */
function spanAt(span: Span, start: number, length: number): Span {
  const text = span.source.text;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { source: span.source, start, end: start + length, line, col: start - lineStart + 1 };
}

/** The function's name token (stap blames it for errors raised on entry). */
function nameSpan(fn: ScriptFunction): Span {
  const span = fn.decl.span;
  const text = span.source.text;
  const re = new RegExp(`\\b${fn.name.replace(/[^\w]/g, '\\$&')}\\b`, 'g');
  re.lastIndex = span.start;
  const m = re.exec(text);
  if (m === null || m.index > span.end) return span;
  return spanAt(span, m.index, fn.name.length);
}

function localInits(prog: ProgramContext, locals: readonly Variable[]): string | undefined {
  const decls = locals.map((v) => `${prog.localName(v)} = ${v.type === 'string' ? "''" : '0n'}`);
  return decls.length > 0 ? `let ${decls.join(', ')};` : undefined;
}

function compileFunction(prog: ProgramContext, fn: ScriptFunction): string {
  const name = prog.functionName(fn);
  const params = fn.params.map((p) => prog.localName(p));
  const body = fn.body;
  if (body.kind !== 'Block') {
    prog.unsupported(fn.decl.span, `embedded-C function '${fn.name}' cannot run in user space`);
    return `function ${name}(c) { return undefined; }`;
  }
  const count = prog.count(fn);
  const o = prog.options;
  const finite = Number.isFinite(count) && !o.suppressTimeLimits && !o.unoptimized;
  const e = new FnEmitter(prog.sites, finite, o.suppressTimeLimits, 'function', fn.returnType);
  const b: Body = { prog, fn: e };
  e.line(`if (c.n + 1 >= ${prog.maxNesting}) rt.nesting();`);
  e.line('const d = ++c.n + 1;');
  e.line(`c.ls[d] = ${prog.sites.add(nameSpan(fn))};`);
  const inits = localInits(prog, fn.locals);
  if (inits) e.line(inits);
  if (finite) e.line(`if (c.ar < ${count}) rt.maxact(c, d, -1);`);
  stmt(b, body);
  e.record(0, body.span, true);
  e.line(
    `c.ls[d] = -1; c.n--; return ${fn.returnType === 'string' ? "''" : fn.returnType === 'long' ? '0n' : 'undefined'};`,
  );
  return `function ${name}(c${params.map((p) => `, ${p}`).join('')}) {\n${e.body()}\n}`;
}

function compileProbe(prog: ProgramContext, probe: DerivedProbe, count: number): string {
  const o = prog.options;
  const finite = Number.isFinite(count) && !o.suppressTimeLimits && !o.unoptimized;
  const e = new FnEmitter(prog.sites, finite, o.suppressTimeLimits, 'probe', 'unknown');
  const b: Body = { prog, fn: e };
  e.line('const d = 0;');
  // The arming condition: stap enables the probe only while it holds.
  if (probe.condition) e.line(`if (!${cond(b, probe.condition)}) return;`);
  const inits = localInits(prog, probe.locals);
  if (inits) e.line(inits);
  if (finite) e.line(`if (c.ar < ${count}) rt.maxact(c, d, -1);`);
  stmt(b, probe.body);
  e.record(0, stmtSpan(probe.body), true);
  return `// probe ${probe.name}\nfunction p${probe.id}(c) {\n${e.body()}\n}`;
}

export function compileProgram(program: Program, options: CompileOptions): CompiledProgram {
  const bodies = [
    ...program.probes.map((p) => p.body),
    ...program.functions.flatMap((f) => (f.body.kind === 'Block' ? [f.body] : [])),
  ];
  const stats = statSpecs(program, bodies);
  const nesting = defaultMaxNesting(program);
  const maxNesting = options.maxNesting ?? nesting.maxNesting;
  const recursive = nesting.recursive;
  const prog = new ProgramContext(
    program,
    { ...options, maxNesting, checkBuiltinNesting: recursive || options.maxNesting !== undefined },
    stats.specs,
  );
  const globals = [...program.globals];
  for (const g of globals) prog.addGlobal(g, layoutOf(g, prog.spec(g)));

  const pieces: string[] = [];
  const reachable = userSpaceFunctions(program);
  for (const fn of program.functions) if (reachable.has(fn)) pieces.push(compileFunction(prog, fn));
  const probeCounts: number[] = [];
  const handlerNames: string[] = [];
  for (const p of program.probes) {
    const count = statementCount(p.body, program.calls);
    probeCounts.push(count);
    // Kernel probes are compiled to BPF (src/compile); they have no user-space handler.
    if (p.point.family === 'never' || runsInKernel(p.point)) {
      handlerNames.push('undefined');
      continue;
    }
    pieces.push(compileProbe(prog, p, count));
    handlerNames.push(`p${p.id}`);
  }

  const header: string[] = ['"use strict";', 'return function link(rt, G, K, B) {'];
  globals.forEach((g, i) => {
    header.push(`  const g${i} = G[${i}]; // ${g.name}`);
    if (g.type === 'stats') header.push(`  const g${i}s = K.s[${i}];`);
  });
  prog.builtins.forEach((name, i) => {
    header.push(`  const b${i} = B[${i}]; // ${name}`);
  });
  const source = [
    ...header,
    ...pieces.map((p) => p.replace(/^/gm, '  ')),
    `  return [${handlerNames.join(', ')}];`,
    '};',
  ].join('\n');

  const layouts = prog.layouts;
  const formats: readonly (readonly FormatComponent[])[] = prog.formats;
  const regexes = prog.regexes;
  const builtinNames = prog.builtins;
  return {
    source,
    layouts,
    globals,
    sites: prog.sites,
    diagnostics: prog.diagnostics,
    statWarnings: stats.warnings,
    maxNesting,
    probeCounts,
    link(inputs: LinkInputs) {
      const factory = new Function(source)() as (
        rt: Support,
        G: readonly unknown[],
        K: unknown,
        B: readonly LinkedBuiltin[],
      ) => readonly (Handler | undefined)[];
      const G = layouts.map((_, i) => inputs.store.variable(i));
      const K = {
        f: formats,
        r: regexes.map((p) => inputs.compileRegex(p)),
        s: globals.map((g) => prog.spec(g)),
      };
      const B = builtinNames.map((n) => inputs.builtin(n));
      return factory(inputs.rt, G, K, B);
    },
  };
}
