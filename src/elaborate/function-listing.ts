/**
 * `--dump-functions`: every public tapset function with its signature, as stap prints them
 * (main.cxx, functiondecl::printsigtags): `name:type (arg:type, ...)`, `unknown` for a function
 * that returns nothing, a guru-only function followed by its `/* guru *\/` tag, sorted by stap's
 * mangled names (`__global_NAME__overload_N`). Private functions are left out, and so are names
 * starting with `_` unless `-v` is given.
 *
 * The native functions come from their signatures; the script-language ones are typed by
 * elaborating the tapset with every function kept, falling back to the declared types when that
 * fails (a tapset function tstap cannot type, such as one in embedded C).
 */
import type { Declaration, FunctionDecl, Script } from '../lang/index.js';
import { BUILTIN_LOOKUP, BUILTINS } from './builtins/index.js';
import type { ValueType } from './program.js';
import { resolveProgram } from './resolve/index.js';
import { inferTypes, modelElision } from './types/index.js';

export interface FunctionListingOptions {
  /** `-v`: include the functions whose names start with `_`. */
  readonly verbose: boolean;
}

interface Entry {
  readonly name: string;
  readonly text: string;
}

export function functionListing(library: readonly Script[], options: FunctionListingOptions): string[] {
  const entries: Entry[] = [];
  for (const b of BUILTINS) {
    const params = b.params.map((type, i) => `${b.paramNames?.[i] ?? `arg${i + 1}`}:${type}`);
    entries.push({
      name: b.name,
      text: `${b.name}:${b.returns} (${params.join(', ')})${b.guru ? ' /* guru */' : ''}`,
    });
  }
  const typed = typeScriptFunctions(library);
  for (const script of library) {
    for (const d of script.declarations) {
      if (d.kind !== 'Function' || d.isPrivate) continue;
      const types = typed.get(d);
      const params = d.params.map((p, i) => `${p.name}:${types?.params[i] ?? p.type ?? 'unknown'}`);
      const returns = types?.returns ?? d.returnType ?? 'unknown';
      const tags = d.body.kind === 'Embedded' && d.body.code.includes('/* guru */') ? ' /* guru */' : '';
      entries.push({ name: d.name, text: `${d.name}:${returns} (${params.join(', ')})${tags}` });
    }
  }
  const overloads = new Map<string, number>();
  const mangled = entries.map((e) => {
    const n = overloads.get(e.name) ?? 0;
    overloads.set(e.name, n + 1);
    return { key: `__global_${e.name}__overload_${n}`, entry: e };
  });
  mangled.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return mangled
    .filter(({ entry }) => options.verbose || !entry.name.startsWith('_'))
    .map(({ entry }) => entry.text);
}

interface FunctionTypes {
  readonly returns: ValueType;
  readonly params: readonly ValueType[];
}

/**
 * The inferred types of every script function, by declaration. Every file is resolved as a user
 * script, so that every function is, and inference is told to type them all, used or not; its
 * errors are ignored (what it could not settle stays `unknown`). The tapset's own probes are left
 * out: they may name probe points this system lacks.
 */
function typeScriptFunctions(library: readonly Script[]): Map<FunctionDecl, FunctionTypes> {
  const scripts: Script[] = library.map((s) => ({
    ...s,
    declarations: s.declarations.filter((d: Declaration) => d.kind !== 'Probe'),
  }));
  const quiet = { report() {} };
  const resolved = resolveProgram(scripts, [], BUILTIN_LOOKUP, quiet);
  const elision = modelElision(resolved, true);
  inferTypes(resolved, quiet, {
    unoptimized: true,
    elision: { ...elision, functions: new Set(resolved.functions) },
  });
  const out = new Map<FunctionDecl, FunctionTypes>();
  for (const fn of resolved.functions) {
    out.set(fn.decl, { returns: fn.returnType, params: fn.params.map((p) => p.type) });
  }
  return out;
}
