/**
 * Passes 2–5 as stap's driver runs them after pass 1: elaborate the user scripts against the
 * tapset library (`-p2` prints the result), translate the user-space handlers (`-p3` prints the
 * generated code), stop at `-p4`, else run the session. Each failing pass ends with stap's
 * `Pass N: … failed.  [man error::passN]` line.
 */
import type { KernelCompileResult } from '../compile/index.js';
import type { DiagnosticSink } from '../diag/index.js';
// TODO(lead): BUILTIN_LOOKUP should come through '../elaborate/index.js'.
import {
  BUILTIN_LOOKUP,
  elaborate,
  NO_TARGET,
  type Program,
  printProgram,
  runsInKernel,
  type TargetSystem,
  walk,
} from '../elaborate/index.js';
import type { PreprocessContext, Script } from '../lang/index.js';
import {
  type CompiledProgram,
  type KernelSide,
  kernelCompileOptions,
  openKernel,
  type RunOptions,
  runSession,
  translate,
} from '../runtime/index.js';
import type { DiagnosticPrinter, Writer } from './diagnostic-output.js';
import type { Options } from './options.js';
import { loadTapsets } from './tapset-library.js';

export interface LaterPassesInput {
  readonly options: Options;
  readonly userScripts: readonly Script[];
  readonly preprocess: PreprocessContext;
  /** The tapset search path: built-in directory, then each `-I DIR`. */
  readonly includePath: readonly string[];
  readonly out: DiagnosticPrinter;
  readonly stdout: Writer & { writeBytes?(bytes: Uint8Array): void };
  readonly stderr: Writer;
}

/** Runs passes 2 up to `-p N` (or 5) and returns the exit status. */
export async function runLaterPasses(input: LaterPassesInput): Promise<number> {
  const { options, out } = input;
  const library = loadTapsets(input, input.userScripts);
  const program = pass2(input, library, await targetFor(input.userScripts, options));
  if (program === undefined) {
    out.summary('Pass 2: analysis failed.  [man error::pass2]\n');
    return 1;
  }
  if (options.lastPass === 2) {
    input.stdout.write(printProgram(program, options.verbosePerPass[1] > 0));
    return 0;
  }

  const run = runOptions(options, input.preprocess);
  const compiled = translate(program, run);
  const kernel = await translateKernel(program, compiled, run);
  const diagnostics = [...(kernel?.diagnostics ?? []), ...compiled.diagnostics];
  if (diagnostics.length > 0) {
    for (const d of diagnostics) out.report(d);
    out.summary('Pass 3: translation failed.  [man error::pass3]\n');
    return 1;
  }
  if (options.lastPass === 3) {
    if (kernel !== undefined) {
      const { kernelListing } = await import('../compile/index.js');
      input.stdout.write(kernelListing(kernel));
      input.stdout.write('# user space\n');
    }
    input.stdout.write(`${compiled.source}\n`);
    return 0;
  }
  let side: KernelSide | undefined;
  if (kernel !== undefined) {
    const opened = await openKernel(kernel);
    if (!opened.ok) {
      for (const d of opened.diagnostics) out.report(d);
      out.summary('Pass 4: compilation failed.  [man error::pass4]\n');
      return 1;
    }
    side = opened.side;
    side.useSymbolFiles(options.unwindObjects);
  }
  if (options.lastPass === 4) {
    await side?.close();
    return 0;
  }

  const rc = await runSession(program, run, { stdout: input.stdout, stderr: input.stderr }, compiled, side);
  if (rc !== 0) out.summary('Pass 5: run failed.  [man error::pass5]\n');
  return rc;
}

/** Pass 3 for kernel probes, when the program has any (the code generator is loaded only then). */
async function translateKernel(
  program: Program,
  compiled: CompiledProgram,
  run: RunOptions,
): Promise<KernelCompileResult | undefined> {
  if (!program.probes.some((p) => runsInKernel(p.point))) return undefined;
  const { compileKernel } = await import('../compile/index.js');
  const { kernelContextTarget } = await import('../kernel/index.js');
  return compileKernel(program, { ...kernelCompileOptions(compiled, run), context: kernelContextTarget() });
}

function runOptions(options: Options, preprocess: PreprocessContext): RunOptions {
  // CONFIG_HZ is read (gunzipping /proc/config.gz) only for a script that uses jiffies.
  let hz: number | undefined;
  return {
    defines: options.macros,
    globalSettings: options.globalSettings,
    args: options.args,
    targetCommand: options.targetCommand,
    targetPid: options.targetPid,
    timeoutMs: options.timeoutMs,
    outputFile: options.outputFile,
    outputRotation: options.outputRotation,
    suppressHandlerErrors: options.suppressHandlerErrors,
    noGlobalVarDisplay: options.noGlobalVarDisplay,
    unoptimized: options.unoptimized,
    suppressTimeLimits: options.suppressTimeLimits,
    get hz() {
      if (hz === undefined) {
        const configured = Number(preprocess.kernelConfig('CONFIG_HZ') ?? '');
        hz = Number.isInteger(configured) && configured > 0 ? configured : 250;
      }
      return hz;
    },
    ringBufferMb: options.bufferSizeMb,
    compatible: options.compatible,
  };
}

/**
 * The system as elaboration sees it: the running kernel when some probe point may name kernel
 * things, else nothing. Loading the kernel layer brings in the FFI package (~50 ms), which a
 * script of begin/end/timer probes never needs. Any other point (`kernel.trace`, `syscall.*`,
 * `process(...)`, a tapset alias such as `scheduler.cpu_on`, a wildcard) may.
 */
async function targetFor(userScripts: readonly Script[], options: Options): Promise<TargetSystem> {
  const mentioned = userScripts.some(
    (s) =>
      s.declarations.some((d) => d.kind === 'Probe' && d.points.some((p) => mayNameSystem(p.components))) ||
      mentionsCast(s),
  );
  if (!mentioned) return NO_TARGET;
  const { kernelTarget } = await import('../kernel/index.js');
  // A bare `process` probe names the -c command's executable or the -x process.
  return kernelTarget({
    ...(options.targetCommand === undefined ? {} : { targetCommand: options.targetCommand }),
    ...(options.targetPid === 0 ? {} : { targetPid: options.targetPid }),
  });
}

/** Whether a script names kernel types (`@cast`, `@offsetof`...), which even user-space handlers fold from BTF. */
function mentionsCast(script: Script): boolean {
  let found = false;
  for (const d of script.declarations) {
    if (d.kind !== 'Probe' && d.kind !== 'Function') continue;
    if (d.body.kind !== 'Block') continue;
    walk(d.body, {
      enter: (node) => {
        if (node.kind === 'Cast') found = true;
        return !found;
      },
    });
  }
  return found;
}

const USER_SPACE_FAMILIES = new Set(['begin', 'end', 'error', 'never']);
const USER_SPACE_TIMERS = new Set(['s', 'sec', 'ms', 'msec', 'us', 'usec', 'ns', 'nsec', 'hz', 'jiffies']);

function mayNameSystem(components: readonly { readonly name: string }[]): boolean {
  const [first, second] = components;
  if (first === undefined) return false;
  if (USER_SPACE_FAMILIES.has(first.name)) return false;
  if (first.name === 'timer' && second !== undefined && USER_SPACE_TIMERS.has(second.name)) return false;
  return true;
}

/** Elaboration against every tapset `.stp` on the search path (each parsed as privileged code). */
function pass2(
  input: LaterPassesInput,
  library: readonly Script[],
  target: TargetSystem,
): Program | undefined {
  const { options, out, preprocess } = input;
  // Warnings count as errors with -W (stap's num_errors()).
  const failuresBefore = out.failureCount;
  let errors = 0;
  const sink: DiagnosticSink = {
    report(d) {
      if (d.severity === 'error') errors++;
      out.report(d);
    },
  };
  const result = elaborate(
    input.userScripts,
    library,
    BUILTIN_LOOKUP,
    {
      guru: options.guruMode || preprocess.guruMode,
      unoptimized: options.unoptimized,
      target,
      globalSettings: new Set(options.globalSettings.map((g) => g.name)),
    },
    sink,
  );
  return errors > 0 || out.failureCount > failuresBefore ? undefined : result.program;
}
