/**
 * stap's command line → a typed record. Syntax, defaults, value checks and messages follow
 * SystemTap 5.6 (`systemtap_session::parse_cmdline` and `check_options`): options are applied
 * in order, `-V`/`--help` stop at once, a bad value prints stap's message and exits 1, and a
 * getopt error adds stap's "Try '--help'" hint. Options whose pass does not exist yet are
 * recorded here and take effect when that pass lands.
 */
import { getopt } from './getopt.js';
import { OPTION_HANDLERS, type ParseState, STAP_VERSION } from './option-handlers.js';
import { LONG_OPTIONS, type OptionId, SHORT_OPTIONS, type ShortOptionId } from './option-table.js';
import { type NameValue, OptionError, type PassNumber } from './option-values.js';

export { STAP_VERSION } from './option-handlers.js';
export type { NameValue, PassNumber } from './option-values.js';
export type Privilege = 'stapusr' | 'stapsys' | 'stapdev';
export type Runtime = 'kernel' | 'bpf';
export type DiagnosticsFormat = 'text' | 'json';
export type ColorMode = 'always' | 'auto' | 'never';
export type PrologueSearching = 'always' | 'auto' | 'never';

/** Where the main script comes from. `none` only in the listing/dump modes. */
export type ScriptInput =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stdin' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'none' };

/** `-l`/`-L`/`--dump-*`: list something instead of running a script. */
export type DumpMode =
  | { readonly kind: 'none' }
  | { readonly kind: 'matched-probes'; readonly pattern: string; readonly withVariables: boolean }
  | { readonly kind: 'probe-types' }
  | { readonly kind: 'probe-aliases' }
  | { readonly kind: 'functions' }
  | { readonly kind: 'features' };

/** `-r`: which kernel to build for. */
export type KernelTarget =
  | { readonly kind: 'running' }
  | { readonly kind: 'release'; readonly release: string }
  | { readonly kind: 'build-tree'; readonly dir: string };

/** `--download-debuginfo[=yes|no|ask|SECS]`. */
export type DebuginfoDownload =
  | { readonly kind: 'off' }
  | { readonly kind: 'on' }
  | { readonly kind: 'ask' }
  | { readonly kind: 'timeout'; readonly timeoutSecs: number };

export interface ResourceLimits {
  readonly addressSpaceBytes: number | undefined;
  readonly cpuSecs: number | undefined;
  readonly processes: number | undefined;
  readonly stackBytes: number | undefined;
  readonly fileSizeBytes: number | undefined;
}

export interface Options {
  // ---- input and passes
  readonly script: ScriptInput;
  /** Script arguments: `$1`/`@1`... */
  readonly args: readonly string[];
  /** `-E SCRIPT`, parsed as `<input1>`, `<input2>`... */
  readonly additionalScripts: readonly string[];
  /** `--example`: the script operand names an installed example. */
  readonly runExample: boolean;
  /** `-p`: stop after this pass (default 5, run). */
  readonly lastPass: PassNumber;
  readonly dump: DumpMode;
  /** Verbosity of passes 1–5: `-v` adds one to each, `--vp` digits add per pass. */
  readonly verbosePerPass: readonly [number, number, number, number, number];
  /** How many `-v` were given. */
  readonly verbose: number;

  // ---- language and diagnostics
  readonly includeDirs: readonly string[];
  readonly guruMode: boolean;
  /** Set by `--privilege`/`--unprivileged`; undefined means "from the user's credentials". */
  readonly privilege: Privilege | undefined;
  readonly compatible: string;
  readonly checkVersion: boolean;
  readonly unoptimized: boolean;
  readonly suppressWarnings: boolean;
  readonly warningsAsErrors: boolean;
  readonly skipBadVars: boolean;
  readonly semanticKeepGoing: boolean;
  readonly diagnostics: DiagnosticsFormat;
  readonly color: ColorMode;
  readonly prologueSearching: PrologueSearching;
  /** `-D NAME[=VALUE]` (limits such as `MAXSTRINGLEN`, `MAXMAPENTRIES`). */
  readonly macros: readonly NameValue[];
  readonly suppressHandlerErrors: boolean;
  readonly suppressTimeLimits: boolean;
  readonly tapsetCoverage: boolean;

  // ---- target and build
  readonly runtime: Runtime;
  readonly kernel: KernelTarget;
  /** `-a ARCH`: undefined means the running machine's. */
  readonly arch: string | undefined;
  readonly runtimeDir: string | undefined;
  /** `-m NAME` (after stap's `.ko` trimming and length limit). */
  readonly moduleName: string | undefined;
  readonly keepTmpdir: boolean;
  readonly debugBuild: boolean;
  readonly tmpdir: string | undefined;
  readonly kbuildFlags: readonly string[];
  readonly modinfo: readonly string[];
  readonly sysroot: string | undefined;
  readonly sysenv: ReadonlyMap<string, string>;
  readonly buildAs: string | undefined;
  readonly cacheDisabled: boolean;
  readonly cachePoisoned: boolean;

  // ---- symbols
  /** `-d OBJ` */
  readonly unwindObjects: readonly string[];
  readonly ldd: boolean;
  readonly allModules: boolean;
  readonly saveUprobes: boolean;
  readonly signModule: boolean;
  readonly downloadDebuginfo: DebuginfoDownload;

  // ---- pass 5
  readonly targetCommand: string | undefined;
  /** `-x PID`; 0 means none, as in stap. */
  readonly targetPid: number;
  readonly targetNamespacesPid: number | undefined;
  readonly outputFile: string | undefined;
  /** `-T SECS`, in milliseconds as stap keeps it (fractions of a second allowed). */
  readonly timeoutMs: number | undefined;
  /** `-s NUM`: per-CPU transport buffer; undefined means the runtime default. */
  readonly bufferSizeMb: number | undefined;
  readonly bulkMode: boolean;
  readonly flightRecorder: boolean;
  /** `-S SIZE[,N]`: rotate output files at SIZE MB, keep N. */
  readonly outputRotation: { readonly sizeMb: number; readonly maxFiles: number | undefined } | undefined;
  /** `-G VAR=VAL` */
  readonly globalSettings: readonly NameValue[];
  readonly probeTiming: boolean;
  readonly monitorIntervalSecs: number | undefined;
  readonly noGlobalVarDisplay: boolean;
  readonly remotes: readonly string[];
  readonly remotePrefix: boolean;
  readonly rlimits: ResourceLimits;
  readonly interactive: boolean;
  readonly languageServer: boolean;
  readonly servers: readonly string[];
  readonly httpServers: readonly string[];
  readonly useServerOnError: boolean;
  readonly benchmarkSdt: { readonly loops: number; readonly threads: number } | undefined;
}

/**
 * What the command line asks for. `warnings` are printed before acting on it: those starting
 * with `WARNING: ` are stap's warnings (hidden by `-w`), the others plain notes.
 */
export type CommandLine =
  | { readonly kind: 'run'; readonly options: Options; readonly warnings: readonly string[] }
  | { readonly kind: 'help'; readonly options: Options }
  | { readonly kind: 'version' }
  /** `--clean-cache`: stap cleans its module cache and exits 0; we have none. */
  | { readonly kind: 'clean-cache' }
  /** Exit 1 after printing `message`; `usageHint` adds stap's "Try '--help'" lines. */
  | { readonly kind: 'error'; readonly message: string; readonly usageHint: boolean };

export function defaultOptions(): Options {
  return {
    script: { kind: 'none' },
    args: [],
    additionalScripts: [],
    runExample: false,
    lastPass: 5,
    dump: { kind: 'none' },
    verbosePerPass: [0, 0, 0, 0, 0],
    verbose: 0,
    includeDirs: [],
    guruMode: false,
    privilege: undefined,
    compatible: STAP_VERSION,
    checkVersion: false,
    unoptimized: false,
    suppressWarnings: false,
    warningsAsErrors: false,
    skipBadVars: false,
    semanticKeepGoing: false,
    diagnostics: 'text',
    color: 'auto',
    prologueSearching: 'auto',
    macros: [],
    suppressHandlerErrors: false,
    suppressTimeLimits: false,
    tapsetCoverage: false,
    runtime: 'bpf',
    kernel: { kind: 'running' },
    arch: undefined,
    runtimeDir: undefined,
    moduleName: undefined,
    keepTmpdir: false,
    debugBuild: false,
    tmpdir: undefined,
    kbuildFlags: [],
    modinfo: [],
    sysroot: undefined,
    sysenv: new Map(),
    buildAs: undefined,
    cacheDisabled: false,
    cachePoisoned: false,
    unwindObjects: [],
    ldd: false,
    allModules: false,
    saveUprobes: false,
    signModule: false,
    downloadDebuginfo: { kind: 'off' },
    targetCommand: undefined,
    targetPid: 0,
    targetNamespacesPid: undefined,
    outputFile: undefined,
    timeoutMs: undefined,
    bufferSizeMb: undefined,
    bulkMode: false,
    flightRecorder: false,
    outputRotation: undefined,
    globalSettings: [],
    probeTiming: false,
    monitorIntervalSecs: undefined,
    noGlobalVarDisplay: false,
    remotes: [],
    remotePrefix: false,
    rlimits: {
      addressSpaceBytes: undefined,
      cpuSecs: undefined,
      processes: undefined,
      stackBytes: undefined,
      fileSizeBytes: undefined,
    },
    interactive: false,
    languageServer: false,
    servers: [],
    httpServers: [],
    useServerOnError: false,
    benchmarkSdt: undefined,
  };
}

/** Parses `argv` (without the program name) as stap would. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const st: ParseState = {
    o: defaultOptions() as ParseState['o'],
    warnings: [],
    operands: [],
    cmdlineScript: undefined,
    benchmarkLoops: 0,
    benchmarkThreads: 0,
    listServers: false,
    trustServers: false,
    clientOptions: false,
  };
  try {
    for (const item of getopt<ShortOptionId, OptionId>(argv, SHORT_OPTIONS, LONG_OPTIONS)) {
      if (item.kind === 'error') return { kind: 'error', message: `tstap: ${item.message}`, usageHint: true };
      if (item.kind === 'operand') {
        st.operands.push(item.value);
        continue;
      }
      const handler: (st: ParseState, arg: string | undefined) => string | undefined =
        OPTION_HANDLERS[item.id];
      const stop = handler(st, item.arg);
      if (stop === 'help') return { kind: 'help', options: st.o };
      if (stop === 'version' || stop === 'clean-cache') return { kind: stop };
    }
    checkOptions(st);
  } catch (e) {
    if (e instanceof OptionError) return { kind: 'error', message: e.message, usageHint: e.usageHint };
    throw e;
  }
  return { kind: 'run', options: st.o, warnings: st.warnings };
}

// ---------------------------------------------------------------- check_options

/** Operands and cross-option rules, after every option has been seen. */
function checkOptions(st: ParseState): void {
  const o = st.o;
  let haveScript = st.cmdlineScript !== undefined;
  if (st.cmdlineScript !== undefined) o.script = { kind: 'text', text: st.cmdlineScript };
  const args: string[] = [];
  for (const operand of st.operands) {
    if (!haveScript && o.dump.kind === 'none') {
      o.script = operand === '-' ? { kind: 'stdin' } : { kind: 'file', path: operand };
      haveScript = true;
    } else {
      args.push(operand);
    }
  }
  o.args = args;

  if (st.benchmarkLoops > 0 || st.benchmarkThreads > 0) {
    o.benchmarkSdt = { loops: st.benchmarkLoops || 10_000_000, threads: st.benchmarkThreads || 1 };
  }
  const needScript =
    !st.listServers &&
    !st.trustServers &&
    o.dump.kind === 'none' &&
    !o.languageServer &&
    o.benchmarkSdt === undefined;
  const usage = (message: string) => new OptionError(message, true);
  if (needScript && !haveScript) {
    throw usage("A script must be specified.\nTry '-i' for building a script interactively.");
  }
  if (o.dump.kind !== 'none') {
    if (haveScript) throw usage('Cannot specify a script with -l/-L/--dump-* switches.');
    if (o.lastPass !== 5) throw usage('Cannot specify -p with -l/-L/--dump-* switches.');
    if (o.interactive) throw usage('Cannot specify -i with -l/-L/--dump-* switches.');
    if (o.languageServer) throw usage('Cannot specify --language-server with -l/-L/--dump-* switches.');
    if (o.monitorIntervalSecs !== undefined)
      throw usage('Cannot specify --monitor with -l/-L/--dump-* switches.');
  }
  if (st.clientOptions)
    st.warnings.push('WARNING: --client-options is not supported by this version of systemtap');
  if (st.listServers)
    st.warnings.push('WARNING: --list-servers is not supported by this version of systemtap');
  if (st.trustServers)
    st.warnings.push('WARNING: --trust-servers is not supported by this version of systemtap');
  if (o.runtimeDir !== undefined && o.servers.length > 0) {
    st.warnings.push('WARNING: Ignoring --use-server due to the use of -R');
    o.servers = [];
  }
  if (o.targetCommand !== undefined && o.targetPid !== 0)
    throw usage("You can't specify -c and -x together.");
  if (o.guruMode && o.privilege !== undefined && o.privilege !== 'stapdev') {
    throw usage(`You can't specify -g and --privilege=${o.privilege} together.`);
  }
  if (o.remotes.length > 0 && o.tmpdir !== undefined)
    throw usage("You can't specify --remote and --tmpdir together.");
}
