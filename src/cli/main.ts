/**
 * `tstap`: stap's driver. Reads the options (the rc file, then the command line), runs the
 * passes up to `-p N`, prints what stap prints after each, and returns the exit status. The only
 * place that wires real implementations together; everything it touches outside the process
 * (stdout, stderr, stdin, environment, machine facts) comes in through `CliIo` so tests can
 * run it in-process.
 */
import { realpathSync } from 'node:fs';
import v8 from 'node:v8';
import type { PreprocessContext } from '../lang/index.js';
import { DiagnosticPrinter, type Writer } from './diagnostic-output.js';
import { findExample } from './examples.js';
import {
  buildPreprocessContext,
  hostMachine,
  type MachineFacts,
  targetArch,
  targetKernelRelease,
} from './machine-context.js';
import { type Options, parseCommandLine } from './options.js';
import { packageRoot } from './package-info.js';
import { memoryUsageText, startPassClock, timesText } from './pass-stats.js';
import { type Pass1Result, runPass1 } from './pass1.js';
import { dataDir, type Env, readRcFile } from './rc-file.js';
import { includePath } from './tapset-path.js';
import { checkTmpdir } from './tmpdir-check.js';
import { helpText, USAGE_HINT, versionText } from './usage.js';

export type { Writer } from './diagnostic-output.js';

export interface CliIo {
  /** `writeBytes`, when present, takes script output byte for byte. */
  readonly stdout: Writer & { writeBytes?(bytes: Uint8Array): void };
  readonly stderr: Writer;
  readonly readStdin: () => Promise<string>;
  readonly env: Env;
  readonly machine: MachineFacts;
}

/** The real process: its streams, environment and machine. */
export function processIo(): CliIo {
  // A reader that goes away (`tstap -p1 x.stp | head`) ends our output, as SIGPIPE ends stap's;
  // it is not a crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
  return {
    stdout: {
      write: (text) => void process.stdout.write(text),
      // Script output is bytes (`%b`, `%c`): written unchanged.
      writeBytes: (bytes: Uint8Array) => void process.stdout.write(bytes),
    },
    stderr: { write: (text) => void process.stderr.write(text) },
    readStdin: readAllStdin,
    env: process.env,
    machine: hostMachine(),
  };
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Exit status for tstap's own bugs (sysexits.h EX_SOFTWARE), distinct from a user's mistake (1). */
export const INTERNAL_ERROR_STATUS = 70;

/** Runs tstap with `argv` (without the program name) and returns the exit status. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await runCommandLine(argv, io);
  } catch (e) {
    // Passes report a user's mistakes as diagnostics; anything thrown is a bug of ours.
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.stderr.write(`tstap: internal error (a bug in tstap; please report it): ${detail}\n`);
    return INTERNAL_ERROR_STATUS;
  }
}

async function runCommandLine(argv: string[], io: CliIo): Promise<number> {
  const rc = readRcFile(io.env);
  if (rc.kind === 'error') {
    io.stderr.write(`Error processing extra options in ${dataDir(io.env)}/rc\n`);
    return 1;
  }
  const cmd = parseCommandLine([...rc.words, ...argv]);
  switch (cmd.kind) {
    case 'version':
      io.stdout.write(versionText());
      return 0;
    case 'help':
      io.stdout.write(
        helpText(cmd.options, {
          dataDir: dataDir(io.env),
          includePath: includePath(builtinTapsetDir(), cmd.options.includeDirs, io.env),
          arch: targetArch(cmd.options, io.machine),
          kernelRelease: targetKernelRelease(cmd.options, io.machine),
        }),
      );
      return 0;
    case 'clean-cache':
      return 0;
    case 'error':
      io.stderr.write(`${cmd.message}\n${cmd.usageHint ? USAGE_HINT : ''}`);
      return 1;
    case 'run':
      return runSession(cmd.options, cmd.warnings, io);
  }
}

function builtinTapsetDir(): string {
  return `${packageRoot()}tapset`;
}

async function runSession(requested: Options, warnings: readonly string[], io: CliIo): Promise<number> {
  const out = new DiagnosticPrinter(io.stderr, requested.diagnostics, {
    suppressWarnings: requested.suppressWarnings,
    warningsAsErrors: requested.warningsAsErrors,
    verbose: requested.verbose,
  });
  const rc = await runPasses(requested, warnings, io, out);
  out.reportSuppression();
  return rc;
}

async function runPasses(
  requested: Options,
  warnings: readonly string[],
  io: CliIo,
  out: DiagnosticPrinter,
): Promise<number> {
  const tmpdirProblem = checkTmpdir(io.env, requested.tmpdir);
  if (tmpdirProblem !== undefined) {
    out.inputError(tmpdirProblem, 'C107');
    return 1;
  }
  for (const w of warnings) {
    if (w.startsWith('WARNING: ')) out.warning(w.slice('WARNING: '.length));
    else out.note(w);
  }
  if (requested.languageServer) {
    out.warning('Language server mode is not supported by this version of systemtap');
    return 1;
  }
  if (requested.verbose > 1) io.stdout.write(versionText());
  const options = locateScript(requested, out);
  if (options === undefined || !sysrootExists(options, out)) return 1;

  const preprocess = buildPreprocessContext(options, io.machine);
  const pass1 = await parsePass(options, io, out, preprocess);
  if (!pass1.ok) return 1;
  const dumping = options.dump.kind !== 'none';
  if (options.lastPass === 1 && !dumping) return 0;

  const dump = options.dump.kind;
  if (dump === 'functions' || dump === 'probe-types' || dump === 'probe-aliases') {
    const { runListing } = await import('./dumps.js');
    return runListing({
      kind: dump,
      options,
      preprocess,
      includePath: includePath(builtinTapsetDir(), options.includeDirs, io.env),
      out,
      stdout: io.stdout,
    });
  }
  if (dump === 'features') {
    // Loaded only here: the kernel layer loads the FFI package.
    const { describeFeatures } = await import('../kernel/index.js');
    io.stdout.write(describeFeatures());
    return 0;
  }
  if (options.dump.kind === 'matched-probes') {
    const { listMatchedProbes } = await import('./list-probes.js');
    return listMatchedProbes({
      options,
      userScripts: pass1.userScripts,
      preprocess,
      includePath: includePath(builtinTapsetDir(), options.includeDirs, io.env),
      out,
      stdout: io.stdout,
      withVariables: options.dump.withVariables,
    });
  }
  // Loaded only now: elaboration and the runtime are most of tstap's modules, and `-p1` needs none.
  // bin/tstap.js turns TurboFan inlining off for the short, cold pass 1; generated handlers are
  // hot loops that need it, so it goes back on before the later passes compile anything.
  v8.setFlagsFromString('--turbo-inlining');
  const { runLaterPasses } = await import('./later-passes.js');
  return runLaterPasses({
    options,
    userScripts: pass1.userScripts,
    preprocess,
    includePath: includePath(builtinTapsetDir(), options.includeDirs, io.env),
    out,
    stdout: io.stdout,
    stderr: io.stderr,
  });
}

/** Pass 1 and what stap prints after it: the `-p1` dump, the `-v` line, the failure trailer. */
async function parsePass(
  options: Options,
  io: CliIo,
  out: DiagnosticPrinter,
  preprocess: PreprocessContext,
): Promise<Pass1Result> {
  const verbose = options.verbosePerPass[0];
  const clock = startPassClock();
  const pass1 = await runPass1({
    options,
    preprocess,
    includePath: includePath(builtinTapsetDir(), options.includeDirs, io.env),
    readStdin: io.readStdin,
    out,
    verbose,
    log: (line) => io.stderr.write(`${line}\n`),
  });
  const dumping = options.dump.kind !== 'none';
  if (pass1.ok && options.lastPass === 1 && !dumping) {
    const parts = ['# parse tree dump\n', ...pass1.printedScripts, '\n'];
    // With -v stap also dumps the library files; .stpm files hold only macros, so just their names.
    if (verbose > 0) for (const f of pass1.libraryFiles) parts.push(`# file ${f}\n`, '\n');
    io.stdout.write(parts.join(''));
  }
  if (verbose > 0) {
    const n = pass1.libraryFiles.length;
    out.summary(
      `Pass 1: parsed user script and ${n} library script${n === 1 ? '' : 's'} ` +
        `${memoryUsageText()}${timesText(clock)}\n`,
    );
  }
  if (!pass1.ok && !dumping) out.summary('Pass 1: parse failed.  [man error::pass1]\n');
  return pass1;
}

function sysrootExists(options: Options, out: DiagnosticPrinter): boolean {
  if (options.sysroot === undefined) return true;
  try {
    realpathSync(options.sysroot);
    return true;
  } catch {
    out.inputError(`ERROR: ${options.sysroot} is an invalid directory for --sysroot`, 'C105');
    return false;
  }
}

/** `--example NAME.stp`: the operand names an installed example script. */
function locateScript(options: Options, out: DiagnosticPrinter): Options | undefined {
  if (!options.runExample || options.script.kind !== 'file') return options;
  const examplesDir = `${packageRoot()}examples`;
  const found = findExample(examplesDir, options.script.path);
  if (found.kind === 'ok') return { ...options, script: { kind: 'file', path: found.path } };
  if (found.kind === 'many') {
    out.inputError(`Multiple examples found: \n${found.paths.map((p) => `  ${p}`).join('\n')}`, 'C103');
  } else {
    out.inputError(`Example '${options.script.path}' was not found under '${examplesDir}'`, 'C104');
  }
  return undefined;
}
