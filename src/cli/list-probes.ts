/**
 * `-l PATTERN` / `-L PATTERN` (stap's dump_matched_probes[_vars]): pass 1 parsed the pattern as
 * `probe PATTERN {}`; here it is elaborated against the tapsets and the running system, and each
 * distinct user-level point it matched is printed once, sorted as stap's std::map orders them.
 * `-L` adds the variables: the alias locals every derived probe of that point shares
 * (`name:string`), then the target variables (`$prev:struct task_struct*`). Errors are printed
 * only with `-v` (stap's print_error in listing mode); the exit status is 0 iff something matched.
 */
import type { DiagnosticSink } from '../diag/index.js';
import {
  BUILTIN_LOOKUP,
  type DerivedProbe,
  elaborate,
  probeVariables,
  syscallListing,
  type TargetSystem,
} from '../elaborate/index.js';
import type { PreprocessContext, Script } from '../lang/index.js';
import type { DiagnosticPrinter, Writer } from './diagnostic-output.js';
import type { Options } from './options.js';
import { loadTapsets } from './tapset-library.js';

export interface ListProbesInput {
  readonly options: Options;
  readonly userScripts: readonly Script[];
  readonly preprocess: PreprocessContext;
  readonly includePath: readonly string[];
  readonly out: DiagnosticPrinter;
  readonly stdout: Writer;
  readonly withVariables: boolean;
}

export async function listMatchedProbes(input: ListProbesInput): Promise<number> {
  const { options, out } = input;
  const library = loadTapsets(input);
  const { kernelTarget } = await import('../kernel/index.js');
  const target: TargetSystem = kernelTarget();
  const verbose = options.verbose > 1;
  // A point tstap knows but this kernel cannot carry (kprobe-only aliases, kernel.function):
  // kept so that an empty listing can say why, as a plain listing does not show errors.
  let unavailable: string | undefined;
  const sink: DiagnosticSink = {
    report(d) {
      if (verbose) out.report(d);
      for (const c of [d, ...(d.chain ?? [])]) {
        if (/probes (need kprobes or fentry|are not supported by tstap yet)/.test(c.message))
          unavailable ??= c.message;
      }
    },
  };
  const { program } = elaborate(
    input.userScripts,
    library,
    BUILTIN_LOOKUP,
    {
      guru: options.guruMode || input.preprocess.guruMode,
      unoptimized: true,
      target,
      globalSettings: new Set(options.globalSettings.map((g) => g.name)),
    },
    sink,
  );
  const primary = input.userScripts[0];
  const probes = (program?.probes ?? []).filter(
    (p) => !p.fromLibrary && p.written.span.source.name === primary?.name,
  );
  const groups = new Map<string, ListedProbe[]>();
  for (const p of probes) {
    for (const entry of listedProbes(p)) {
      const group = groups.get(entry.location);
      if (group) group.push(entry);
      else groups.set(entry.location, [entry]);
    }
  }
  const keys = [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = keys.map((k) => {
    const group = groups.get(k) ?? [];
    return input.withVariables ? [k, ...sharedVariables(group)].join(' ') : k;
  });
  input.stdout.write(lines.map((l) => `${l}\n`).join(''));
  if (keys.length === 0 && unavailable !== undefined && !verbose) out.note(unavailable);
  return keys.length > 0 ? 0 : 1;
}

/** One line's worth of a derived probe: where the user's point matched, and its variables. */
interface ListedProbe {
  readonly location: string;
  readonly locals: readonly string[];
  readonly args: readonly string[];
}

/**
 * A syscall point is one derived probe for all the calls it matched, but stap lists each call's
 * alias (`syscall.openat`) with the locals that alias sets.
 */
function listedProbes(p: DerivedProbe): ListedProbe[] {
  const location = p.location ?? p.name;
  if (p.point.family === 'syscall' && location === p.name) {
    return syscallListing(p.point).map((l) => ({ location: l.location, locals: l.variables, args: [] }));
  }
  return [
    {
      location,
      locals: p.locals.map((v) => `${v.name}:${v.type}`),
      args: probeVariables(p.point),
    },
  ];
}

/** The locals, then the target variables, that every probe of the group has (first-seen order). */
function sharedVariables(group: readonly ListedProbe[]): string[] {
  return [...intersection(group.map((p) => p.locals)), ...intersection(group.map((p) => p.args))];
}

function intersection(lists: readonly (readonly string[])[]): string[] {
  const [first, ...rest] = lists;
  if (first === undefined) return [];
  const sets = rest.map((l) => new Set(l));
  return [...new Set(first)].filter((x) => sets.every((s) => s.has(x)));
}
