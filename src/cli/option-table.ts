/**
 * stap's option vocabulary (cmdline.h / cmdline.cxx in SystemTap 5.6), plus tstap's own
 * `--diagnostics` and `--dump-features`. Keeping the table in one place lets `--help` and the
 * tests check that every option is both parsed and documented.
 */
import type { LongOption } from './getopt.js';

/** `STAP_SHORT_OPTIONS`, verbatim. */
export const SHORT_OPTIONS = 'hVvtp:I:e:E:o:R:r:a:m:kgPc:x:D:bs:uqiwl:d:L:FS:B:J:jWG:T:';

export type ShortOptionId =
  | 'h'
  | 'V'
  | 'v'
  | 't'
  | 'p'
  | 'I'
  | 'e'
  | 'E'
  | 'o'
  | 'R'
  | 'r'
  | 'a'
  | 'm'
  | 'k'
  | 'g'
  | 'P'
  | 'c'
  | 'x'
  | 'D'
  | 'b'
  | 's'
  | 'u'
  | 'q'
  | 'i'
  | 'w'
  | 'l'
  | 'd'
  | 'L'
  | 'F'
  | 'S'
  | 'B'
  | 'J'
  | 'j'
  | 'W'
  | 'G'
  | 'T';

export const LONG_OPTIONS = [
  { name: 'skip-badvars', argument: 'none', id: 'skip-badvars' },
  { name: 'vp', argument: 'required', id: 'vp' },
  { name: 'unprivileged', argument: 'none', id: 'unprivileged' },
  { name: 'build-as', argument: 'optional', id: 'build-as' },
  { name: 'client-options', argument: 'none', id: 'client-options' },
  { name: 'help', argument: 'none', id: 'help' },
  { name: 'disable-cache', argument: 'none', id: 'disable-cache' },
  { name: 'poison-cache', argument: 'none', id: 'poison-cache' },
  { name: 'clean-cache', argument: 'none', id: 'clean-cache' },
  { name: 'compatible', argument: 'required', id: 'compatible' },
  { name: 'ldd', argument: 'none', id: 'ldd' },
  { name: 'use-server', argument: 'optional', id: 'use-server' },
  { name: 'list-servers', argument: 'optional', id: 'list-servers' },
  { name: 'trust-servers', argument: 'optional', id: 'trust-servers' },
  { name: 'use-server-on-error', argument: 'optional', id: 'use-server-on-error' },
  { name: 'use-http-server', argument: 'required', id: 'use-http-server' },
  { name: 'all-modules', argument: 'none', id: 'all-modules' },
  { name: 'sign-module', argument: 'optional', id: 'sign-module' },
  { name: 'remote', argument: 'required', id: 'remote' },
  { name: 'remote-prefix', argument: 'none', id: 'remote-prefix' },
  { name: 'check-version', argument: 'none', id: 'check-version' },
  { name: 'version', argument: 'none', id: 'version' },
  { name: 'tmpdir', argument: 'required', id: 'tmpdir' },
  { name: 'download-debuginfo', argument: 'optional', id: 'download-debuginfo' },
  { name: 'dump-probe-types', argument: 'none', id: 'dump-probe-types' },
  { name: 'dump-probe-aliases', argument: 'none', id: 'dump-probe-aliases' },
  { name: 'dump-functions', argument: 'none', id: 'dump-functions' },
  { name: 'privilege', argument: 'required', id: 'privilege' },
  { name: 'suppress-handler-errors', argument: 'none', id: 'suppress-handler-errors' },
  { name: 'modinfo', argument: 'required', id: 'modinfo' },
  { name: 'rlimit-as', argument: 'required', id: 'rlimit-as' },
  { name: 'rlimit-cpu', argument: 'required', id: 'rlimit-cpu' },
  { name: 'rlimit-nproc', argument: 'required', id: 'rlimit-nproc' },
  { name: 'rlimit-stack', argument: 'required', id: 'rlimit-stack' },
  { name: 'rlimit-fsize', argument: 'required', id: 'rlimit-fsize' },
  { name: 'sysroot', argument: 'required', id: 'sysroot' },
  { name: 'sysenv', argument: 'required', id: 'sysenv' },
  { name: 'suppress-time-limits', argument: 'none', id: 'suppress-time-limits' },
  { name: 'runtime', argument: 'required', id: 'runtime' },
  { name: 'dyninst', argument: 'none', id: 'dyninst' },
  { name: 'bpf', argument: 'none', id: 'bpf' },
  { name: 'benchmark-sdt', argument: 'none', id: 'benchmark-sdt' },
  { name: 'benchmark-sdt-loops', argument: 'required', id: 'benchmark-sdt-loops' },
  { name: 'benchmark-sdt-threads', argument: 'required', id: 'benchmark-sdt-threads' },
  { name: 'color', argument: 'optional', id: 'color' },
  { name: 'colour', argument: 'optional', id: 'color' },
  { name: 'prologue-searching', argument: 'optional', id: 'prologue-searching' },
  { name: 'save-uprobes', argument: 'none', id: 'save-uprobes' },
  { name: 'target-namespaces', argument: 'required', id: 'target-namespaces' },
  { name: 'monitor', argument: 'optional', id: 'monitor' },
  { name: 'interactive', argument: 'none', id: 'interactive' },
  { name: 'example', argument: 'none', id: 'example' },
  { name: 'no-global-var-display', argument: 'none', id: 'no-global-var-display' },
  { name: 'language-server', argument: 'none', id: 'language-server' },
  { name: 'debug', argument: 'none', id: 'debug' },
  { name: 'semantic-keep-going', argument: 'none', id: 'semantic-keep-going' },
  // tstap's own.
  { name: 'diagnostics', argument: 'required', id: 'diagnostics' },
  { name: 'dump-features', argument: 'none', id: 'dump-features' },
] as const satisfies readonly LongOption<string>[];

export type LongOptionId = (typeof LONG_OPTIONS)[number]['id'];
export type OptionId = ShortOptionId | LongOptionId;
