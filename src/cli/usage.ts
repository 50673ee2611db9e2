/**
 * `-V` and `--help` text, laid out like stap's (`systemtap_session::version` and `::usage`).
 * Every option in `option-table.ts` appears here; `usage.test.ts` checks that.
 */
import { defaultOptions, type Options, STAP_VERSION } from './options.js';
import { packageVersion } from './package-info.js';

export function versionText(): string {
  return (
    `tstap translator/driver (version ${packageVersion()}, systemtap language ${STAP_VERSION})\n` +
    'Copyright (C) the tstap authors\n' +
    'This is free software; see the source for copying conditions.\n' +
    'tstap compiles SystemTap scripts straight to eBPF; no kernel module, compiler or debuginfo.\n' +
    'enabled features: BPF\n'
  );
}

/** stap's hint after a usage error (stderr). */
export const USAGE_HINT =
  "Try '--help' for more information. [man stap]\n" +
  'A message like [man foo] means for more info, run % man foo\n';

export interface HelpContext {
  /** `$SYSTEMTAP_DIR`, where the `rc` file is read from. */
  readonly dataDir: string;
  /** The tapset search path, first the built-in tapset directory, then each `-I DIR`. */
  readonly includePath: readonly string[];
  readonly arch: string;
  readonly kernelRelease: string;
}

export function helpText(options: Options, ctx: HelpContext): string {
  const set = (b: boolean) => (b ? ' [set]' : '');
  const d = defaultOptions();
  const verbose = options.verbosePerPass.map((n) => Math.min(n, 9)).join('');
  const lines: string[] = [
    versionText(),
    'Usage: tstap [options] FILE                    Run script in file.',
    '   or: tstap [options] -                       Run script on stdin.',
    '   or: tstap [options] -e SCRIPT               Run given script.',
    '   or: tstap [options] -l PROBE                List matching probes.',
    '   or: tstap [options] -L PROBE                List matching probes and local variables.',
    '   or: tstap [options] --dump-probe-types      List available probe types.',
    '   or: tstap [options] --dump-probe-aliases    List available probe aliases.',
    '   or: tstap [options] --dump-functions        List available functions.',
    '   or: tstap [options] --dump-features         List the kernel features tstap uses.',
    '',
    'Script arguments (ARGS after FILE, - or -e SCRIPT) become $1... (raw) and @1... (quoted).',
    '',
    `Options (in ${ctx.dataDir}/rc and on command line):`,
    '   --         end of translator options, script options follow',
    '   -h --help  show help',
    '   -V --version',
    '              show version',
    `   -p NUM     stop after pass NUM 1-5, instead of ${d.lastPass}`,
    '              (parse, elaborate, translate, build, run)',
    '   -e SCRIPT  run the given script; every operand is then a script argument',
    '   -v         add verbosity to all passes',
    `   --vp {N}+  add per-pass verbosity [${verbose}]`,
    '   -k         keep temporary directory',
    `   -u         unoptimized translation${set(options.unoptimized)}`,
    `   -w         suppress warnings${set(options.suppressWarnings)}`,
    `   -W         turn warnings into errors${set(options.warningsAsErrors)}`,
    `   -g         guru mode${set(options.guruMode)}`,
    `   -P         prologue-searching for function probes${set(options.prologueSearching === 'always')}`,
    `   -b         bulk (percpu file) mode${set(options.bulkMode)}`,
    '   -i --interactive',
    '              interactive mode (not supported by this build; ignored)',
    '   -s NUM     buffer size in megabytes (1-4095), instead of the runtime default',
    `   -I DIR     look in DIR for additional .stp script files${ctx.includePath.length ? ', in addition to' : ''}`,
    ...ctx.includePath.map((p) => `              ${p}`),
    '   -D NM=VAL  set a limit or option of the generated code (MAXSTRINGLEN, MAXMAPENTRIES, ...)',
    '   -B NM=VAL  pass option to kbuild make (accepted; tstap builds no module)',
    '   --debug    build with extra debugging info',
    '   --modinfo NM=VAL',
    '              include a MODULE_INFO(NM,VAL) (accepted; tstap builds no module)',
    '   -G VAR=VAL set global variable to value',
    '   -R DIR     look in DIR for runtime (accepted; tstap has no C runtime)',
    '   -r DIR     cross-compile to kernel with given build tree; or else',
    '   -r RELEASE cross-compile to kernel RELEASE, instead of',
    `              ${ctx.kernelRelease}`,
    `   -a ARCH    cross-compile to given architecture, instead of ${ctx.arch}`,
    '   -m MODULE  set probe module name',
    '   -o FILE    send script output to file, instead of stdout. This supports',
    '              strftime(3) formats for FILE',
    '   -E SCRIPT  run the SCRIPT in addition to the main script specified',
    '              through -e or a script file',
    '   -c CMD     start the probes, run CMD, and exit when it finishes',
    '   -x PID     sets target() to PID',
    '   -F         run as on-file flight recorder with -o.',
    '              run as on-memory flight recorder without -o.',
    '   -S size[,n] set maximum of the size and the number of files.',
    '   -d OBJECT  add unwind/symbol data for OBJECT file',
    '   --ldd      add unwind/symbol data for referenced user-space objects.',
    '   --all-modules',
    '              add unwind/symbol data for all loaded kernel objects.',
    '   -t         collect probe timing information',
    '   -T TIME    terminate the script after TIME seconds',
    '   -q         generate information on tapset coverage',
    '   -l PROBE   list probe points matching PROBE',
    '   -L PROBE   list probe points matching PROBE, with their context variables',
    '   --runtime=MODE',
    '              set the runtime the script sees in %( runtime == ... %): bpf (default)',
    '              or kernel; either way it runs on the eBPF back end',
    '   --bpf',
    '              shorthand for --runtime=bpf',
    '   --dyninst',
    '              shorthand for --runtime=dyninst (not available in this build)',
    '   --prologue-searching[=WHEN]',
    '              prologue-searching for function probes (always, auto, never)',
    '   --privilege=PRIVILEGE_LEVEL',
    '              check the script for constructs not allowed at the given privilege level',
    '   --unprivileged',
    '              equivalent to --privilege=stapusr',
    '   --compatible=VERSION',
    '              suppress incompatible language/tapset changes beyond VERSION,',
    `              instead of ${options.compatible}`,
    '   --check-version',
    '              displays warnings where a syntax element may be ',
    '              version dependent',
    '   --skip-badvars',
    '              substitute zero for bad context $variables',
    '   --suppress-handler-errors',
    '              catch all runtime errors, quietly skip probe handlers',
    '   --semantic-keep-going',
    '              like make -k for pass 2: continue after semantic errors,',
    '              dump a machine-parseable error catalog, still fail if any',
    '   --color[=WHEN], --colour[=WHEN]',
    '              colour diagnostics: always (default without WHEN), auto, never',
    '   --diagnostics=FORMAT',
    '              print diagnostics as text (default) or json (one object per line)',
    '   --use-server[=SERVER-SPEC]',
    '              specify systemtap compile-servers (not supported by this build)',
    '   --list-servers[=PROPERTIES]',
    '              report on the status of compile-servers (not supported by this build)',
    '   --trust-servers[=TRUST-SPEC]',
    '              add/revoke trust of compile-servers (not supported by this build)',
    '   --use-server-on-error[=yes/no]',
    '              retry compilation using a compile server upon compilation error',
    '   --use-http-server=SERVER-SPEC',
    '              specify systemtap http compile server (not supported by this build)',
    '   --client-options',
    '              (compile-server use only)',
    '   --sign-module[=PATH]',
    '              sign the module for Secure Boot (accepted; tstap builds no module)',
    '   --remote=HOSTNAME',
    '              run pass 5 on the specified ssh host.',
    '              may be repeated for targeting multiple hosts.',
    '   --remote-prefix',
    '              prefix each line of remote output with a host index.',
    '   --tmpdir=NAME',
    '              specify name of temporary directory to be used.',
    '   --download-debuginfo[=OPTION]',
    '              automatically download debuginfo using ABRT.',
    '              yes,no,ask,<timeout value>',
    '   --dump-probe-types',
    '              show a list of available probe types.',
    '   --dump-probe-aliases',
    '              show a list of available probe aliases.',
    '   --dump-functions',
    '              show a list of available functions.',
    '   --dump-features',
    '              show the kernel features tstap detects and uses.',
    '   --sysroot=DIR',
    '              specify sysroot directory where target files (executables,',
    '              libraries, etc.) are located.',
    '   --sysenv=VAR=VALUE',
    '              provide an alternate value for an environment variable',
    '              where the value on a remote system differs.  Path',
    '              variables (e.g. PATH, LD_LIBRARY_PATH) are assumed to be',
    '              relative to the sysroot.',
    '   --suppress-time-limits',
    '              disable -DSTP_OVERLOAD, -DMAXACTION, and -DMAXTRYACTION limits (needs -g)',
    '   --save-uprobes',
    '              save uprobes.ko to current directory if it is built from source',
    '   --target-namespaces=PID',
    '              sets the target namespaces pid to PID',
    '   --monitor[=INTERVAL]',
    '              enables runtime interactive monitoring',
    '   --no-global-var-display',
    '              do not print written-but-never-read globals at exit',
    '   --example',
    '              run the installed example named by the FILE operand',
    '   --language-server',
    '              starts a systemtap language server (not supported by this build)',
    '   --disable-cache, --poison-cache, --clean-cache',
    '              control the compiled-script cache',
    '   --rlimit-as=N, --rlimit-cpu=N, --rlimit-nproc=N, --rlimit-stack=N, --rlimit-fsize=N',
    '              resource limits for tstap itself',
    '   --build-as=VALUE',
    '              Set user running passes 1-4',
    '',
  ];
  return `${lines.join('\n')}\n`;
}
