/**
 * Pass 5 for user-space probes: the session lifecycle of stap's runtime (translate.cxx module
 * init/exit, tapset-been.cxx, staprun's main loop):
 *
 *   globals initialised → begin probes (ascending sequence, stable) → running: timers, `-c`
 *   command, `-T`, signals → shutdown on exit()/^C/SIGTERM/-T/command exit/too many errors →
 *   end probes and the display of written-never-read globals (or, after an error shutdown, the
 *   error probes) → `WARNING: Number of errors: N, skipped probes: M` → exit status.
 *
 * A handler error prints `ERROR: <msg> near <token> at <file:line:col>[ (called from …)] in probe
 * <pp>` on stderr; once more than MAXERRORS happened the session shuts down in the error state.
 */
import type { DerivedProbe, Program, Variable } from '../elaborate/index.js';
import { printProbePoint, strverscmp } from '../lang/index.js';
import { assertNever } from '../util/index.js';
import { BUILTIN_IMPLS, localTimezone } from './builtins/index.js';
import {
  type CompiledProgram,
  compileProgram,
  displayedGlobals,
  type Handler,
  type HandlerState,
  isAbort,
  type LinkedBuiltin,
  newHandlerState,
  type RegexMatcher,
  Support,
} from './codegen/index.js';
import { type HandlerContext, ScriptError, type SessionControl, type SessionTimezone } from './context.js';
import { renderGlobalDisplay } from './format/global-display.js';
import type { KernelSide } from './kernel-side/index.js';
import { type Define, defineValue, type RunLimits, runLimits } from './limits.js';
import { type OutputRotation, type OutputWriter, ScriptOutput, scriptText } from './output.js';
import { compileRegexMatcher } from './regex-adapter.js';
import { createMemoryStore, type GlobalStore } from './store/index.js';
import { onSwitchSignal } from './switch-signal.js';
import { runSystemCommand } from './system-command.js';
import { TargetCommand, targetExitWarning } from './target-command.js';
import { type IntervalTimer, TimerScheduler } from './timers.js';

export interface RunOptions {
  /** `-D NAME[=VALUE]`. */
  readonly defines: readonly Define[];
  /** `-G NAME=VALUE`. */
  readonly globalSettings: readonly { readonly name: string; readonly value: string | undefined }[];
  /** Script arguments (`$1`...), for `argv`-style builtins. */
  readonly args: readonly string[];
  readonly targetCommand: string | undefined;
  /** `-x PID` (0: none). */
  readonly targetPid: number;
  /** `-T SECS` in milliseconds. */
  readonly timeoutMs: number | undefined;
  /** `-o FILE`. */
  readonly outputFile: string | undefined;
  /** `-S SIZE[,N]`: with -o, the output moves to a new file every SIZE MB. */
  readonly outputRotation?: OutputRotation | undefined;
  readonly suppressHandlerErrors: boolean;
  readonly noGlobalVarDisplay: boolean;
  /** `-u`. */
  readonly unoptimized: boolean;
  readonly suppressTimeLimits: boolean;
  /** The kernel's CONFIG_HZ (for `timer.jiffies` and `HZ()`). */
  readonly hz: number;
  /** `-s MB`: the ring buffer kernel probes write to (1 MiB at least). */
  readonly ringBufferMb?: number | undefined;
  /** `--compatible VERSION` (the newest language when absent). */
  readonly compatible?: string | undefined;
}

export interface RunIo {
  readonly stdout: OutputWriter;
  readonly stderr: { write(text: string): void };
}

/** Pass 3: compile the program's user-space handlers (`-p3` prints `source`). */
export function translate(
  program: Program,
  options: Pick<RunOptions, 'defines' | 'unoptimized' | 'suppressTimeLimits'>,
): CompiledProgram {
  return compileProgram(program, {
    maxStringLen: defineValue(options.defines, 'MAXSTRINGLEN') ?? 512,
    maxNesting: defineValue(options.defines, 'MAXNESTING'),
    unoptimized: options.unoptimized,
    suppressTimeLimits: options.suppressTimeLimits,
  });
}

type State = 'starting' | 'running' | 'stopping' | 'error';

interface ProbeRun {
  readonly probe: DerivedProbe;
  readonly handler: Handler;
}

/** Runs a compiled program to completion; resolves to the exit status. */
export async function runSession(
  program: Program,
  options: RunOptions,
  io: RunIo,
  compiled: CompiledProgram = translate(program, options),
  kernel?: KernelSide,
): Promise<number> {
  let output: ScriptOutput;
  if (options.outputFile === undefined && options.outputRotation !== undefined) {
    io.stderr.write("ERROR: You have to specify output FILE with '-S' option.\n");
    await kernel?.close();
    return 1;
  }
  if (options.outputFile === undefined) output = new ScriptOutput(io.stdout);
  else {
    const opened = ScriptOutput.toFile(io.stdout, options.outputFile, options.outputRotation);
    if ('error' in opened) {
      io.stderr.write(`ERROR: ${opened.error}\n`);
      await kernel?.close();
      return 1;
    }
    output = opened;
  }
  return new Session(program, compiled, options, io, output, kernel).run();
}

class Session {
  private state: State = 'starting';
  private errors = 0;
  private readonly skipped = 0;
  private errorPrinted = false;
  private readonly limits: RunLimits;
  private readonly store: GlobalStore;
  private readonly control: SessionControl;
  private readonly handlers: readonly (Handler | undefined)[];
  private readonly warningsSeen = new Set<string>();
  private stopRequested: (() => void) | undefined;
  private internalError: unknown;
  private target: TargetCommand | undefined;
  /** Read from /etc/localtime when a handler first needs it. */
  private timezone: SessionTimezone | undefined;
  /** `system()` commands of the running user-space handler, started when it ends. */
  private commands: string[] = [];

  constructor(
    private readonly program: Program,
    private readonly compiled: CompiledProgram,
    private readonly options: RunOptions,
    private readonly io: RunIo,
    private readonly output: ScriptOutput,
    /** The kernel probes' programs, loaded; undefined when the program has none. */
    private readonly kernel?: KernelSide,
  ) {
    this.limits = runLimits(options.defines, compiled.maxNesting);
    const memory = createMemoryStore(compiled.layouts, { maxMapEntries: this.limits.MAXMAPENTRIES });
    this.store = kernel === undefined ? memory : kernel.store(memory, compiled.globals);
    const rt = new Support({
      maxStringLen: this.limits.MAXSTRINGLEN,
      histWidth: this.limits.HIST_WIDTH,
      histElision: this.limits.HIST_ELISION,
      write: this.output.write,
      legacyPointer: options.compatible !== undefined && strverscmp(options.compatible, '1.3') < 0,
    });
    const session = this;
    const startTimeNs = BigInt(Date.now()) * 1_000_000n;
    this.control = {
      write: (text) => this.output.write(text),
      writeError: (text) => this.warnOrError(text),
      requestExit: () => this.requestExit(),
      system: (command) => void this.commands.push(command),
      get targetPid() {
        return session.target?.pid ?? session.options.targetPid;
      },
      args: options.args,
      limits: this.limits,
      startTimeNs,
      // Both read files (the kernel's configuration, /etc/localtime) only when a handler asks.
      get hz() {
        return session.options.hz;
      },
      get timezone() {
        session.timezone ??= localTimezone();
        return session.timezone;
      },
    };
    this.handlers = compiled.link({
      rt,
      store: this.store,
      builtin: (name) => builtinImpl(name),
      compileRegex: (pattern): RegexMatcher => compileRegexMatcher(pattern),
    });
  }

  async run(): Promise<number> {
    let status: number;
    onSwitchSignal(() => this.output.requestSwitch());
    try {
      status = await this.lifecycle();
    } finally {
      onSwitchSignal(undefined);
      this.output.close();
      this.target?.detach();
      await this.kernel?.close();
    }
    if (this.internalError !== undefined) throw this.internalError;
    return status;
  }

  private async lifecycle(): Promise<number> {
    for (const w of this.compiled.statWarnings) this.warn(w);
    this.initialiseGlobals();
    if (this.options.targetCommand !== undefined) this.target = new TargetCommand(this.options.targetCommand);

    const byFamily = (family: 'begin' | 'end' | 'error') => this.sequenced(family);
    for (const p of byFamily('begin')) {
      if (this.state !== 'starting') break;
      this.runHandler(p, this.limits.MAXACTION_INTERRUPTIBLE);
    }
    if (this.state === 'starting') this.state = 'running';

    let targetFailed = false;
    if (this.state === 'running') targetFailed = await this.runUntilStopped();
    else this.target?.abandon();

    if (this.state === 'running') this.state = 'stopping';
    for (const p of this.endPhase()) {
      if (this.state !== 'stopping') break;
      if (p === 'display') this.displayGlobals();
      else this.runHandler(p, this.limits.MAXACTION_INTERRUPTIBLE);
    }
    for (const p of byFamily('error')) {
      if (this.state !== 'error') break;
      this.runHandler(p, this.limits.MAXACTION_INTERRUPTIBLE);
    }
    this.output.flush();
    const lost = this.kernel?.lostRecords() ?? 0;
    if (lost > 0) {
      this.warn(
        `There were ${lost} transport failures. Try stap -s to increase the buffer size from ${this.kernel?.ringBufferMb}.`,
      );
    }
    if (this.errors > 0 || this.skipped > 0) {
      this.warn(`Number of errors: ${this.errors}, skipped probes: ${this.skipped}`);
    }
    return this.errorPrinted || targetFailed ? 1 : 0;
  }

  /**
   * The end probes, with the display of written-never-read globals where stap puts its synthetic
   * `probe end` handlers: sequence 0, after every probe of the script.
   */
  private endPhase(): (ProbeRun | 'display')[] {
    const runs: { run: ProbeRun | 'display'; sequence: bigint }[] = this.sequencedRuns('end');
    if (!this.options.noGlobalVarDisplay) runs.push({ run: 'display', sequence: 0n });
    runs.sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
    return runs.map((r) => r.run);
  }

  /** begin/end/error probes in ascending sequence order, ties in program order. */
  private sequenced(family: 'begin' | 'end' | 'error'): ProbeRun[] {
    return this.sequencedRuns(family).map((r) => r.run);
  }

  private sequencedRuns(family: 'begin' | 'end' | 'error'): { run: ProbeRun; sequence: bigint }[] {
    const runs: { run: ProbeRun; sequence: bigint }[] = [];
    this.program.probes.forEach((probe, i) => {
      const point = probe.point;
      const handler = this.handlers[i];
      if (point.family !== family || handler === undefined) return;
      runs.push({ run: { probe, handler }, sequence: point.sequence });
    });
    runs.sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
    return runs;
  }

  /** The running phase; resolves when shutdown is requested. Returns whether `-c CMD` failed. */
  private async runUntilStopped(): Promise<boolean> {
    const timers: IntervalTimer[] = [];
    this.program.probes.forEach((probe, i) => {
      const point = probe.point;
      const handler = this.handlers[i];
      if (point.family !== 'timer' || handler === undefined) return;
      const nsPerUnit = point.unit === 'jiffies' ? BigInt(Math.round(1e9 / this.options.hz)) : 1n;
      timers.push({
        periodNs: point.periodNs * nsPerUnit,
        randomizeNs: point.randomizeNs * nsPerUnit,
        fire: () => {
          if (this.state === 'running') this.runHandler({ probe, handler }, this.limits.MAXACTION);
        },
      });
    });
    const scheduler = new TimerScheduler(timers);
    const stopped = new Promise<void>((resolve) => {
      this.stopRequested = resolve;
    });
    if (this.state !== 'running') this.stopRequested?.();
    const onSignal = () => this.requestExit();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const timeout =
      this.options.timeoutMs !== undefined
        ? setTimeout(() => this.requestExit(), this.options.timeoutMs)
        : undefined;
    let targetFailed = false;
    if (this.kernel !== undefined && this.state === 'running') this.startKernel(this.kernel);
    const target = this.target;
    if (target) {
      void target.exited.then((exit) => {
        const warning = targetExitWarning(exit);
        if (warning !== undefined) {
          this.warn(warning);
          targetFailed = true;
        }
        this.requestExit();
      });
      target.release();
    }
    scheduler.start();
    // A session with nothing scheduled still runs until exit(), a signal, -T or -c ends it.
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      await stopped;
      // Kernel handlers stopped when the state slot changed; detach, then deliver what is left.
      await this.kernel?.stop();
      this.output.flush();
    } finally {
      clearInterval(keepAlive);
      scheduler.stop();
      if (timeout !== undefined) clearTimeout(timeout);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    return targetFailed;
  }

  private requestExit(): void {
    if (this.state === 'starting' || this.state === 'running') this.state = 'stopping';
    this.kernel?.requestStop(this.state === 'error');
    this.stopRequested?.();
  }

  /** Attaches the kernel probes and streams their records into this session. */
  private startKernel(kernel: KernelSide): void {
    const failure = kernel.attach(this.target?.pid ?? this.options.targetPid);
    if (failure !== undefined) {
      this.io.stderr.write(`ERROR: ${failure}\n`);
      this.errorPrinted = true;
      this.state = 'error';
      kernel.requestStop(true);
      this.stopRequested?.();
      return;
    }
    let flushQueued = false;
    const flush = () => {
      flushQueued = false;
      this.output.flush();
    };
    kernel.start(
      {
        output: (text) => {
          this.output.write(text);
          if (!flushQueued) {
            flushQueued = true;
            setImmediate(flush);
          }
        },
        exit: () => this.requestExit(),
        error: (text) => this.kernelError(text),
        warning: (message) => this.warnOrError(`WARNING: ${message}`),
        system: (command) => this.runCommands([command]),
        stateChanged: (state) => {
          if (state === 'error' && this.state !== 'error') {
            this.state = 'error';
            this.stopRequested?.();
          } else if (state === 'stopping') this.requestExit();
        },
      },
      this.limits.MAXSTRINGLEN,
      { width: this.limits.HIST_WIDTH, elision: this.limits.HIST_ELISION },
    );
  }

  /** A runtime error a kernel handler reported (its text is complete: message, site, probe). */
  private kernelError(text: string): void {
    this.errors++;
    if (this.options.suppressHandlerErrors) return;
    this.output.flush();
    this.io.stderr.write(`ERROR: ${scriptText(text)}\n`);
    this.errorPrinted = true;
    if (this.errors > this.limits.MAXERRORS) {
      this.state = 'error';
      this.kernel?.requestStop(true);
      this.stopRequested?.();
    }
  }

  // ---------------------------------------------------------------- handlers

  private runHandler(run: ProbeRun, actions: number): void {
    const hc: HandlerContext = {
      session: this.control,
      pp: run.probe.name,
      pn: pointName(run.probe),
      lastMatch: undefined,
      tokenizeState: undefined,
    };
    const c = newHandlerState(hc, actions, this.limits.MAXNESTING);
    try {
      run.handler(c);
    } catch (e) {
      if (e instanceof ScriptError) {
        if (!isAbort(e)) this.handlerError(c, e.message, run.probe.name);
      } else {
        // A bug of ours (also inside a timer callback): stop everything, report it at the end.
        this.internalError ??= e;
        this.state = 'error';
        this.stopRequested?.();
      }
    }
    this.output.flush();
    if (this.commands.length > 0) {
      const commands = this.commands;
      this.commands = [];
      this.runCommands(commands);
    }
  }

  /** `system()`: the script's output so far first, then each command, in the background. */
  private runCommands(commands: readonly string[]): void {
    this.output.flush();
    for (const command of commands) runSystemCommand(command, (text) => this.io.stderr.write(text));
  }

  private handlerError(c: HandlerState, message: string, pp: string): void {
    this.errors++;
    if (this.options.suppressHandlerErrors) return;
    this.output.flush();
    this.io.stderr.write(`ERROR: ${scriptText(this.errorText(c, message, pp))}\n`);
    this.errorPrinted = true;
    if (this.errors > this.limits.MAXERRORS) {
      this.state = 'error';
      this.kernel?.requestStop(true);
      this.stopRequested?.();
    }
  }

  /** _stp_softerror_handler: the message, the innermost blamed token, its callers, the probe. */
  private errorText(c: HandlerState, message: string, pp: string): string {
    let inner = -1;
    for (let i = c.ls.length - 1; i >= 0; i--) {
      if (c.ls[i]! >= 0) {
        inner = i;
        break;
      }
    }
    if (inner < 0) return message;
    const sites = this.compiled.sites;
    let text = `${message} near ${sites.describe(c.ls[inner]!)}`;
    for (let i = inner - 1; i >= 0; i--) {
      const s = c.ls[i]!;
      if (s >= 0) text += ` (called from ${sites.describe(s)})`;
    }
    text += ` in probe ${pp}`;
    // The message is built in a MAXSTRINGLEN buffer.
    const max = this.limits.MAXSTRINGLEN - 1;
    return text.length > max ? text.slice(0, max) : text;
  }

  /** `warn()` and runtime warnings: printed once each, as staprun drops duplicates. */
  private warnOrError(text: string): void {
    this.output.flush();
    if (text.startsWith('WARNING: ')) {
      const line = text.endsWith('\n') ? text : `${text}\n`;
      if (this.warningsSeen.has(line)) return;
      this.warningsSeen.add(line);
      this.io.stderr.write(scriptText(line));
      return;
    }
    this.io.stderr.write(scriptText(text));
  }

  private warn(message: string): void {
    this.warnOrError(`WARNING: ${message}\n`);
  }

  // ---------------------------------------------------------------- globals

  private initialiseGlobals(): void {
    const max = this.limits.MAXSTRINGLEN - 1;
    const index = new Map<Variable, number>();
    this.compiled.globals.forEach((g, i) => {
      index.set(g, i);
    });
    const setScalar = (v: Variable, value: bigint | string) => {
      const i = index.get(v);
      if (i === undefined) return;
      const cell = this.store.variable(i);
      if (cell.kind === 'string' && typeof value === 'string') cell.set(value.slice(0, max));
      else if (cell.kind === 'long' && typeof value === 'bigint') cell.set(value);
    };
    for (const [v, literal] of this.program.initialisers) setScalar(v, literal.value);
    for (const setting of this.options.globalSettings) {
      const v =
        this.compiled.globals.find((g) => g.name === setting.name && !g.library) ??
        this.compiled.globals.find((g) => g.name === setting.name);
      if (v === undefined) {
        this.warn(`-G ${setting.name}: no such global in the script`);
        continue;
      }
      const text = setting.value ?? '';
      if (v.type === 'string') setScalar(v, text);
      else {
        const n = parseLong(text);
        if (n === undefined) this.warn(`-G ${setting.name}: '${text}' is not a number`);
        else setScalar(v, n);
      }
    }
  }

  /**
   * The synthetic end probes of elaborate.cxx add_global_var_display: each user global written
   * but never read is printed, in declaration order, after the script's own end probes.
   */
  private displayGlobals(): void {
    const shown = new Set(displayedGlobals(this.program));
    this.compiled.globals.forEach((g, i) => {
      if (!shown.has(g)) return;
      const name = g.name;
      const cell = this.store.variable(i);
      switch (cell.kind) {
        case 'long':
          this.output.write(renderGlobalDisplay({ kind: 'long', name, value: cell.get() }));
          return;
        case 'string':
          this.output.write(renderGlobalDisplay({ kind: 'string', name, value: cell.get() }));
          return;
        case 'stats':
          this.output.write(renderGlobalDisplay({ kind: 'stats', name, value: cell.read() }));
          return;
        case 'long-array':
          this.output.write(renderGlobalDisplay({ kind: 'array', name, entries: cell.entries() }));
          return;
        case 'string-array':
          this.output.write(renderGlobalDisplay({ kind: 'array', name, entries: cell.entries() }));
          return;
        case 'stat-array':
          this.output.write(renderGlobalDisplay({ kind: 'stats-array', name, entries: cell.entries() }));
          return;
        default:
          assertNever(cell, 'global');
      }
    });
    this.output.flush();
  }
}

function pointName(probe: DerivedProbe): string {
  return printProbePoint(probe.written);
}

function parseLong(text: string): bigint | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\s*$/.exec(text);
  if (m === null) return undefined;
  const digits = m[2]!;
  const v = /^0[xX]/.test(digits)
    ? BigInt(digits)
    : digits.length > 1 && digits.startsWith('0')
      ? BigInt(`0o${digits.slice(1)}`)
      : BigInt(digits);
  return BigInt.asIntN(64, m[1] === '-' ? -v : v);
}

function builtinImpl(name: string): LinkedBuiltin {
  const impl = (BUILTIN_IMPLS as Readonly<Record<string, LinkedBuiltin | undefined>>)[name];
  if (impl === undefined) {
    return () => {
      throw new ScriptError(`function ${name} is not implemented in user space`);
    };
  }
  return impl;
}
