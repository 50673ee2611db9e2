import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVersions } from './option-values.js';
import { type CommandLine, type Options, parseCommandLine } from './options.js';

function run(...argv: string[]): Options {
  const cmd = parseCommandLine(argv);
  assert.equal(cmd.kind, 'run', JSON.stringify(cmd));
  return (cmd as Extract<CommandLine, { kind: 'run' }>).options;
}

function fail(...argv: string[]): { message: string; usageHint: boolean } {
  const cmd = parseCommandLine(argv);
  assert.equal(cmd.kind, 'error', JSON.stringify(cmd));
  const e = cmd as Extract<CommandLine, { kind: 'error' }>;
  return { message: e.message, usageHint: e.usageHint };
}

test('FILE [ARGS], - [ARGS], -e SCRIPT [ARGS]', () => {
  const f = run('-p1', 'x.stp', 'a', 'b');
  assert.deepEqual(f.script, { kind: 'file', path: 'x.stp' });
  assert.deepEqual(f.args, ['a', 'b']);
  const s = run('-', '1');
  assert.deepEqual(s.script, { kind: 'stdin' });
  assert.deepEqual(s.args, ['1']);
  // With -e every operand is an argument.
  const e = run('-e', 'probe begin {}', 'x.stp', '-');
  assert.deepEqual(e.script, { kind: 'text', text: 'probe begin {}' });
  assert.deepEqual(e.args, ['x.stp', '-']);
});

test('options after operands still count (GNU permutation); -- protects script arguments', () => {
  const o = run('x.stp', '-p1', 'arg');
  assert.equal(o.lastPass, 1);
  assert.deepEqual(o.args, ['arg']);
  const p = run('x.stp', '--', '-p1');
  assert.equal(p.lastPass, 5);
  assert.deepEqual(p.args, ['-p1']);
});

test('grouped short options', () => {
  const o = run('-gp1', 'x.stp');
  assert.equal(o.guruMode, true);
  assert.equal(o.lastPass, 1);
  const v = run('-vvv', '-e', '');
  assert.equal(v.verbose, 3);
  assert.deepEqual(v.verbosePerPass, [3, 3, 3, 3, 3]);
  const vp = run('-vp2', '--vp', '0102', '-e', '');
  assert.equal(vp.lastPass, 2);
  assert.deepEqual(vp.verbosePerPass, [1, 2, 1, 3, 1]);
});

test('defaults', () => {
  const o = run('-e', 'probe begin {}');
  assert.equal(o.lastPass, 5);
  assert.equal(o.runtime, 'bpf');
  assert.equal(o.compatible, '5.6');
  assert.equal(o.privilege, undefined);
  assert.equal(o.diagnostics, 'text');
  assert.equal(o.targetPid, 0);
  assert.equal(o.timeoutMs, undefined);
});

test('typed values with units', () => {
  const o = run(
    ...['-T', '1.5', '-s', '8', '-x', '42', '-S', '10,3', '-D', 'MAXSTRINGLEN=128', '-D', 'STP_NO_OVERLOAD'],
    ...['-G', 'limit=5', '--monitor=2', '--rlimit-as=0x1000', '--rlimit-cpu=010', '-r', '6.1.0-x', '-e', ''],
  );
  assert.equal(o.timeoutMs, 1500);
  assert.equal(o.bufferSizeMb, 8);
  assert.equal(o.targetPid, 42);
  assert.deepEqual(o.outputRotation, { sizeMb: 10, maxFiles: 3 });
  assert.deepEqual(o.macros, [
    { name: 'MAXSTRINGLEN', value: '128' },
    { name: 'STP_NO_OVERLOAD', value: undefined },
  ]);
  assert.deepEqual(o.globalSettings, [{ name: 'limit', value: '5' }]);
  assert.equal(o.monitorIntervalSecs, 2);
  assert.equal(o.rlimits.addressSpaceBytes, 4096);
  assert.equal(o.rlimits.cpuSecs, 8);
  assert.deepEqual(o.kernel, { kind: 'release', release: '6.1.0-x' });
  assert.deepEqual(run('-r', '/usr/src/linux', '-e', '').kernel, {
    kind: 'build-tree',
    dir: '/usr/src/linux',
  });
});

test('long options', () => {
  const o = run(
    ...['--runtime=kernel', '--compatible=4.0', '--diagnostics=json', '--suppress-handler-errors'],
    ...['--no-global-var-display', '--color', '--ldd', '--all-modules', '--skip-badvars'],
    ...['--privilege=stapsys', '-e', ''],
  );
  assert.equal(o.runtime, 'kernel');
  assert.equal(o.compatible, '4.0');
  assert.equal(o.diagnostics, 'json');
  assert.equal(o.suppressHandlerErrors, true);
  assert.equal(o.noGlobalVarDisplay, true);
  assert.equal(o.color, 'always');
  assert.equal(o.ldd, true);
  assert.equal(o.allModules, true);
  assert.equal(o.skipBadVars, true);
  assert.equal(o.privilege, 'stapsys');
  assert.equal(run('--bpf', '--runtime=kernel', '--bpf', '-e', '').runtime, 'bpf');
  assert.equal(run('--unprivileged', '-e', '').privilege, 'stapusr');
  assert.equal(run('-g', '--suppress-time-limits', '-e', '').suppressTimeLimits, true);
});

test('listing modes take no script', () => {
  const l = run('-L', 'process.begin', 'x');
  assert.deepEqual(l.dump, { kind: 'matched-probes', pattern: 'process.begin', withVariables: true });
  assert.deepEqual(l.script, { kind: 'none' });
  assert.deepEqual(l.args, ['x']);
  assert.equal(l.suppressWarnings, true);
  assert.deepEqual(run('--dump-functions').dump, { kind: 'functions' });
  assert.deepEqual(run('--dump-features').dump, { kind: 'features' });
});

test('help, version and clean-cache stop at once, before later mistakes', () => {
  assert.equal(parseCommandLine(['-V', '-z']).kind, 'version');
  assert.equal(parseCommandLine(['--vers']).kind, 'version');
  assert.equal(parseCommandLine(['-h']).kind, 'help');
  assert.equal(parseCommandLine(['-gh']).kind, 'help');
  assert.equal(parseCommandLine(['--clean-cache']).kind, 'clean-cache');
  // …but an earlier mistake wins.
  assert.equal(parseCommandLine(['-p9', '-V']).kind, 'error');
});

test('getopt errors get the usage hint', () => {
  assert.deepEqual(fail('-z'), { message: "tstap: invalid option -- 'z'", usageHint: true });
  assert.deepEqual(fail('--frobnicate'), {
    message: "tstap: unrecognized option '--frobnicate'",
    usageHint: true,
  });
  assert.deepEqual(fail('-e'), { message: "tstap: option requires an argument -- 'e'", usageHint: true });
});

test("stap's value errors", () => {
  const cases: [string[], string][] = [
    [['-p', '6', '-e', ''], 'Invalid pass number (should be 1-5).'],
    [['-p1x', '-e', ''], 'Invalid pass number (should be 1-5).'],
    [['-s', '5000', '-e', ''], 'Invalid buffer size (should be 1-4095).'],
    [['-T', '0', '-e', ''], 'Invalid timeout interval.'],
    [['-x', '12a', '-e', ''], 'Invalid target process ID number.'],
    [['-e', 'a', '-e', 'b'], 'Only one script can be given on the command line.'],
    [['-c', '', '-e', ''], 'Empty CMD string invalid.'],
    [['-d', '', '-e', ''], 'Data object (-d) cannot be empty.'],
    [['--vp', '123456', '-e', ''], 'Invalid --vp argument: it takes 1 to 5 digits.'],
    [['--privilege=root', '-e', ''], "Invalid argument 'root' for --privilege."],
    [['--privilege=stapdev', '--unprivileged', '-e', ''], 'Privilege level may be set only once.'],
    [['--runtime=foo', '-e', ''], 'ERROR: foo is an invalid argument for --runtime'],
    [
      ['--runtime=dyninst', '-e', ''],
      'ERROR: --runtime=dyninst unavailable; this build lacks DYNINST feature',
    ],
    [
      ['--compatible=9.0', '-e', ''],
      'ERROR: systemtap version 5.6 cannot be compatible with future version 9.0',
    ],
    [['--color=sometimes', '-e', ''], "Invalid argument 'sometimes' for --color."],
    [['--diagnostics=xml', '-e', ''], "Invalid argument 'xml' for --diagnostics."],
    [['--suppress-time-limits', '-g', '-e', ''], 'ERROR --suppress-time-limits requires guru mode (-g)'],
    [['-l', 'a', '-L', 'b'], 'ERROR: only one of the -l/-L/--dump-* switches may be specified'],
    [
      ['-G', 'x=a b', '-e', ''],
      "ERROR: Safety pattern mismatch for -G parameter ('x=a b' vs. '^[a-z_][a-z0-9_]*=[a-z0-9_.-]+$') rc=1",
    ],
    [['--sysenv=A=b', '-e', ''], 'ERROR: --sysenv must follow --sysroot'],
    [['--rlimit-cpu=x', '-e', ''], "Unable to convert resource limit 'x' for rlimit-cpu"],
    [['-J', 'x', '-e', ''], 'Unhandled argument code 74'],
  ];
  for (const [argv, message] of cases) {
    assert.deepEqual(fail(...argv), { message, usageHint: false }, argv.join(' '));
  }
});

test('cross-option checks (stap check_options) get the usage hint', () => {
  assert.deepEqual(fail(), {
    message: "A script must be specified.\nTry '-i' for building a script interactively.",
    usageHint: true,
  });
  assert.deepEqual(fail('-l', 'begin', '-e', 'x'), {
    message: 'Cannot specify a script with -l/-L/--dump-* switches.',
    usageHint: true,
  });
  assert.deepEqual(fail('-p1', '-l', 'begin'), {
    message: 'Cannot specify -p with -l/-L/--dump-* switches.',
    usageHint: true,
  });
  assert.deepEqual(fail('-c', 'ls', '-x', '1', '-e', ''), {
    message: "You can't specify -c and -x together.",
    usageHint: true,
  });
  assert.deepEqual(fail('-g', '--unprivileged', '-e', ''), {
    message: "You can't specify -g and --privilege=stapusr together.",
    usageHint: true,
  });
});

test('-m follows stap: trims .ko with a note, cuts long names', () => {
  const cmd = parseCommandLine(['-m', 'foo.ko', '-e', '']);
  assert.equal(cmd.kind, 'run');
  if (cmd.kind !== 'run') return;
  assert.equal(cmd.options.moduleName, 'foo');
  assert.deepEqual(cmd.warnings, ["Truncating module name to 'foo'"]);
  assert.equal(run('-m', 'a'.repeat(80), '-e', '').moduleName, 'a'.repeat(55));
});

test('compareVersions behaves like strverscmp on version strings', () => {
  assert.equal(compareVersions('5.6', '5.6'), 0);
  assert.equal(compareVersions('5.10', '5.6'), 1);
  assert.equal(compareVersions('4.0', '5.6'), -1);
  assert.equal(compareVersions('5.6.1', '5.6'), 1);
  assert.equal(compareVersions('2.6.32', '2.6.9'), 1);
});
