/**
 * End to end: `node bin/tstap.js ARGS`, checked against what stap prints (stdout, stderr, exit
 * status). Each run gets an empty `$SYSTEMTAP_DIR` so a developer's `~/.systemtap/rc` cannot
 * change the outcome.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'tstap-cli-'));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function tstap(args: readonly string[], stdin?: string): Run {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'tstap.js'), ...args], {
    cwd: scratch,
    input: stdin ?? '',
    encoding: 'utf8',
    env: { ...process.env, SYSTEMTAP_DIR: scratch, SYSTEMTAP_TAPSET: undefined },
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PARSE_FAILED = 'Pass 1: parse failed.  [man error::pass1]\n';
const USAGE_HINT =
  "Try '--help' for more information. [man stap]\nA message like [man foo] means for more info, run % man foo\n";

test('-p1 -e prints the parse tree dump', () => {
  const r = tstap(['-p1', '-e', 'probe begin { println("hi") }']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '# parse tree dump\n# file <input>\nprobe begin{\nprintln("hi");\n}\n\n');
  assert.equal(r.status, 0);
});

test('a parse error: stap’s message, count line and pass-1 trailer, exit 1', () => {
  const r = tstap(['-p1', '-e', 'foo']);
  assert.equal(
    r.stderr,
    "parse error: expected 'probe', 'global', 'private', 'function', or '%{'\n" +
      "        saw: identifier 'foo' at <input>:1:1\n" +
      '     source: foo\n' +
      '             ^\n' +
      '\n' +
      '1 parse error.\n' +
      PARSE_FAILED,
  );
  assert.equal(r.stdout, '');
  assert.equal(r.status, 1);
});

test('a parse error in a file names the file', () => {
  const file = path.join(scratch, 'bad.stp');
  writeFileSync(file, 'probe begin {\n  x = 1\n}\nfoo\n');
  const r = tstap(['-p1', file]);
  assert.match(r.stderr, new RegExp(`saw: identifier 'foo' at ${file.replace(/[.]/g, '\\.')}:4:1\n`));
  assert.ok(r.stderr.endsWith(`1 parse error.\n${PARSE_FAILED}`));
  assert.equal(r.status, 1);
});

test('empty and missing input', () => {
  const empty = tstap(['-p1', '-e', '']);
  assert.equal(empty.stderr, `Input file '<input>' is empty.\n${PARSE_FAILED}`);
  assert.equal(empty.status, 1);
  const missing = tstap(['-p1', '/nonexistent/x.stp']);
  assert.equal(missing.stderr, `Input file '/nonexistent/x.stp' is missing.\n${PARSE_FAILED}`);
  assert.equal(missing.status, 1);
});

test('-V prints the version banner naming tstap', () => {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const r = tstap(['-V']);
  assert.ok(
    r.stdout.startsWith(`tstap translator/driver (version ${version}, systemtap language 5.6)\n`),
    r.stdout,
  );
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.equal(tstap(['--version']).stdout, r.stdout);
});

test('-h prints the usage on stdout', () => {
  const r = tstap(['-h']);
  assert.match(r.stdout, /^Usage: tstap \[options\] FILE {20}Run script in file\.$/m);
  assert.match(r.stdout, /^ {3}-p NUM {5}stop after pass NUM 1-5, instead of 5$/m);
  assert.match(r.stdout, /^ {3}--runtime=MODE$/m);
  assert.equal(r.status, 0);
  assert.equal(tstap(['--help']).stdout, r.stdout);
});

test('usage errors', () => {
  const bad = tstap(['-Z']);
  assert.equal(bad.stderr, `tstap: invalid option -- 'Z'\n${USAGE_HINT}`);
  assert.equal(bad.status, 1);
  const none = tstap([]);
  assert.equal(
    none.stderr,
    `A script must be specified.\nTry '-i' for building a script interactively.\n${USAGE_HINT}`,
  );
  assert.equal(none.status, 1);
  const pass = tstap(['-p', '7', '-e', 'probe begin {}']);
  assert.equal(pass.stderr, 'Invalid pass number (should be 1-5).\n');
  assert.equal(pass.status, 1);
});

test('grouped options: -gp1 is guru mode and pass 1; -vp1 adds the pass-1 timing line', () => {
  const guru = tstap(['-gp1', '-e', '%{ int x; %} probe begin {}']);
  assert.equal(guru.status, 0, guru.stderr);
  assert.ok(guru.stdout.includes('%{ int x; %}'), guru.stdout);
  // Without -g, embedded C in a user script is a parse error.
  assert.equal(tstap(['-p1', '-e', '%{ int x; %} probe begin {}']).status, 1);

  const verbose = tstap(['-vp1', '-e', 'probe begin {}']);
  assert.equal(verbose.status, 0, verbose.stderr);
  assert.match(
    verbose.stderr,
    /^Pass 1: parsed user script and \d+ library scripts? using \d+virt\/\d+res\/\d+shr\/\d+data kb, in \d+usr\/\d+sys\/\d+real ms\.$/m,
  );
  assert.ok(
    verbose.stdout.startsWith('# parse tree dump\n# file <input>\nprobe begin{\n}\n'),
    verbose.stdout,
  );
});

test('script arguments: $1 pastes a token, @1 a string', () => {
  const r = tstap(['-p1', '-e', 'probe begin { println(@1, $2, $#) }', 'hello', '42']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '# parse tree dump\n# file <input>\nprobe begin{\nprintln("hello", 42, 2);\n}\n\n');
  assert.equal(r.status, 0);
  // A FILE's arguments follow it; options may still come after (GNU permutation).
  const file = path.join(scratch, 'args.stp');
  writeFileSync(file, 'probe begin { printf("%s\\n", @1) }\n');
  const f = tstap([file, 'world', '-p1']);
  assert.equal(f.status, 0, f.stderr);
  assert.ok(f.stdout.includes(`# file ${file}\n`));
  assert.ok(f.stdout.includes('printf("%s\\n", "world");'), f.stdout);
});

test('the script on stdin with -', () => {
  const r = tstap(['-p1', '-'], 'probe end { exit() }\n');
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '# parse tree dump\n# file <input>\nprobe end{\nexit();\n}\n\n');
  assert.equal(r.status, 0);
});

test('--diagnostics=json: one JSON object per diagnostic, nothing else on stderr', () => {
  const r = tstap(['--diagnostics=json', '-p1', '-e', 'foo']);
  assert.equal(r.status, 1);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  const d = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.equal(d.category, 'parse');
  assert.equal(d.severity, 'error');
  assert.equal(d.message, "expected 'probe', 'global', 'private', 'function', or '%{'");
  assert.equal(d.token, "identifier 'foo'");
  assert.deepEqual(d.location, { file: '<input>', line: 1, column: 1, start: 0, end: 3 });
  assert.equal(typeof d.code, 'string');
});

test('later passes: -p2 elaborates, a run prints, an unknown probe family fails pass 2', () => {
  const p2 = tstap(['-p2', '-e', 'probe begin { exit() }']);
  assert.equal(p2.stdout, '# probes\nbegin /* <- begin */\n');
  assert.equal(p2.status, 0);
  const run = tstap(['-e', 'probe begin { println("hi"); exit() }']);
  assert.equal(run.stdout, 'hi\n');
  assert.equal(run.status, 0);
  const bad = tstap(['-p2', '-e', 'probe nosuch.family { }']);
  assert.equal(
    bad.stderr,
    "semantic error: while resolving probe point: identifier 'nosuch' at <input>:1:7\n" +
      '        source: probe nosuch.family { }\n' +
      '                      ^\n\n' +
      'semantic error: no match\n\n' +
      'Pass 2: analysis failed.  [man error::pass2]\n',
  );
  assert.equal(bad.status, 1);
  // A parse error still stops at pass 1.
  assert.ok(tstap(['-p2', '-e', 'foo']).stderr.endsWith(PARSE_FAILED));
});

test('--dump-probe-types lists the built-in patterns in stap’s tree order', () => {
  const r = tstap(['--dump-probe-types']);
  assert.equal(r.status, 0);
  const lines = r.stdout.split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    'begin',
    'begin(number)',
    'end',
    'end(number)',
    'error',
    'error(number)',
  ]);
  assert.ok(lines.indexOf('kernel.function(string)') < lines.indexOf('kernel.trace(string)'));
  assert.ok(lines.indexOf('kernel.trace(string)') < lines.indexOf('never'));
  assert.ok(lines.includes('perf.type(number).config(number).sample(number)'));
  assert.ok(lines.includes('timer.ms(number).randomize(number)'));
  assert.ok(lines.indexOf('timer.hz(number)') < lines.indexOf('timer.jiffies(number)'));
});

test('--dump-probe-aliases and --dump-functions list the tapset, `_` names only with -v', () => {
  const dir = mkdtempSync(path.join(scratch, 'tapset-'));
  writeFileSync(
    path.join(dir, 'extra.stp'),
    'function twice(x) { return x * 2 }\nfunction _hidden() { return 1 }\nprivate function mine() { return 2 }\n' +
      'probe my.alias = begin, end { }\nprobe _quiet += never { }\n',
  );
  const aliases = tstap(['-I', dir, '--dump-probe-aliases']);
  assert.equal(aliases.status, 0);
  assert.ok(aliases.stdout.includes('my.alias = begin, end\n'));
  assert.ok(aliases.stdout.includes('oneshot += begin\n'));
  assert.ok(!aliases.stdout.includes('_quiet'));
  assert.ok(tstap(['-v', '-I', dir, '--dump-probe-aliases']).stdout.includes('_quiet += never\n'));

  const functions = tstap(['-I', dir, '--dump-functions']);
  assert.equal(functions.status, 0);
  const lines = functions.stdout.split('\n');
  assert.ok(lines.includes('twice:long (x:long)'), 'typed by inference');
  assert.ok(lines.includes('strlen:long (s:string)'));
  assert.ok(lines.includes('exit:unknown ()'));
  assert.ok(lines.includes('set_kernel_long:unknown (addr:long, val:long) /* guru */'));
  assert.ok(!functions.stdout.includes('_hidden') && !functions.stdout.includes('mine'));
  // Sorted by mangled name: ansi_set_color2 before ansi_set_color.
  assert.ok(
    lines.indexOf('ansi_set_color2:unknown (fg:long, bg:long)') <
      lines.indexOf('ansi_set_color:unknown (fg:long)'),
  );
  assert.ok(tstap(['-v', '-I', dir, '--dump-functions']).stdout.includes('_hidden:long ()\n'));
});

test('-W turns pass-2 warnings into a failure, -w drops them', () => {
  const script = 'global unused\nprobe begin { exit() }';
  const warning =
    "WARNING: Eliding unused variable 'unused': identifier 'unused' at <input>:1:8\n" +
    ' source: global unused\n' +
    '                ^\n';
  const plain = tstap(['-p2', '-e', script]);
  assert.equal(plain.status, 0);
  assert.equal(plain.stderr, warning);
  const strict = tstap(['-W', '-p2', '-e', script]);
  assert.equal(strict.status, 1);
  assert.equal(strict.stdout, '');
  assert.equal(strict.stderr, `${warning}Pass 2: analysis failed.  [man error::pass2]\n`);
  const quiet = tstap(['-w', '-W', '-p2', '-e', script]);
  assert.equal(quiet.status, 0);
  assert.equal(quiet.stderr, '');
});

test('similar errors and warnings are printed once, then counted (all of them with -v)', () => {
  const errors = tstap(['-p2', '-e', 'probe begin { foo() } probe end { bar() }']);
  assert.equal(errors.status, 1);
  assert.ok(errors.stderr.includes('unresolved function foo'));
  assert.ok(!errors.stderr.includes('unresolved function bar'));
  assert.ok(
    errors.stderr.endsWith(
      'Pass 2: analysis failed.  [man error::pass2]\nNumber of similar error messages suppressed: 1.\nRerun with -v to see them.\n',
    ),
  );
  const warnings = tstap(['-p2', '-e', 'probe begin { 1; 2; 3; exit() }']);
  assert.equal(warnings.status, 0);
  assert.equal(warnings.stderr.split('Eliding side-effect-free expression').length - 1, 1);
  assert.ok(
    warnings.stderr.endsWith(
      'Number of similar warning messages suppressed: 2.\nRerun with -v to see them.\n',
    ),
  );
  const verbose = tstap(['-v', '-p2', '-e', 'probe begin { 1; 2; 3; exit() }']);
  assert.equal(verbose.stderr.split('Eliding side-effect-free expression').length - 1, 3);
  assert.ok(!verbose.stderr.includes('suppressed'));
});

test('--dump-features lists the kernel features', () => {
  const features = tstap(['--dump-features']);
  assert.equal(features.status, 0);
  assert.match(features.stdout, /^kernel \S+ /);
  assert.match(features.stdout, /BPF ring buffer maps\s+(yes|no)/);
});

const ALIASES =
  'probe foo.a = begin { name = "a"; n = 1 } probe foo.b = end { name = "b" } probe foo.c = begin(1), end {}';

test('-l lists each matched point once, sorted; exit 1 and no error text when nothing matches', () => {
  assert.deepEqual(tstap(['-l', 'begin']), { status: 0, stdout: 'begin\n', stderr: '' });
  assert.deepEqual(tstap(['-E', ALIASES, '-l', 'foo.*']), {
    status: 0,
    stdout: 'foo.a\nfoo.b\nfoo.c\n',
    stderr: '',
  });
  assert.deepEqual(tstap(['-l', 'nosuch.point']), { status: 1, stdout: '', stderr: '' });
});

test('-L adds the alias locals every derived probe shares', () => {
  const r = tstap(['-E', ALIASES, '-L', 'foo.*']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'foo.a name:string n:long\nfoo.b name:string\nfoo.c\n');
});

const tracefs = existsSync('/sys/kernel/tracing/events/sched/sched_switch/format');
test("-L lists a tracepoint's fields and TP_PROTO parameters", {
  skip: tracefs ? false : 'needs tracefs (/sys/kernel/tracing) readable: run as root',
}, () => {
  const r = tstap(['-L', 'kernel.trace("sched:sched_switch")']);
  assert.equal(r.status, 0);
  assert.match(
    r.stdout,
    /^kernel\.trace\("sched:sched_switch"\) \$prev_comm:string \$prev_pid:long .*\$next_pid:long .*\$prev:struct task_struct\* \$next:struct task_struct\*\n$/,
  );
  const wild = tstap(['-l', 'kernel.trace("sched:sched_switc*")']);
  assert.equal(wild.stdout, 'kernel.trace("sched:sched_switch")\n');
});

test('-l/-L list syscall aliases one per call, with the variables each sets', {
  skip: tracefs ? false : 'needs tracefs (/sys/kernel/tracing) readable: run as root',
}, () => {
  assert.deepEqual(tstap(['-l', 'syscall.openat']), { status: 0, stdout: 'syscall.openat\n', stderr: '' });
  assert.equal(
    tstap(['-L', 'syscall.close.return']).stdout,
    'syscall.close.return name:string retval:long retstr:string\n',
  );
  const open = tstap(['-L', 'syscall.openat']).stdout;
  assert.match(
    open,
    /^syscall\.openat name:string dfd:long dfd_str:string filename:string .*flags:long flags_str:string mode:long argstr:string\n$/,
  );
  const all = tstap(['-l', 'syscall.*'])
    .stdout.split('\n')
    .filter((l) => l !== '');
  assert.ok(all.length > 300, `only ${all.length} syscalls listed`);
  assert.ok(all.includes('syscall.read') && all.includes('syscall.pread'));
});

const python = '/usr/bin/python3.11';
test('-l/-L list the USDT markers of a binary', {
  skip: existsSync(python) ? false : `needs ${python}`,
}, () => {
  const marks = tstap(['-l', `process("${python}").mark("function__*")`]);
  assert.equal(
    marks.stdout,
    `process("${python}").mark("function__entry")\nprocess("${python}").mark("function__return")\n`,
  );
  assert.equal(
    tstap(['-L', `process("${python}").mark("function__entry")`]).stdout,
    `process("${python}").mark("function__entry") $arg1:long $arg2:long $arg3:long\n`,
  );
});

test('a syscalls:sys_enter_NAME handler reading no field runs on raw sys_enter, filtered by the number', {
  skip: tracefs ? false : 'needs tracefs (/sys/kernel/tracing) readable: run as root',
}, () => {
  const plain = tstap(['-p3', '-e', 'global n probe kernel.trace("syscalls:sys_enter_getpid") { n++ }']);
  assert.match(
    plain.stdout,
    /^# kernel\.trace\("syscalls:sys_enter_getpid"\): raw tracepoint raw_syscalls:sys_enter,/,
  );
  assert.match(plain.stdout, /if r0 != 0x27 goto/);
  const fields = tstap(['-p3', '-e', 'probe kernel.trace("syscalls:sys_enter_close") { println($fd) }']);
  assert.match(
    fields.stdout,
    /^# kernel\.trace\("syscalls:sys_enter_close"\): tracepoint syscalls:sys_enter_close,/,
  );
});

test('kernel.function and the kprobe-only tapset aliases say what the kernel lacks; wildcards skip them', {
  skip: tracefs ? false : 'needs tracefs (/sys/kernel/tracing) readable: run as root',
}, () => {
  const why =
    /^semantic error: (kernel\.function probes need kprobes or fentry: this kernel offers neither kprobes \(.*\) nor fentry \(.*\)|kernel\.function probes are not supported by tstap yet \(they need fentry\/fexit or kprobes\))$/m;
  const direct = tstap(['-p2', '-e', 'probe kernel.function("vfs_read") { }']);
  assert.equal(direct.status, 1);
  assert.match(
    direct.stderr,
    /^semantic error: while resolving probe point: identifier 'kernel' at <input>:1:7$/m,
  );
  assert.match(direct.stderr, why);
  const alias = tstap(['-p2', '-e', 'probe scheduler.cpu_on { }']);
  assert.equal(alias.status, 1);
  assert.match(alias.stderr, why);
  const single = tstap(['-L', 'scheduler.cpu_on']);
  assert.equal(single.status, 1);
  assert.equal(single.stdout, '');
  assert.match(
    single.stderr,
    /^kernel\.function probes (need kprobes or fentry|are not supported by tstap yet)/,
  );
  const listed = tstap(['-l', 'scheduler.*']).stdout.split('\n');
  assert.ok(listed.includes('scheduler.ctxswitch') && !listed.includes('scheduler.cpu_on'));
});
