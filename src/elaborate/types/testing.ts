/**
 * Test support for inference and the checks: a script through the real front end and resolver
 * (a fake preprocessor context, a small builtin table), then the pass-2 steps under test, with
 * diagnostics flattened to `message: token at line:col` lines (chained ones prefixed `| `).
 */
import { type Diagnostic, DiagnosticBag } from '../../diag/index.js';
import { type Expr, parseTestScript } from '../../lang/index.js';
import type { BuiltinSignature, ValueType } from '../program.js';
import { type BuiltinLookup, type ResolvedProgram, resolveProgram } from '../resolve/index.js';
import type { TargetSystem } from '../target.js';

function sig(
  name: string,
  params: readonly ('long' | 'string')[],
  returns: BuiltinSignature['returns'],
  guru = false,
): BuiltinSignature {
  return guru ? { kind: 'builtin', name, params, returns, guru } : { kind: 'builtin', name, params, returns };
}

const BUILTINS: readonly BuiltinSignature[] = [
  sig('exit', [], 'unknown'),
  sig('log', ['string'], 'unknown'),
  sig('error', ['string'], 'unknown'),
  sig('strlen', ['string'], 'long'),
  sig('execname', [], 'string'),
  sig('get_cycles', [], 'long'),
  sig('task_current', [], 'long'),
  sig('printk', ['long', 'string'], 'unknown', true),
];

export const TEST_BUILTINS: BuiltinLookup = {
  find: (name, arity) => BUILTINS.find((b) => b.name === name && b.params.length === arity),
  anyArity: (name) => BUILTINS.find((b) => b.name === name)?.params.length,
};

export interface Parsed {
  readonly program: ResolvedProgram;
  readonly bag: DiagnosticBag;
}

/** Parses and resolves `text` (as file `t.stp`); front-end errors fail the test. */
export function resolveText(text: string, options: { guru?: boolean; target?: TargetSystem } = {}): Parsed {
  const bag = new DiagnosticBag();
  const script = parseTestScript(text, bag, { guru: options.guru ?? false });
  const program = resolveProgram([script], [], TEST_BUILTINS, bag, options.target);
  if (bag.hasErrors) throw new Error(`front end failed:\n${flatten(bag.all).join('\n')}`);
  return { program, bag };
}

/** `message: token at line:col`, chains after their head as `| message: token at line:col`. */
export function flatten(diagnostics: readonly Diagnostic[], prefix = ''): string[] {
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = d.span ? ` at ${d.span.line}:${d.span.col}` : '';
    const what = d.subject ? `: ${d.subject.description}` : '';
    out.push(`${prefix}${d.message}${what}${where}`);
    for (const r of d.related ?? []) out.push(`${prefix}+ ${r.message} at ${r.span.line}:${r.span.col}`);
    out.push(...flatten(d.chain ?? [], `${prefix}| `));
  }
  return out;
}

export type TypeOf = (e: Expr) => ValueType | undefined;
