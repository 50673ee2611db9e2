import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { type CliIo, main } from './main.js';

interface Captured {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const emptyDir = mkdtempSync(path.join(os.tmpdir(), 'tstap-main-'));

/** `main` in-process, with its streams, stdin, environment and machine faked. */
async function run(argv: string[], stdin = '', machine?: Partial<CliIo['machine']>): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (t) => {
        stdout += t;
      },
    },
    stderr: {
      write: (t) => {
        stderr += t;
      },
    },
    readStdin: async () => stdin,
    env: { SYSTEMTAP_DIR: emptyDir, TMPDIR: os.tmpdir(), HOME: emptyDir },
    machine: { release: '6.1.0-test', machine: 'x86_64', isRoot: true, ...machine },
  };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}

test('main is testable in-process: -V and usage errors', async () => {
  const v = await run(['-V']);
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^tstap translator\/driver/);
  const bad = await run(['--bogus']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^tstap: unrecognized option '--bogus'\nTry '--help'/);
});

test('-p1 from an injected stdin', async () => {
  const r = await run(['-p1', '-'], 'probe begin { exit() }');
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.ok(r.stdout.startsWith('# parse tree dump\n# file <input>\nprobe begin{\n'), r.stdout);
});

test('the preprocessor sees the injected machine', async () => {
  const script = 'probe begin { %( arch == "arm64" && kernel_v == "6.1.0" %? ok() %: bad() %) }';
  const arm = await run(['-p1', '-e', script], '', { machine: 'aarch64' });
  assert.ok(arm.stdout.includes('ok()'), arm.stdout);
  const x86 = await run(['-p1', '-e', script]);
  assert.ok(x86.stdout.includes('bad()'), x86.stdout);
  const priv = 'probe begin { %( systemtap_privilege == "stapusr" %? user() %: dev() %) }';
  // stap lowers the default stapdev to the user's credentials only for a run reaching pass 5.
  assert.ok((await run(['-p1', '-e', priv], '', { isRoot: false })).stdout.includes('dev()'));
  assert.ok((await run(['-p1', '--privilege=stapusr', '-e', priv])).stdout.includes('user()'));
  assert.ok((await run(['-p1', '-e', priv])).stdout.includes('dev()'));
});

test('-p2 prints the elaborated program', async () => {
  const r = await run(['-p2', '-e', 'global n; probe begin { n = 1; s = "x"; println(s) }']);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.equal(r.stdout, '# globals\nn:long\n# probes\nbegin /* <- begin */\n  # locals\n  s:string\n');
});

test('a bad TMPDIR stops the session as in stap', async () => {
  let stderr = '';
  const status = await main(['-p1', '-e', 'probe begin {}'], {
    stdout: { write: () => {} },
    stderr: {
      write: (t) => {
        stderr += t;
      },
    },
    readStdin: async () => '',
    env: { SYSTEMTAP_DIR: emptyDir, TMPDIR: '/dev/null/x' },
    machine: { release: '6.1.0', machine: 'x86_64', isRoot: true },
  });
  assert.equal(status, 1);
  assert.equal(stderr, 'cannot create temporary directory (" /dev/null/x/stapXXXXXX "): Not a directory\n');
});
