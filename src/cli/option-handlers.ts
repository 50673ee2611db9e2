/**
 * What each option does to the session, one handler per option id, applied in command-line
 * order as stap's `parse_cmdline` switch does. The table is typed `Record<OptionId, Handler>`,
 * so an option added to `option-table.ts` without a handler fails to compile.
 */
import type { OptionId } from './option-table.js';
import {
  assertSafe,
  compareVersions,
  OptionError,
  parseCInteger,
  parseModuleName,
  parsePass,
  parsePositive,
  parseTimeoutMs,
  parseUnsigned,
  parseWhen,
  splitNameValue,
  strtoulLoose,
} from './option-values.js';
import type { DebuginfoDownload, DumpMode, Options, Privilege, ResourceLimits } from './options.js';

/** The language version we implement; `--compatible` may not name a later one. */
export const STAP_VERSION = '5.6';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One parse in progress: the record being built plus what stap tracks on the side. */
export interface ParseState {
  readonly o: Mutable<Options>;
  /** Lines to print before acting: `WARNING: …` (hidden by `-w`) or plain notes. */
  readonly warnings: string[];
  readonly operands: string[];
  cmdlineScript: string | undefined;
  benchmarkLoops: number;
  benchmarkThreads: number;
  listServers: boolean;
  trustServers: boolean;
  clientOptions: boolean;
}

/** Options that end processing at once, successfully. */
export type Stop = 'help' | 'version' | 'clean-cache';

/** `arg` is defined for options with a required argument, and for optional ones given `=VALUE`. */
type Handler = (st: ParseState, arg: string | undefined) => Stop | undefined;

/** The value of a required argument (getopt guarantees one). */
function req(arg: string | undefined): string {
  if (arg === undefined) throw new Error('getopt returned a required-argument option without its argument');
  return arg;
}

const set =
  (apply: (o: Mutable<Options>) => void): Handler =>
  (st) => {
    apply(st.o);
    return undefined;
  };

const withArg =
  (apply: (o: Mutable<Options>, arg: string, st: ParseState) => void): Handler =>
  (st, arg) => {
    apply(st.o, req(arg), st);
    return undefined;
  };

const stop =
  (what: Stop): Handler =>
  () =>
    what;

/** `-J`/`-j` are in `STAP_SHORT_OPTIONS`, but no case of stap's parser handles them. */
const unhandled =
  (letter: string): Handler =>
  () => {
    throw new OptionError(`Unhandled argument code ${letter.charCodeAt(0)}`);
  };

const dyninstUnavailable = 'ERROR: --runtime=dyninst unavailable; this build lacks DYNINST feature';

export const OPTION_HANDLERS = {
  // ---- stopping
  h: stop('help'),
  help: stop('help'),
  V: stop('version'),
  version: stop('version'),
  'clean-cache': stop('clean-cache'),

  // ---- script, passes, verbosity
  e: (st, arg) => {
    if (st.cmdlineScript !== undefined)
      throw new OptionError('Only one script can be given on the command line.');
    st.cmdlineScript = req(arg);
    return undefined;
  },
  E: withArg((o, a) => {
    o.additionalScripts = [...o.additionalScripts, a];
  }),
  p: withArg((o, a) => {
    o.lastPass = parsePass(a);
  }),
  v: set((o) => {
    o.verbose++;
    o.verbosePerPass = addVerbosity(o.verbosePerPass, [1, 1, 1, 1, 1]);
  }),
  vp: withArg((o, a) => {
    if (!/^[0-9]{1,5}$/.test(a)) throw new OptionError('Invalid --vp argument: it takes 1 to 5 digits.');
    o.verbosePerPass = addVerbosity(
      o.verbosePerPass,
      [0, 1, 2, 3, 4].map((i) => Number(a[i] ?? '0')),
    );
  }),
  example: set((o) => {
    o.runExample = true;
  }),

  // ---- listing
  l: withArg((o, a) => {
    setDump(o, { kind: 'matched-probes', pattern: a, withVariables: false });
    o.suppressWarnings = true;
  }),
  L: withArg((o, a) => {
    setDump(o, { kind: 'matched-probes', pattern: a, withVariables: true });
    o.unoptimized = true;
    o.suppressWarnings = true;
  }),
  'dump-probe-types': set((o) => setDump(o, { kind: 'probe-types' })),
  'dump-probe-aliases': set((o) => {
    setDump(o, { kind: 'probe-aliases' });
    o.suppressWarnings = true;
  }),
  'dump-functions': set((o) => {
    setDump(o, { kind: 'functions' });
    o.suppressWarnings = true;
    o.unoptimized = true;
  }),
  'dump-features': set((o) => setDump(o, { kind: 'features' })),

  // ---- language and diagnostics
  I: withArg((o, a) => {
    o.includeDirs = [...o.includeDirs, a];
  }),
  g: set((o) => {
    o.guruMode = true;
  }),
  u: set((o) => {
    o.unoptimized = true;
  }),
  w: set((o) => {
    o.suppressWarnings = true;
  }),
  W: set((o) => {
    o.warningsAsErrors = true;
  }),
  t: set((o) => {
    o.probeTiming = true;
  }),
  q: set((o) => {
    o.tapsetCoverage = true;
  }),
  P: set((o) => {
    o.prologueSearching = 'always';
  }),
  'prologue-searching': (st, arg) => {
    st.o.prologueSearching = parseWhen(arg, '--prologue-searching');
    return undefined;
  },
  D: withArg((o, a) => {
    assertSafe('-D parameter', a, '^[a-z_][a-z_0-9]*(=-?[a-z_0-9]+)?$');
    o.macros = [...o.macros, splitNameValue(a)];
  }),
  compatible: withArg((o, a) => {
    if (compareVersions(a, STAP_VERSION) > 0) {
      throw new OptionError(
        `ERROR: systemtap version ${STAP_VERSION} cannot be compatible with future version ${a}`,
      );
    }
    o.compatible = a;
  }),
  'check-version': set((o) => {
    o.checkVersion = true;
  }),
  'skip-badvars': set((o) => {
    o.skipBadVars = true;
  }),
  'semantic-keep-going': set((o) => {
    o.semanticKeepGoing = true;
  }),
  'suppress-handler-errors': set((o) => {
    o.suppressHandlerErrors = true;
  }),
  'suppress-time-limits': set((o) => {
    // Order matters, as in stap: -g must come first.
    if (!o.guruMode) throw new OptionError('ERROR --suppress-time-limits requires guru mode (-g)');
    o.suppressTimeLimits = true;
  }),
  privilege: withArg((o, a) => {
    if (a !== 'stapusr' && a !== 'stapsys' && a !== 'stapdev') {
      throw new OptionError(`Invalid argument '${a}' for --privilege.`);
    }
    setPrivilege(o, a);
  }),
  unprivileged: set((o) => setPrivilege(o, 'stapusr')),
  diagnostics: withArg((o, a) => {
    if (a !== 'text' && a !== 'json') throw new OptionError(`Invalid argument '${a}' for --diagnostics.`);
    o.diagnostics = a;
  }),
  color: (st, arg) => {
    st.o.color = parseWhen(arg, '--color');
    return undefined;
  },

  // ---- target and build
  runtime: withArg((o, a) => {
    if (a === 'dyninst') throw new OptionError(dyninstUnavailable);
    if (a !== 'kernel' && a !== 'bpf')
      throw new OptionError(`ERROR: ${a} is an invalid argument for --runtime`);
    o.runtime = a;
  }),
  bpf: set((o) => {
    o.runtime = 'bpf';
  }),
  dyninst: () => {
    throw new OptionError(dyninstUnavailable);
  },
  r: withArg((o, a) => {
    o.kernel = a.startsWith('/') ? { kind: 'build-tree', dir: a } : { kind: 'release', release: a };
  }),
  a: withArg((o, a) => {
    assertSafe('-a parameter', a, '^[a-z0-9_-]+$');
    o.arch = a;
  }),
  R: withArg((o, a) => {
    o.runtimeDir = a;
  }),
  m: withArg((o, a, st) => {
    o.moduleName = parseModuleName(a, (note) => st.warnings.push(note));
  }),
  k: set((o) => {
    o.keepTmpdir = true;
  }),
  debug: set((o) => {
    o.debugBuild = true;
    o.keepTmpdir = true;
  }),
  B: withArg((o, a) => {
    o.kbuildFlags = [...o.kbuildFlags, a];
  }),
  modinfo: withArg((o, a) => {
    assertSafe('--modinfo parameter', a, '^[a-z_][a-z0-9_]*=.+$');
    o.modinfo = [...o.modinfo, a];
  }),
  tmpdir: withArg((o, a) => {
    o.tmpdir = a;
  }),
  sysroot: withArg((o, a) => {
    if (o.sysroot !== undefined) throw new OptionError('ERROR: multiple --sysroot options not supported');
    o.sysroot = a.length > 1 && a.endsWith('/') ? a.slice(0, -1) : a;
  }),
  sysenv: withArg((o, a) => {
    if (o.sysroot === undefined) throw new OptionError('ERROR: --sysenv must follow --sysroot');
    const eq = a.indexOf('=');
    if (eq < 0) throw new OptionError(`ERROR: ${a} is an invalid argument for --sysenv`);
    o.sysenv = new Map([...o.sysenv, [a.slice(0, eq), a.slice(eq + 1)]]);
  }),
  'build-as': (st, arg) => {
    st.o.buildAs = arg ?? '';
    return undefined;
  },
  'disable-cache': set((o) => {
    o.cacheDisabled = true;
  }),
  'poison-cache': set((o) => {
    o.cachePoisoned = true;
  }),
  'client-options': (st) => {
    st.clientOptions = true;
    return undefined;
  },

  // ---- symbols
  d: withArg((o, a) => {
    if (a === '') throw new OptionError('Data object (-d) cannot be empty.');
    o.unwindObjects = [...o.unwindObjects, a];
  }),
  ldd: set((o) => {
    o.ldd = true;
  }),
  'all-modules': set((o) => {
    o.allModules = true;
  }),
  'save-uprobes': set((o) => {
    o.saveUprobes = true;
  }),
  'sign-module': set((o) => {
    o.signModule = true;
  }),
  'download-debuginfo': (st, arg) => {
    st.o.downloadDebuginfo = parseDownloadDebuginfo(arg);
    return undefined;
  },

  // ---- pass 5
  c: withArg((o, a) => {
    if (a === '') throw new OptionError('Empty CMD string invalid.');
    o.targetCommand = a;
  }),
  x: withArg((o, a) => {
    o.targetPid = parseUnsigned(a, 'Invalid target process ID number.', true);
  }),
  o: withArg((o, a) => {
    o.outputFile = a;
  }),
  T: withArg((o, a) => {
    o.timeoutMs = parseTimeoutMs(a);
  }),
  s: withArg((o, a) => {
    const n = parseUnsigned(a, 'Invalid buffer size (should be 1-4095).');
    if (n < 1 || n > 4095) throw new OptionError('Invalid buffer size (should be 1-4095).');
    o.bufferSizeMb = n;
  }),
  b: set((o) => {
    o.bulkMode = true;
  }),
  F: set((o) => {
    o.flightRecorder = true;
  }),
  S: withArg((o, a) => {
    assertSafe('-S parameter', a, '^[0-9]+(,[0-9]+)?$');
    const [size, files] = a.split(',');
    o.outputRotation = { sizeMb: Number(size), maxFiles: files === undefined ? undefined : Number(files) };
  }),
  G: withArg((o, a) => {
    assertSafe('-G parameter', a, '^[a-z_][a-z0-9_]*=[a-z0-9_.-]+$');
    o.globalSettings = [...o.globalSettings, splitNameValue(a)];
  }),
  'target-namespaces': withArg((o, a) => {
    o.targetNamespacesPid = parsePositive(a, 'Invalid process ID number for target namespaces.');
  }),
  monitor: (st, arg) => {
    st.o.monitorIntervalSecs = arg === undefined ? 1 : parsePositive(arg, 'Invalid monitor interval.');
    return undefined;
  },
  'no-global-var-display': set((o) => {
    o.noGlobalVarDisplay = true;
  }),
  remote: withArg((o, a) => {
    o.remotes = [...o.remotes, a];
  }),
  'remote-prefix': set((o) => {
    o.remotePrefix = true;
  }),
  'rlimit-as': withArg((o, a) => setRlimit(o, 'addressSpaceBytes', 'rlimit-as', a)),
  'rlimit-cpu': withArg((o, a) => setRlimit(o, 'cpuSecs', 'rlimit-cpu', a)),
  'rlimit-nproc': withArg((o, a) => setRlimit(o, 'processes', 'rlimit-nproc', a)),
  'rlimit-stack': withArg((o, a) => setRlimit(o, 'stackBytes', 'rlimit-stack', a)),
  'rlimit-fsize': withArg((o, a) => setRlimit(o, 'fileSizeBytes', 'rlimit-fsize', a)),
  i: set((o) => {
    o.interactive = true;
  }),
  interactive: set((o) => {
    o.interactive = true;
  }),
  'language-server': set((o) => {
    o.languageServer = true;
  }),
  J: unhandled('J'),
  j: unhandled('j'),

  // ---- compile servers (none in this build) and stap's secret benchmark
  'use-server': (st, arg) => {
    st.o.servers = [...st.o.servers, arg ?? ''];
    return undefined;
  },
  'use-http-server': withArg((o, a) => {
    o.httpServers = [...o.httpServers, a];
  }),
  'use-server-on-error': (st, arg) => {
    const a = (arg ?? 'yes').toLowerCase();
    if (a === 'yes' || a === 'ye' || a === 'y') st.o.useServerOnError = true;
    else if (a === 'no' || a === 'n') st.o.useServerOnError = false;
    else st.warnings.push(`Invalid argument '${arg}' for --use-server-on-error.`);
    return undefined;
  },
  'list-servers': (st) => {
    st.listServers = true;
    return undefined;
  },
  'trust-servers': (st) => {
    st.trustServers = true;
    return undefined;
  },
  'benchmark-sdt': (st) => {
    st.benchmarkThreads = 1;
    return undefined;
  },
  'benchmark-sdt-loops': (st, arg) => {
    st.benchmarkLoops = strtoulLoose(req(arg));
    return undefined;
  },
  'benchmark-sdt-threads': (st, arg) => {
    st.benchmarkThreads = strtoulLoose(req(arg));
    return undefined;
  },
} as const satisfies Record<OptionId, Handler>;

function addVerbosity(v: Options['verbosePerPass'], add: readonly number[]): Options['verbosePerPass'] {
  return [
    v[0] + (add[0] ?? 0),
    v[1] + (add[1] ?? 0),
    v[2] + (add[2] ?? 0),
    v[3] + (add[3] ?? 0),
    v[4] + (add[4] ?? 0),
  ];
}

function setDump(o: Mutable<Options>, dump: DumpMode): void {
  if (o.dump.kind !== 'none') {
    throw new OptionError('ERROR: only one of the -l/-L/--dump-* switches may be specified');
  }
  o.dump = dump;
}

function setPrivilege(o: Mutable<Options>, privilege: Privilege): void {
  if (o.privilege !== undefined && o.privilege !== privilege) {
    throw new OptionError('Privilege level may be set only once.');
  }
  o.privilege = privilege;
}

function parseDownloadDebuginfo(arg: string | undefined): DebuginfoDownload {
  if (arg === undefined || arg === 'yes') return { kind: 'on' };
  if (arg === 'no') return { kind: 'off' };
  const secs = Number.parseInt(arg, 10);
  if (secs > 0) return { kind: 'timeout', timeoutSecs: secs };
  if (arg === 'ask') return { kind: 'ask' };
  throw new OptionError(`ERROR: ${arg} is not a valid value. Use 'yes', 'no', 'ask' or a timeout value.`);
}

function setRlimit(o: Mutable<Options>, field: keyof ResourceLimits, option: string, text: string): void {
  if (text === '') throw new OptionError(`An --${option} option value must be specified.`);
  const n = parseCInteger(text);
  if (n === undefined) {
    throw new OptionError(
      option === 'rlimit-as'
        ? `Unable to convert rlimit-as resource limit '${text}'.`
        : `Unable to convert resource limit '${text}' for ${option}`,
    );
  }
  o.rlimits = { ...o.rlimits, [field]: n };
}
